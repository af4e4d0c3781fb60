"""The advice API: ``GET /api/runners/{handle}/advice?on=YYYY-MM-DD`` is ``insideout advise --json``.

The history is built from what is stored (screens with their measures, runs with their pain,
strength sessions) and advised by the core; the answer is the CLI's JSON, name for name, for the
same history. Who may read it is one table; a malformed ``on`` answers 422 naming ``on``; the
number of queries does not grow with the history. The OpenAPI document describes the answer
field by field (``AdviceOut``), and the answer in every phase validates against it unchanged.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pydantic import ValidationError

from insideout.cli.main import cli
from insideout.core.advise import Phase, advice_dict
from insideout.core.decision import Decision, DecisionVerdict
from insideout.people.models import Runner
from insideout.screening.models import Screen
from insideout.training import services
from insideout.training.advice import advice_for, holding
from insideout.training.models import GateOverride, Run, StrengthSession
from insideout.training.schemas import AdviceOut, DoseOut
from tests.advice_builders import BALANCED
from tests.integration import training_builders
from tests.integration.access import ACTORS
from tests.integration.access import actor_user as _user
from tests.integration.conftest import KTW_RESTRICTED_LEFT, make_screen

TODAY = dt.date(2026, 10, 14)
DAY = dt.timedelta(days=1)
NAMES = {"runner", "on", "phase", "profile", "next_week", "decisions", "technique", "refer", "load"}
WEEK_NAMES = {"start", "runs", "strength", "planned_km", "longest_run_km", "recovery_week"}
DECISION_NAMES = {"rule", "verdict", "value", "threshold", "evidence", "text"}
TECHNIQUE_NAMES = {"unlocked", "missing", "prescription"}


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services, "today", lambda: TODAY)


def run(runner: Runner, day: dt.date, km: float = 5.0, **fields: Any) -> Run:
    values = {"duration_min": km * 6, "rpe": 4.0, "pain_next_morning": 0.0} | fields
    return Run.objects.create(runner=runner, date=day, distance_km=km, **values)


def weeks_of_running(runner: Runner, weeks: int = 4) -> None:
    """Three runs and two strength sessions a week for the weeks before TODAY."""
    for w in range(weeks, 0, -1):
        monday = TODAY - w * 7 * DAY
        for offset, km in ((0, 5.0), (2, 6.0), (5, 8.0)):
            run(runner, monday + offset * DAY, km)
        for offset in (1, 4):
            StrengthSession.objects.create(runner=runner, date=monday + offset * DAY)


def advice(client: Any, handle: str = "ana", on: str | None = None) -> Any:
    path = f"/api/runners/{handle}/advice"
    return client.get(path if on is None else f"{path}?on={on}")


# --- who may read it ---------------------------------------------------------------------------

TABLE: list[tuple[str, tuple[int, ...]]] = [
    ("/api/runners/ana/advice", (401, 200, 404, 200, 404)),
    ("/api/runners/ana/advice?on=2026-10-01", (401, 200, 404, 200, 404)),
    ("/api/runners/ana/advice?on=not-a-date", (401, 422, 404, 422, 404)),
    ("/api/runners/zoe/advice", (401, 404, 200, 404, 404)),
    ("/api/runners/nobody/advice", (401, 404, 404, 404, 404)),
]
CASES = [
    pytest.param(path, actor, status, id=f"{path} as {actor}")
    for path, statuses in TABLE
    for actor, status in zip(ACTORS, statuses, strict=True)
]


@pytest.mark.parametrize(("path", "actor", "status"), CASES)
def test_access(
    login: Any, ana: Runner, ben: Runner, zoe: Runner, path: str, actor: str, status: int
) -> None:
    response = login(_user(actor, ana, ben, zoe)).get(path)
    assert response.status_code == status


def test_someone_elses_runner_answers_exactly_like_a_runner_that_does_not_exist(
    login: Any, zoe: Runner, ana_screen: Screen
) -> None:
    client = login(zoe.coach.user)
    theirs, missing = advice(client, "ana"), advice(client, "nobody")
    assert (theirs.status_code, theirs.json()) == (missing.status_code, missing.json())


# --- the JSON contract -------------------------------------------------------------------------


def test_the_answer_keeps_the_names_of_issue_4(login: Any, ana_screen: Screen) -> None:
    weeks_of_running(ana_screen.runner)
    body = advice(login(ana_screen.runner.user)).json()
    assert set(body) == NAMES
    assert set(body["next_week"]) == WEEK_NAMES
    assert body["decisions"] and all(set(d) == DECISION_NAMES for d in body["decisions"])
    assert set(body["technique"]) == TECHNIQUE_NAMES
    assert (body["runner"], body["on"], body["next_week"]["start"]) == (
        "ana",
        "2026-10-14",
        "2026-10-14",
    )
    assert body["phase"] in {"screen_needed", "foundation", "build", "technique", "stop"}
    run = body["next_week"]["runs"][0]
    assert set(run) == {"date", "kind", "distance_km"}
    exercise = body["next_week"]["strength"][0]["exercises"][0]
    assert {"id", "sets", "side"} <= set(exercise) and ("reps" in exercise) != (
        "seconds" in exercise
    )


def _as_cli_input(runner: Runner) -> dict[str, Any]:
    """The runner's stored history written as an ``insideout advise`` file."""
    return {
        "runner": {"id": runner.handle, "sex": runner.sex, "birth_year": runner.birth_year},
        "screens": [
            {
                "date": s.date.isoformat(),
                "measures": [
                    {"test": m.test, "side": m.side or None, "value": m.value, "pain": m.pain}
                    for m in s.measures.all()
                ],
            }
            for s in runner.screens.order_by("date")
        ],
        "runs": [r.as_input() for r in runner.runs.order_by("date", "id")],
        "strength_sessions": [
            {"date": s.date.isoformat(), "completed": s.completed}
            for s in runner.strength_sessions.order_by("date", "id")
        ],
    }


