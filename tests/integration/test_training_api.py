"""The training API: runs with their pain, the next-morning pain, strength sessions.

Who may do what is one table (anonymous, the coach, another coach, the runner themself, another
runner); bad input is another: each case answers 422 naming its field, and nothing stored changes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from insideout.people.models import Runner
from insideout.training import services
from insideout.training.models import Run, StrengthSession
from tests.integration.access import ACTORS
from tests.integration.access import actor_user as _user
from tests.integration.access import send_json as _send

TODAY = dt.date(2026, 10, 14)
YESTERDAY = TODAY - dt.timedelta(days=1)

RUN = {
    "date": "2026-10-13",
    "distance_km": 5.0,
    "duration_min": 31,
    "rpe": 4,
    "pain_during": 0,
    "pain_after": 1,
    "pain_site": "knee",
    "pain_side": "left",
    "red_flags": [],
    "cadence_spm": 164,
}


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services, "today", lambda: TODAY)


def counts() -> tuple[int, int, list[tuple[Any, ...]]]:
    """How many runs and sessions are stored, and every run's values (bad input changes none)."""
    rows = list(Run.objects.order_by("id").values_list())
    return Run.objects.count(), StrengthSession.objects.count(), rows


def _run(runner: Runner, **fields: Any) -> Run:
    values = {
        "date": YESTERDAY,
        "distance_km": 5.0,
        "duration_min": 31.0,
        "rpe": 4.0,
        "pain_during": 0.0,
        "pain_after": 0.0,
    }
    return Run.objects.create(runner=runner, **(values | fields))


# --- logging and reading -----------------------------------------------------------------------


def test_a_logged_run_is_stored_and_read_back(login: Any, ana: Runner) -> None:
    client = login(ana.user)
    response = _send(client, "post", "/api/runners/ana/runs", RUN)
    assert response.status_code == 201
    body = response.json()
    assert (body["date"], body["distance_km"], body["pain_after"]) == ("2026-10-13", 5.0, 1.0)
    assert body["pain_next_morning"] is None
    assert body["load"] == 4 * 31
    run = Run.objects.get()
    assert (run.pain_site, run.pain_side, run.cadence_spm, run.created_by) == (
        "knee",
        "left",
        164.0,
        ana.user,
    )
    listed = client.get("/api/runners/ana/runs").json()
    assert [r["id"] for r in listed] == [run.pk]


def test_pain_not_given_stays_not_said_and_the_morning_is_asked_later(
    login: Any, ana: Runner
) -> None:
    body = {"date": "2026-10-14", "distance_km": 3, "duration_min": 20, "rpe": 3}
    response = _send(login(ana.coach.user), "post", "/api/runners/ana/runs", body)
    assert response.status_code == 201
    out = response.json()
    assert (out["pain_during"], out["pain_after"], out["pain_next_morning"]) == (None, None, None)
    stored = Run.objects.get()
    assert (stored.pain_during, stored.pain_after) == (None, None)


def test_runs_are_listed_newest_first(login: Any, ana: Runner) -> None:
    _run(ana, date=dt.date(2026, 10, 1))
    _run(ana, date=dt.date(2026, 10, 10))
    listed = login(ana.user).get("/api/runners/ana/runs").json()
    assert [r["date"] for r in listed] == ["2026-10-10", "2026-10-01"]


def test_the_next_morning_pain_is_added_to_a_run(login: Any, ana: Runner) -> None:
    run = _run(ana)
    response = _send(
        login(ana.user), "patch", f"/api/runners/ana/runs/{run.pk}", {"pain_next_morning": 2}
    )
    assert response.status_code == 200
    assert response.json()["pain_next_morning"] == 2
    run.refresh_from_db()
    assert run.pain_next_morning == 2


def test_a_strength_session_is_logged_and_listed(login: Any, ana: Runner) -> None:
    client = login(ana.user)
    response = _send(client, "post", "/api/runners/ana/strength", {"date": "2026-10-14"})
    assert response.status_code == 201
    assert response.json()["completed"] is True
    assert [s["date"] for s in client.get("/api/runners/ana/strength").json()] == ["2026-10-14"]


# --- who may do what ---------------------------------------------------------------------------

STRENGTH = {"date": "2026-10-14", "completed": True}
TABLE: list[tuple[str, str, dict[str, Any] | None, tuple[int, ...]]] = [
    ("get", "/api/runners/ana/runs", None, (401, 200, 404, 200, 404)),
    ("post", "/api/runners/ana/runs", RUN, (401, 201, 404, 201, 404)),
    ("patch", "/api/runners/ana/runs/{run}", {"pain_next_morning": 1}, (401, 200, 404, 200, 404)),
    ("get", "/api/runners/ana/strength", None, (401, 200, 404, 200, 404)),
    ("post", "/api/runners/ana/strength", STRENGTH, (401, 201, 404, 201, 404)),
    ("get", "/api/runners/zoe/runs", None, (401, 404, 200, 404, 404)),
    ("post", "/api/runners/zoe/runs", RUN, (401, 404, 201, 404, 404)),
]
CASES = [
    pytest.param(method, path, body, actor, status, id=f"{method} {path} as {actor}")
    for method, path, body, statuses in TABLE
    for actor, status in zip(ACTORS, statuses, strict=True)
]


@pytest.mark.parametrize(("method", "path", "body", "actor", "status"), CASES)
def test_access(
    login: Any,
    ana: Runner,
    ben: Runner,
    zoe: Runner,
    method: str,
    path: str,
    body: dict[str, Any] | None,
    actor: str,
    status: int,
) -> None:
    run = _run(ana, date=dt.date(2026, 10, 1))
    client = login(_user(actor, ana, ben, zoe))
    path = path.format(run=run.pk)
    before = counts()
    if body is None:
        response = client.get(path)
    else:
        response = _send(client, method, path, body)
    assert response.status_code == status
    if status >= 400:
        assert counts() == before


