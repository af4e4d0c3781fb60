"""The runner's availability, stored and used: the days they can run and for how long.

Who may do what is one table per surface (anonymous, the coach, another coach, the runner
themself, another runner): unlike the coach's weekly cap, the runner themself may set their days
(it is their life), and their coach too; others get 404, anonymous 401 (the API) or the login page.
Bad input answers 422 naming the day (the form: an error on that day's minutes), and nothing
stored changes. What is stored reaches the advice: runs only on those days.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from insideout.people.models import Runner
from insideout.screening.models import Screen
from insideout.training import services
from insideout.training.advice import advice_for, history_of
from insideout.training.models import Run, StrengthSession
from tests.integration.access import access_cases as _cases
from tests.integration.access import actor_user as _user
from tests.integration.access import send_json as _send
from tests.integration.html import parse

TODAY = dt.date(2026, 10, 14)  # a Wednesday
DAY = dt.timedelta(days=1)
DAYS = {"mon": 45, "sat": 90, "sun": None}
FORM = {"mon": "on", "mon_minutes": "45", "sat": "on", "sat_minutes": "90", "sun": "on"}


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services, "today", lambda: TODAY)


def stored() -> list[Any]:
    """Every runner's availability, to show that bad input changed nothing."""
    return list(Runner.objects.order_by("id").values_list("handle", "availability"))


def weeks_of_running(runner: Runner, weeks: int = 4) -> None:
    """Runs on Mon, Wed and Sat (3, 3 and 12 km at 6:00/km) and two strength sessions a week."""
    for w in range(weeks, 0, -1):
        monday = TODAY - TODAY.weekday() * DAY - w * 7 * DAY
        for offset, km in ((0, 3.0), (2, 3.0), (5, 12.0)):
            Run.objects.create(
                runner=runner, date=monday + offset * DAY, distance_km=km, duration_min=km * 6,
                rpe=4.0, pain_during=0.0, pain_after=0.0, pain_next_morning=0.0,
            )  # fmt: skip
        for offset in (1, 4):
            StrengthSession.objects.create(runner=runner, date=monday + offset * DAY)


# --- who may do what ---------------------------------------------------------------------------

API_TABLE: list[tuple[str, str, Any, tuple[int, ...]]] = [
    ("get", "/api/runners/ana/availability", None, (401, 200, 404, 200, 404)),
    ("put", "/api/runners/ana/availability", DAYS, (401, 200, 404, 200, 404)),
    ("put", "/api/runners/zoe/availability", DAYS, (401, 404, 200, 404, 404)),
    ("get", "/api/runners/nobody/availability", None, (401, 404, 404, 404, 404)),
]
PAGE_TABLE: list[tuple[str, str, Any, tuple[int, ...]]] = [
    ("get", "/runners/ana/availability/", None, (302, 200, 404, 200, 404)),
    ("post", "/runners/ana/availability/", FORM, (302, 302, 404, 302, 404)),
    ("post", "/runners/zoe/availability/", FORM, (302, 404, 302, 404, 404)),
]


@pytest.mark.parametrize(("method", "path", "body", "actor", "status"), _cases(API_TABLE))
def test_api_access(
    login: Any, ana: Runner, ben: Runner, zoe: Runner,
    method: str, path: str, body: Any, actor: str, status: int,
) -> None:  # fmt: skip
    before = stored()
    response = _send(login(_user(actor, ana, ben, zoe)), method, path, body)
    assert response.status_code == status
    if method != "get" and status != 200:
        assert stored() == before, "a refused write changes nothing"


@pytest.mark.parametrize(("method", "path", "body", "actor", "status"), _cases(PAGE_TABLE))
def test_page_access(
    login: Any, ana: Runner, ben: Runner, zoe: Runner,
    method: str, path: str, body: Any, actor: str, status: int,
) -> None:  # fmt: skip
    before = stored()
    client = login(_user(actor, ana, ben, zoe))
    response = client.get(path) if method == "get" else client.post(path, body)
    assert response.status_code == status
    if status == 302 and actor == "anonymous":
        assert "/login/" in response["Location"]
    if method == "post" and status != 302 or actor == "anonymous":
        assert stored() == before


