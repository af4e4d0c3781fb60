"""The forms and the API keep exactly what the runner said, with the core's bounds and words.

- An empty pain box is not said: stored as null, read back as null, handed to the core as None
  (through the API too), never 0.
- A form with several wrong fields shows every error at once, the core's with the form's.
- A decimal comma is read in every numeric field of every form ("5,5" is 5.5, as "5.5" is).
- The API documents each body with the bounds the core's parser applies (one definition).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django import forms

from insideout.catalogue.method import load_method
from insideout.core.records import (
    PAIN_REPORT,
    RUN,
    RUN_EDIT,
    SETTINGS_CHANGE,
    STRENGTH,
    Kind,
    Record,
    bind,
)
from insideout.people.models import Runner
from insideout.people.records import NumberField
from insideout.screening.models import Screen
from insideout.training import services
from insideout.training.advice import history_of
from insideout.training.forms import MorningForm, PainForm, RunForm, SettingsForm
from insideout.training.models import PainReport, Run
from tests.integration.access import send_json

TODAY = dt.date(2026, 10, 14)
YESTERDAY = TODAY - dt.timedelta(days=1)
PAINS = ("pain_during", "pain_after", "pain_next_morning")


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services, "today", lambda: TODAY)


# --- not said is not zero ----------------------------------------------------------------------


def _assert_not_said(runner: Runner, client: Any) -> None:
    stored = Run.objects.get(runner=runner)
    assert [getattr(stored, p) for p in PAINS] == [None, None, None]
    assert [stored.as_input()[p] for p in PAINS] == [None, None, None]
    listed = client.get(f"/api/runners/{runner.handle}/runs").json()[0]
    assert [listed[p] for p in PAINS] == [None, None, None]
    (run,) = history_of(runner, TODAY).runs
    assert (run.pain_during, run.pain_after, run.pain_next_morning, run.rpe) == (None,) * 4


def test_a_run_posted_without_pain_is_stored_listed_and_advised_with_pain_not_said(
    client: Any, ana: Runner
) -> None:
    client.force_login(ana.user)
    body = {"date": "2026-10-13", "distance_km": 5, "duration_min": 30}
    assert send_json(client, "post", "/api/runners/ana/runs", body).status_code == 201
    _assert_not_said(ana, client)


def test_a_run_posted_with_pain_sent_as_null_is_stored_as_not_said(
    client: Any, ana: Runner
) -> None:
    client.force_login(ana.user)
    body = {"date": "2026-10-13", "distance_km": 5, "duration_min": 30} | dict.fromkeys(PAINS)
    assert (
        send_json(client, "post", "/api/runners/ana/runs", body | {"rpe": None}).status_code == 201
    )
    _assert_not_said(ana, client)


def test_a_run_logged_with_empty_pain_boxes_is_stored_as_not_said(client: Any, ana: Runner) -> None:
    client.force_login(ana.user)
    form = {"date": "2026-10-13", "distance_km": "5", "duration_min": "30", "rpe": ""}
    form |= {"pain_during": "", "pain_after": ""}
    assert client.post("/runners/ana/runs/new/", form).status_code == 302
    _assert_not_said(ana, client)


def test_a_pain_of_zero_given_is_kept_as_zero(client: Any, ana: Runner) -> None:
    client.force_login(ana.user)
    form = {"date": "2026-10-13", "distance_km": "5", "duration_min": "30", "pain_during": "0"}
    assert client.post("/runners/ana/runs/new/", form).status_code == 302
    stored = Run.objects.get()
    assert (stored.pain_during, stored.pain_after) == (0.0, None)


# --- every error at once -------------------------------------------------------------------------

# (page, a form wrong in several fields, the fields that must each name their error)
SEVERAL_WRONG = [
    (
        "/runners/ana/runs/new/",
        {
            "date": "2026-10-20",
            "distance_km": "far",
            "duration_min": "",
            "rpe": "11",
            "pain_after": "12",
            "pain_side": "middle",
            "red_flags": ["nope"],
        },
        {"date", "distance_km", "duration_min", "rpe", "pain_after", "pain_side", "red_flags"},
    ),
    (
        "/runners/ana/pain/new/",
        {"date": "14.10.2026x", "pain": "", "site": "elbow", "red_flags": ["nope"]},
        {"date", "pain", "site", "red_flags"},
    ),
    (
        "/runners/ana/overrides/new/",
        {"date": "2026-10-20", "verdict": "maybe", "reason": " "},
        {"date", "verdict", "reason"},
    ),
    (
        "/runners/ana/clearances/new/",
        {"date": "soon", "by": "coach", "reason": "x" * 501},
        {"date", "by", "reason"},
    ),
]


@pytest.mark.parametrize(
    ("page", "form", "fields"), SEVERAL_WRONG, ids=[p for p, _, _ in SEVERAL_WRONG]
)
def test_a_form_with_several_wrong_fields_shows_every_error_at_once(
    client: Any, ana: Runner, page: str, form: dict[str, Any], fields: set[str]
) -> None:
    client.force_login(ana.coach.user)
    response = client.post(page, form)
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert set(errors) == fields
    html = response.content.decode()
    for field in fields:
        assert all(message.split(": ", 1)[0] for message in errors[field])
        assert errors[field][0].split(": ", 1)[1][:20] in html.replace("&#x27;", "'")


def test_the_forms_messages_are_the_apis_messages(client: Any, ana: Runner) -> None:
    client.force_login(ana.coach.user)
    wrong = {"date": "2026-10-13", "distance_km": 900, "duration_min": 30, "pain_after": 11}
    api = send_json(client, "post", "/api/runners/ana/runs", wrong).json()["detail"]
    page = client.post("/runners/ana/runs/new/", {k: str(v) for k, v in wrong.items()})
    errors = page.context["form"].errors
    assert {i["field"] for i in api} == {"distance_km", "pain_after"}  # both refused, both checked
    for issue in api:
        label = page.context["form"][issue["field"]].label
        assert errors[issue["field"]] == [f"{label}: {issue['msg']}"]


# --- a decimal comma, in every numeric field ---------------------------------------------------

BASE = {
    RunForm: {"date": "2026-10-13", "distance_km": "5", "duration_min": "30"},
    PainForm: {"date": "2026-10-13", "pain": "3"},
    SettingsForm: {"reason": "a slower build"},
    MorningForm: {},
}
PAGES = {
    RunForm: "/runners/ana/runs/new/",
    PainForm: "/runners/ana/pain/new/",
    SettingsForm: "/runners/ana/settings/",
    MorningForm: "/runners/ana/runs/{run}/morning/",
}


def _numeric_fields() -> list[Any]:
    """Every numeric field of every form, found on the forms themselves (none is forgotten)."""
    runner = Runner(handle="x")
    made = {
        RunForm: RunForm(runner),
        PainForm: PainForm(runner),
        SettingsForm: SettingsForm(runner),
        MorningForm: MorningForm(Run()),
    }
    return [
        pytest.param(cls, name, id=f"{cls.__name__}.{name}")
        for cls, form in made.items()
        for name, field in form.fields.items()
        if isinstance(field, NumberField)
    ]


def _stored_value(cls: type[forms.Form], name: str, ana: Runner) -> Any:
    if cls is PainForm:
        return getattr(PainReport.objects.get(), name)
    if cls is SettingsForm:
        ana.refresh_from_db()
        return getattr(ana, name)
    return getattr(Run.objects.filter(runner=ana).latest(), name)


@pytest.mark.parametrize(("cls", "name"), _numeric_fields())
@pytest.mark.parametrize(("typed", "value"), [("5,5", 5.5), ("5.5", 5.5), (" 5,5 ", 5.5)])
def test_a_decimal_comma_is_read_in_every_numeric_form_field(
    client: Any, ana: Runner, cls: type[forms.Form], name: str, typed: str, value: float
) -> None:
    client.force_login(ana.coach.user)
    run = Run.objects.create(runner=ana, date=YESTERDAY, distance_km=8, duration_min=50)
    data = BASE[cls] | {name: typed}
    if cls is RunForm and name == "distance_km":
        data["duration_min"] = "33"
    if cls is RunForm and name == "duration_min":
        data["distance_km"] = "1"  # 1 km in 5.5 min: a pace a human can run (IO-RUN-PACE)
    response = client.post(PAGES[cls].format(run=run.pk), data)
    assert response.status_code == 302, response.context["form"].errors
    assert _stored_value(cls, name, ana) == value


def test_a_decimal_comma_is_read_in_a_screen_test(client: Any, ana: Runner) -> None:
    screen = Screen.objects.create(runner=ana, date="2026-10-01", created_by=ana.coach.user)
    client.force_login(ana.coach.user)
    data = {"left": "7,5", "right": "11.5", "action": "save"}
    client.post(f"/runners/ana/screens/{screen.pk}/tests/knee_to_wall/", data)
    assert sorted(m.value for m in screen.measures.all()) == [7.5, 11.5]


@pytest.mark.parametrize("typed", ["5,5,5", "1.000,5", "five"])
def test_text_that_is_not_one_number_is_refused_in_the_cores_words(
    client: Any, ana: Runner, typed: str
) -> None:
    client.force_login(ana.user)
    data = BASE[RunForm] | {"distance_km": typed}
    response = client.post("/runners/ana/runs/new/", data)
    assert response.status_code == 422
    (message,) = response.context["form"].errors["distance_km"]
    assert message == f"Distance (km): expected a distance of 0 to 500 km, got {typed!r}"
    assert Run.objects.count() == 0


# --- one definition: the API documents the parser's bounds ---------------------------------------

BODIES = [
    ("/api/runners/{handle}/runs", "post", RUN),
    ("/api/runners/{handle}/runs/{run_id}", "patch", RUN_EDIT),
    ("/api/runners/{handle}/pain", "post", PAIN_REPORT),
    ("/api/runners/{handle}/settings", "patch", SETTINGS_CHANGE),
    ("/api/runners/{handle}/pain/{pain_id}", "patch", PAIN_REPORT.patch("pain report edit")),
    ("/api/runners/{handle}/strength/{strength_id}", "patch", STRENGTH.patch("strength edit")),
]


@pytest.mark.parametrize(("path", "method", "record"), BODIES, ids=[p for p, _, _ in BODIES])
def test_the_api_documents_each_body_with_the_cores_fields_and_bounds(
    client: Any, path: str, method: str, record: Record
) -> None:
    doc = client.get("/api/openapi.json").json()
    body = doc["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"]
    record = bind(record, load_method())
    assert list(body["properties"]) == list(record.names)
    assert sorted(body.get("required", [])) == sorted(f.name for f in record if f.required)
    for f in record:
        if f.kind is not Kind.NUMBER:
            continue
        prop = body["properties"][f.name]
        number = next((p for p in prop.get("anyOf", [prop]) if p.get("type") == "number"), prop)
        assert (number["minimum"], number["maximum"]) == (f.low, f.high), f.name


def test_the_weekly_cap_is_documented_within_the_methods_bounds(client: Any) -> None:
    doc = client.get("/api/openapi.json").json()
    path = doc["paths"]["/api/runners/{handle}/settings"]["patch"]
    cap = path["requestBody"]["content"]["application/json"]["schema"]["properties"]
    bounds = load_method().plan.weekly_increase_bounds
    number = cap["weekly_increase_pct"]["anyOf"][0]
    assert (number["minimum"], number["maximum"]) == (bounds.low, bounds.high)