def test_a_run_of_another_runner_is_not_there(login: Any, ana: Runner, ben: Runner) -> None:
    bens = _run(ben)
    response = _send(
        login(ana.coach.user), "patch", f"/api/runners/ana/runs/{bens.pk}", {"pain_next_morning": 1}
    )
    assert response.status_code == 404


# --- bad input ---------------------------------------------------------------------------------

BAD_RUNS: list[tuple[str, dict[str, Any] | str, str]] = [
    ("negative distance", RUN | {"distance_km": -1}, "distance_km"),
    ("negative duration", RUN | {"duration_min": -5}, "duration_min"),
    ("distance as text", RUN | {"distance_km": "five"}, "distance_km"),
    ("missing distance", {k: v for k, v in RUN.items() if k != "distance_km"}, "distance_km"),
    ("rpe above 10", RUN | {"rpe": 11}, "rpe"),
    ("rpe below 0", RUN | {"rpe": -1}, "rpe"),
    ("pain during above 10", RUN | {"pain_during": 10.5}, "pain_during"),
    ("pain after below 0", RUN | {"pain_after": -1}, "pain_after"),
    ("pain next morning above 10", RUN | {"pain_next_morning": 12}, "pain_next_morning"),
    ("unknown red flag", RUN | {"red_flags": ["night_pain", "sore_toe"]}, "red_flags[1]"),
    ("red flags not a list", RUN | {"red_flags": "night_pain"}, "red_flags"),
    ("unknown pain site", RUN | {"pain_site": "elbow"}, "pain_site"),
    ("unknown side", RUN | {"pain_side": "middle"}, "pain_side"),
    ("date in the future", RUN | {"date": "2026-10-15"}, "date"),
    ("malformed date", RUN | {"date": "13/10/2026"}, "date"),
    ("impossible date", RUN | {"date": "2026-02-30"}, "date"),
    ("duplicate run", RUN | {"date": "2026-10-01"}, "date"),
    ("unexpected field", RUN | {"pace": 6}, "(input)"),
    ("not an object", [RUN], "(input)"),
]


@pytest.mark.parametrize(
    ("body", "field"), [pytest.param(b, f, id=name) for name, b, f in BAD_RUNS]
)
def test_a_bad_run_answers_422_naming_the_field_and_changes_nothing(
    login: Any, ana: Runner, body: dict[str, Any] | str, field: str
) -> None:
    _run(ana, date=dt.date(2026, 10, 1))
    before = counts()
    response = _send(login(ana.user), "post", "/api/runners/ana/runs", body)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert field in [d["field"] for d in detail], detail
    assert counts() == before


def test_a_duplicate_run_says_it_is_a_duplicate(login: Any, ana: Runner) -> None:
    client = login(ana.user)
    assert _send(client, "post", "/api/runners/ana/runs", RUN).status_code == 201
    response = _send(client, "post", "/api/runners/ana/runs", RUN)
    assert response.status_code == 422
    assert "duplicate run" in response.json()["detail"][0]["msg"]
    assert Run.objects.count() == 1


def test_a_run_logged_today_is_not_in_the_future(login: Any, ana: Runner) -> None:
    body = RUN | {"date": TODAY.isoformat()}
    assert _send(login(ana.user), "post", "/api/runners/ana/runs", body).status_code == 201


# The PATCH of a run corrects any of its fields (tests/integration/test_edit_log.py); the
# next-morning answers are one use of it.
BAD_MORNINGS: list[tuple[str, object, str]] = [
    ("pain above 10", {"pain_next_morning": 11}, "pain_next_morning"),
    ("pain below 0", {"pain_next_morning": -1}, "pain_next_morning"),
    ("pain as text", {"pain_next_morning": "bad"}, "pain_next_morning"),
    ("unknown red flag", {"red_flags": ["sore_toe"]}, "red_flags[0]"),
    ("distance beyond its bound", {"distance_km": 900}, "distance_km"),
    ("an unknown field", {"pace": 6}, "(input)"),
    ("not an object", [1], "(input)"),
]


@pytest.mark.parametrize(
    ("body", "field"), [pytest.param(b, f, id=name) for name, b, f in BAD_MORNINGS]
)
def test_a_bad_morning_answer_answers_422_and_changes_nothing(
    login: Any, ana: Runner, body: object, field: str
) -> None:
    run = _run(ana)
    before = counts()
    response = _send(login(ana.user), "patch", f"/api/runners/ana/runs/{run.pk}", body)
    assert response.status_code == 422
    assert field in [d["field"] for d in response.json()["detail"]]
    assert counts() == before


BAD_STRENGTH: list[tuple[str, object, str]] = [
    ("date in the future", {"date": "2026-10-15"}, "date"),
    ("malformed date", {"date": "yesterday"}, "date"),
    ("missing date", {"completed": True}, "date"),
    ("completed not a boolean", {"date": "2026-10-14", "completed": "yes"}, "completed"),
    ("unexpected field", {"date": "2026-10-14", "sets": 3}, "(input)"),
]


@pytest.mark.parametrize(
    ("body", "field"), [pytest.param(b, f, id=name) for name, b, f in BAD_STRENGTH]
)
def test_a_bad_strength_session_answers_422_and_changes_nothing(
    login: Any, ana: Runner, body: object, field: str
) -> None:
    before = counts()
    response = _send(login(ana.user), "post", "/api/runners/ana/strength", body)
    assert response.status_code == 422
    assert field in [d["field"] for d in response.json()["detail"]]
    assert counts() == before
