"""Where a runner lives (``Runner.time_zone``): an IANA name, the deployment's default unless set,
set when the runner is added (form and API) and changed by their coach (API, admin)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from insideout.people.models import Coach, Runner
from tests.integration.conftest import make_runner


def _send(client: Any, method: str, path: str, body: object) -> Any:
    return getattr(client, method)(path, json.dumps(body), content_type="application/json")


def test_a_new_runner_lives_in_the_deployments_default_zone(coach: Coach, settings: Any) -> None:
    assert make_runner(coach, "ana").time_zone == "UTC"
    settings.INSIDEOUT_DEFAULT_TIME_ZONE = "Europe/Madrid"
    assert make_runner(coach, "ben").time_zone == "Europe/Madrid"


@pytest.mark.parametrize("zone", ["Mars/Olympus_Mons", "localtime", "", "+11:00"])
def test_a_zone_that_names_no_place_is_refused(ana: Runner, zone: str) -> None:
    ana.time_zone = zone
    with pytest.raises(ValidationError, match="time_zone"):
        ana.full_clean()


def test_a_coach_adds_a_runner_in_sydney_through_the_api(login: Any, coach: Coach) -> None:
    body = {"handle": "kim", "name": "Kim", "time_zone": "Australia/Sydney"}
    response = _send(login(coach.user), "post", "/api/runners", body)
    assert (response.status_code, response.json()["time_zone"]) == (201, "Australia/Sydney")
    assert Runner.objects.get(handle="kim").time_zone == "Australia/Sydney"


def test_a_bad_zone_through_the_api_is_refused_naming_the_field(login: Any, coach: Coach) -> None:
    body = {"handle": "kim", "name": "Kim", "time_zone": "Sydney"}
    response = _send(login(coach.user), "post", "/api/runners", body)
    assert response.status_code == 422
    assert [d["field"] for d in response.json()["detail"]] == ["time_zone"]
    assert "IANA" in response.json()["detail"][0]["msg"]
    assert not Runner.objects.exists()


def test_the_coach_moves_a_runner_to_another_zone(login: Any, ana: Runner) -> None:
    client = login(ana.coach.user)
    response = _send(client, "patch", "/api/runners/ana", {"time_zone": "America/New_York"})
    assert (response.status_code, response.json()["time_zone"]) == (200, "America/New_York")
    ana.refresh_from_db()
    assert ana.time_zone == "America/New_York"
    refused = _send(client, "patch", "/api/runners/ana", {"time_zone": "New York"})
    assert [d["field"] for d in refused.json()["detail"]] == ["time_zone"]
    ana.refresh_from_db()
    assert ana.time_zone == "America/New_York"


def test_only_the_coach_changes_the_zone(login: Any, ana: Runner, zoe: Runner) -> None:
    own = _send(login(ana.user), "patch", "/api/runners/ana", {"time_zone": "Asia/Tokyo"})
    other = _send(login(zoe.coach.user), "patch", "/api/runners/ana", {"time_zone": "Asia/Tokyo"})
    assert (own.status_code, other.status_code) == (403, 404)
    ana.refresh_from_db()
    assert ana.time_zone == "UTC"


def test_the_add_runner_form_offers_the_zones_and_keeps_the_one_chosen(
    login: Any, coach: Coach
) -> None:
    client = login(coach.user)
    page = client.get("/runners/new/").content.decode()
    assert '<option value="Australia/Sydney">' in page
    data = {"name": "Kim", "handle": "kim", "sex": "female", "time_zone": "Australia/Sydney"}
    assert client.post("/runners/new/", data).url == "/runners/kim/"
    assert Runner.objects.get(handle="kim").time_zone == "Australia/Sydney"


def test_the_add_runner_form_left_without_a_zone_uses_the_default(login: Any, coach: Coach) -> None:
    data = {"name": "Kim", "handle": "kim", "sex": "female"}
    assert login(coach.user).post("/runners/new/", data).url == "/runners/kim/"
    assert Runner.objects.get(handle="kim").time_zone == "UTC"


def test_the_add_runner_form_refuses_a_zone_it_does_not_offer(login: Any, coach: Coach) -> None:
    data = {"name": "Kim", "handle": "kim", "sex": "female", "time_zone": "Atlantis/Main"}
    response = login(coach.user).post("/runners/new/", data)
    assert "Atlantis/Main is not one of the available choices" in response.content.decode()
    assert not Runner.objects.exists()
