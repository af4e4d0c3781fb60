"""The coach's controls, stored: a runner's own weekly cap and the technique-gate overrides.

Who may do what is one table per surface (anonymous, the coach, another coach, the runner
themself, another runner): the coach writes, the runner reads (403 on a write), others get 404,
anonymous 401 (the API) or the login page (pages). Bad input is another table: 422 naming the
field, and nothing stored changes. What is stored reaches the advice (the cap in the plan's
sentence, the override in the gate's decision) without a query per override.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from insideout.cli.main import cli
from insideout.people.models import Runner
from insideout.screening.models import Screen
from insideout.training import services
from insideout.training.advice import advice_for, history_of, holding
from insideout.training.models import GateOverride, Run, StrengthSession
from tests.integration.access import access_cases as _cases
from tests.integration.access import actor_user as _user
from tests.integration.access import send_json as _send

TODAY = dt.date(2026, 10, 14)
DAY = dt.timedelta(days=1)
UNLOCK = {"date": "2026-10-12", "verdict": "unlock", "reason": "cleared by the physio"}
CAP = {"weekly_increase_pct": 8, "reason": "steady after a calf strain"}


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services, "today", lambda: TODAY)


def stored() -> tuple[list[Any], list[Any]]:
    """Every runner's cap and every override, to show that bad input changed nothing."""
    caps = list(Runner.objects.order_by("id").values_list("handle", "weekly_increase_pct"))
    overrides = list(GateOverride.objects.order_by("id").values_list())
    return caps, overrides


def weeks_of_running(runner: Runner, weeks: int = 4, strength: int = 2) -> None:
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
        for offset in (1, 4)[:strength]:
            StrengthSession.objects.create(runner=runner, date=monday + offset * DAY)


def override(runner: Runner, day: dt.date, verdict: str, reason: str = "why") -> GateOverride:
    return GateOverride.objects.create(runner=runner, date=day, verdict=verdict, reason=reason)


# --- who may do what ---------------------------------------------------------------------------

