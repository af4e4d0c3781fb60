"""The dashboard's stored summaries of the advice: always what advising afresh would show.

After every kind of write to what the advice reads (through the API, the pages' services, or the
ORM as the admin and the demo loader do) the runner's summary is made again when the write commits
(so these tests commit: ``transaction=True``) and the dashboard shows the new advice at once; a
summary made on another day or with another catalogue is shown made afresh (the GET stores
nothing: the roll-over does); and a dashboard asks the database as often for ten runners as for
one.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.db.models import Model
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext

from insideout.catalogue.labels import load_labels
from insideout.people.models import Coach, Runner
from insideout.screening.models import Measure, Screen
from insideout.screening.services import parse_screen_body, replace_test
from insideout.training import advice, services, summaries
from insideout.training.advice import advice_for_all
from insideout.training.models import (
    ActivityFile,
    AdviceSummary,
    Clearance,
    GateOverride,
    PainReport,
    Run,
    StrengthSession,
)
from tests.advice_builders import BALANCED
from tests.integration.conftest import KTW_RESTRICTED_LEFT, make_runner, make_screen

pytestmark = pytest.mark.django_db(transaction=True)

TODAY = dt.date(2026, 10, 14)
DAY = dt.timedelta(days=1)
FULL_SCREEN = [
    {"test": test, "side": side, "value": value}
    for test, value in BALANCED.items()
    for side in ("left", "right")
] + [{"test": "beighton", "value": 2}]


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


def _send(client: Any, method: str, path: str, body: object) -> Any:
    return getattr(client, method)(path, json.dumps(body), content_type="application/json")


def _run(runner: Runner, day: dt.date, km: float = 5.0, **fields: Any) -> Run:
    values = {"duration_min": km * 6, "rpe": 4.0, "pain_next_morning": 0.0} | fields
    return Run.objects.create(runner=runner, date=day, distance_km=km, **values)


@transaction.atomic  # one summary made for the weeks, not one per row
def _weeks(runner: Runner, weeks: int = 6) -> None:
    for week in range(weeks, 0, -1):
        for offset in (1, 3, 5):
            _run(runner, TODAY - (7 * week - offset) * DAY, km=5.0 + week % 2)
        StrengthSession.objects.create(runner=runner, date=TODAY - (7 * week - 2) * DAY)
        StrengthSession.objects.create(runner=runner, date=TODAY - (7 * week - 4) * DAY)


def badge(phase: str) -> str:
    """The phase's badge on the dashboard, in words ("Running stopped", not "stop")."""
    return f'phase-{phase}">{load_labels().of("phase", phase)}<'


def _row(html: str, handle: str) -> str:
    rows = re.findall(r"<tr class=.*?</tr>", html, flags=re.S)
    found = [r for r in rows if f">{handle}<" in r]
    assert len(found) == 1, rows
    return found[0]


def _stored(runner: Runner) -> dict[str, Any]:
    return model_to_dict(AdviceSummary.objects.get(runner=runner), fields=summaries._FIELDS)


def _afresh(runner: Runner) -> dict[str, Any]:
    """What advising the runner now gives, summarised (at the runner's version as stored now)."""
    fresh = Runner.objects.get(pk=runner.pk)
    made = summaries.summarise(advice_for_all([fresh], services.today())[0], services.today())
    return model_to_dict(made, fields=summaries._FIELDS)


def _version(runner: Runner) -> int:
    return Runner.objects.values_list("data_version", flat=True).get(pk=runner.pk)


def _dashboard(coach: Coach) -> str:
    from django.test import Client

    client = Client()
    client.force_login(coach.user)
    response = client.get("/")
    assert response.status_code == 200
    return str(response.content.decode())


@pytest.fixture
def ana_running(ana_screen: Screen) -> Runner:
    ana = ana_screen.runner
    _weeks(ana)
    return ana


