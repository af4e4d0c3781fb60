"""A refused request changes nothing stored, and every API error answers one JSON shape.

Every write endpoint of the API and every form is sent something it must refuse: a wrong value
(422), a body that is not JSON or is nested 100,000 brackets deep (400, never a 500), a body over
``DATA_UPLOAD_MAX_MEMORY_SIZE`` (413, JSON, not Django's HTML page). Each answer is
``{"detail": [{"loc", "field", "msg", "source"}, ...]}``, and every stored row is the same after
as before (counted and compared value for value, the runners' ``data_version`` included).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from insideout.people.models import Coach, Runner
from insideout.screening.models import Measure, Screen
from insideout.training import services
from insideout.training.models import Clearance, GateOverride, PainReport, Run, StrengthSession
from tests.integration.access import send_json

TODAY = dt.date(2026, 10, 14)
MODELS = [
    get_user_model(),
    Coach,
    Runner,
    Screen,
    Measure,
    Run,
    StrengthSession,
    PainReport,
    GateOverride,
    Clearance,
]


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services, "today", lambda: TODAY)


def stored() -> list[list[dict[str, Any]]]:
    """Every stored row of every model, value for value."""
    return [list(model.objects.order_by("pk").values()) for model in MODELS]


@pytest.fixture
def logged(ana: Runner) -> Run:
    return Run.objects.create(runner=ana, date=TODAY, distance_km=5, duration_min=30)


# (method, path, a body with wrong values); {run} is the id of a logged run.
WRITES = [
    ("post", "/api/runners", {"handle": "Bad Handle!", "name": ""}),
    ("post", "/api/runners/ana/screens", {"date": "soon", "measures": [{"test": "nope"}]}),
    ("post", "/api/runners/ana/runs", {"date": "2026-10-13", "distance_km": -1, "pain_after": 11}),
    ("patch", "/api/runners/ana/runs/{run}", {"pain_next_morning": 11, "red_flags": ["nope"]}),
    ("post", "/api/runners/ana/pain", {"date": "2026-10-13", "pain": 12, "site": "elbow"}),
    ("post", "/api/runners/ana/strength", {"date": "2026-10-20", "completed": "yes"}),
    ("patch", "/api/runners/ana/settings", {"weekly_increase_pct": 80}),
    ("post", "/api/runners/ana/overrides", {"date": "2026-10-13", "verdict": "maybe"}),
    ("post", "/api/runners/ana/clearances", {"date": "2026-10-13", "by": "coach", "reason": ""}),
]
WRITES += [(m, p.replace("/api/", "/api/v1/", 1), body) for m, p, body in WRITES]  # API v1 too
NESTED = "[" * 100_000
NESTED_OBJECTS = '{"a": ' * 50_000
DEEP_BUT_DECODABLE = "[" * 40 + "]" * 40
BROKEN = '{"date": '


def _cases(bodies: list[tuple[str, object, int]]) -> list[Any]:
    return [
        pytest.param(method, path, body, status, id=f"{method} {path} {name}")
        for method, path, good_shape in WRITES
        for name, body, status in [(n, good_shape if b is None else b, s) for n, b, s in bodies]
    ]


def _assert_one_error_shape(response: Any, status: int) -> list[dict[str, Any]]:
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    detail = response.json()["detail"]
    assert isinstance(detail, list) and detail
    for issue in detail:
        assert set(issue) == {"loc", "field", "msg", "source"}
        assert issue["msg"]
    return detail


@pytest.mark.parametrize(
    ("method", "path", "body", "status"),
    _cases(
        [
            ("wrong values", None, 422),
            ("not JSON", BROKEN, 400),
            ("100,000 nested brackets", NESTED, 400),
            ("50,000 nested objects", NESTED_OBJECTS, 400),
            ("40 nested lists", DEEP_BUT_DECODABLE, 400),
        ]
    ),
)
def test_a_refused_api_request_answers_one_json_shape_and_changes_nothing(
    client: Any, ana: Runner, logged: Run, method: str, path: str, body: object, status: int
) -> None:
    client.force_login(ana.coach.user)
    before = stored()
    response = send_json(client, method, path.format(run=logged.pk), body)
    detail = _assert_one_error_shape(response, status)
    if status == 400:
        assert detail[0]["field"] == "body"
    assert stored() == before


@pytest.mark.parametrize(
    ("method", "path", "shape"), WRITES, ids=[f"{m} {p}" for m, p, _ in WRITES]
)
def test_a_body_over_the_size_limit_answers_413_json_and_changes_nothing(
    client: Any, ana: Runner, logged: Run, settings: Any, method: str, path: str, shape: object
) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client.force_login(ana.coach.user)
    before = stored()
    body = {"date": "2026-10-13", "reason": "x" * 2000}
    response = send_json(client, method, path.format(run=logged.pk), body)
    detail = _assert_one_error_shape(response, 413)
    assert "at most 1000 bytes" in detail[0]["msg"]
    assert stored() == before


@pytest.mark.parametrize(
    ("user", "method", "path", "status"),
    [
        ("nobody", "get", "/api/runners/ana", 401),
        ("coach", "get", "/api/runners/nobody", 404),
        ("coach", "get", "/api/runners/ana/profile", 404),
        ("runner", "post", "/api/runners/ana/overrides", 403),
        ("runner", "post", "/api/runners", 403),
        ("nobody", "get", "/api/v1/runners/ana", 401),
        ("coach", "get", "/api/v1/runners/nobody", 404),
        ("runner", "post", "/api/v1/runners/ana/overrides", 403),
        ("runner", "post", "/api/v1/runners", 403),
    ],
)
def test_not_allowed_and_not_found_answer_the_same_json_shape(
    client: Any, ana: Runner, user: str, method: str, path: str, status: int
) -> None:
    who = {"nobody": None, "coach": ana.coach.user, "runner": ana.user}[user]
    if who is not None:
        client.force_login(who)
    body = {"date": "2026-10-13", "verdict": "unlock", "reason": "ok"}
    if path.endswith("/runners"):
        body = {"handle": "zed", "name": "Zed"}
    before = stored()
    _assert_one_error_shape(send_json(client, method, path, body), status)
    assert stored() == before


# (page, a form with wrong values in several fields) — a form may be refused; nothing stored.
FORMS = [
    ("/runners/ana/runs/new/", {"date": "2026-10-20", "distance_km": "far", "pain_after": "11"}),
    ("/runners/ana/runs/{run}/morning/", {"pain_next_morning": "12"}),
    ("/runners/ana/pain/new/", {"date": "soon", "pain": "-1", "site": "elbow"}),
    ("/runners/ana/settings/", {"weekly_increase_pct": "31"}),
    ("/runners/ana/overrides/new/", {"date": "2026-10-20", "verdict": "maybe", "reason": ""}),
    ("/runners/ana/clearances/new/", {"date": "x", "by": "coach", "reason": " "}),
    ("/runners/new/", {"name": "", "handle": "Bad Handle!", "birth_year": "17,5"}),
]


@pytest.mark.parametrize(("page", "form"), FORMS, ids=[p for p, _ in FORMS])
def test_a_refused_form_is_shown_again_and_changes_nothing(
    client: Any, ana: Runner, logged: Run, page: str, form: dict[str, str]
) -> None:
    client.force_login(ana.coach.user)
    Run.objects.filter(pk=logged.pk).update(date=TODAY - dt.timedelta(days=1))
    before = stored()
    response = client.post(page.format(run=logged.pk), form)
    assert response.status_code in (200, 422)
    assert response.context["form"].errors
    assert stored() == before
