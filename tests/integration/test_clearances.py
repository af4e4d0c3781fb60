"""Clearances, stored: a physiotherapist's or doctor's clearance to run again, recorded by the coach.

Who may do what is one table per surface (anonymous, the coach, another coach, the runner
themself, another runner): the coach writes, the runner reads (403 on a write), others get 404,
anonymous 401 (the API) or the login page (pages). Bad input is another table: 422 naming the
field, and nothing stored changes. End to end: night pain stops running and flags the runner on
the dashboard; the coach records the physiotherapist's clearance; the stop is gone from the
runner's page and the dashboard, without a query per clearance.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from insideout.people.models import Runner
from insideout.screening.models import Screen
from insideout.training import services
from insideout.training.advice import advice_for, history_of
from insideout.training.models import AdviceSummary, Clearance, Run, StrengthSession
from tests.integration.access import access_cases as _cases
from tests.integration.access import actor_user as _user
from tests.integration.access import send_json as _send

TODAY = dt.date(2026, 10, 14)
DAY = dt.timedelta(days=1)
CLEARED = {"date": "2026-10-13", "by": "physiotherapist", "reason": "no bone stress injury"}


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services, "today", lambda: TODAY)


def stored() -> list[Any]:
    """Every clearance, to show that bad input changed nothing."""
    return list(Clearance.objects.order_by("id").values_list())


def weeks_of_running(runner: Runner, weeks: int = 4) -> None:
    for w in range(weeks, 0, -1):
        monday = TODAY - w * 7 * DAY
        for offset, km in ((0, 3.0), (2, 3.0), (5, 12.0)):
            Run.objects.create(
                runner=runner,
                date=monday + offset * DAY,
                distance_km=km,
                duration_min=km * 6,
                rpe=4.0,
                pain_next_morning=0.0,
            )
        for offset in (1, 4):
            StrengthSession.objects.create(runner=runner, date=monday + offset * DAY)


def night_pain(runner: Runner, day: dt.date, flag: str = "night_pain") -> Run:
    return Run.objects.create(
        runner=runner, date=day, distance_km=3, duration_min=20, red_flags=[flag]
    )


def clearance(runner: Runner, day: dt.date, by: str = "physiotherapist") -> Clearance:
    return Clearance.objects.create(runner=runner, date=day, by=by, reason="seen")


# --- who may do what ---------------------------------------------------------------------------

API_TABLE: list[tuple[str, str, Any, tuple[int, ...]]] = [
    ("get", "/api/runners/ana/clearances", None, (401, 200, 404, 200, 404)),
    ("post", "/api/runners/ana/clearances", CLEARED, (401, 201, 404, 403, 404)),
    ("post", "/api/runners/zoe/clearances", CLEARED, (401, 404, 201, 404, 404)),
    ("get", "/api/runners/nobody/clearances", None, (401, 404, 404, 404, 404)),
    ("post", "/api/runners/nobody/clearances", CLEARED, (401, 404, 404, 404, 404)),
]
CLEARANCE_FORM = {"date": "2026-10-13", "by": "doctor", "reason": "ECG normal"}
PAGE_TABLE: list[tuple[str, str, Any, tuple[int, ...]]] = [
    ("get", "/runners/ana/clearances/new/", None, (302, 200, 404, 403, 404)),
    ("post", "/runners/ana/clearances/new/", CLEARANCE_FORM, (302, 302, 404, 403, 404)),
    ("post", "/runners/zoe/clearances/new/", CLEARANCE_FORM, (302, 404, 302, 404, 404)),
]


@pytest.mark.parametrize(("method", "path", "body", "actor", "status"), _cases(API_TABLE))
def test_api_access(
    login: Any,
    ana: Runner,
    ben: Runner,
    zoe: Runner,
    method: str,
    path: str,
    body: Any,
    actor: str,
    status: int,
) -> None:
    before = stored()
    response = _send(login(_user(actor, ana, ben, zoe)), method, path, body)
    assert response.status_code == status
    if method != "get" and status not in (200, 201):
        assert stored() == before, "a refused write changes nothing"


@pytest.mark.parametrize(("method", "path", "body", "actor", "status"), _cases(PAGE_TABLE))
def test_page_access(
    login: Any,
    ana: Runner,
    ben: Runner,
    zoe: Runner,
    method: str,
    path: str,
    body: Any,
    actor: str,
    status: int,
) -> None:
    before = stored()
    client = login(_user(actor, ana, ben, zoe))
    response = client.get(path) if method == "get" else client.post(path, body)
    assert response.status_code == status
    if status == 302 and actor == "anonymous":
        assert "/login/" in response["Location"]
    if method == "post" and status != 302 or actor == "anonymous":
        assert stored() == before


# --- the log -----------------------------------------------------------------------------------


def test_a_clearance_is_logged_with_who_and_why_and_listed_newest_first(
    login: Any, ana: Runner
) -> None:
    coach = login(ana.coach.user)
    first = _send(coach, "post", "/api/runners/ana/clearances", CLEARED | {"date": "2026-10-10"})
    assert first.status_code == 201, first.json()
    body = first.json()
    assert (body["date"], body["by"], body["reason"]) == (
        "2026-10-10",
        "physiotherapist",
        "no bone stress injury",
    )
    assert body["created_by"] == ana.coach.name
    doctor = CLEARED | {"by": "doctor", "reason": "  ECG normal  "}
    assert _send(coach, "post", "/api/runners/ana/clearances", doctor).status_code == 201
    listed = login(ana.user).get("/api/runners/ana/clearances").json()
    assert [(c["date"], c["by"], c["reason"]) for c in listed] == [
        ("2026-10-13", "doctor", "ECG normal"),
        ("2026-10-10", "physiotherapist", "no bone stress injury"),
    ]
    assert Clearance.objects.filter(created_by=ana.coach.user).count() == 2
    assert [c.by.value for c in history_of(ana).clearances] == ["physiotherapist", "doctor"]


def _without(key: str) -> dict[str, Any]:
    return {k: v for k, v in CLEARED.items() if k != key}


BAD_CLEARANCES = [
    # (id, body, field named)
    ("no reason", _without("reason"), "reason"),
    ("an empty reason", CLEARED | {"reason": ""}, "reason"),
    ("a blank reason", CLEARED | {"reason": "   "}, "reason"),
    ("a reason too long", CLEARED | {"reason": "x" * 501}, "reason"),
    ("a coach as the clearer", CLEARED | {"by": "coach"}, "by"),
    ("no clearer", _without("by"), "by"),
    ("a date in the future", CLEARED | {"date": "2026-10-15"}, "date"),
    ("a malformed date", CLEARED | {"date": "13/10/2026"}, "date"),
    ("no date", _without("date"), "date"),
    ("an unknown field", CLEARED | {"verdict": "progress"}, "(input)"),
    ("not an object", [CLEARED], "(input)"),
]


@pytest.mark.parametrize(
    ("body", "field"), [pytest.param(b, f, id=i) for i, b, f in BAD_CLEARANCES]
)
def test_a_bad_clearance_answers_422_naming_the_field_and_stores_nothing(
    login: Any, ana: Runner, body: Any, field: str
) -> None:
    before = stored()
    response = _send(login(ana.coach.user), "post", "/api/runners/ana/clearances", body)
    assert response.status_code == 422
    assert field in [d["field"] for d in response.json()["detail"]]
    assert stored() == before


@pytest.mark.parametrize(
    ("form", "field", "words"),
    [
        (CLEARANCE_FORM | {"reason": ""}, "Reason", "required"),
        (CLEARANCE_FORM | {"date": "2026-10-20"}, "Date", "in the future"),
        (
            CLEARANCE_FORM | {"by": "coach"},
            "by",
            "expected &#x27;physiotherapist&#x27; or &#x27;doctor&#x27;, got &#x27;coach&#x27;",
        ),
    ],
    ids=["no reason", "a future date", "an unknown clearer"],
)
def test_a_bad_clearance_form_is_shown_again_naming_the_field(
    login: Any, ana: Runner, form: dict[str, str], field: str, words: str
) -> None:
    before = stored()
    response = login(ana.coach.user).post("/runners/ana/clearances/new/", form)
    assert response.status_code == 422
    html = response.content.decode()
    assert words in html and (field in html)
    assert stored() == before


# --- the form on the runner's page -------------------------------------------------------------


def test_the_form_is_shown_to_the_coach_only_while_running_is_stopped(
    login: Any, ana_screen: Screen
) -> None:
    ana = ana_screen.runner
    weeks_of_running(ana)
    action = 'action="/runners/ana/clearances/new/"'
    coach = login(ana.coach.user)
    assert action not in coach.get("/runners/ana/").content.decode(), "not stopped: no form"
    night_pain(ana, TODAY - DAY)
    page = coach.get("/runners/ana/").content.decode()
    assert action in page and 'id="clearances"' in page
    runner = login(ana.user)
    page = runner.get("/runners/ana/").content.decode()
    assert action not in page, "the runner gets no form"
    assert 'id="clearances"' in page, "but sees the log"


# --- end to end --------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)  # the writes commit: each makes the stored summary
def test_night_pain_stops_then_a_physiotherapists_clearance_lifts_the_stop_everywhere(
    login: Any, ana_screen: Screen
) -> None:
    ana = ana_screen.runner
    weeks_of_running(ana)
    runner = login(ana.user)
    report = {"date": (TODAY - 2 * DAY).isoformat(), "pain": 4, "site": "shin",
              "red_flags": ["night_pain"]}  # fmt: skip
    assert _send(runner, "post", "/api/runners/ana/pain", report).status_code == 201
    page = runner.get("/runners/ana/").content.decode()
    assert 'badge phase-stop">Running stopped<' in page and 'id="refer"' in page
    coach = login(ana.coach.user)
    board = coach.get("/").content.decode()
    assert "phase-stop flagged" in board and "see a professional" in board
    assert AdviceSummary.objects.get(runner=ana).flagged

    form = {"date": (TODAY - DAY).isoformat(), "by": "physiotherapist",
            "reason": "examined the shin: no bone stress injury"}  # fmt: skip
    response = coach.post("/runners/ana/clearances/new/", form)
    assert response.status_code == 302

    coach_page = coach.get("/runners/ana/").content.decode()
    assert "phase-stop" not in coach_page and 'id="refer"' not in coach_page
    assert "examined the shin: no bone stress injury" in coach_page
    # the runners' table (the filter form above it names "flagged first" and "Running stopped")
    board = coach.get("/").content.decode().split('<table class="runners">', 1)[1]
    assert "phase-stop" not in board and "flagged" not in board
    assert "see a professional" not in board and "running stopped" not in board
    assert not AdviceSummary.objects.get(runner=ana).flagged
    page = login(ana.user).get("/runners/ana/").content.decode()
    assert "phase-stop" not in page and 'id="refer"' not in page
    advice = login(ana.user).get("/api/runners/ana/advice").json()
    assert advice["phase"] != "stop" and advice["refer"] is None
    found = next(d for d in advice["decisions"] if d["rule"] == "pain.cleared")
    assert found["verdict"] == "progress" and found["evidence"] == "IO-CLEARANCE"
    assert found["value"] == (TODAY - DAY).isoformat()
    assert "physiotherapist" in found["text"] and "no bone stress injury" in found["text"]
    assert advice["next_week"]["runs"], "running resumes"


def test_a_red_flag_after_the_clearance_stops_running_again(login: Any, ana_screen: Screen) -> None:
    ana = ana_screen.runner
    weeks_of_running(ana)
    night_pain(ana, TODAY - 5 * DAY)
    clearance(ana, TODAY - 3 * DAY)
    assert advice_for(ana).refer is None
    night_pain(ana, TODAY - DAY, "swelling")
    assert advice_for(ana).refer is not None
    board = login(ana.coach.user).get("/").content.decode()
    assert "phase-stop flagged" in board


def test_a_cardiac_sign_needs_a_doctor(login: Any, ana_screen: Screen) -> None:
    ana = ana_screen.runner
    weeks_of_running(ana)
    night_pain(ana, TODAY - 5 * DAY, "chest_pain")
    clearance(ana, TODAY - 2 * DAY, "physiotherapist")
    body = login(ana.user).get("/api/runners/ana/advice").json()
    assert body["phase"] == "stop" and body["refer"]["cardiac"]
    stop = next(d for d in body["decisions"] if d["rule"] == "red_flag.chest_pain")
    assert "only a doctor's clearance does" in stop["text"]
    clearance(ana, TODAY - DAY, "doctor")
    assert login(ana.user).get("/api/runners/ana/advice").json()["phase"] != "stop"


# --- no query per clearance --------------------------------------------------------------------


def _queries(client: Any, path: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "path", ["/api/runners/ana/advice", "/runners/ana/", "/", "/api/runners/ana/clearances"]
)
def test_the_number_of_queries_does_not_grow_with_the_clearances(
    login: Any, ana_screen: Screen, path: str
) -> None:
    ana = ana_screen.runner
    client = login(ana.coach.user)
    Clearance.objects.create(
        runner=ana, date=TODAY - 9 * DAY, by="doctor", reason="r", created_by=ana.coach.user
    )
    few = _queries(client, path)
    for days in range(8, 0, -1):
        Clearance.objects.create(
            runner=ana,
            date=TODAY - days * DAY,
            by="doctor" if days % 2 else "physiotherapist",
            reason="r",
            created_by=ana.coach.user,
        )
    assert _queries(client, path) == few