def test_the_writes_store_a_summary_and_the_dashboard_reads_it(
    coach: Coach, ana_running: Runner
) -> None:
    stored = _stored(ana_running)  # made by the writes, before any visit
    html = _dashboard(coach)
    assert stored == _afresh(ana_running)
    assert stored["computed_on"] == TODAY and stored["data_version"] == _version(ana_running)
    assert badge(stored["phase"]) in _row(html, "ana")
    table = re.search(r"<table.*</table>", html, flags=re.S)
    assert table is not None and table.group(0) in _dashboard(coach)


# --- every kind of write: its summary is made at once, and the dashboard shows it --------------------------


def _api_run(ana: Runner) -> None:
    body = {"date": TODAY.isoformat(), "distance_km": 4, "duration_min": 25, "rpe": 3}
    assert _send(_as(ana), "post", "/api/runners/ana/runs", body).status_code == 201


def _api_morning(ana: Runner) -> None:
    run = ana.runs.order_by("-date").first()
    assert run is not None
    body = {"pain_next_morning": 6, "pain_site": "shin"}
    response = _send(_as(ana), "patch", f"/api/runners/ana/runs/{run.pk}", body)
    assert response.status_code == 200


def _api_pain(ana: Runner) -> None:
    body = {"date": TODAY.isoformat(), "pain": 5, "site": "knee", "side": "left"}
    assert _send(_as(ana), "post", "/api/runners/ana/pain", body).status_code == 201


def _api_strength(ana: Runner) -> None:
    body = {"date": TODAY.isoformat()}
    assert _send(_as(ana), "post", "/api/runners/ana/strength", body).status_code == 201


def _api_screen(ana: Runner) -> None:
    body = {"date": (TODAY - DAY).isoformat(), "measures": FULL_SCREEN}
    assert _send(_as(ana.coach), "post", "/api/runners/ana/screens", body).status_code == 201


def _step_of_a_screen(ana: Runner) -> None:
    # The screen pages: an empty screen first, then one test at a time (a bulk write of measures).
    screen = Screen.objects.create(runner=ana, date=TODAY)
    _dashboard(ana.coach)  # a summary made while the screen is still empty
    measures = parse_screen_body(json.dumps({"date": "2026-10-14", "measures": FULL_SCREEN}))
    replace_test(screen, "knee_to_wall", measures.measures)


def _api_settings(ana: Runner) -> None:
    body = {"weekly_increase_pct": 5, "reason": "a slower build"}
    assert _send(_as(ana.coach), "patch", "/api/runners/ana/settings", body).status_code == 200


def _api_override(ana: Runner) -> None:
    body = {"date": TODAY.isoformat(), "verdict": "unlock", "reason": "cleared by the physio"}
    assert _send(_as(ana.coach), "post", "/api/runners/ana/overrides", body).status_code == 201


def _api_clearance(ana: Runner) -> None:
    body = {"date": TODAY.isoformat(), "by": "physiotherapist", "reason": "seen and cleared"}
    assert _send(_as(ana.coach), "post", "/api/runners/ana/clearances", body).status_code == 201


def _orm_delete_run(ana: Runner) -> None:
    run = ana.runs.order_by("-date").first()
    assert run is not None
    run.delete()  # as the admin does


def _orm_delete_screen(ana: Runner) -> None:
    ana.screens.get().delete()


def _orm_delete_measure(ana: Runner) -> None:
    ana.screens.get().measures.filter(side="left").delete()


def _orm_runner_saved_from_an_old_copy(ana: Runner) -> None:
    # A runner loaded before other writes and saved whole (the admin's form) writes its older
    # version back: the version is still a new one afterwards.
    old = Runner.objects.get(pk=ana.pk)
    _api_strength(ana)
    _dashboard(ana.coach)
    old.birth_year = 1950
    old.save()


def _orm_override_and_report(ana: Runner) -> None:
    GateOverride.objects.create(runner=ana, date=TODAY, verdict="lock", reason="wait")
    PainReport.objects.create(runner=ana, date=TODAY, pain=2.0)


