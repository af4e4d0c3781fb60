"""The issue-12 guards through the API: an impossible run, a day the method cannot reason about, a
re-screen of one test, and pain in the hop test, answered as the core decides (and nothing stored
when refused)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from insideout.people.models import Runner
from insideout.training import services
from insideout.training.models import Run
from tests.advice_builders import BALANCED
from tests.integration.access import send_json
from tests.integration.conftest import make_screen

TODAY = dt.date(2026, 10, 14)

FULL = [
    {"test": t, "side": s, "value": v} for t, v in BALANCED.items() for s in ("left", "right")
] + [{"test": "beighton", "value": 6}]


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services, "today", lambda: TODAY)


@pytest.mark.parametrize(
    ("km", "minutes", "status"),
    [(500, 30, 422), (42.195, 120.5, 422), (42.195, 121, 201), (3, 130, 422), (5, 31, 201)],
)
def test_a_run_no_human_could_run_is_refused_and_nothing_is_stored(
    login: Any, ana: Runner, km: float, minutes: float, status: int
) -> None:
    """IO-RUN-PACE: faster than the world record allows, or slower than 2 km/h for hours."""
    body = {"date": "2026-10-13", "distance_km": km, "duration_min": minutes}
    before = list(Run.objects.values_list())
    response = send_json(login(ana.coach.user), "post", "/api/runners/ana/runs", body)
    assert response.status_code == status, response.content
    if status == 422:
        assert list(Run.objects.values_list()) == before
        assert any("impossible pace" in d["msg"] for d in response.json()["detail"])


@pytest.mark.parametrize("on", ["9999-12-31", "0001-01-01", "3000-01-01"])
def test_advice_on_a_day_outside_the_methods_calendar_is_a_422_not_a_crash(
    login: Any, ana: Runner, on: str
) -> None:
    response = login(ana.coach.user).get(f"/api/runners/ana/advice?on={on}")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["on"]


def test_a_re_screen_of_one_ankle_keeps_every_other_value_in_the_profile_and_advice(
    login: Any, ana: Runner
) -> None:
    """A coach re-tests one ankle: the profile keeps the latest value of every other test, each
    with its date; a hypermobile runner stays hypermobile."""
    make_screen(ana, "2026-09-14", FULL)
    client = login(ana.coach.user)
    ankle = [
        {"test": "knee_to_wall", "side": "left", "value": 12.5},
        {"test": "knee_to_wall", "side": "right", "value": 12.0},
    ]
    body = {"date": "2026-10-10", "measures": ankle}
    assert send_json(client, "post", "/api/runners/ana/screens", body).status_code == 201
    profile = client.get("/api/runners/ana/profile").json()
    assert profile["date"] == "2026-10-10" and profile["oldest"] == "2026-09-14"
    assert profile["hypermobile"] and profile["missing"] == []
    assert all(r["need"] != "unknown" for r in profile["profile"])
    carried = {(c["test"], c["side"]): c["date"] for c in profile["carried"]}
    assert carried[("beighton", None)] == "2026-09-14"
    assert ("knee_to_wall", "left") not in carried
    advice = client.get("/api/runners/ana/advice").json()
    assert advice["profile"]["hypermobile"] and advice["profile"]["missing"] == []


def test_pain_in_the_hop_test_of_a_screen_stops_running_through_the_api(
    login: Any, ana: Runner
) -> None:
    """EV-BSI-SIGNS ("pain with hopping"): the red flag on the screen's day, until cleared."""
    hop_pain = [m | {"pain": True} if m["test"] == "single_leg_hop" else m for m in FULL]
    make_screen(ana, "2026-10-01", hop_pain)
    client = login(ana.coach.user)
    advice = client.get("/api/runners/ana/advice").json()
    assert advice["phase"] == "stop" and advice["refer"] is not None
    assert any(d["rule"] == "red_flag.pain_hopping" for d in advice["decisions"])
    body = {"date": "2026-10-12", "by": "physiotherapist", "reason": "no bone stress injury"}
    assert send_json(client, "post", "/api/runners/ana/clearances", body).status_code == 201
    assert client.get("/api/runners/ana/advice").json()["phase"] != "stop"