def test_the_answer_is_what_the_cli_prints_for_the_same_history(
    login: Any, ana_screen: Screen, tmp_path: Path
) -> None:
    ana = ana_screen.runner
    weeks_of_running(ana)
    run(ana, TODAY - DAY, 6.0, pain_after=3.0, pain_site="knee", pain_side="left")
    path = tmp_path / "ana.json"
    path.write_text(json.dumps(_as_cli_input(ana)))
    printed = CliRunner().invoke(cli, ["advise", str(path), "--on", "2026-10-14", "--json"])
    assert printed.exit_code == 0, printed.output
    assert advice(login(ana.coach.user), on="2026-10-14").json() == json.loads(printed.output)


# --- what the advice says ----------------------------------------------------------------------


def test_a_runner_with_no_screen_is_asked_for_the_screen_first(login: Any, ana: Runner) -> None:
    weeks_of_running(ana)
    body = advice(login(ana.user)).json()
    assert (body["phase"], body["profile"], body["refer"]) == ("screen_needed", None, None)
    screen_first = next(d for d in body["decisions"] if d["rule"] == "plan.screen_first")
    assert screen_first["verdict"] == "hold"
    assert "movement screen" in screen_first["text"]
    assert "a movement screen on record" in body["technique"]["missing"]


def test_a_red_flag_stops_running_and_refers_the_runner(login: Any, ana_screen: Screen) -> None:
    ana = ana_screen.runner
    weeks_of_running(ana)
    run(ana, TODAY - DAY, 5.0, red_flags=["night_pain"])
    body = advice(login(ana.user)).json()
    assert body["phase"] == "stop"
    assert body["next_week"]["runs"] == []
    assert body["next_week"]["strength"], "the foundation sessions never drop out"
    assert "physiotherapist or doctor" in body["refer"]["words"]
    assert any(
        d["rule"] == "red_flag.night_pain" and d["verdict"] == "stop" for d in body["decisions"]
    )


def test_on_defaults_to_today_and_reads_nothing_after_it(login: Any, ana_screen: Screen) -> None:
    ana = ana_screen.runner
    weeks_of_running(ana)
    run(ana, dt.date(2026, 10, 12), 5.0, red_flags=["night_pain"])
    client = login(ana.user)
    assert advice(client).json()["phase"] == "stop"
    before = advice(client, on="2026-10-11").json()
    assert (before["on"], before["phase"], before["refer"]) == ("2026-10-11", "foundation", None)


def test_a_screen_dated_after_on_is_not_read(login: Any, ana: Runner) -> None:
    make_screen(ana, "2026-10-20", KTW_RESTRICTED_LEFT)
    client = login(ana.user)
    assert advice(client).json()["phase"] == "screen_needed"
    assert advice(client, on="2026-10-20").json()["profile"] is not None


