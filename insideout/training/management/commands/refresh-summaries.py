"""``manage.py refresh-summaries``: make today's advice summaries ahead of the coaches.

The dashboard remakes a stale summary when it is first shown on a day; with many runners that
first view is slow. Run this after midnight (cron, a systemd timer) to make every stale summary in
batches, so each coach's first view of the day is as quick as the rest.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from insideout.training import services
from insideout.training.summaries import refresh_stale


class Command(BaseCommand):
    help = "Make today's stale advice summaries (for a nightly cron job)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", type=int, default=200, help="runners per batch (200)")

    def handle(self, *args: Any, **options: Any) -> None:
        on = services.today()
        made = refresh_stale(on, options["batch"])
        self.stdout.write(f"{made} summaries made for {on}")
