"""``manage.py schedule-rollover``: start the nightly roll-over of the dashboard's summaries.

Queues a roll-over now (it then queues itself for every next night, see
:mod:`insideout.training.rollover`); does nothing when one is already waiting. ``make run`` runs it
before starting the worker; on a server, run it once after deploying.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from insideout.training.rollover import schedule


class Command(BaseCommand):
    help = "Queue the nightly roll-over of the dashboard's summaries (once; idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        queued = schedule(timezone.now())
        self.stdout.write("roll-over queued" if queued else "a roll-over is already waiting")