API_TABLE: list[tuple[str, str, Any, tuple[int, ...]]] = [
    ("get", "/api/runners/ana/settings", None, (401, 200, 404, 200, 404)),
    ("patch", "/api/runners/ana/settings", CAP, (401, 200, 404, 403, 404)),
    ("get", "/api/runners/ana/overrides", None, (401, 200, 404, 200, 404)),
    ("post", "/api/runners/ana/overrides", UNLOCK, (401, 201, 404, 403, 404)),
    ("patch", "/api/runners/zoe/settings", CAP, (401, 404, 200, 404, 404)),
    ("post", "/api/runners/zoe/overrides", UNLOCK, (401, 404, 201, 404, 404)),
    ("get", "/api/runners/nobody/overrides", None, (401, 404, 404, 404, 404)),
    ("patch", "/api/runners/nobody/settings", CAP, (401, 404, 404, 404, 404)),
]
SETTINGS_FORM = {"weekly_increase_pct": "8", "reason": "steady after a calf strain"}
OVERRIDE_FORM = {"date": "2026-10-12", "verdict": "unlock", "reason": "cleared by the physio"}
PAGE_TABLE: list[tuple[str, str, Any, tuple[int, ...]]] = [
    ("get", "/runners/ana/settings/", None, (302, 200, 404, 403, 404)),
    ("post", "/runners/ana/settings/", SETTINGS_FORM, (302, 302, 404, 403, 404)),
    ("get", "/runners/ana/overrides/new/", None, (302, 200, 404, 403, 404)),
    ("post", "/runners/ana/overrides/new/", OVERRIDE_FORM, (302, 302, 404, 403, 404)),
    ("post", "/runners/zoe/overrides/new/", OVERRIDE_FORM, (302, 404, 302, 404, 404)),
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


# --- the weekly cap ----------------------------------------------------------------------------


def test_the_coach_sets_the_cap_and_the_runner_reads_it_with_default_and_bounds(
    login: Any, ana: Runner
) -> None:
    coach = login(ana.coach.user)
    body = {"weekly_increase_pct": 5, "reason": "slower build this block"}
    response = _send(coach, "patch", "/api/runners/ana/settings", body)
    assert response.status_code == 200, response.json()
    ana.refresh_from_db()
    assert ana.weekly_increase_pct == 5
    read = login(ana.user).get("/api/runners/ana/settings").json()
    assert read == {
        "weekly_increase_pct": 5.0,
        "weekly_increase_in_force": 5.0,
        "weekly_increase_default": 10.0,
        "weekly_increase_min": 0.0,
        "weekly_increase_max": 30.0,
        "evidence": ["IO-PLAN-WEEKLY-CAP", "EV-LOAD-WEEK30", "IO-COACH-WEEKLY-CAP"],
    }


@pytest.mark.parametrize(
    ("body", "after"),
    [
        ({"weekly_increase_pct": None, "reason": "back to the method"}, None),
        ({}, 12.0),
        ({"weekly_increase_pct": 0, "reason": "hold the volume"}, 0.0),
    ],
    ids=["null goes back to the default", "empty changes nothing", "zero is allowed"],
)
def test_a_patch_changes_only_what_it_gives(
    login: Any, ana: Runner, body: dict[str, Any], after: float | None
) -> None:
    Runner.objects.filter(pk=ana.pk).update(weekly_increase_pct=12)
    response = _send(login(ana.coach.user), "patch", "/api/runners/ana/settings", body)
    assert response.status_code == 200
    ana.refresh_from_db()
    assert ana.weekly_increase_pct == after


BAD_SETTINGS = [
    # (id, body, field named)
    ("one beyond the maximum", {"weekly_increase_pct": 30.5}, "weekly_increase_pct"),
    ("below the minimum", {"weekly_increase_pct": -1}, "weekly_increase_pct"),
    ("text", {"weekly_increase_pct": "8"}, "weekly_increase_pct"),
    ("a boolean", {"weekly_increase_pct": True}, "weekly_increase_pct"),
    ("an unknown field", {"weekly_increase_pct": 8, "spike_ratio": 2}, "(input)"),
    ("not an object", [8], "(input)"),
]


@pytest.mark.parametrize(("body", "field"), [pytest.param(b, f, id=i) for i, b, f in BAD_SETTINGS])
def test_a_bad_cap_answers_422_naming_the_field_and_changes_nothing(
    login: Any, ana: Runner, body: Any, field: str
) -> None:
    before = stored()
    response = _send(login(ana.coach.user), "patch", "/api/runners/ana/settings", body)
    assert response.status_code == 422
    assert field in [d["field"] for d in response.json()["detail"]]
    assert stored() == before


def test_a_bad_cap_in_the_form_is_shown_on_its_field_and_changes_nothing(
    login: Any, ana: Runner
) -> None:
    before = stored()
    response = login(ana.coach.user).post("/runners/ana/settings/", {"weekly_increase_pct": "45"})
    assert response.status_code == 422
    html = response.content.decode()
    assert (
        "Weekly distance cap (%): enter 0 to 30, or leave it empty for the default of 10%" in html
    )
    assert "null" not in html
    assert stored() == before


def test_the_cap_set_by_the_coach_is_what_the_plan_uses(login: Any, ana_screen: Screen) -> None:
    ana = ana_screen.runner
    weeks_of_running(ana, weeks=2)
    default = advice_for(ana)
    form = {"weekly_increase_pct": "5", "reason": "slower build this block"}
    login(ana.coach.user).post("/runners/ana/settings/", form)
    ana.refresh_from_db()
    assert history_of(ana).settings.weekly_increase_pct == 5
    mine = advice_for(ana)
    assert mine.running.planned_km < default.running.planned_km
    cap = next(d for d in mine.decisions if d.rule == "plan.weekly_cap")
    assert cap.threshold == 5 and "set for you by your coach" in cap.text
    page = login(ana.user).get("/runners/ana/").content.decode()
    assert "set by the coach (default 10%, allowed 0–30%)" in page
    assert escape(cap.text) in page


# --- the overrides -----------------------------------------------------------------------------


def test_an_override_is_logged_with_who_and_why_and_listed_newest_first(
    login: Any, ana: Runner
) -> None:
    coach = login(ana.coach.user)
    first = _send(coach, "post", "/api/runners/ana/overrides", UNLOCK)
    assert first.status_code == 201, first.json()
    body = first.json()
    assert (body["date"], body["verdict"], body["reason"], body["rule"]) == (
        "2026-10-12",
        "unlock",
        "cleared by the physio",
        "gate.technique",
    )
    assert body["created_by"] == ana.coach.name
    lock = UNLOCK | {"date": "2026-10-13", "verdict": "lock", "reason": "  knee sore  "}
    assert _send(coach, "post", "/api/runners/ana/overrides", lock).status_code == 201
    listed = login(ana.user).get("/api/runners/ana/overrides").json()
    assert [(o["date"], o["verdict"], o["reason"]) for o in listed] == [
        ("2026-10-13", "lock", "knee sore"),
        ("2026-10-12", "unlock", "cleared by the physio"),
    ]
    assert GateOverride.objects.filter(created_by=ana.coach.user).count() == 2


BAD_OVERRIDES = [
    # (id, body, field named)
    ("no reason", {k: v for k, v in UNLOCK.items() if k != "reason"}, "reason"),
    ("an empty reason", UNLOCK | {"reason": ""}, "reason"),
    ("a blank reason", UNLOCK | {"reason": "   "}, "reason"),
    ("a reason too long", UNLOCK | {"reason": "x" * 501}, "reason"),
    ("an unknown verdict", UNLOCK | {"verdict": "progress"}, "verdict"),
    ("no verdict", {k: v for k, v in UNLOCK.items() if k != "verdict"}, "verdict"),
    ("an unknown rule", UNLOCK | {"rule": "plan.weekly_cap"}, "rule"),
    ("a date in the future", UNLOCK | {"date": "2026-10-15"}, "date"),
    ("a malformed date", UNLOCK | {"date": "12/10/2026"}, "date"),
    ("no date", {k: v for k, v in UNLOCK.items() if k != "date"}, "date"),
    ("an unknown field", UNLOCK | {"created_by": "me"}, "(input)"),
]


@pytest.mark.parametrize(("body", "field"), [pytest.param(b, f, id=i) for i, b, f in BAD_OVERRIDES])
def test_a_bad_override_answers_422_naming_the_field_and_stores_nothing(
    login: Any, ana: Runner, body: Any, field: str
) -> None:
    before = stored()
    response = _send(login(ana.coach.user), "post", "/api/runners/ana/overrides", body)
    assert response.status_code == 422
    assert field in [d["field"] for d in response.json()["detail"]]
    assert stored() == before


@pytest.mark.parametrize(
    ("form", "field", "words"),
    [
        (OVERRIDE_FORM | {"reason": ""}, "Reason", "required"),
        (OVERRIDE_FORM | {"date": "2026-10-20"}, "Date", "in the future"),
        (
            OVERRIDE_FORM | {"verdict": "maybe"},
            "verdict",
            "expected &#x27;unlock&#x27; or &#x27;lock&#x27;, got &#x27;maybe&#x27;",
        ),
    ],
    ids=["no reason", "a future date", "an unknown verdict"],
)
def test_a_bad_override_form_is_shown_again_naming_the_field(
    login: Any, ana: Runner, form: dict[str, str], field: str, words: str
) -> None:
    before = stored()
    response = login(ana.coach.user).post("/runners/ana/overrides/new/", form)
    assert response.status_code == 422
    html = response.content.decode()
    assert words in html and (field in html)
    assert stored() == before


def test_an_unlock_by_the_coach_opens_technique_work_and_the_page_shows_why(
    login: Any, ana_screen: Screen
) -> None:
    ana = ana_screen.runner
    weeks_of_running(ana, weeks=4)  # an open need and 4 of 6 strength weeks: the gate is shut
    assert not advice_for(ana).technique.unlocked
    response = login(ana.coach.user).post("/runners/ana/overrides/new/", OVERRIDE_FORM)
    assert response.status_code == 302
    found = advice_for(ana)
    assert found.technique.unlocked and found.technique.prescription is not None
    assert holding(found) is None or not holding(found).rule.startswith("gate.")
    body = login(ana.user).get("/api/runners/ana/advice").json()
    decision = next(d for d in body["decisions"] if d["rule"] == "gate.override")
    assert decision["verdict"] == "unlock" and decision["evidence"] == "IO-GATE-OVERRIDE"
    assert '"cleared by the physio"' in decision["text"]
    page = login(ana.user).get("/runners/ana/").content.decode()
    assert "cleared by the physio" in page and 'id="overrides"' in page
    assert 'action="/runners/ana/overrides/new/"' not in page, "the runner gets no form"
    coach_page = login(ana.coach.user).get("/runners/ana/").content.decode()
    assert 'action="/runners/ana/overrides/new/"' in coach_page


def test_an_unlock_never_applies_while_a_red_flag_stops_running(
    login: Any, ana_screen: Screen
) -> None:
    ana = ana_screen.runner
    weeks_of_running(ana, weeks=6)
    override(ana, TODAY - 3 * DAY, "unlock", "ready")
    Run.objects.create(
        runner=ana, date=TODAY - DAY, distance_km=3, duration_min=20, red_flags=["night_pain"]
    )
    body = login(ana.coach.user).get("/api/runners/ana/advice").json()
    assert body["phase"] == "stop" and not body["technique"]["unlocked"]
    decision = next(d for d in body["decisions"] if d["rule"] == "gate.override")
    assert decision["verdict"] == "lock" and "running is stopped" in decision["text"]


def test_the_latest_override_on_or_before_the_day_applies(login: Any, ana_screen: Screen) -> None:
    ana = ana_screen.runner
    weeks_of_running(ana, weeks=4)
    override(ana, TODAY - 5 * DAY, "unlock")
    override(ana, TODAY - 2 * DAY, "lock")
    override(ana, TODAY + 3 * DAY, "unlock")  # stored ahead of time: not read before its day
    assert [o.verdict.value for o in history_of(ana).overrides] == ["unlock", "lock"]
    assert not advice_for(ana).technique.unlocked
    assert advice_for(ana, TODAY - 3 * DAY).technique.unlocked
    assert advice_for(ana, TODAY + 3 * DAY).technique.unlocked


# --- the same as the CLI, and no query per override --------------------------------------------


def test_the_advice_is_what_the_cli_prints_with_settings_and_overrides(
    login: Any, ana_screen: Screen, tmp_path: Path
) -> None:
    ana = ana_screen.runner
    weeks_of_running(ana, weeks=4)
    override(ana, TODAY - 2 * DAY, "unlock", "cleared")
    Runner.objects.filter(pk=ana.pk).update(weekly_increase_pct=5)
    doc = {
        "runner": {"id": "ana", "sex": ana.sex, "birth_year": ana.birth_year},
        "screens": [
            {
                "date": s.date.isoformat(),
                "measures": [
                    {"test": m.test, "side": m.side or None, "value": m.value, "pain": m.pain}
                    for m in s.measures.all()
                ],
            }
            for s in ana.screens.order_by("date")
        ],
        "runs": [r.as_input() for r in ana.runs.order_by("date", "id")],
        "strength_sessions": [
            {"date": s.date.isoformat(), "completed": s.completed}
            for s in ana.strength_sessions.order_by("date", "id")
        ],
        "settings": {"weekly_increase_pct": 5},
        "overrides": [o.as_input() for o in ana.gate_overrides.order_by("date", "id")],
    }
    path = tmp_path / "ana.json"
    path.write_text(json.dumps(doc))
    printed = CliRunner().invoke(cli, ["advise", str(path), "--on", "2026-10-14", "--json"])
    assert printed.exit_code == 0, printed.output
    api = login(ana.coach.user).get("/api/runners/ana/advice?on=2026-10-14").json()
    assert api == json.loads(printed.output)
    assert api["technique"]["unlocked"]


def _queries(client: Any, path: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("path", ["/api/runners/ana/advice", "/runners/ana/", "/"])
def test_the_number_of_queries_does_not_grow_with_the_overrides(
    login: Any, ana_screen: Screen, path: str
) -> None:
    ana = ana_screen.runner
    client = login(ana.coach.user)
    override(ana, TODAY - 9 * DAY, "unlock")
    few = _queries(client, path)
    for days in range(8, 0, -1):
        override(ana, TODAY - days * DAY, "lock" if days % 2 else "unlock")
    Runner.objects.filter(pk=ana.pk).update(weekly_increase_pct=7)
    assert _queries(client, path) == few