def test_of_two_screens_on_one_day_the_last_entered_counts(login: Any, ana: Runner) -> None:
    make_screen(ana, "2026-10-01", KTW_RESTRICTED_LEFT)
    balanced = [
        {"test": "knee_to_wall", "side": "left", "value": 11.0},
        {"test": "knee_to_wall", "side": "right", "value": 11.0},
    ]
    make_screen(ana, "2026-10-01", balanced)
    Screen.objects.create(runner=ana, date=dt.date(2026, 10, 2))  # started, nothing measured
    profile = advice(login(ana.user)).json()["profile"]
    assert profile["date"] == "2026-10-01"
    assert [f for f in profile["findings"] if f["test"] == "knee_to_wall"] == []
    assert "beighton" in profile["missing"]  # the second entry holds no beighton


# --- bad input ---------------------------------------------------------------------------------

BAD_ON = [
    ("day first", "14/10/2026"),
    ("impossible date", "2026-02-30"),
    ("a word", "today"),
    ("empty", ""),
]


@pytest.mark.parametrize("value", [pytest.param(v, id=name) for name, v in BAD_ON])
def test_a_malformed_on_answers_422_naming_on(login: Any, ana: Runner, value: str) -> None:
    response = advice(login(ana.user), on=value)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert [d["field"] for d in detail] == ["on"]
    assert "YYYY-MM-DD" in detail[0]["msg"]


# --- the rule that holds a runner --------------------------------------------------------------


def test_the_rule_that_holds_is_the_first_decision_that_does_not_progress(ana: Runner) -> None:
    found = advice_for(ana)
    assert holding(found) is not None and holding(found).rule == "plan.screen_first"
    progress = Decision("x", DecisionVerdict.PROGRESS, None, None, "EV", "fine")
    unlocked = dataclasses.replace(found, decisions=(progress,))
    assert holding(unlocked) is None


def test_the_rule_that_holds_is_the_most_severe_so_a_stop_is_never_shown_as_a_cut(
    ana: Runner,
) -> None:
    found = advice_for(ana)
    cut = Decision("pain.rise", DecisionVerdict.CUT, None, None, "EV", "cut back")
    stop = Decision("pain.red_flag", DecisionVerdict.STOP, None, None, "EV", "stopped")
    refer = Decision("pain.refer", DecisionVerdict.REFER, None, None, "EV", "see someone")
    hold = Decision("plan.recovery_week", DecisionVerdict.HOLD, None, None, "EV", "hold")
    lock = Decision("gate.stable", DecisionVerdict.LOCK, None, None, "EV", "locked")
    pick = lambda *ds: holding(dataclasses.replace(found, decisions=ds))  # noqa: E731
    assert pick(cut, stop) is stop  # the pain cut comes first in the advice, the stop holds
    assert pick(refer, stop) is refer  # as severe: the first
    assert pick(lock, hold, cut) is cut
    assert pick(lock, hold) is hold
    assert pick(lock) is lock


# --- queries -----------------------------------------------------------------------------------


def _queries(client: Any) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert advice(client).status_code == 200
    return len(ctx.captured_queries)


def test_the_number_of_queries_does_not_grow_with_the_history(
    login: Any, ana_screen: Screen
) -> None:
    ana = ana_screen.runner
    client = login(ana.user)
    run(ana, TODAY - DAY)
    small = _queries(client)
    weeks_of_running(ana, weeks=8)
    make_screen(ana, "2026-10-10", KTW_RESTRICTED_LEFT)
    assert _queries(client) == small


# --- the schema of the answer ------------------------------------------------------------------

PHASES = {p.value for p in Phase}
VERDICTS = {v.value for v in DecisionVerdict}