def _as(who: Any) -> Any:
    from django.test import Client

    client = Client()
    client.force_login(who.user)
    return client


WRITES: dict[str, Callable[[Runner], None]] = {
    "run (API)": _api_run,
    "next-morning pain (API)": _api_morning,
    "pain report (API)": _api_pain,
    "strength session (API)": _api_strength,
    "screen (API)": _api_screen,
    "one test of a screen (pages)": _step_of_a_screen,
    "coach's settings (API)": _api_settings,
    "gate override (API)": _api_override,
    "clearance (API)": _api_clearance,
    "run deleted": _orm_delete_run,
    "screen deleted": _orm_delete_screen,
    "measures deleted": _orm_delete_measure,
    "runner saved from an old copy": _orm_runner_saved_from_an_old_copy,
    "override and report (ORM)": _orm_override_and_report,
}


@pytest.mark.parametrize("write", list(WRITES), ids=list(WRITES))
def test_after_each_kind_of_write_the_summary_is_made_at_once_and_shown(
    write: str, coach: Coach, ana_running: Runner
) -> None:
    before = _stored(ana_running)
    WRITES[write](ana_running)
    assert _version(ana_running) != before["data_version"]
    assert summaries.is_current(
        Runner.objects.select_related("advice_summary").get(pk=ana_running.pk), TODAY
    ), "made when the write committed, with no visit to the dashboard"
    stored = _stored(ana_running)
    html = _dashboard(coach)
    assert stored == _afresh(ana_running)
    assert stored["data_version"] == _version(ana_running)
    assert badge(stored["phase"]) in _row(html, "ana")


def test_writes_that_change_the_phase_show_on_the_dashboard_at_once(
    login: Any, coach: Coach, ana: Runner
) -> None:
    client = login(coach.user)
    assert badge("screen_needed") in _row(client.get("/").content.decode(), "ana")

    _api_screen(ana)
    _weeks(ana)
    row = _row(client.get("/").content.decode(), "ana")
    assert badge("screen_needed") not in row and "flagged" not in row

    body = {"date": TODAY.isoformat(), "distance_km": 3, "duration_min": 20, "rpe": 3}
    body |= {"pain_during": 4, "pain_site": "shin", "red_flags": ["night_pain"]}
    assert _send(_as(ana), "post", "/api/runners/ana/runs", body).status_code == 201
    row = _row(client.get("/").content.decode(), "ana")
    assert badge("stop") in row and "flagged" in row and "see a professional" in row

    Run.objects.get(date=TODAY).delete()
    row = _row(client.get("/").content.decode(), "ana")
    assert badge("stop") not in row and "flagged" not in row


def test_a_flagged_runner_comes_first(login: Any, coach: Coach, ana: Runner, ben: Runner) -> None:
    client = login(coach.user)
    html = client.get("/").content.decode()
    assert html.index(">ana<") < html.index(">ben<")
    body = {"date": TODAY.isoformat(), "pain": 4, "red_flags": ["night_pain"]}
    assert _send(_as(ben), "post", "/api/runners/ben/pain", body).status_code == 201
    html = client.get("/").content.decode()
    assert html.index(">ben<") < html.index(">ana<")
    assert "flagged" in _row(html, "ben")


# --- the day, and the catalogue ------------------------------------------------------------------


def _shown(coach: Coach, handle: str) -> str:
    """The phase badge the dashboard shows for a runner."""
    found = re.search(r'badge phase-([a-z_]+)"', _row(_dashboard(coach), handle))
    assert found is not None
    return found.group(1)


