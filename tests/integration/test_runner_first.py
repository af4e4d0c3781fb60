"""The runner's own page, phone first: the referral, the morning question, today, the form.

When the runner themself opens their page it starts with what needs them now, in this order:
the referral if any, the next-morning pain question if pending, "Today" (the planned run or
foundation session of the day, or rest) and the "log a run" form; the week and its reasons follow.
The coach's view keeps its order (the week first, the forms in the training panel below).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from insideout.people.models import Runner
from insideout.screening.models import Screen
from insideout.site.presenters import RunRow, SessionRow, Week
from insideout.training import services
from insideout.training.advice import advice_for
from insideout.training.models import Run
from tests.advice_builders import advice, history
from tests.integration.training_builders import TODAY, run, weeks_of_running

DAY = dt.timedelta(days=1)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services, "today", lambda: TODAY)


def page(client: Any, path: str = "/runners/ana/") -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def order(html: str, *marks: str) -> bool:
    at = [html.index(m) for m in marks]
    return at == sorted(at)


def test_the_runner_sees_today_and_the_form_before_the_week(login: Any, ana_screen: Screen) -> None:
    ana = ana_screen.runner
    weeks_of_running(ana)
    html = page(login(ana.user))
    assert order(html, 'id="today"', 'id="log-run"', 'id="this-week"', 'id="report-pain"')
    assert html.count('id="log-run"') == 1
    assert 'name="date" value="2026-10-14"' in html
    assert 'name="pain_after" value=' not in html  # not said until the runner says it
    assert 'inputmode="decimal"' in html


def test_the_coach_keeps_the_week_first_and_has_no_today(login: Any, ana_screen: Screen) -> None:
    ana = ana_screen.runner
    weeks_of_running(ana)
    html = page(login(ana.coach.user))
    assert 'id="today"' not in html
    assert order(html, 'id="this-week"', 'id="log-run"', 'id="report-pain"')
    assert html.count('id="log-run"') == 1


def test_today_shows_the_days_foundation_session_and_the_next_run(
    login: Any, ana_screen: Screen
) -> None:
    ana = ana_screen.runner
    weeks_of_running(ana)
    week = advice_for(ana)
    html = page(login(ana.user))
    today = html.split('id="today"', 1)[1].split("</section>", 1)[0]
    sessions = [s for s in week.foundation.sessions if s.date == TODAY]
    runs = [r for r in week.running.runs if r.date == TODAY]
    assert ("Foundation session" in today) == bool(sessions)
    assert ("today-run" in today) == bool(runs)
    if not runs:
        after = next(r for r in week.running.runs if r.date > TODAY)
        assert f"Next run: {after.date:%a %Y-%m-%d}" in today


def test_todays_foundation_session_is_marked_done_in_one_tap(
    login: Any, ana_screen: Screen
) -> None:
    ana = ana_screen.runner
    weeks_of_running(ana)
    assert any(s.date == TODAY for s in advice_for(ana).foundation.sessions), (
        "the fixture plans one"
    )
    client = login(ana.user)
    today = page(client).split('id="today"', 1)[1].split("</section>", 1)[0]
    assert "Mark it done" in today and "Done today" not in today
    response = client.post(f"/runners/{ana.handle}/strength/done/")
    assert response.status_code == 302
    assert ana.strength_sessions.filter(date=TODAY, completed=True).count() == 1
    today = page(client).split('id="today"', 1)[1].split("</section>", 1)[0]
    assert "Done today" in today and "Mark it done" not in today


def test_the_morning_question_comes_before_today(login: Any, ana: Runner) -> None:
    Run.objects.create(runner=ana, date=TODAY - DAY, distance_km=5, duration_min=30)
    html = page(login(ana.user))
    assert order(html, 'id="morning-question"', 'id="today"', 'id="log-run"')


def test_a_referral_is_the_first_thing_the_runner_sees_and_shown_once(
    login: Any, ana_screen: Screen
) -> None:
    ana = ana_screen.runner
    weeks_of_running(ana)
    run(ana, TODAY - DAY, red_flags=["night_pain"], pain_next_morning=None)
    html = page(login(ana.user))
    assert html.count('id="refer"') == 1
    assert order(html, 'id="refer"', 'id="morning-question"', 'id="today"', 'id="log-run"')
    assert "Rest" in html.split('id="today"', 1)[1].split("</section>", 1)[0]
    coach = page(login(ana.coach.user))
    assert coach.count('id="refer"') == 1
    assert order(coach, 'id="refer"', 'id="this-week"')


def test_today_lists_a_run_planned_for_the_day() -> None:
    day = dt.date(2026, 10, 14)
    runs = (RunRow(day, "easy", 4.0), RunRow(day + 2 * DAY, "long", 6.0))
    sessions = (SessionRow((day - DAY, day + DAY), ()), SessionRow((day,), ()))
    week = Week(advice(history(), day), "", runs, sessions, ())
    assert week.today_runs == runs[:1]
    assert [s.dates for s in week.today_sessions] == [(day,)]
    assert week.next_run == runs[1]