def test_another_runner_is_not_found_exactly_like_a_runner_that_does_not_exist(
    login: Any, ana: Runner, ben: Runner
) -> None:
    client = login(ben.user)
    theirs = _send(client, "put", "/api/runners/ana/availability", DAYS)
    missing = _send(client, "put", "/api/runners/nobody/availability", DAYS)
    assert (theirs.status_code, theirs.json()) == (missing.status_code, missing.json())
    assert client.get("/runners/ana/availability/").status_code == 404


# --- the API: a round trip ---------------------------------------------------------------------


def test_the_runner_sets_their_own_days_and_the_coach_reads_them(login: Any, ana: Runner) -> None:
    response = _send(login(ana.user), "put", "/api/runners/ana/availability", DAYS)
    assert response.status_code == 200, response.json()
    said = {"availability": DAYS, "text": "Mon 45 min, Sat 90 min, Sun (no time limit)"}
    assert response.json() == said
    ana.refresh_from_db()
    assert ana.availability == DAYS
    assert login(ana.coach.user).get("/api/runners/ana/availability").json() == said


def test_null_goes_back_to_not_said(login: Any, ana: Runner) -> None:
    Runner.objects.filter(pk=ana.pk).update(availability=DAYS)
    response = _send(login(ana.coach.user), "put", "/api/runners/ana/availability", None)
    assert response.status_code == 200
    assert response.json() == {"availability": None, "text": "Not said: every day, no time limit"}
    ana.refresh_from_db()
    assert ana.availability is None


BAD = [
    # (id, body, field named)
    ("an unknown day", {"monday": 45}, "monday"),
    ("zero minutes", {"mon": 0}, "mon"),
    ("negative minutes", {"mon": -30}, "mon"),
    ("one past 600 minutes", {"mon": 601}, "mon"),
    ("minutes as text", {"mon": "45"}, "mon"),
    ("minutes as a boolean", {"mon": True}, "mon"),
    ("no day at all", {}, "(input)"),
    ("not an object", ["mon"], "(input)"),
    ("script in a day's name", {"<script>alert(1)</script>": 5}, "<script>alert(1)</script>"),
    ("a very long day's name", {"x" * 5000: 5}, "x" * 40 + "…"),
]


@pytest.mark.parametrize(("body", "field"), [pytest.param(b, f, id=i) for i, b, f in BAD])
def test_bad_availability_answers_422_naming_the_field_and_changes_nothing(
    login: Any, ana: Runner, body: Any, field: str
) -> None:
    Runner.objects.filter(pk=ana.pk).update(availability={"wed": 30})
    before = stored()
    response = _send(login(ana.user), "put", "/api/runners/ana/availability", body)
    assert response.status_code == 422, response.json()
    assert field in [d["field"] for d in response.json()["detail"]]
    assert stored() == before


def test_a_body_that_is_not_json_answers_400_and_changes_nothing(login: Any, ana: Runner) -> None:
    before = stored()
    response = _send(login(ana.user), "put", "/api/runners/ana/availability", "{mon: 45")
    assert response.status_code == 400
    assert stored() == before


def test_the_openapi_document_lists_the_endpoints_answers(login: Any, ana: Runner) -> None:
    doc = login(ana.user).get("/api/openapi.json").json()
    put = doc["paths"]["/api/runners/{handle}/availability"]["put"]
    # every refusal of a write with a body and a path (insideout.web.openapi)
    assert set(put["responses"]) == {"200", "400", "401", "403", "404", "413", "422"}
    [invalid] = put["responses"]["422"]["content"]["application/json"]["examples"].values()
    # the example is the real answer to {"mon": 0} (test_bad_availability_answers_422...)
    assert invalid["value"]["detail"] == [{
        "loc": ["mon"], "field": "mon", "source": None,
        "msg": "expected 1 to 600 minutes (null: available, no time limit), got 0",
    }]  # fmt: skip
    body = put["requestBody"]["content"]["application/json"]["schema"]
    days = body["anyOf"][0]["properties"]
    assert list(days) == ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    assert (days["mon"]["anyOf"][0]["minimum"], days["mon"]["anyOf"][0]["maximum"]) == (1, 600)
    get = doc["paths"]["/api/runners/{handle}/availability"]["get"]
    assert set(get["responses"]) == {"200", "401", "403", "404"}


