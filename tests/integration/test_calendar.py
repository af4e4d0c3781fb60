"""The runner's week in their calendar app: the private feed, its address, the one-off download.

Every feed is parsed back with ``icalendar`` and compared with the core's advice for the same day
(:func:`insideout.training.advice.advice_for`): the events, their days in the runner's zone, the
UIDs from one fetch to the next, a cut and a stop. The address is a secret: a wrong, renewed or
withdrawn token answers 404 with no data, and only the runner and their coach manage it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Any

import pytest
from icalendar import Calendar

from insideout.catalogue.labels import load_labels
from insideout.catalogue.method import load_method
from insideout.core.advise import Advice
from insideout.people.models import Runner
from insideout.screening.models import Screen
from insideout.training import services
from insideout.training.advice import advice_for
from insideout.training.calendar import calendar_for, uid_domain
from insideout.training.calendar_feeds import make_feed
from insideout.training.models import CalendarFeed
from tests.integration.access import access_cases, actor_user, send_json
from tests.integration.conftest import KTW_RESTRICTED_LEFT, make_runner, make_screen
from tests.integration.training_builders import DAY, TODAY, run, weeks_of_running

UID = re.compile(r"^(run|foundation|stop|refer|cut)-\d{4}-\d\d-\d\d-\d+@insideout\.[0-9a-f]{16}$")


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services, "today", lambda: TODAY)


@dataclass(frozen=True)
class Ev:
    uid: str
    start: dt.date
    end: dt.date
    summary: str
    description: str


def parse(body: bytes) -> tuple[Calendar, list[Ev]]:
    cal = Calendar.from_ical(body)
    events = [
        Ev(
            str(e["uid"]),
            e.decoded("dtstart"),
            e.decoded("dtend"),
            str(e["summary"]),
            str(e["description"]),
        )
        for e in cal.walk("VEVENT")
    ]
    return cal, events


def fetch(client: Any, token: str) -> list[Ev]:
    response = client.get(f"/calendar/{token}.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return parse(response.content)[1]


def of(events: list[Ev], kind: str) -> list[Ev]:
    return [e for e in events if e.uid.startswith(f"{kind}-")]


def training(ana_screen: Screen, weeks: int = 4) -> Runner:
    ana = ana_screen.runner
    weeks_of_running(ana, weeks)
    return ana


def planned_km(events: list[Ev]) -> float:
    return round(sum(float(e.summary.split(", ")[1].split(" km")[0]) for e in of(events, "run")), 1)


# --- what the feed holds ---------------------------------------------------------------------


def test_the_feed_holds_this_weeks_runs_and_sessions_in_plain_words(
    client: Any, ana_screen: Screen
) -> None:
    ana = training(ana_screen)
    _, token = make_feed(ana)
    response = client.get(f"/calendar/{token}.ics")  # no login: a calendar app cannot log in
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private, max-age=300"
    cal, events = parse(response.content)
    advice = advice_for(ana)
    labels, method = load_labels(), load_method()
    assert advice.running.runs and advice.foundation.sessions, "the scene plans both"
    runs, sessions = of(events, "run"), of(events, "foundation")
    assert [(e.start, e.end) for e in runs] == [(r.date, r.date + DAY) for r in advice.running.runs]
    for event, planned in zip(runs, advice.running.runs, strict=True):
        kind = labels.of("kind", planned.kind)
        assert event.summary.lower() == f"{kind}, {planned.distance_km:.1f} km".lower()
        for decision in advice.running.decisions:
            assert labels.plain(decision.text) in event.description
            assert decision.rule not in event.description  # words, never rule ids
    assert [e.start for e in sessions] == [s.date for s in advice.foundation.sessions]
    first = advice.foundation.sessions[0]
    for prescription in first.exercises:
        name = method.exercises[prescription.exercise].name
        amount = f"{prescription.reps} reps" if prescription.reps else f"{prescription.seconds} s"
        assert f"- {name}: {prescription.sets} × {amount}" in sessions[0].description
    assert "http://testserver/runners/ana/" in sessions[0].description
    assert not of(events, "stop") and not of(events, "cut")
    assert str(cal["x-wr-timezone"]) == "UTC"
    assert f"from {TODAY.isoformat()} to {(TODAY + 6 * DAY).isoformat()}" in str(
        cal["x-wr-caldesc"]
    )
    assert all(UID.match(e.uid) for e in events), [e.uid for e in events]


def test_uids_stay_the_same_from_one_fetch_to_the_next_and_hold_no_secret(
    client: Any, ana_screen: Screen
) -> None:
    ana = training(ana_screen)
    _, token = make_feed(ana)
    first, second = fetch(client, token), fetch(client, token)
    assert first and [e.uid for e in first] == [e.uid for e in second]
    assert len({e.uid for e in first}) == len(first)  # no two events share one
    assert all(token not in e.uid and token[:8] not in e.uid for e in first)
    _, renewed = make_feed(ana)  # a new address: the same events, updated, not doubled
    assert [e.uid for e in fetch(client, renewed)] == [e.uid for e in first]


def test_two_runners_with_one_handle_never_share_a_uid(
    ana_screen: Screen, other_coach: Any
) -> None:
    ana = training(ana_screen)
    other = make_runner(other_coach, "ana")
    make_screen(other, "2026-09-14", KTW_RESTRICTED_LEFT)
    weeks_of_running(other)
    mine = {e.uid for e in parse(calendar_for(ana))[1]}
    theirs = {e.uid for e in parse(calendar_for(other))[1]}
    assert mine and theirs and not mine & theirs
    assert uid_domain(ana) != uid_domain(other)


# --- the runner's zone ------------------------------------------------------------------------

# 2026-10-14 at 13:00 UTC is already 00:00 on the 15th in Sydney (UTC+11 in October) and still
# 06:00 on the 14th in Los Angeles (UTC-7); a second earlier Sydney is on the 14th too.
JUST_BEFORE = dt.datetime(2026, 10, 14, 12, 59, 59, tzinfo=dt.UTC)
MIDNIGHT_IN_SYDNEY = dt.datetime(2026, 10, 14, 13, 0, tzinfo=dt.UTC)
EVENING_IN_UTC = dt.datetime(2026, 10, 14, 23, 30, tzinfo=dt.UTC)  # LA: 16:30 on the 14th


def _runner_in(zone: str, coach: Any) -> Runner:
    runner = make_runner(coach, zone.split("/")[1].lower().replace("_", "-"), time_zone=zone)
    make_screen(runner, "2026-09-14", KTW_RESTRICTED_LEFT)
    weeks_of_running(runner)
    return runner


@pytest.mark.parametrize(
    ("zone", "now", "first_day"),
    [
        ("Australia/Sydney", JUST_BEFORE, TODAY),
        ("Australia/Sydney", MIDNIGHT_IN_SYDNEY, TODAY + DAY),
        ("America/Los_Angeles", MIDNIGHT_IN_SYDNEY, TODAY),
        ("America/Los_Angeles", EVENING_IN_UTC, TODAY),
    ],
)
def test_the_week_starts_on_the_runners_today_where_they_live(
    coach: Any, zone: str, now: dt.datetime, first_day: dt.date
) -> None:
    runner = _runner_in(zone, coach)
    cal, events = parse(calendar_for(runner, now=now))
    advice = advice_for(runner, first_day)
    assert str(cal["x-wr-timezone"]) == zone
    assert f"from {first_day.isoformat()} to {(first_day + 6 * DAY).isoformat()}" in str(
        cal["x-wr-caldesc"]
    )
    assert [e.start for e in of(events, "run")] == [r.date for r in advice.running.runs]
    assert [e.start for e in of(events, "foundation")] == [
        s.date for s in advice.foundation.sessions
    ]
    assert events and all(first_day <= e.start <= first_day + 6 * DAY for e in events)
    # all-day events: a day, never an hour that a phone in another zone would move
    assert all(type(e.start) is dt.date and type(e.end) is dt.date for e in events)


def test_sydney_is_a_day_ahead_of_los_angeles_at_the_same_moment(coach: Any) -> None:
    sydney = _runner_in("Australia/Sydney", coach)
    angeles = _runner_in("America/Los_Angeles", coach)
    sydney_cal = parse(calendar_for(sydney, now=MIDNIGHT_IN_SYDNEY))[0]
    angeles_cal = parse(calendar_for(angeles, now=MIDNIGHT_IN_SYDNEY))[0]
    assert "from 2026-10-15 to 2026-10-21" in str(sydney_cal["x-wr-caldesc"])
    assert "from 2026-10-14 to 2026-10-20" in str(angeles_cal["x-wr-caldesc"])


# --- a cut and a stop show at the next fetch ----------------------------------------------------


def _post(client: Any, path: str, body: dict[str, Any]) -> Any:
    return client.post(path, json.dumps(body), content_type="application/json")


def test_a_pain_cut_shows_at_the_next_fetch_with_its_reason(
    login: Any, client: Any, ana_screen: Screen
) -> None:
    ana = training(ana_screen, weeks=2)  # two weeks of running: the plan progresses
    _, token = make_feed(ana)
    before = fetch(client, token)
    assert of(before, "run") and not of(before, "cut")
    # the runner logs a run that hurt 7/10 during it
    logged = _post(
        login(ana.user),
        "/api/runners/ana/runs",
        {"date": (TODAY - 3 * DAY).isoformat(), "distance_km": 5, "duration_min": 30, "rpe": 4,
         "pain_during": 7, "pain_site": "front_thigh", "pain_side": "left"},
    )  # fmt: skip
    assert logged.status_code == 201
    client.logout()
    after = fetch(client, token)
    advice = advice_for(ana)
    cut = next(d for d in advice.decisions if d.rule == "plan.pain_cut")
    assert planned_km(after) == round(advice.running.planned_km, 1) < planned_km(before)
    longest = max(float(e.summary.split(", ")[1].split(" km")[0]) for e in of(before, "run"))
    assert all(float(e.summary.split(", ")[1].split(" km")[0]) < longest for e in of(after, "run"))
    [notice] = of(after, "cut")
    assert notice.summary == "Running cut back this week"
    assert (notice.start, notice.end) == (TODAY, TODAY + 7 * DAY)
    assert load_labels().plain(cut.text) in notice.description
    assert of(after, "run") and all(e.summary.endswith("(cut back)") for e in of(after, "run"))
    assert all(load_labels().plain(cut.text) in e.description for e in of(after, "run"))


def _stopped(ana: Runner) -> Advice:
    run(ana, TODAY - DAY, red_flags=["night_pain"], pain_next_morning=None)
    advice = advice_for(ana)
    assert advice.phase.value == "stop" and not advice.running.runs
    return advice


def test_a_stop_takes_the_runs_away_and_one_event_says_what_to_do(
    client: Any, ana_screen: Screen
) -> None:
    ana = training(ana_screen)
    _, token = make_feed(ana)
    assert of(fetch(client, token), "run")
    advice = _stopped(ana)
    events = fetch(client, token)
    assert not of(events, "run")
    [stop] = of(events, "stop")
    assert events[0] == stop  # first in the day's list
    assert stop.summary.startswith("Running stopped: ")
    assert (stop.start, stop.end) == (TODAY, TODAY + 7 * DAY)
    assert advice.refer is not None and advice.refer.words in stop.description
    assert "Why:" in stop.description and "red_flag." not in stop.description
    # the foundation sessions go on (a cardiac sign would pause them: then the plan has none)
    assert [e.start for e in of(events, "foundation")] == [
        s.date for s in advice.foundation.sessions
    ]


# --- the address: a secret, shown once ----------------------------------------------------------


def test_a_wrong_token_answers_404_with_no_data(client: Any, ana_screen: Screen) -> None:
    ana = training(ana_screen)
    _, token = make_feed(ana)
    for wrong in (token[:-1] + ("A" if token[-1] != "A" else "B"), "x", "a" * 101, token.upper()):
        if wrong == token:
            continue
        response = client.get(f"/calendar/{wrong}.ics")
        assert response.status_code == 404
        body = response.content.decode()
        assert "BEGIN:VCALENDAR" not in body and ana.name not in body
    assert client.get(f"/calendar/{token}").status_code == 404  # not without its .ics
    assert client.post(f"/calendar/{token}.ics").status_code == 405


def test_a_withdrawn_address_answers_404(login: Any, ana_screen: Screen) -> None:
    ana = training(ana_screen)
    _, token = make_feed(ana)
    client = login(ana.user)
    assert client.get(f"/calendar/{token}.ics").status_code == 200
    response = client.post("/runners/ana/calendar/revoke/", follow=True)
    assert "The calendar address is withdrawn" in response.content.decode()
    assert client.get(f"/calendar/{token}.ics").status_code == 404
    assert CalendarFeed.objects.get(runner=ana).revoked_at is not None


def test_a_renewed_address_replaces_the_old_one(login: Any, ana_screen: Screen) -> None:
    ana = training(ana_screen)
    client = login(ana.coach.user)
    first = client.post("/runners/ana/calendar/")
    old = _shown_url(first.content.decode())
    second = client.post("/runners/ana/calendar/")
    new = _shown_url(second.content.decode())
    assert old != new and CalendarFeed.objects.filter(runner=ana).count() == 1
    client.logout()
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def _shown_url(html: str) -> str:
    found = re.search(
        r'<code class="key" id="calendar-url">http://testserver(/calendar/[^<]+)<', html
    )
    assert found is not None, "the new address is on the page"
    return found.group(1)


def test_the_address_is_shown_once_and_only_its_hash_is_kept(
    login: Any, ana_screen: Screen
) -> None:
    ana = training(ana_screen)
    client = login(ana.user)
    made = client.post("/runners/ana/calendar/")
    assert made.status_code == 200 and made["Cache-Control"] == "no-store"
    path = _shown_url(made.content.decode())
    token = path.removeprefix("/calendar/").removesuffix(".ics")
    assert len(token) == 43
    assert f'href="webcal://testserver{path}"' in made.content.decode()
    feed = CalendarFeed.objects.get(runner=ana)
    assert feed.prefix == token[:8] and token not in feed.token_hash and len(feed.token_hash) == 64
    assert feed.created_by == ana.user
    later = client.get("/runners/ana/calendar/").content.decode()
    page = client.get("/runners/ana/").content.decode()
    assert token not in later and token not in page
    assert f"/calendar/{token[:8]}…" in later and "Subscribe in your calendar" in page


def test_the_runner_page_offers_the_calendar_to_the_runner_and_the_coach(
    login: Any, ana_screen: Screen
) -> None:
    for user in (ana_screen.runner.user, ana_screen.runner.coach.user):
        html = login(user).get("/runners/ana/").content.decode()
        assert 'id="calendar-heading">Subscribe in your calendar' in html
        assert 'action="/runners/ana/calendar/"' in html
        assert 'href="/runners/ana/calendar.ics"' in html


# --- who may ------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["runner", "coach"])
def test_the_runner_and_their_coach_manage_the_address(
    login: Any, ana_screen: Screen, who: str
) -> None:
    ana = ana_screen.runner
    client = login(ana.user if who == "runner" else ana.coach.user)
    for prefix in ("/api", "/api/v1"):
        made = client.post(f"{prefix}/runners/ana/calendar-feed")
        assert made.status_code == 201, made.content
        body = made.json()
        assert set(body) == {"url", "webcal", "prefix", "created_at"}
        assert re.fullmatch(r"http://testserver/calendar/[\w-]{43}\.ics", body["url"])
        assert body["webcal"] == "webcal" + body["url"].removeprefix("http")
        path = body["url"].removeprefix("http://testserver")
        assert client.get(path).status_code == 200
        assert client.delete(f"{prefix}/runners/ana/calendar-feed").status_code == 204
        assert client.get(path).status_code == 404
        assert client.delete(f"{prefix}/runners/ana/calendar-feed").status_code == 204


# (method, path, body, one status per actor: anonymous, their coach, another coach, the runner
# themself, another runner); Ana has a working address before each request.
API_TABLE: list[tuple[str, str, Any, tuple[int, ...]]] = [
    ("post", "/api/runners/ana/calendar-feed", None, (401, 201, 404, 201, 404)),
    ("delete", "/api/runners/ana/calendar-feed", None, (401, 204, 404, 204, 404)),
    ("post", "/api/runners/nobody/calendar-feed", None, (401, 404, 404, 404, 404)),
    ("post", "/api/v1/runners/ana/calendar-feed", None, (401, 201, 404, 201, 404)),
    ("delete", "/api/v1/runners/ana/calendar-feed", None, (401, 204, 404, 204, 404)),
]
PAGE_TABLE: list[tuple[str, str, Any, tuple[int, ...]]] = [
    ("get", "/runners/ana/calendar/", None, (302, 200, 404, 200, 404)),
    ("post", "/runners/ana/calendar/", {}, (302, 200, 404, 200, 404)),
    ("get", "/runners/ana/calendar/revoke/", None, (302, 405, 405, 405, 405)),
    ("post", "/runners/ana/calendar/revoke/", {}, (302, 302, 404, 302, 404)),
    ("get", "/runners/ana/calendar.ics", None, (302, 200, 404, 200, 404)),
    ("post", "/runners/ana/calendar.ics", {}, (405, 405, 405, 405, 405)),
    ("get", "/runners/nobody/calendar.ics", None, (302, 404, 404, 404, 404)),
]


def _feeds() -> list[tuple[Any, ...]]:
    return list(CalendarFeed.objects.values_list("runner", "token_hash", "revoked_at"))


@pytest.mark.parametrize(("method", "path", "body", "actor", "status"), access_cases(API_TABLE))
def test_api_access(
    login: Any, ana: Runner, ben: Runner, zoe: Runner,
    method: str, path: str, body: Any, actor: str, status: int,
) -> None:  # fmt: skip
    _, token = make_feed(ana)
    before = _feeds()
    response = send_json(login(actor_user(actor, ana, ben, zoe)), method, path, body)
    assert response.status_code == status
    works = CalendarFeed.objects.filter(runner=ana, revoked_at=None).exists()
    if status >= 400:
        assert _feeds() == before, "a refused request changes nothing"
        assert response.json()["detail"][0]["msg"]  # the API's one error shape
    else:
        assert works is (method == "post")


@pytest.mark.parametrize(("method", "path", "body", "actor", "status"), access_cases(PAGE_TABLE))
def test_page_access(
    login: Any, ana_screen: Screen, ben: Runner, zoe: Runner,
    method: str, path: str, body: Any, actor: str, status: int,
) -> None:  # fmt: skip
    ana = ana_screen.runner
    make_feed(ana)
    before = _feeds()
    client = login(actor_user(actor, ana, ben, zoe))
    response = client.get(path) if method == "get" else client.post(path, body)
    assert response.status_code == status
    if status == 302 and actor == "anonymous":
        assert response["Location"].startswith("/login/")
    if status not in (200, 302) or actor == "anonymous" or method == "get":
        assert _feeds() == before, "a refused request (or a read) changes nothing"


def test_another_runners_calendar_reads_exactly_like_one_that_does_not_exist(
    login: Any, ana: Runner, ben: Runner
) -> None:
    client = login(ben.user)
    theirs = client.post("/api/runners/ana/calendar-feed")
    missing = client.post("/api/runners/nobody/calendar-feed")
    assert (theirs.status_code, theirs.json()) == (missing.status_code, missing.json())
    pages = [client.get(p) for p in ("/runners/ana/calendar.ics", "/runners/nobody/calendar.ics")]
    assert [p.status_code for p in pages] == [404, 404]
    same = [re.sub(rb'name="csrfmiddlewaretoken" value="[^"]*"', b"", p.content) for p in pages]
    assert same[0] == same[1]


@pytest.mark.parametrize("who", ["other runner", "other coach", "other coach's runner"])
def test_nobody_else_touches_a_working_address(
    login: Any, ana_screen: Screen, ben: Runner, zoe: Runner, who: str
) -> None:
    ana = training(ana_screen)
    feed, token = make_feed(ana)
    user = {
        "other runner": ben.user,
        "other coach": zoe.coach.user,
        "other coach's runner": zoe.user,
    }[who]
    client = login(user)
    client.post("/api/runners/ana/calendar-feed")
    client.delete("/api/runners/ana/calendar-feed")
    client.post("/runners/ana/calendar/")
    client.post("/runners/ana/calendar/revoke/")
    after = CalendarFeed.objects.get(runner=ana)
    assert (after.token_hash, after.revoked_at) == (feed.token_hash, None)
    assert client.get(f"/calendar/{token}.ics").status_code == 200  # still works


def test_anonymous_is_asked_to_log_in(client: Any, ana_screen: Screen) -> None:
    assert client.post("/api/runners/ana/calendar-feed").status_code == 401
    assert client.delete("/api/runners/ana/calendar-feed").status_code == 401
    for path in ("/runners/ana/calendar/", "/runners/ana/calendar.ics"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert client.post("/runners/ana/calendar/").status_code == 302
    assert not CalendarFeed.objects.exists()


# --- the one-off download -----------------------------------------------------------------------


@pytest.mark.parametrize("who", ["runner", "coach"])
def test_the_week_downloads_as_a_file(login: Any, ana_screen: Screen, who: str) -> None:
    ana = training(ana_screen)
    client = login(ana.user if who == "runner" else ana.coach.user)
    response = client.get("/runners/ana/calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="insideout-ana.ics"'
    assert response["Cache-Control"] == "private, max-age=300"
    events = parse(response.content)[1]
    assert [e.start for e in of(events, "run")] == [r.date for r in advice_for(ana).running.runs]
    assert not CalendarFeed.objects.exists()  # a download makes no address


def test_a_name_with_line_breaks_and_markup_stays_one_escaped_line(
    coach: Any, ana_screen: Screen
) -> None:
    ana = training(ana_screen)
    ana.name = 'Ana\r\nBEGIN:VEVENT\r\nUID:evil;x,y <script>alert("x")</script>'
    ana.save()
    body = calendar_for(ana)
    assert b"\r\nBEGIN:VEVENT\r\nUID:evil" not in body
    cal, events = parse(body)
    assert all(UID.match(e.uid) for e in events)
    assert len(cal.walk("VEVENT")) == len(advice_for(ana).running.runs) + len(
        advice_for(ana).foundation.sessions
    )