def _resolve(doc: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """A schema with its ``$ref`` followed and a nullable ``anyOf`` reduced to its one type."""
    if "anyOf" in node:
        kinds = [k for k in node["anyOf"] if k.get("type") != "null"]
        assert len(kinds) == 1, node
        node = kinds[0]
    if "$ref" in node:
        node = doc["components"]["schemas"][node["$ref"].removeprefix("#/components/schemas/")]
    return node


def _nullable(node: dict[str, Any]) -> bool:
    return any(k.get("type") == "null" for k in node.get("anyOf", []))


def test_the_openapi_document_describes_the_advice_with_the_names_of_issue_4(client: Any) -> None:
    doc = client.get("/api/openapi.json").json()
    ok = doc["paths"]["/api/runners/{handle}/advice"]["get"]["responses"]["200"]
    advice = _resolve(doc, ok["content"]["application/json"]["schema"])
    fields = advice["properties"]
    assert set(fields) == set(advice["required"]) == NAMES
    assert set(fields["phase"]["enum"]) == PHASES
    assert all(fields[name].get("description") for name in NAMES)
    assert "gates nothing" in fields["load"]["description"]

    week = _resolve(doc, fields["next_week"])
    assert set(week["properties"]) == WEEK_NAMES
    run_fields = _resolve(doc, week["properties"]["runs"]["items"])["properties"]
    assert set(run_fields) == {"date", "kind", "distance_km"}
    session = _resolve(doc, week["properties"]["strength"]["items"])
    dose = _resolve(doc, session["properties"]["exercises"]["items"])
    assert set(dose["properties"]) == {"id", "sets", "reps", "seconds", "side"}
    assert set(dose["required"]) == {"id", "sets", "side"}  # reps or seconds, as the dose is

    decision = _resolve(doc, fields["decisions"]["items"])
    assert set(decision["properties"]) == set(decision["required"]) == DECISION_NAMES
    assert set(decision["properties"]["verdict"]["enum"]) == VERDICTS

    technique = _resolve(doc, fields["technique"])
    assert set(technique["properties"]) == TECHNIQUE_NAMES
    assert _nullable(technique["properties"]["prescription"])

    assert _nullable(fields["refer"]) and _nullable(fields["profile"])
    assert set(_resolve(doc, fields["refer"])["properties"]) == {
        "reason",
        "words",
        "urgent",
        "cardiac",
    }
    profile = _resolve(doc, fields["profile"])
    assert {"date", "profile", "findings", "hypermobile", "missing"} <= set(profile["properties"])
    load = _resolve(doc, fields["load"])["properties"]
    assert load["gates_nothing"]["const"] is True


def _screen_needed(ana: Runner) -> None:
    weeks_of_running(ana)


def _foundation(ana: Runner) -> None:
    make_screen(ana, "2026-09-01", KTW_RESTRICTED_LEFT)
    weeks_of_running(ana)


def _stop(ana: Runner) -> None:
    _foundation(ana)
    run(ana, TODAY - DAY, 5.0, red_flags=["night_pain"])


def _technique(ana: Runner) -> None:
    balanced = [
        {"test": t, "side": side, "value": v}
        for t, v in BALANCED.items()
        for side in ("left", "right")
    ]
    make_screen(ana, "2026-08-24", [*balanced, {"test": "beighton", "value": 2}])
    training_builders.weeks_of_running(ana, weeks=7, cadence_spm=164.0)


def _build(ana: Runner) -> None:
    _technique(ana)
    GateOverride.objects.create(
        runner=ana, date=TODAY - DAY, verdict="lock", reason="form first", created_by=None
    )


HISTORIES = {
    "screen_needed": _screen_needed,
    "foundation": _foundation,
    "stop": _stop,
    "technique": _technique,
    "build": _build,
}


@pytest.mark.parametrize("phase", sorted(HISTORIES))
def test_the_answer_in_every_phase_validates_against_the_schema_unchanged(
    login: Any, ana: Runner, phase: str
) -> None:
    HISTORIES[phase](ana)
    response = advice(login(ana.user))
    body = response.json()
    parsed = AdviceOut.model_validate(body)
    assert parsed.phase == body["phase"] == phase
    assert parsed.model_dump(mode="json", exclude_unset=True) == body
    # the API serves the core's dict as is: same keys, same order, an int stays an int
    assert json.dumps(body) == json.dumps(advice_dict(advice_for(ana)))


def test_a_dose_has_reps_or_seconds_never_both_nor_neither() -> None:
    dose = {"id": "calf_raise", "sets": 3, "side": "both"}
    assert DoseOut.model_validate(dose | {"reps": 12}).seconds is None
    assert DoseOut.model_validate(dose | {"seconds": 30}).reps is None
    for wrong in (dose, dose | {"reps": 12, "seconds": 30}):
        with pytest.raises(ValidationError, match="exactly one"):
            DoseOut.model_validate(wrong)
