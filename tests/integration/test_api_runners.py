"""The runners API: listing, adding and reading runners, and its OpenAPI document."""

from __future__ import annotations

import json
from typing import Any

import pytest

from insideout.people.models import Coach, Runner
from tests.integration.conftest import make_screen


def _post(client: Any, path: str, body: object) -> Any:
    return client.post(path, json.dumps(body), content_type="application/json")


def test_a_coach_adds_a_runner_and_reads_it_back(login: Any, coach: Coach) -> None:
    client = login(coach.user)
    body = {"handle": "dana", "name": "Dana Lee", "sex": "female", "birth_year": 1992}
    created = _post(client, "/api/runners", body)
    read = client.get("/api/runners/dana")
    expected = body | {"time_zone": "UTC", "coach": coach.name, "latest_screen": None}
    assert (created.status_code, created.json(), read.json()) == (201, expected, expected)


def test_a_runner_shows_the_date_of_their_latest_screen(login: Any, ana: Runner) -> None:
    make_screen(ana, "2026-09-14", [{"test": "beighton", "value": 2}])
    make_screen(ana, "2026-10-26", [{"test": "beighton", "value": 2}])
    listed = login(ana.coach.user).get("/api/runners").json()
    assert listed[0]["latest_screen"] == "2026-10-26"


def test_a_handle_already_used_by_the_coach_is_refused_naming_the_handle(
    login: Any, ana: Runner
) -> None:
    response = _post(login(ana.coach.user), "/api/runners", {"handle": "ana", "name": "Ana 2"})
    assert response.status_code == 422
    assert [d["field"] for d in response.json()["detail"]] == ["handle"]
    assert Runner.objects.count() == 1


def test_two_coaches_may_each_have_a_runner_with_the_same_handle(
    login: Any, ana: Runner, other_coach: Coach
) -> None:
    response = _post(login(other_coach.user), "/api/runners", {"handle": "ana", "name": "Ana B"})
    assert response.status_code == 201
    assert login(other_coach.user).get("/api/runners/ana").json()["name"] == "Ana B"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"handle": "Ana Ruiz", "name": "Ana"}, "handle"),
        ({"handle": "new", "name": "Ana"}, "handle"),
        ({"handle": "ana"}, "name"),
        ({"handle": "ana", "name": "Ana", "sex": "other"}, "sex"),
        ({"handle": "ana", "name": "Ana", "birth_year": 1800}, "birth_year"),
    ],
)
def test_a_bad_runner_is_refused_naming_the_field(
    login: Any, coach: Coach, body: dict[str, object], field: str
) -> None:
    response = _post(login(coach.user), "/api/runners", body)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert [d["field"] for d in detail] == [field]  # the same shape as the core's input errors
    assert all(d["msg"] for d in detail)
    assert Runner.objects.count() == 0


def test_the_openapi_document_lists_the_runner_screen_and_profile_paths(client: Any) -> None:
    doc = client.get("/api/openapi.json").json()
    assert {
        "/api/runners",
        "/api/runners/{handle}",
        "/api/runners/{handle}/screens",
        "/api/runners/{handle}/screens/{screen_id}",
        "/api/runners/{handle}/profile",
    } <= set(doc["paths"])
    body = doc["paths"]["/api/runners/{handle}/screens"]["post"]["requestBody"]
    schema = body["content"]["application/json"]["schema"]
    assert set(schema["properties"]) == {"date", "measures"}
    assert set(schema["properties"]["measures"]["items"]["properties"]) == {
        "test",
        "side",
        "value",
        "pain",
    }


def test_the_api_documentation_page_is_served(client: Any) -> None:
    assert client.get("/api/docs").status_code == 200
