"""``manage.py demo-large``: a coach with many runners and their history, deterministic, the
dashboard's summaries made, refusing (and changing nothing) when the coach exists."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, Max, Min
from django.test import Client

from insideout.people.models import Coach, Runner
from insideout.screening.models import Measure, Screen
from insideout.training import services, summaries
from insideout.training.models import Run, StrengthSession

TODAY = dt.date(2026, 11, 30)


@pytest.fixture(autouse=True)
def today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services, "today", lambda: TODAY)


def _demo(*args: str) -> str:
    out = StringIO()
    call_command("demo-large", *args, stdout=out)
    return out.getvalue()


def _runs(coach: str) -> list[tuple[Any, ...]]:
    return list(
        Run.objects.filter(runner__coach__user__username=coach)
        .order_by("runner__handle", "date", "id")
        .values_list("runner__handle", "date", "distance_km", "duration_min", "pain_after")
    )


def test_a_small_squad_has_its_history_and_current_summaries(db: None) -> None:
    out = _demo("--runners", "5", "--days", "30", "--coach", "big")
    assert "Built 5 runners" in out and "5 summaries" in out
    coach = Coach.objects.get(user__username="big")
    runners = list(coach.runners.select_related("advice_summary"))
    assert [r.handle for r in sorted(runners, key=lambda r: r.handle)] == [
        f"r{i:04d}" for i in range(5)
    ]
    for runner in runners:
        assert summaries.is_current(runner, TODAY), runner.handle
        assert runner.user is not None and runner.user.username == f"big-{runner.handle}"
        per_week = runner.runs.count() / (30 / 7)
        assert 1 <= per_week <= 5, (runner.handle, per_week)  # 3-5 a week, a break now and then
        assert runner.strength_sessions.exists()
        screen = Screen.objects.filter(runner=runner).annotate(n=Count("measures")).first()
        assert screen is not None and screen.n == 31  # every test, both sides, and Beighton
    assert 2 <= Run.objects.count() / 5 / (30 / 7) <= 5
    span = Run.objects.aggregate(first=Min("date"), last=Max("date"))
    assert span["first"] >= TODAY - dt.timedelta(days=30) and span["last"] < TODAY
    assert StrengthSession.objects.filter(date__gte=TODAY).count() == 0


def test_the_same_seed_gives_the_same_squad_and_another_seed_another(db: None) -> None:
    _demo("--runners", "3", "--days", "60", "--coach", "one")
    _demo("--runners", "3", "--days", "60", "--coach", "two")
    _demo("--runners", "3", "--days", "60", "--coach", "three", "--seed", "2")
    assert _runs("one") == _runs("two") != _runs("three")
    assert len(_runs("one")) > 20


def _log_in(client: Client, username: str, password: str) -> Any:
    return client.post("/login/", {"username": username, "password": password})


def test_the_coach_and_a_runner_can_log_in_with_the_password(db: None) -> None:
    _demo("--runners", "2", "--days", "14", "--coach", "big", "--password", "s3cret-demo")
    client = Client()
    assert _log_in(client, "big", "s3cret-demo").status_code == 302
    page = client.get("/")
    assert page.status_code == 200 and ">r0001<" in page.content.decode()
    runner = Client()
    assert _log_in(runner, "big-r0001", "s3cret-demo").status_code == 302
    assert runner.get("/").status_code == 302  # to their own page
    assert _log_in(Client(), "big-r0001", "demo").status_code == 200  # the form again


def test_an_existing_coach_is_refused_and_nothing_changes(db: None) -> None:
    _demo("--runners", "2", "--days", "14", "--coach", "big")
    before = (Runner.objects.count(), Run.objects.count(), Measure.objects.count())
    with pytest.raises(CommandError, match="'big' exists already; nothing was changed"):
        _demo("--runners", "2", "--days", "14", "--coach", "big")
    assert (Runner.objects.count(), Run.objects.count(), Measure.objects.count()) == before
    assert get_user_model().objects.filter(username__startswith="big").count() == 3


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--runners", "0"], "--runners: expected 1 to 20000, got 0"),
        (["--runners", "20001"], "--runners: expected 1 to 20000, got 20001"),
        (["--runners", "many"], "--runners: expected a whole number, got 'many'"),
        (["--days", "6"], "--days: expected 7 to 1098, got 6"),
        (["--coach", ""], "--coach: expected a login of 1 to"),
        (["--coach", "x" * 200], "--coach: expected a login of 1 to"),
    ],
)
def test_bad_arguments_are_refused_naming_the_argument(
    db: None, args: list[str], message: str
) -> None:
    with pytest.raises(CommandError, match=message):
        _demo(*args)
    assert not Runner.objects.exists()


def _planner_rows(table: str) -> float | None:
    """The row count the database's planner believes ``table`` holds (None: no statistics)."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
            believed = float(cursor.fetchone()[0])
            return None if believed < 0 else believed  # -1: never analysed
        cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cursor.fetchone()[0] == 0:
            return None
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s", [table])
        row = cursor.fetchone()
        return None if row is None else float(row[0].split()[0])


def test_the_bulk_load_leaves_the_planner_current_statistics(db: None) -> None:
    # Without them PostgreSQL read every measure of the squad for one runner's screens.
    _demo("--runners", "3", "--days", "30", "--coach", "big")
    believed = _planner_rows("screening_measure")
    assert believed is not None
    assert believed == pytest.approx(Measure.objects.count(), rel=0.05)
