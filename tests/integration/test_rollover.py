"""The day's roll-over of the dashboard's summaries runs in the worker, not in the first coach's
request (issue 15, part 6): queued once, made just after midnight, queued again for the next night."""

from __future__ import annotations

import datetime as dt
import io
import signal
from typing import Any

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from insideout.people.models import Runner
from insideout.training import services
from insideout.training.models import AdviceSummary
from insideout.training.rollover import next_run, roll_over

TODAY = dt.date(2026, 10, 14)


@pytest.mark.parametrize(
    ("now", "then"),
    [
        ("2026-11-29T14:00:00+00:00", "2026-11-30T00:05:00+00:00"),
        ("2026-11-29T23:59:59+00:00", "2026-11-30T00:05:00+00:00"),
        ("2026-11-30T00:00:00+00:00", "2026-12-01T00:05:00+00:00"),
    ],
)
def test_the_next_roll_over_is_just_after_the_next_midnight(now: str, then: str) -> None:
    assert next_run(dt.datetime.fromisoformat(now)) == dt.datetime.fromisoformat(then)


def _worker() -> None:
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:  # the worker's own command, once over what is ready, in this process
        call_command(
            "db_worker", batch=True, reload=False, startup_delay=False, stdout=io.StringIO()
        )
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)


@pytest.mark.django_db(transaction=True)
def test_the_worker_makes_the_days_summaries_and_queues_the_next_night(
    ana: Runner, ben: Runner, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    monkeypatch.setattr(services, "today", lambda: TODAY)
    out = io.StringIO()
    call_command("schedule-rollover", stdout=out)
    call_command("schedule-rollover", stdout=out)  # idempotent: one chain, however many restarts
    assert out.getvalue().splitlines() == ["roll-over queued", "a roll-over is already waiting"]
    waiting = DBTaskResult.objects.filter(task_path=roll_over.module_path, status="READY")
    assert waiting.count() == 1
    AdviceSummary.objects.all().delete()  # as on a morning before the roll-over: none current
    assert not AdviceSummary.objects.exists()
    _worker()
    made = AdviceSummary.objects.filter(computed_on=TODAY)
    assert set(made.values_list("runner__handle", flat=True)) == {"ana", "ben"}
    later = list(waiting.values_list("run_after", flat=True))
    assert len(later) == 1 and later[0] > dt.datetime.now(dt.UTC)  # the next night, not now


def test_refresh_summaries_says_how_many_it_made(
    ana: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(services, "today", lambda: TODAY)
    out = io.StringIO()
    call_command("refresh-summaries", stdout=out)
    call_command("refresh-summaries", stdout=out)
    assert out.getvalue().splitlines() == [
        f"1 summaries made for {TODAY}",
        f"0 summaries made for {TODAY}",
    ]
