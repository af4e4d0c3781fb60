"""``manage.py refresh-summaries``: make today's advice summaries ahead of the coaches.

What the worker's nightly roll-over does (:mod:`insideout.training.rollover`), for a deployment
without the worker: run it after midnight (cron, a systemd timer) to store every stale summary in
batches. The dashboard never stores one: it shows a stale summary made afresh in memory, which
costs the first views of a day a little.
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
