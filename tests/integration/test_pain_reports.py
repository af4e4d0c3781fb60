"""Pain reports: pain felt on a day without a run (at rest, at night), through the API and the page.

Who may do what is one table (anonymous, the coach, another coach, the runner themself, another
runner); bad input is another: each case answers 422 (API) or a form error (page) naming its field,
and nothing stored changes. A night-pain report this morning, with no run, stops running: the
runner's page says whom to see and the coach's dashboard flags the runner.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from insideout.catalogue.method import load_method
from insideout.people.models import Runner
from insideout.screening.models import Screen
from insideout.training import services
from insideout.training.advice import advice_for, history_of
from insideout.training.models import PainReport, Run, StrengthSession
from tests.integration.access import access_cases as _cases
from tests.integration.access import actor_user as _user

TODAY = dt.date(2026, 10, 14)
DAY = dt.timedelta(days=1)

REPORT = {"date": "2026-10-13", "pain": 3, "site": "shin", "side": "left", "red_flags": []}
FORM = {"date": "2026-10-13", "pain": "3", "site": "shin", "side": "left"}


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services, "today", lambda: TODAY)


def counts() -> tuple[int, int, int, list[tuple[Any, ...]]]:
    """How many reports, runs and sessions are stored, and every report's values."""
    rows = list(PainReport.objects.order_by("id").values_list())
    return PainReport.objects.count(), Run.objects.count(), StrengthSession.objects.count(), rows


def _send(client: Any, path: str, body: object) -> Any:
    raw = body if isinstance(body, str) else json.dumps(body)
    return client.post(path, raw, content_type="application/json")


def _report(runner: Runner, **fields: Any) -> PainReport:
    values = {"date": TODAY - DAY, "pain": 2.0, "site": "knee", "side": "right"}
    return PainReport.objects.create(runner=runner, **(values | fields))


# --- the model ---------------------------------------------------------------------------------


def test_a_report_reads_as_the_cores_pain_report(ana: Runner) -> None:
    report = _report(ana, red_flags=["rest_pain"])
    domain = report.to_domain()
    assert (domain.date, domain.pain, domain.site, domain.side) == (
        TODAY - DAY,
        2.0,
        "knee",
        "right",
    )
    assert domain.red_flags == ("rest_pain",)
    assert str(report) == "ana 2026-10-13 pain 2"


def test_the_history_holds_the_reports_up_to_the_day_advised_on(ana: Runner) -> None:
    _report(ana, date=TODAY - 3 * DAY)
    _report(ana, date=TODAY - DAY, pain=4.0)
    assert [r.pain for r in history_of(ana).reports] == [2.0, 4.0]  # in date order
    assert [r.pain for r in history_of(ana, TODAY - 2 * DAY).reports] == [2.0]


# --- the API -----------------------------------------------------------------------------------


def test_a_report_is_stored_and_read_back(login: Any, ana: Runner) -> None:
    client = login(ana.user)
    response = _send(client, "/api/runners/ana/pain", REPORT | {"red_flags": ["night_pain"]})
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["date"], body["pain"], body["site"], body["side"]) == (
        "2026-10-13",
        3.0,
        "shin",
        "left",
    )
    assert body["red_flags"] == ["night_pain"]
    report = PainReport.objects.get()
    assert (report.runner, report.created_by, report.red_flags) == (ana, ana.user, ["night_pain"])
    assert [r["id"] for r in client.get("/api/runners/ana/pain").json()] == [report.pk]


def test_site_side_and_flags_may_be_left_out(login: Any, ana: Runner) -> None:
    response = _send(
        login(ana.coach.user), "/api/runners/ana/pain", {"date": "2026-10-14", "pain": 0}
    )
    assert response.status_code == 201
    out = response.json()
    assert (out["site"], out["side"], out["red_flags"]) == (None, None, [])
    assert PainReport.objects.get().created_by == ana.coach.user


