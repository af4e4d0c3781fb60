"""A write makes its runner's dashboard summary at once; the dashboard's GET never writes (issue
15, parts 6 and 8).

These tests commit for real (``transaction=True``): a summary is made when the writing transaction
commits, once per transaction whatever it wrote, and never for a transaction that rolled back.
``summary_made`` (sent once per stored summary) counts the refreshes.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from insideout.people.models import Coach, Runner
from insideout.site.views import PAGE_SIZE
from insideout.training import importing, services, summaries
from insideout.training.importing import import_sources
from insideout.training.models import AdviceSummary, PainReport, Run
from tests.integration.conftest import make_runner
from tests.integration.import_fakes import Shelf, run

pytestmark = pytest.mark.django_db(transaction=True)

TODAY = dt.date(2026, 10, 14)
DAY = dt.timedelta(days=1)


class Clock:
    def __init__(self) -> None:
        self.day = TODAY

    def __call__(self) -> dt.date:
        return self.day


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fixed = Clock()
    monkeypatch.setattr(services, "today", fixed)
    return fixed


@pytest.fixture
def made() -> Iterator[Counter[str]]:
    """How many summaries were stored per runner handle while the test ran."""
    count: Counter[str] = Counter()

    def seen(sender: Any, runner: Runner, **kwargs: Any) -> None:
        count[runner.handle] += 1

    summaries.summary_made.connect(seen, dispatch_uid="test-made")
    yield count
    summaries.summary_made.disconnect(dispatch_uid="test-made")


def _run(runner: Runner, day: dt.date = TODAY, km: float = 5.0, **fields: Any) -> Run:
    values = {"duration_min": km * 6, "rpe": 4.0, "pain_next_morning": 0.0} | fields
    return Run.objects.create(runner=runner, date=day, distance_km=km, **values)


def _stored(runner: Runner) -> AdviceSummary:
    return AdviceSummary.objects.get(runner=runner)


def _current(runner: Runner) -> bool:
    found = Runner.objects.select_related("advice_summary").get(pk=runner.pk)
    return summaries.is_current(found, services.today())


def _as(who: Any) -> Client:
    client = Client()
    client.force_login(who.user)
    return client


# --- a write makes the summary --------------------------------------------------------------------


def test_logging_a_run_makes_the_runners_summary_current_without_a_dashboard_visit(
    ana: Runner, made: Counter[str]
) -> None:
    body = {"date": TODAY.isoformat(), "distance_km": 4, "duration_min": 25, "rpe": 3}
    response = _as(ana).post("/api/runners/ana/runs", json.dumps(body), "application/json")
    assert response.status_code == 201
    assert made == {"ana": 1}
    assert _current(ana)


def test_a_red_flag_logged_shows_as_stored_at_once(ana: Runner, made: Counter[str]) -> None:
    body = {"date": TODAY.isoformat(), "pain": 4, "red_flags": ["night_pain"]}
    response = _as(ana).post("/api/runners/ana/pain", json.dumps(body), "application/json")
    assert response.status_code == 201
    stored = _stored(ana)
    assert stored.flagged and stored.phase == "stop"
    assert _current(ana)


def test_two_writes_in_one_transaction_make_the_summary_once(
    ana: Runner, ben: Runner, made: Counter[str]
) -> None:
    made.clear()
    with transaction.atomic():
        _run(ana)
        PainReport.objects.create(runner=ana, date=TODAY, pain=2.0, site="knee")
        _run(ben)
        assert made == {}, "nothing is made before the commit"
    assert made == {"ana": 1, "ben": 1}
    assert _current(ana) and _current(ben)


def test_a_write_outside_a_transaction_makes_the_summary_at_once(
    ana: Runner, made: Counter[str]
) -> None:
    made.clear()
    _run(ana)
    assert made == {"ana": 1}
    _run(ana, TODAY - DAY)
    assert made == {"ana": 2}
    assert _current(ana)


def test_a_rolled_back_write_makes_nothing_and_is_not_made_by_the_next_commit(
    ana: Runner, ben: Runner, made: Counter[str]
) -> None:
    made.clear()
    before = _stored(ben)
    with pytest.raises(RuntimeError), transaction.atomic():
        _run(ben)
        raise RuntimeError("the write fails")
    assert made == {}
    assert not Run.objects.exists()
    assert _stored(ben).data_version == before.data_version and _current(ben)
    with transaction.atomic():
        _run(ana)
    assert made == {"ana": 1}, "the rolled-back transaction's runner is not made with the next"


def test_a_savepoint_rolled_back_leaves_the_rest_of_the_transaction_made(
    ana: Runner, ben: Runner, made: Counter[str]
) -> None:
    made.clear()
    with transaction.atomic():
        with pytest.raises(RuntimeError), transaction.atomic():
            _run(ben)  # the first write's hook is dropped with its savepoint
            raise RuntimeError("this part fails")
        _run(ana)
    assert made["ana"] == 1
    assert _current(ana) and _current(ben)
    assert not Run.objects.filter(runner=ben).exists()


def test_an_import_in_many_batches_makes_the_summary_once(
    ana: Runner, made: Counter[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importing, "BATCH", 1)  # one transaction per file
    shelf = Shelf()
    sources = [
        shelf.add(f"run{i}.fit", run(f"2026-10-{i + 1:02d}T06:30:00+00:00", km=8.0))
        for i in range(4)
    ]
    made.clear()
    report = import_sources(ana, sources, read=shelf)
    assert len(report.imported) == 4
    assert made == {"ana": 1}
    assert _current(ana)


# --- the dashboard's GET never writes -------------------------------------------------------------

WRITES = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)


def test_the_dashboard_with_stale_summaries_writes_nothing_and_shows_the_advice_afresh(
    clock: Clock, monkeypatch: pytest.MonkeyPatch, coach: Coach, ana: Runner, ben: Runner
) -> None:
    PainReport.objects.create(runner=ana, date=TODAY, pain=4, red_flags=["night_pain"])
    AdviceSummary.objects.filter(runner=ben).delete()  # a runner with no summary at all
    clock.day = TODAY + DAY  # every stored summary is yesterday's
    monkeypatch.setattr(summaries, "basis", lambda: "a method changed since")
    stored = sorted(AdviceSummary.objects.values_list("runner_id", "computed_on", "basis"))
    client = _as(coach)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/")
    assert response.status_code == 200
    assert [q["sql"] for q in ctx.captured_queries if WRITES.match(q["sql"])] == []
    assert sorted(AdviceSummary.objects.values_list("runner_id", "computed_on", "basis")) == stored
    html = response.content.decode()
    assert ">ana<" in html and ">ben<" in html
    ana_row = next(r for r in re.findall(r"<tr class=.*?</tr>", html, re.S) if ">ana<" in r)
    assert "flagged" in ana_row and "phase-stop" in ana_row

    assert summaries.refresh_stale(TODAY + DAY) == 2  # the roll-over stores them
    assert {s.basis for s in AdviceSummary.objects.all()} == {"a method changed since"}


def test_the_dashboard_makes_afresh_only_the_runners_on_the_page_shown(
    clock: Clock, coach: Coach
) -> None:
    Runner.objects.bulk_create(  # no signals: no summaries, every runner stale
        Runner(coach=coach, handle=f"r{i:03d}", name=f"R {i:03d}", sex="female", birth_year=1990)
        for i in range(PAGE_SIZE + 5)
    )
    client = _as(coach)
    with CaptureQueriesContext(connection) as ctx:
        html = client.get("/?page=2").content.decode()
    assert len(re.findall(r"<tr class=", html)) == 5
    runs = [q["sql"] for q in ctx.captured_queries if 'FROM "training_run"' in q["sql"]]
    assert len(runs) == 1, runs
    ids = re.search(r'"runner_id" IN \(([^)]*)\)', runs[0])
    assert ids is not None and len(ids.group(1).split(",")) == 5
    assert [q["sql"] for q in ctx.captured_queries if WRITES.match(q["sql"])] == []


def test_a_new_runner_has_a_summary_from_the_moment_they_are_added(
    coach: Coach, made: Counter[str]
) -> None:
    zed = make_runner(coach, "zed", login=False)
    assert made["zed"] == 1 and _current(zed)
