"""Builders for runs and strength weeks, shared by the advice tests (pages, API, browser)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from insideout.people.models import Runner
from insideout.training.models import Run, StrengthSession

TODAY = dt.date(2026, 10, 14)
DAY = dt.timedelta(days=1)


def run(runner: Runner, day: dt.date, km: float = 5.0, **fields: Any) -> Run:
    values = {"duration_min": km * 6, "rpe": 4.0, "pain_next_morning": 0.0} | fields
    return Run.objects.create(runner=runner, date=day, distance_km=km, **values)


def weeks_of_running(runner: Runner, weeks: int = 4, **fields: Any) -> None:
    """Three runs and two strength sessions a week for the weeks before TODAY."""
    for w in range(weeks, 0, -1):
        monday = TODAY - w * 7 * DAY
        for offset, km in ((0, 5.0), (2, 6.0), (5, 8.0)):
            run(runner, monday + offset * DAY, km, **fields)
        for offset in (1, 4):
            StrengthSession.objects.create(runner=runner, date=monday + offset * DAY)