def test_a_summary_from_yesterday_is_shown_afresh_today_and_stored_by_the_roll_over(
    clock: Clock, coach: Coach, ana_running: Runner
) -> None:
    # pain of 2/10 at the knee on its own: new pain, so rising pain, a cut for this week only
    # (a red flag would not do here: it stops running until cleared, whatever the day)
    body = {"date": TODAY.isoformat(), "pain": 2, "site": "knee"}
    assert _send(_as(ana_running), "post", "/api/runners/ana/pain", body).status_code == 201
    clock.day = TODAY + DAY
    assert _stored(ana_running)["computed_on"] == TODAY
    assert _shown(coach, "ana") == _afresh(ana_running)["phase"]
    assert _stored(ana_running)["computed_on"] == TODAY, "the GET stores nothing"
    summaries.refresh_stale(TODAY + DAY)  # the day's roll-over
    cut = _stored(ana_running)
    assert cut["rule"] == "pain.week_rise", cut
    assert cut["computed_on"] == TODAY + DAY and cut == _afresh(ana_running)
    version = _version(ana_running)

    clock.day = TODAY + 60 * DAY  # long after the pain, no write in between
    afresh = _afresh(ana_running)
    assert afresh["rule"] != "pain.week_rise"
    assert _shown(coach, "ana") == afresh["phase"]
    assert _stored(ana_running)["rule"] == "pain.week_rise"
    summaries.refresh_stale(TODAY + 60 * DAY)
    assert _version(ana_running) == version
    stored = _stored(ana_running)
    assert stored["computed_on"] == TODAY + 60 * DAY and stored == afresh


def test_a_summary_made_with_another_catalogue_is_shown_afresh_and_stored_by_the_roll_over(
    monkeypatch: pytest.MonkeyPatch, coach: Coach, ana_running: Runner
) -> None:
    AdviceSummary.objects.update(phase="old-phase")
    assert "old-phase" in _dashboard(coach)  # current: read as stored
    monkeypatch.setattr(summaries, "basis", lambda: "another catalogue")
    assert "old-phase" not in _dashboard(coach)
    assert _stored(ana_running)["phase"] == "old-phase", "the GET stores nothing"
    assert summaries.refresh_stale(TODAY) == 1
    assert _stored(ana_running)["basis"] == "another catalogue"
    assert _stored(ana_running) == _afresh(ana_running)


# --- queries ------------------------------------------------------------------------------------