# --- the form ----------------------------------------------------------------------------------


def test_the_runner_sets_their_days_in_the_form_and_sees_them_on_their_page(
    login: Any, ana: Runner
) -> None:
    client = login(ana.user)
    response = client.post("/runners/ana/availability/", FORM)
    assert response.status_code == 302
    ana.refresh_from_db()
    assert ana.availability == DAYS
    page = parse(client.get("/runners/ana/", follow=True).content.decode()).visible
    assert "Available: Mon 45 min, Sat 90 min, Sun (no time limit)" in page
    assert "Saved: available Mon 45 min, Sat 90 min, Sun (no time limit)." in page
    again = client.get("/runners/ana/availability/").content.decode()
    assert 'name="mon" id="availability_mon" checked' in again
    assert 'name="mon_minutes" value="45"' in again


def test_the_coach_page_offers_the_form_and_nothing_ticked_is_not_said(
    login: Any, ana: Runner
) -> None:
    Runner.objects.filter(pk=ana.pk).update(availability=DAYS)
    client = login(ana.coach.user)
    assert "Change the days" in client.get("/runners/ana/").content.decode()
    assert client.post("/runners/ana/availability/", {}).status_code == 302
    ana.refresh_from_db()
    assert ana.availability is None
    page = parse(client.get("/runners/ana/").content.decode()).visible
    assert "Available: every day (not said)" in page


BAD_FORM = [
    # (id, form, field whose error is shown, words)
    ("zero minutes", {"mon": "on", "mon_minutes": "0"}, "mon_minutes", "expected 1 to 600"),
    ("601 minutes", {"sat": "on", "sat_minutes": "601"}, "sat_minutes", "expected 1 to 600"),
    ("not a number", {"tue": "on", "tue_minutes": "soon"}, "tue_minutes", "got &#x27;soon&#x27;"),
    ("minutes on a day not ticked", {"wed_minutes": "30"}, "wed_minutes", "tick the day"),
    (
        "script in the minutes",
        {"fri": "on", "fri_minutes": "<script>alert(1)</script>"},
        "fri_minutes",
        "got &#x27;&lt;script&gt;alert(1)&lt;/script&gt;&#x27;",
    ),
]


@pytest.mark.parametrize(
    ("form", "field", "words"), [pytest.param(f, n, w, id=i) for i, f, n, w in BAD_FORM]
)
def test_bad_minutes_in_the_form_are_shown_on_that_day_and_change_nothing(
    login: Any, ana: Runner, form: dict[str, str], field: str, words: str
) -> None:
    Runner.objects.filter(pk=ana.pk).update(availability={"wed": 30})
    before = stored()
    response = login(ana.user).post("/runners/ana/availability/", form)
    assert response.status_code == 422
    html = response.content.decode()
    assert f'id="availability_{field}_error"' in html
    assert words in html
    assert "<script>alert(1)</script>" not in html
    assert stored() == before


# --- the advice reads it ------------------------------------------------------------------------


def test_the_plan_puts_runs_only_on_the_days_the_runner_set(login: Any, ana_screen: Screen) -> None:
    ana = ana_screen.runner
    weeks_of_running(ana)
    before = advice_for(ana)
    assert {r.date.weekday() for r in before.running.runs} - {1, 5}, "some run on another day"
    version = Runner.objects.get(pk=ana.pk).data_version
    body = {"tue": 30, "sat": None}
    assert _send(login(ana.user), "put", "/api/runners/ana/availability", body).status_code == 200
    ana.refresh_from_db()
    assert ana.data_version != version, "the dashboard's summary of the runner is out of date"
    assert history_of(ana).availability is not None
    advice = login(ana.coach.user).get("/api/runners/ana/advice").json()
    days = {dt.date.fromisoformat(r["date"]).weekday() for r in advice["next_week"]["runs"]}
    assert days and days <= {1, 5}
    assert len(advice["next_week"]["runs"]) <= 2
    said = next(d for d in advice["decisions"] if d["rule"] == "plan.availability")
    assert said["text"].startswith("Runs placed on ")
    assert advice["next_week"]["planned_km"] <= before.running.planned_km
    page = parse(login(ana.user).get("/runners/ana/").content.decode()).visible
    assert "Your available days" in page or "Runs placed on" in page
