"""The screening tests added from evidence.md (hip abductor strength §1.14, the knee-to-wall angle
§1.1, the triple, crossover and timed hops §1.11) reach the guided screen and the API from the
catalogue, with no change to either."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.urls import reverse

from insideout.catalogue import load_catalogue
from insideout.people.models import Runner
from insideout.screening.models import Screen

NEW = ["hip_abductor_strength", "knee_to_wall_angle", "triple_hop", "crossover_hop", "timed_hop"]
STEPS = [t.id for t in load_catalogue().enterable]


def _step(screen: Screen, test: str) -> str:
    return reverse("screening:step", args=[screen.runner.handle, screen.pk, test])


@pytest.mark.parametrize("test_id", NEW)
def test_the_guided_screen_shows_and_stores_each_new_test(
    login: Any, ana: Runner, test_id: str
) -> None:
    client = login(ana.coach.user)
    screen = Screen.objects.create(runner=ana, date="2026-10-01", created_by=ana.coach.user)
    test = load_catalogue().tests[test_id]
    page = client.get(_step(screen, test_id)).content.decode()
    assert test.name in page and test.unit in page
    assert page.count("<li>") >= len(test.protocol)
    left = {"hip_abductor_strength": "1,04", "knee_to_wall_angle": "38,5", "timed_hop": "2,3"}
    right = {"hip_abductor_strength": "1.5", "knee_to_wall_angle": "45", "timed_hop": "2.5"}
    data = {"left": left.get(test_id, "410"), "right": right.get(test_id, "450"), "action": "save"}
    response = client.post(_step(screen, test_id), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response.url == _step(screen, STEPS[STEPS.index(test_id) + 1])
    assert {m.test for m in screen.measures.all()} == {test_id}


def _post(client: Any, body: object) -> Any:
    return client.post(
        "/api/runners/ana/screens", json.dumps(body), content_type="application/json"
    )


def _region(profile: dict[str, Any], region: str, side: str) -> dict[str, Any]:
    return next(r for r in profile["profile"] if r["region"] == region and r["side"] == side)


def test_a_screen_in_degrees_judges_the_ankle_through_the_api(login: Any, ana: Runner) -> None:
    measures = [
        {"test": "calf_raise", "side": s, "value": 25} for s in ("left", "right")
    ] + [
        {"test": "knee_to_wall_angle", "side": "left", "value": 36.4},
        {"test": "knee_to_wall_angle", "side": "right", "value": 45},
    ]  # fmt: skip
    response = _post(login(ana.coach.user), {"date": "2026-09-14", "measures": measures})
    assert response.status_code == 201, response.content
    profile = response.json()["profile"]
    left, right = _region(profile, "foot_ankle", "left"), _region(profile, "foot_ankle", "right")
    assert (left["need"], right["need"]) == ("mobility", "none")
    assert right["missing"] == [] and "knee_to_wall" not in profile["missing"]
    (f,) = [f for f in profile["findings"] if f["rule"] == "knee_to_wall_angle.restricted"]
    assert (f["side"], f["value"], f["threshold"], f["evidence"]) == (
        "left",
        36.4,
        36.5,
        "EV-KTW-CUT-DEG",
    )


def test_a_painful_triple_hop_through_the_api_is_a_warning_sign(login: Any, ana: Runner) -> None:
    measures = [
        {"test": "triple_hop", "side": "left", "value": 400, "pain": True},
        {"test": "triple_hop", "side": "right", "value": 450},
    ]
    response = _post(login(ana.coach.user), {"date": "2026-09-14", "measures": measures})
    assert response.status_code == 201, response.content
    body = json.dumps(response.json())
    assert "triple_hop.pain" in body and "triple_hop.asymmetry" not in body