def _queries(client: Any, path: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


@transaction.atomic
def _team(coach: Coach, handles: list[str]) -> None:
    for handle in handles:
        runner = make_runner(coach, handle, login=False)
        make_screen(runner, "2026-09-14", KTW_RESTRICTED_LEFT)
        _weeks(runner, weeks=2)


def test_a_dashboard_asks_as_often_for_ten_runners_as_for_one_current_or_stale(
    clock: Clock, login: Any, coach: Coach
) -> None:
    client = login(coach.user)
    _team(coach, ["runner-0"])
    one = _queries(client, "/")
    clock.day = TODAY + DAY  # every summary stale: made afresh in memory
    cold_one = _queries(client, "/")
    clock.day = TODAY
    _team(coach, [f"runner-{i}" for i in range(1, 10)])
    ten = _queries(client, "/")
    clock.day = TODAY + DAY
    cold_ten = _queries(client, "/")
    assert ten == one < cold_one == cold_ten
    html = client.get("/").content.decode()
    assert all(f">runner-{i}<" in html for i in range(10))


def test_the_dashboard_is_paged_with_flagged_runners_first_on_the_first_page(
    login: Any, coach: Coach
) -> None:
    from insideout.site.views import PAGE_SIZE

    with transaction.atomic():
        for i in range(PAGE_SIZE + 5):
            make_runner(coach, f"r{i:03d}", login=False)
    last = Runner.objects.get(handle=f"r{PAGE_SIZE + 4:03d}")
    PainReport.objects.create(runner=last, date=TODAY, pain=4, red_flags=["night_pain"])
    client = login(coach.user)
    first = client.get("/").content.decode()
    rows = re.findall(r"<tr class=.*?</tr>", first, flags=re.S)
    assert len(rows) == PAGE_SIZE
    assert f">{last.handle}<" in rows[0] and "flagged" in rows[0]
    assert f"page 1 of 2 ({PAGE_SIZE + 5} runners" in first
    second = client.get("/?page=2").content.decode()
    assert len(re.findall(r"<tr class=", second)) == 5
    assert f">{last.handle}<" not in second and f">r{PAGE_SIZE + 3:03d}<" in second


def test_refresh_summaries_makes_todays_summaries_ahead_of_the_coach(
    clock: Clock, login: Any, coach: Coach, ana_running: Runner
) -> None:
    from io import StringIO

    from django.core.management import call_command

    clock.day = TODAY + DAY
    out = StringIO()
    call_command("refresh-summaries", "--batch", "1", stdout=out)
    assert f"1 summaries made for {TODAY + DAY}" in out.getvalue()
    assert _stored(ana_running) == _afresh(ana_running)
    warm = _queries(login(coach.user), "/")
    clock.day = TODAY + 2 * DAY
    cold = _queries(login(coach.user), "/")
    assert warm < cold, "a refreshed dashboard remakes nothing on its first view"
    call_command("refresh-summaries", stdout=(out := StringIO()))
    assert f"1 summaries made for {TODAY + 2 * DAY}" in out.getvalue(), "the GET stored nothing"
    call_command("refresh-summaries", stdout=(out := StringIO()))
    assert "0 summaries made" in out.getvalue()


# --- the watched models are exactly those the advice reads -------------------------------------


def _read_by_the_advice(runner: Runner) -> set[type[Model]]:
    """The models whose tables the advice's loader reads for a runner (from its SQL)."""
    with CaptureQueriesContext(connection) as ctx:
        advice.history_of(runner, TODAY)
    sql = " ".join(q["sql"] for q in ctx.captured_queries)
    return {m for m in apps.get_models() if re.search(rf'"{m._meta.db_table}"', sql)}


@pytest.mark.django_db
def test_the_summaries_watch_every_model_the_advice_reads_the_runner_and_imports(
    ana: Runner,
) -> None:
    # an import is a write like any other (issue 14): it marks the advice out of date
    assert _read_by_the_advice(ana) == set(advice.READS)
    assert set(summaries.WATCHED) == set(advice.READS) | {Runner, ActivityFile}


def _screen(ana: Runner) -> Screen:
    return Screen.objects.create(runner=ana, date=TODAY)


# One row of every watched model, written as the admin writes it (the ORM, no service).
ROWS: dict[type[Model], Callable[[Runner], Model]] = {
    Runner: lambda ana: ana,
    Screen: _screen,
    Measure: lambda ana: Measure.objects.create(screen=_screen(ana), test="beighton", value=3),
    Run: lambda ana: _run(ana, TODAY, km=3.0),
    StrengthSession: lambda ana: StrengthSession.objects.create(runner=ana, date=TODAY),
    PainReport: lambda ana: PainReport.objects.create(runner=ana, date=TODAY, pain=2.0),
    GateOverride: lambda ana: GateOverride.objects.create(
        runner=ana, date=TODAY, verdict="lock", reason="wait"
    ),
    Clearance: lambda ana: Clearance.objects.create(
        runner=ana, date=TODAY, by="doctor", reason="seen"
    ),
    ActivityFile: lambda ana: ActivityFile.objects.create(
        runner=ana,
        sha256="0" * 64,
        name="swim.fit",
        format="fit",
        sport="swimming",
        samples=b"",
        original=b"",
        original_size=0,
    ),  # fmt: skip
}


@pytest.mark.parametrize("model", summaries.WATCHED, ids=lambda m: m.__name__)
def test_saving_and_deleting_a_row_of_each_watched_model_makes_the_summary_stale(
    model: type[Model], ana_running: Runner
) -> None:
    assert model in ROWS, f"no row of {model.__name__} written here: add one"
    before = _version(ana_running)
    row = ROWS[model](Runner.objects.get(pk=ana_running.pk))
    row.save()
    saved = _version(ana_running)
    assert saved != before
    if model is not Runner:
        row.delete()
        assert _version(ana_running) != saved
