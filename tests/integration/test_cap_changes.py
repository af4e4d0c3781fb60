"""The coach's weekly-cap changes, recorded with who and why (issue 15, part 4; IO-CAP-CHANGE).

A cap that changes needs a reason of 3 to 500 characters, through the settings form and the API
alike (a form error or a 422 naming ``reason``; nothing changes); the change is written with the
runner's new cap in one transaction, listed newest first by the API and said on the runner's page
in the coach's decisions block ("Weekly cap set to 8% by Coach Coach on 2026-10-14: ...").
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory
from django.utils.html import escape

from insideout.catalogue.method import load_method
from insideout.core.records import REASON_MAX, REASON_MIN
from insideout.people.models import Runner
from insideout.training import services
from insideout.training.models import CapChange
from tests.integration.access import access_cases as _cases
from tests.integration.access import actor_user as _user
from tests.integration.access import send_json as _send

TODAY = dt.date(2026, 10, 14)
DEFAULT = load_method().plan.weekly_increase_pct.value
WHY = "returning after a calf strain"


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services, "today", lambda: TODAY)


def stored() -> tuple[list[Any], list[Any]]:
    """Every runner's cap and every recorded change (a refusal changes neither)."""
    caps = list(Runner.objects.order_by("id").values_list("handle", "weekly_increase_pct"))
    return caps, list(CapChange.objects.order_by("id").values_list())


def _patch(client: Any, body: Any, handle: str = "ana") -> Any:
    return _send(client, "patch", f"/api/runners/{handle}/settings", body)


# --- who may do what ---------------------------------------------------------------------------

TABLE: list[tuple[str, str, Any, tuple[int, ...]]] = [
    ("get", "/api/runners/ana/cap-changes", None, (401, 200, 404, 200, 404)),
    ("get", "/api/runners/zoe/cap-changes", None, (401, 404, 200, 404, 404)),
    ("get", "/api/runners/nobody/cap-changes", None, (401, 404, 404, 404, 404)),
]


@pytest.mark.parametrize(("method", "path", "body", "actor", "status"), _cases(TABLE))
def test_access(
    login: Any, ana: Runner, ben: Runner, zoe: Runner, method: str, path: str, body: Any,
    actor: str, status: int,
) -> None:  # fmt: skip
    response = login(_user(actor, ana, ben, zoe)).get(path)
    assert response.status_code == status


def test_only_the_coach_changes_the_cap_and_no_change_is_recorded_otherwise(
    login: Any, ana: Runner, zoe: Runner
) -> None:
    before = stored()
    body = {"weekly_increase_pct": 8, "reason": WHY}
    assert _patch(login(ana.user), body).status_code == 403
    assert _patch(login(zoe.coach.user), body).status_code == 404
    assert stored() == before


# --- recorded with who and why -------------------------------------------------------------------


def test_a_change_of_the_cap_is_recorded_with_who_when_from_what_and_why(
    login: Any, ana: Runner
) -> None:
    client = login(ana.coach.user)
    first = _patch(client, {"weekly_increase_pct": 8, "reason": WHY})
    second = _patch(client, {"weekly_increase_pct": None, "reason": "  healed: the default  "})
    assert (first.status_code, second.status_code) == (200, 200)
    ana.refresh_from_db()
    assert ana.weekly_increase_pct is None
    listed = client.get("/api/runners/ana/cap-changes").json()
    assert [(c["old_pct"], c["new_pct"], c["reason"], c["changed_by"]) for c in listed] == [
        (8.0, None, "healed: the default", "Coach Coach"),
        (None, 8.0, WHY, "Coach Coach"),
    ]
    assert listed[0]["changed_at"] >= listed[1]["changed_at"]
    assert CapChange.objects.filter(runner=ana, changed_by=ana.coach.user).count() == 2


def test_the_runner_page_says_who_changed_the_cap_when_and_why(login: Any, ana: Runner) -> None:
    client = login(ana.coach.user)
    assert _patch(client, {"weekly_increase_pct": 8, "reason": WHY}).status_code == 200
    assert _patch(client, {"weekly_increase_pct": None, "reason": "healed"}).status_code == 200
    day = CapChange.objects.latest("changed_at").changed_at.date().isoformat()
    page = login(ana.user).get("/runners/ana/").content.decode()
    block = page[page.index('id="coach-controls"') :]
    assert f"Weekly cap set to 8% by Coach Coach on {day}: {WHY}" in block
    assert f"Weekly cap set back to the default ({DEFAULT:g}%) by Coach Coach on {day}: healed" in (
        block
    )
    assert block.index("set back to the default") < block.index("set to 8%"), "newest first"


def test_the_same_cap_again_needs_no_reason_and_records_nothing(login: Any, ana: Runner) -> None:
    Runner.objects.filter(pk=ana.pk).update(weekly_increase_pct=8)
    before = stored()
    client = login(ana.coach.user)
    assert _patch(client, {"weekly_increase_pct": 8}).status_code == 200
    assert _patch(client, {}).status_code == 200
    assert stored() == before


