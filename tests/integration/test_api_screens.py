"""The screens API: recording a screen, reading it, the profile, and bad input changing nothing."""

from __future__ import annotations

import json
from typing import Any

import pytest

from insideout.people.models import Runner
from insideout.screening.models import Screen
from tests.integration.conftest import KTW_RESTRICTED_LEFT, counts, make_screen


def _post(client: Any, body: object, handle: str = "ana") -> Any:
    raw = body if isinstance(body, str) else json.dumps(body)
    return client.post(f"/api/runners/{handle}/screens", raw, content_type="application/json")


def _finding(profile: dict[str, Any], rule: str, side: str | None) -> dict[str, Any]:
    return next(f for f in profile["findings"] if f["rule"] == rule and f["side"] == side)


def _region(profile: dict[str, Any], region: str, side: str) -> dict[str, Any]:
    return next(r for r in profile["profile"] if r["region"] == region and r["side"] == side)


def test_a_recorded_screen_answers_with_its_profile(login: Any, ana: Runner) -> None:
    response = _post(login(ana.coach.user), {"date": "2026-09-14", "measures": KTW_RESTRICTED_LEFT})
    assert response.status_code == 201
    profile = response.json()["profile"]
    finding = _finding(profile, "knee_to_wall.restricted", "left")
    assert (finding["value"], finding["threshold"], finding["kind"]) == (7.5, 10.0, "mobility")
    assert finding["evidence"].startswith("EV-")
    assert _region(profile, "foot_ankle", "left")["need"] == "mobility"
    assert profile["hypermobile"] is False


def test_a_recorded_screen_stores_every_measure_with_its_side(login: Any, ana: Runner) -> None:
    _post(login(ana.coach.user), {"date": "2026-09-14", "measures": KTW_RESTRICTED_LEFT})
    screen = Screen.objects.get()
    stored = sorted((m.test, m.side, m.value, m.pain) for m in screen.measures.all())
    assert stored == [
        ("beighton", "", 2.0, False),
        ("knee_to_wall", "left", 7.5, False),
        ("knee_to_wall", "right", 11.0, False),
    ]
    assert screen.created_by == ana.coach.user


def test_a_screen_reads_back_with_its_measures(login: Any, ana_screen: Screen) -> None:
    client = login(ana_screen.runner.coach.user)
    body = client.get(f"/api/runners/ana/screens/{ana_screen.pk}").json()
    assert body["date"] == "2026-09-14"
    assert {"test": "beighton", "side": None, "value": 2.0, "pain": False} in body["measures"]
    assert body["profile"]["date"] == "2026-09-14"


def test_screens_are_listed_newest_first(login: Any, ana: Runner) -> None:
    make_screen(ana, "2026-09-14", KTW_RESTRICTED_LEFT)
    make_screen(ana, "2026-10-26", KTW_RESTRICTED_LEFT)
    listed = login(ana.coach.user).get("/api/runners/ana/screens").json()
    assert [s["date"] for s in listed] == ["2026-10-26", "2026-09-14"]


def test_the_profile_is_the_latest_screen_with_changes_since_the_one_before(
    login: Any, ana: Runner
) -> None:
    make_screen(ana, "2026-09-14", KTW_RESTRICTED_LEFT)
    later = [
        {"test": "knee_to_wall", "side": "left", "value": 10.5},
        {"test": "knee_to_wall", "side": "right", "value": 11.0},
    ]
    make_screen(ana, "2026-10-26", later)
    profile = login(ana.user).get("/api/runners/ana/profile").json()
    change = next(c for c in profile["changes"] if c["rule"] == "knee_to_wall.restricted")
    assert profile["date"] == "2026-10-26"
    assert (change["before"], change["after"], change["verdict"]) == (7.5, 10.5, "improved")
    assert "improved" in change["text"]


def test_the_first_screen_has_no_changes(login: Any, ana_screen: Screen) -> None:
    profile = login(ana_screen.runner.user).get("/api/runners/ana/profile").json()
    assert profile["changes"] is None


def test_a_runner_without_a_screen_has_no_profile(login: Any, ana: Runner) -> None:
    response = login(ana.coach.user).get("/api/runners/ana/profile")
    assert response.status_code == 404


def test_a_hypermobile_runner_is_reported_as_such(login: Any, ana: Runner) -> None:
    body = {"date": "2026-09-14", "measures": [{"test": "beighton", "value": 6}]}
    profile = _post(login(ana.coach.user), body).json()["profile"]
    assert profile["hypermobile"] is True
    assert _finding(profile, "beighton.hypermobile", None)["value"] == 6


KTW = {"test": "knee_to_wall", "side": "left", "value": 8}

BAD_INPUT = [
    (
        "unknown test",
        {"date": "2026-09-14", "measures": [{"test": "toe_touch", "value": 3}]},
        "measures[0].test",
        "toe_touch",
    ),
    (
        "wrong type",
        {"date": "2026-09-14", "measures": [KTW | {"value": "eight"}]},
        "measures[0].value",
        "0 to 25 cm",
    ),
    (
        "out of range",
        {"date": "2026-09-14", "measures": [KTW | {"value": 400}]},
        "measures[0].value",
        "0 to 25 cm",
    ),
    (
        "side on a whole-body test",
        {"date": "2026-09-14", "measures": [{"test": "beighton", "side": "left", "value": 2}]},
        "measures[0].side",
        "whole-body",
    ),
    (
        "missing side",
        {"date": "2026-09-14", "measures": [{"test": "knee_to_wall", "value": 8}]},
        "measures[0].side",
        "per side",
    ),
    ("malformed date", {"date": "14/09/2026", "measures": [KTW]}, "date", "YYYY-MM-DD"),
    ("missing date", {"measures": [KTW]}, "date", "missing"),
    (
        "duplicate measure",
        {"date": "2026-09-14", "measures": [KTW, KTW]},
        "measures[1]",
        "duplicate",
    ),
    (
        "derived test",
        {
            "date": "2026-09-14",
            "measures": [{"test": "y_balance_composite", "side": "left", "value": 90}],
        },
        "measures[0].test",
        "computed",
    ),
    (
        "pain not a boolean",
        {"date": "2026-09-14", "measures": [KTW | {"pain": "yes"}]},
        "measures[0].pain",
        "true or false",
    ),
    ("measures not a list", {"date": "2026-09-14", "measures": "knee_to_wall"}, "measures", "list"),
    ("not an object", "[1, 2]", "body", "object"),
]


@pytest.mark.parametrize(
    ("body", "field", "says"),
    [pytest.param(body, field, says, id=name) for name, body, field, says in BAD_INPUT],
)
def test_bad_input_answers_422_naming_the_field_and_stores_nothing(
    login: Any, ana_screen: Screen, body: object, field: str, says: str
) -> None:
    before = counts()
    response = _post(login(ana_screen.runner.coach.user), body)
    detail = response.json()["detail"]
    assert response.status_code == 422
    assert field in [d["field"] for d in detail]
    assert any(says in d["msg"] for d in detail if d["field"] == field)
    assert counts() == before


def test_every_problem_in_a_screen_is_reported_at_once(login: Any, ana: Runner) -> None:
    body = {"date": "soon", "measures": [KTW | {"value": 99}, {"test": "nope", "value": 1}]}
    detail = _post(login(ana.coach.user), body).json()["detail"]
    assert [d["field"] for d in detail] == ["date", "measures[0].value", "measures[1].test"]