def test_reports_are_listed_newest_first(login: Any, ana: Runner) -> None:
    _report(ana, date=dt.date(2026, 10, 1))
    _report(ana, date=dt.date(2026, 10, 10))
    listed = login(ana.user).get("/api/runners/ana/pain").json()
    assert [r["date"] for r in listed] == ["2026-10-10", "2026-10-01"]


API_TABLE: list[tuple[str, str, dict[str, Any] | None, tuple[int, ...]]] = [
    ("get", "/api/runners/ana/pain", None, (401, 200, 404, 200, 404)),
    ("post", "/api/runners/ana/pain", REPORT, (401, 201, 404, 201, 404)),
    ("get", "/api/runners/zoe/pain", None, (401, 404, 200, 404, 404)),
    ("post", "/api/runners/zoe/pain", REPORT, (401, 404, 201, 404, 404)),
    ("get", "/api/runners/nobody/pain", None, (401, 404, 404, 404, 404)),
]
PAGE_TABLE: list[tuple[str, str, dict[str, Any] | None, tuple[int, ...]]] = [
    ("get", "/runners/ana/pain/new/", None, (302, 200, 404, 200, 404)),
    ("post", "/runners/ana/pain/new/", FORM, (302, 302, 404, 302, 404)),
]


@pytest.mark.parametrize(("method", "path", "body", "actor", "status"), _cases(API_TABLE))
def test_api_access(
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
    mine = _report(ana, date=dt.date(2026, 10, 1))
    _report(zoe, date=dt.date(2026, 10, 2))
    client = login(_user(actor, ana, ben, zoe))
    before = counts()
    response = client.get(path) if body is None else _send(client, path, body)
    assert response.status_code == status
    if status >= 400:
        assert counts() == before
    if status == 200 and "/ana/" in path:
        assert [r["id"] for r in response.json()] == [mine.pk]


@pytest.mark.parametrize(("method", "path", "body", "actor", "status"), _cases(PAGE_TABLE))
def test_page_access(
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
    client = login(_user(actor, ana, ben, zoe))
    before = counts()
    response = client.get(path) if method == "get" else client.post(path, body)
    assert response.status_code == status
    if status == 302 and actor == "anonymous":
        assert response["Location"].startswith("/login/")
    if status != 302 or actor == "anonymous":
        assert counts() == before
    elif method == "post":
        assert response["Location"] == "/runners/ana/"
        assert PainReport.objects.filter(runner=ana).count() == 1


BAD_REPORTS: list[tuple[str, object, str]] = [
    ("pain above 10", REPORT | {"pain": 11}, "pain"),
    ("pain below 0", REPORT | {"pain": -1}, "pain"),
    ("pain as text", REPORT | {"pain": "bad"}, "pain"),
    ("pain missing", {k: v for k, v in REPORT.items() if k != "pain"}, "pain"),
    ("unknown site", REPORT | {"site": "elbow"}, "site"),
    ("unknown side", REPORT | {"side": "middle"}, "side"),
    ("unknown red flag", REPORT | {"red_flags": ["night_pain", "sore_toe"]}, "red_flags[1]"),
    ("red flags not a list", REPORT | {"red_flags": "night_pain"}, "red_flags"),
    ("date in the future", REPORT | {"date": "2026-10-15"}, "date"),
    ("malformed date", REPORT | {"date": "13/10/2026"}, "date"),
    ("impossible date", REPORT | {"date": "2026-02-30"}, "date"),
    ("date missing", {k: v for k, v in REPORT.items() if k != "date"}, "date"),
    ("unexpected field", REPORT | {"distance_km": 5}, "(input)"),
    ("not an object", [REPORT], "(input)"),
]


@pytest.mark.parametrize(
    ("body", "field"), [pytest.param(b, f, id=name) for name, b, f in BAD_REPORTS]
)
def test_a_bad_report_answers_422_naming_the_field_and_changes_nothing(
    login: Any, ana: Runner, body: object, field: str
) -> None:
    _report(ana, date=dt.date(2026, 10, 1))
    before = counts()
    response = _send(login(ana.user), "/api/runners/ana/pain", body)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert field in [d["field"] for d in detail], detail
    assert counts() == before


def test_the_api_says_what_the_core_says(login: Any, ana: Runner) -> None:
    response = _send(login(ana.user), "/api/runners/ana/pain", REPORT | {"site": "elbow"})
    message = response.json()["detail"][0]["msg"]
    assert "unknown pain site 'elbow'" in message
    assert all(site in message for site in load_method().pain.sites)


# --- the runner's page -------------------------------------------------------------------------


def test_the_runner_page_offers_the_form_with_today_and_the_flags_labels(
    login: Any, ana: Runner
) -> None:
    page = login(ana.user).get("/runners/ana/").content.decode()
    assert "Report pain (no run)" in page
    form = page.split('id="report-pain"', 1)[1].split("</section>", 1)[0]
    assert 'name="date" value="2026-10-14"' in form
    assert re.search(r'<input[^>]*name="pain"(?![^>]*value=)[^>]*>', form), "pain starts empty"
    assert 'id="pain_date"' in form  # its own ids: the run form on the same page has id_date
    for flag in load_method().red_flags.values():  # a flag only the screen raises is no box
        assert (f'value="{flag.name}"' in form) is not flag.screen_only
        assert (escape(flag.label) in form) is not flag.screen_only
    for site in load_method().pain.sites:
        assert f'value="{site}"' in form


def test_a_reported_pain_is_stored_and_listed_with_the_runs(login: Any, ana: Runner) -> None:
    client = login(ana.user)
    response = client.post("/runners/ana/pain/new/", FORM | {"red_flags": ["rest_pain"]})
    assert response.status_code == 302
    assert response["Location"] == "/runners/ana/"
    report = PainReport.objects.get()
    assert (report.date, report.pain, report.site, report.side) == (TODAY - DAY, 3, "shin", "left")
    assert (report.red_flags, report.created_by) == (["rest_pain"], ana.user)
    page = client.get("/runners/ana/").content.decode()
    recent = page.split('id="recent-runs"', 1)[1].split("</section>", 1)[0]
    assert "Pain without a run" in recent
    assert "2026-10-13" in recent and "shin left" in recent
    assert escape(load_method().red_flags["rest_pain"].label) in recent


def test_the_coach_may_report_pain_too(login: Any, ana: Runner) -> None:
    assert login(ana.coach.user).post("/runners/ana/pain/new/", FORM).status_code == 302
    assert PainReport.objects.get().created_by == ana.coach.user


BAD_FORMS: list[tuple[str, dict[str, Any], str, str]] = [
    ("pain above 10", {"pain": "11"}, "pain", "from 0 to 10"),
    ("pain below 0", {"pain": "-1"}, "pain", "from 0 to 10"),
    ("pain missing", {"pain": ""}, "pain", "required"),
    ("unknown site", {"site": "elbow"}, "site", "elbow"),
    ("unknown side", {"side": "middle"}, "side", "middle"),
    ("unknown red flag", {"red_flags": ["sore_toe"]}, "red_flags", "sore_toe"),
    ("date in the future", {"date": "2026-10-15"}, "date", "in the future"),
    ("malformed date", {"date": "14.10.2026x"}, "date", "expected a date as YYYY-MM-DD"),
]


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [pytest.param(c, f, w, id=name) for name, c, f, w in BAD_FORMS],
)
def test_a_bad_pain_form_names_the_field_and_stores_nothing(
    login: Any, ana: Runner, change: dict[str, Any], field: str, words: str
) -> None:
    _report(ana, date=dt.date(2026, 10, 1))
    before = counts()
    response = login(ana.user).post("/runners/ana/pain/new/", FORM | change)
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert field in errors, errors
    assert words in " ".join(errors[field])
    assert escape(words) in response.content.decode()
    assert counts() == before


def test_a_core_error_on_the_form_names_the_field_by_its_label(login: Any, ana: Runner) -> None:
    response = login(ana.user).post("/runners/ana/pain/new/", FORM | {"date": "2026-10-15"})
    assert "Date: 2026-10-15 is in the future" in " ".join(response.context["form"].errors["date"])


# --- the advice: a night-pain report with no run stops running ---------------------------------


def _weeks_of_running(runner: Runner, weeks: int = 4) -> None:
    for w in range(weeks, 0, -1):
        monday = TODAY - w * 7 * DAY
        for offset, km in ((0, 5.0), (2, 6.0), (5, 8.0)):
            Run.objects.create(
                runner=runner,
                date=monday + offset * DAY,
                distance_km=km,
                duration_min=km * 6,
                rpe=4.0,
                pain_next_morning=0.0,
            )
        for offset in (1, 4):
            StrengthSession.objects.create(runner=runner, date=monday + offset * DAY)


def _rows(html: str) -> list[str]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return body.split("<tr")[1:]


def test_night_pain_reported_today_without_a_run_stops_and_refers_and_flags(
    login: Any, ana_screen: Screen, ben: Runner
) -> None:
    ana = ana_screen.runner
    _weeks_of_running(ana)
    assert advice_for(ana).phase.value != "stop"
    assert not Run.objects.filter(date=TODAY).exists()

    client = login(ana.user)
    body = {"date": TODAY.isoformat(), "pain": 4, "site": "shin", "red_flags": ["night_pain"]}
    assert _send(client, "/api/runners/ana/pain", body).status_code == 201

    advice = advice_for(ana)
    assert advice.phase.value == "stop"
    assert advice.refer is not None
    assert any(d.rule == "red_flag.night_pain" for d in advice.decisions)

    html = client.get("/runners/ana/").content.decode()
    assert 'badge phase-stop">Running stopped<' in html and "No running this week." in html
    assert "See a physiotherapist or doctor" in html
    assert escape(advice.refer.words) in html
    assert "red_flag.night_pain" in html

    dashboard = login(ana.coach.user).get("/").content.decode()
    first, second = _rows(dashboard)
    assert "Ana" in first and "flagged" in first and "stop" in first
    assert escape(advice.refer.reason) in first
    assert "Ben" in second and "flagged" not in second


def test_the_same_report_through_the_page_stops_running_too(login: Any, ana_screen: Screen) -> None:
    ana = ana_screen.runner
    _weeks_of_running(ana)
    client = login(ana.user)
    form = {"date": TODAY.isoformat(), "pain": "5", "red_flags": ["night_pain"]}
    assert client.post("/runners/ana/pain/new/", form).status_code == 302
    html = client.get("/runners/ana/").content.decode()
    assert 'id="refer"' in html and 'badge phase-stop">Running stopped<' in html


def test_a_report_after_the_day_advised_on_is_not_read(login: Any, ana_screen: Screen) -> None:
    ana = ana_screen.runner
    _weeks_of_running(ana)
    _report(ana, date=TODAY, red_flags=["night_pain"])
    assert advice_for(ana).phase.value == "stop"
    assert advice_for(ana, TODAY - DAY).phase.value != "stop"


# --- queries -----------------------------------------------------------------------------------


def _queries(client: Any, path: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


def test_pain_reports_do_not_add_queries_per_report(login: Any, ana_screen: Screen) -> None:
    ana = ana_screen.runner
    client = login(ana.user)
    _report(ana, date=TODAY - 20 * DAY)
    page, api = _queries(client, "/runners/ana/"), _queries(client, "/api/runners/ana/advice")
    for n in range(2, 15):
        _report(ana, date=TODAY - n * DAY, pain=1.0)
    assert _queries(client, "/runners/ana/") == page
    assert _queries(client, "/api/runners/ana/advice") == api
