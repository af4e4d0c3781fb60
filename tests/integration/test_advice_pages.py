"""The advice in the pages: this week on the runner's page, each runner's phase on the dashboard.

The runner's page shows the phase, the planned runs, the foundation sessions with each exercise's
name and protocol, the technique gate, the referral when there is one, and every decision under
"Why". The coach's dashboard shows each runner's phase and the rule that holds them, runners who
must stop or see a professional first; it asks the database the same number of times for one
runner as for five.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from insideout.catalogue.labels import load_labels
from insideout.catalogue.method import load_method
from insideout.help.models import Message
from insideout.people.models import Coach, Runner
from insideout.screening.models import Screen
from insideout.training import services
from insideout.training.advice import advice_for
from insideout.training.models import AdviceSummary
from tests.advice_builders import BALANCED
from tests.integration.conftest import KTW_RESTRICTED_LEFT, make_runner, make_screen
from tests.integration.training_builders import DAY, TODAY, run, weeks_of_running

NIGHT_PAIN_WORDS = "please see a physiotherapist or doctor"
SIDES = ("left", "right")


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services, "today", lambda: TODAY)


def page(client: Any, path: str = "/runners/ana/") -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def shows(html: str, text: str) -> bool:
    return escape(text) in html


# --- the runner's page -------------------------------------------------------------------------


@pytest.mark.parametrize("actor", ["runner_themself", "owner_coach"])
def test_the_runner_page_shows_this_week_and_why(
    login: Any, ana_screen: Screen, actor: str
) -> None:
    ana = ana_screen.runner
    weeks_of_running(ana)
    html = page(login(ana.user if actor == "runner_themself" else ana.coach.user))
    week = advice_for(ana)
    labels = load_labels()
    assert "This week" in html
    phase = labels.of("phase", week.phase.value)
    assert f'class="badge phase-{week.phase.value}">{phase}<' in html
    # the scene plans runs, sessions, a locked gate and decisions: every loop below checks something
    assert week.running.runs and week.foundation.sessions and week.technique.missing
    assert week.decisions
    for planned in week.running.runs:
        assert planned.date.strftime("%Y-%m-%d") in html
        assert labels.of("kind", planned.kind) in html
    for session in week.foundation.sessions:
        assert session.date.strftime("%Y-%m-%d") in html
    exercises = load_method().exercises
    for prescription in week.foundation.sessions[0].exercises:
        exercise = exercises[prescription.exercise]
        assert shows(html, exercise.name)
        assert shows(html, exercise.protocol[0])  # inside its <details>
    assert "<details>" in html
    assert 'class="technique locked"' in html
    for missing in week.technique.missing:
        assert shows(html, labels.plain(missing))
    assert "Why" in html
    for_coaches = html.split('id="why-for-coaches"', 1)[1].split("</details>", 1)[0]
    for decision in week.decisions:
        assert decision.rule in for_coaches and decision.evidence in for_coaches
        assert shows(html, labels.rule(decision.rule))
        assert shows(html, labels.plain(decision.text))
    assert "See a physiotherapist or doctor" not in html


def test_the_runner_page_shows_the_load_as_context_citing_why_it_is_no_rule(
    login: Any, ana_screen: Screen
) -> None:
    ana = ana_screen.runner
    weeks_of_running(ana)
    html = page(login(ana.coach.user))
    load = advice_for(ana).load
    assert 'id="load"' in html and "never a rule" in html
    assert f"{load.week_load:g}" in html
    assert "EV-LOAD-ACWR-DISMISS" in html


def test_a_runner_with_no_screen_is_asked_for_the_screen(login: Any, ana: Runner) -> None:
    weeks_of_running(ana)
    html = page(login(ana.user))
    assert 'badge phase-screen_needed">Screen first<' in html
    assert "No movement screen on record" in html
    assert "plan.screen_first" in html
    assert "Start the screen" not in html  # the runner does not enter screens
    assert "Start the screen" in page(login(ana.coach.user))


def test_a_red_flag_stops_running_and_the_page_says_whom_to_see(
    login: Any, ana_screen: Screen
) -> None:
    ana = ana_screen.runner
    weeks_of_running(ana)
    run(ana, TODAY - DAY, red_flags=["night_pain"])
    html = page(login(ana.user))
    refer = advice_for(ana).refer
    assert refer is not None
    assert "See a physiotherapist or doctor" in html
    assert shows(html, refer.words) and NIGHT_PAIN_WORDS in refer.words
    assert html.index('id="refer"') < html.index('id="this-week"')
    assert 'badge phase-stop">Running stopped<' in html and "No running this week." in html
    assert "red_flag.night_pain" in html


def test_a_runner_through_the_gate_sees_the_cadence_prescription(login: Any, ana: Runner) -> None:
    balanced = [
        {"test": t, "side": side, "value": v} for t, v in BALANCED.items() for side in SIDES
    ]
    make_screen(ana, "2026-08-24", [*balanced, {"test": "beighton", "value": 2}])
    weeks_of_running(ana, weeks=7, cadence_spm=164.0)
    html = page(login(ana.user))
    gate = advice_for(ana).technique
    assert gate.unlocked and gate.prescription is not None, gate.missing
    assert 'badge phase-technique">Technique<' in html and 'class="technique unlocked"' in html
    assert shows(html, gate.prescription.text)


# --- the coach's dashboard ---------------------------------------------------------------------


def _rows(html: str) -> list[str]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return body.split("<tr")[1:]


def test_the_dashboard_shows_each_runners_phase_and_the_rule_that_holds_them(
    login: Any, ana_screen: Screen, ben: Runner
) -> None:
    weeks_of_running(ana_screen.runner)
    html = page(login(ana_screen.runner.coach.user), "/")
    ana_row, ben_row = _rows(html)
    assert "Ana" in ana_row and "Ben" in ben_row
    held = advice_for(ana_screen.runner)
    assert held.phase.value in ana_row
    first = next(d for d in held.decisions if d.verdict.value != "progress")
    assert first.rule in ana_row
    assert "screen_needed" in ben_row and "plan.screen_first" in ben_row
    assert "flagged" not in ana_row + ben_row


@pytest.mark.django_db(transaction=True)  # the run commits: it stores Ben's summary, flagged
def test_a_runner_who_must_stop_is_flagged_at_the_top_of_the_dashboard(
    login: Any, ana: Runner, ben: Runner
) -> None:
    run(ben, TODAY - DAY, red_flags=["swelling"])
    html = page(login(ana.coach.user), "/")
    first, second = _rows(html)
    assert "Ben" in first and "flagged" in first and "stop" in first
    assert "see a professional" in first or "running stopped" in first
    assert "Ana" in second and "flagged" not in second


def test_a_referral_is_flagged_on_the_dashboard_with_its_reason(
    login: Any, ana_screen: Screen
) -> None:
    run(ana_screen.runner, TODAY - DAY, red_flags=["night_pain"])
    html = page(login(ana_screen.runner.coach.user), "/")
    refer = advice_for(ana_screen.runner).refer
    assert refer is not None
    assert "see a professional" in html and shows(html, refer.reason)


# --- queries -----------------------------------------------------------------------------------


def _team(coach: Coach, names: list[str]) -> None:
    for name in names:
        runner = make_runner(coach, name, login=False)
        make_screen(runner, "2026-09-14", KTW_RESTRICTED_LEFT)
        weeks_of_running(runner, weeks=2)
        run(runner, TODAY - DAY, red_flags=["night_pain"] if name == "runner-3" else [])


def _queries(client: Any, path: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        page(client, path)
    return len(ctx.captured_queries)


def test_the_dashboard_asks_as_often_for_five_runners_as_for_one(login: Any, coach: Coach) -> None:
    client = login(coach.user)
    _team(coach, ["runner-0"])
    one = _queries(client, "/")
    _team(coach, ["runner-1", "runner-2", "runner-3", "runner-4"])
    assert coach.runners.count() == 5
    five = _queries(client, "/")
    # the writes here never commit, so no summary is stored: the page makes all five afresh in
    # memory, in as many queries as one, and writes nothing (runner-3's red flag is noticed by the
    # write that stores the summary, insideout.help, never by a page)
    assert five == one
    html = page(client, "/")
    assert "runner-4" in html and "running stopped" in html
    assert not AdviceSummary.objects.exists() and not Message.objects.exists()


def test_the_runner_page_asks_as_often_for_a_long_history_as_for_a_short_one(
    login: Any, ana_screen: Screen
) -> None:
    ana = ana_screen.runner
    client = login(ana.user)
    run(ana, TODAY - 30 * DAY)
    short = _queries(client, "/runners/ana/")
    weeks_of_running(ana, weeks=8)
    make_screen(ana, "2026-10-01", KTW_RESTRICTED_LEFT)
    assert _queries(client, "/runners/ana/") == short


def test_the_runner_page_asks_as_often_for_a_year_as_for_four_weeks(
    login: Any, ana_screen: Screen, django_assert_max_num_queries: Any
) -> None:
    ana = ana_screen.runner
    client = login(ana.coach.user)
    weeks_of_running(ana, weeks=4)
    four_weeks = _queries(client, "/runners/ana/")
    for w in range(52, 4, -1):  # the rest of the year, with pain, screens and reports in it
        monday = TODAY - w * 7 * DAY
        for offset, km in ((0, 5.0), (2, 6.0), (5, 8.0)):
            run(ana, monday + offset * DAY, km, pain_during=float(w % 3))
    for weeks_ago in (40, 30, 20, 10):
        make_screen(ana, (TODAY - weeks_ago * 7 * DAY).isoformat(), KTW_RESTRICTED_LEFT)
    assert ana.runs.count() == 52 * 3
    with django_assert_max_num_queries(four_weeks):
        html = page(client, "/runners/ana/")
    # the runs table is read a page at a time, by the view: the year is paged, not written out
    assert "page 1 of 16 (156 runs)" in html
    response = client.get("/runners/ana/")
    assert isinstance(response.context["log"].runs.object_list, list)