def test_the_settings_form_records_the_change_with_its_reason(login: Any, ana: Runner) -> None:
    form = {"weekly_increase_pct": "8", "reason": WHY}
    response = login(ana.coach.user).post("/runners/ana/settings/", form)
    assert response.status_code == 302
    change = CapChange.objects.get()
    assert (change.old_pct, change.new_pct, change.reason, change.changed_by) == (
        None, 8.0, WHY, ana.coach.user,
    )  # fmt: skip
    ana.refresh_from_db()
    assert ana.weekly_increase_pct == 8


# --- the reason: required, 3 to 500 characters ---------------------------------------------------

BAD_REASONS: list[tuple[str, dict[str, Any]]] = [
    ("missing", {"weekly_increase_pct": 8}),
    ("null", {"weekly_increase_pct": 8, "reason": None}),
    ("blank", {"weekly_increase_pct": 8, "reason": "   "}),
    ("one too short", {"weekly_increase_pct": 8, "reason": "x" * (REASON_MIN - 1)}),
    ("one too long", {"weekly_increase_pct": 8, "reason": "x" * (REASON_MAX + 1)}),
    ("a number", {"weekly_increase_pct": 8, "reason": 42}),
    ("missing, back to the default", {"weekly_increase_pct": None}),
]


@pytest.mark.parametrize("body", [pytest.param(b, id=i) for i, b in BAD_REASONS])
def test_a_cap_change_without_a_fitting_reason_answers_422_naming_reason(
    login: Any, ana: Runner, body: dict[str, Any]
) -> None:
    if body["weekly_increase_pct"] is None:
        Runner.objects.filter(pk=ana.pk).update(weekly_increase_pct=8)
    before = stored()
    response = _patch(login(ana.coach.user), body)
    assert response.status_code == 422
    (issue,) = response.json()["detail"]
    assert issue["field"] == "reason"
    assert f"{REASON_MIN} to {REASON_MAX} characters" in issue["msg"]
    assert stored() == before


@pytest.mark.parametrize("length", [REASON_MIN, REASON_MAX], ids=["shortest", "longest"])
def test_a_reason_at_either_bound_is_accepted(login: Any, ana: Runner, length: int) -> None:
    response = _patch(login(ana.coach.user), {"weekly_increase_pct": 8, "reason": "y" * length})
    assert response.status_code == 200
    assert len(CapChange.objects.get().reason) == length


@pytest.mark.parametrize(
    "reason", ["", "ab", "z" * (REASON_MAX + 1)], ids=["missing", "too short", "too long"]
)
def test_the_settings_form_names_the_reason_and_changes_nothing(
    login: Any, ana: Runner, reason: str
) -> None:
    before = stored()
    form = {"weekly_increase_pct": "8", "reason": reason}
    response = login(ana.coach.user).post("/runners/ana/settings/", form)
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert list(errors) == ["reason"]
    assert "Reason for the change" in errors["reason"][0]
    assert stored() == before


def test_a_script_bearing_reason_is_stored_as_typed_and_escaped_everywhere(
    login: Any, ana: Runner
) -> None:
    script = '<script>alert("cap")</script>'
    client = login(ana.coach.user)
    assert _patch(client, {"weekly_increase_pct": 8, "reason": script}).status_code == 200
    assert CapChange.objects.get().reason == script
    assert client.get("/api/runners/ana/cap-changes").json()[0]["reason"] == script
    page = client.get("/runners/ana/").content.decode()
    assert script not in page
    assert escape(script) in page


def test_the_api_documents_the_reason_and_every_answer(client: Any) -> None:
    doc = client.get("/api/openapi.json").json()["paths"]
    patch = doc["/api/runners/{handle}/settings"]["patch"]
    reason = patch["requestBody"]["content"]["application/json"]["schema"]["properties"]["reason"]
    text = next(p for p in reason.get("anyOf", [reason]) if p.get("type") == "string")
    assert (text["minLength"], text["maxLength"]) == (REASON_MIN, REASON_MAX)
    # a write with a body: not JSON 400, too big 413, and 403 also for the CSRF check
    assert set(patch["responses"]) == {"200", "400", "401", "403", "404", "413", "422"}
    assert "csrf" in patch["responses"]["403"]["content"]["application/json"]["examples"]
    listed = doc["/api/runners/{handle}/cap-changes"]["get"]
    assert set(listed["responses"]) == {"200", "401", "403", "404"}


def test_the_admin_shows_cap_changes_read_only(ana: Runner) -> None:
    admin = site._registry[CapChange]
    request = RequestFactory().get("/admin/")
    assert not admin.has_add_permission(request)
    assert not admin.has_change_permission(request)
    assert not admin.has_delete_permission(request)
