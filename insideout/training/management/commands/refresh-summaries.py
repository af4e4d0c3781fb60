"""``manage.py refresh-summaries``: make today's advice summaries ahead of the coaches.

The dashboard remakes a stale summary when it is first shown on a day; with many runners that
first view is slow. Run this after midnight (cron, a systemd timer) to make every stale summary in
batches, so each coach's first view of the day is as quick as the rest.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db.models import F

from insideout.people.models import Runner
from insideout.training import services
from insideout.training.summaries import basis, refresh


class Command(BaseCommand):
    help = "Make today's stale advice summaries (for a nightly cron job)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", type=int, default=200, help="runners per batch (200)")

    def handle(self, *args: Any, **options: Any) -> None:
        on = services.today()
        stale = (
            Runner.objects.exclude(
                advice_summary__computed_on=on,
                advice_summary__data_version=F("data_version"),
                advice_summary__basis=basis(),
            )
            .select_related("advice_summary")
            .order_by("pk")
        )
        ids = list(stale.values_list("pk", flat=True))
        size = max(1, options["batch"])
        for start in range(0, len(ids), size):
            refresh(Runner.objects.filter(pk__in=ids[start : start + size]).order_by("pk"), on)
        self.stdout.write(f"{len(ids)} summaries made for {on}.")
