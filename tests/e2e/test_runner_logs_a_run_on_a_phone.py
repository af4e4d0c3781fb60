"""A runner's journey on a phone: log in, see today, log a run with its pain, answer next morning.

Drives Debian's Chromium through Playwright at a phone's size (390 × 844, touch) against Django's
live server. The clock is moved by replacing ``insideout.training.services.today``; the live
server runs in a thread of this process, so the replacement holds there too.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from insideout.people.models import Runner
from insideout.training import services
from insideout.training.advice import advice_for
from insideout.training.models import Run
from tests.e2e.conftest import above, fits, needs_chromium, shot
from tests.integration.conftest import (
    KTW_RESTRICTED_LEFT,
    PASSWORD,
    make_coach,
    make_runner,
    make_screen,
)
from tests.integration.training_builders import TODAY, weeks_of_running

PHONE = {"width": 390, "height": 844}
QUESTION = "How is the pain this morning?"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    needs_chromium,
]


class Clock:
    """The day the pages think it is."""

    def __init__(self) -> None:
        self.day = TODAY

    def __call__(self) -> dt.date:
        return self.day


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fixed = Clock()
    monkeypatch.setattr(services, "today", fixed)
    return fixed


@pytest.fixture
def phone(browser_page: Any) -> Any:
    return browser_page(
        viewport=PHONE, screen=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2
    )


@pytest.fixture
def ana(transactional_db: None, clock: Clock) -> Runner:
    """A screened runner with four weeks of running behind her, who logs in herself."""
    runner = make_runner(make_coach("coach"), "ana")
    make_screen(runner, "2026-09-14", KTW_RESTRICTED_LEFT)
    weeks_of_running(runner)
    return runner


def test_a_runner_logs_a_run_with_pain_on_a_phone_and_answers_the_next_morning(
    live_server: Any, phone: Any, ana: Runner, clock: Clock
) -> None:
    page = phone
    page.goto(f"{live_server.url}/")
    page.fill("#id_username", ana.user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/runners/ana/")

    # Today first, from this week's plan; then the form; the week and its reasons further down.
    week = advice_for(ana)
    today = page.locator("#today")
    assert "Today" in today.inner_text()
    sessions = [s for s in week.foundation.sessions if s.date == TODAY]
    runs = [r for r in week.running.runs if r.date == TODAY]
    if runs or sessions:
        assert (today.locator(".today-run").count() > 0) == bool(runs)
        assert ("Foundation session" in today.inner_text()) == bool(sessions)
    else:
        assert "Rest" in today.inner_text()
    assert above(page, "#today", "#log-run")
    assert above(page, "#log-run", "#this-week")
    assert page.locator("#this-week").count() == 1
    assert page.locator("#log-run").count() == 1, "the form is on the page once"
    assert page.locator("#morning-question").count() == 0
    assert fits(page)

    # A few fields: the date is today and the pain starts empty (not said, never 0).
    form = page.locator("#log-run")
    assert form.locator("input[name=date]").input_value() == TODAY.isoformat()
    assert form.locator("input[name=pain_during]").input_value() == ""
    assert form.locator("input[name=distance_km]").get_attribute("inputmode") == "decimal"
    assert not form.locator("input[value=night_pain]").is_visible(), "warning signs start folded"
    box = form.locator("input[name=distance_km]").bounding_box()
    assert box is not None and box["height"] >= 40, "big enough to tap"
    form.locator("input[name=distance_km]").fill("5.2")
    form.locator("input[name=duration_min]").fill("32")
    form.locator("input[name=rpe]").fill("4")
    form.locator("input[name=pain_after]").fill("3")
    form.locator("select[name=pain_site]").select_option("knee")
    with page.expect_navigation():
        form.locator("button:has-text('Log the run')").click()
    assert page.url.endswith("/runners/ana/"), page.locator(".errors, .error").all_inner_texts()

    row = page.locator("#recent-runs tbody tr").first
    assert TODAY.isoformat() in row.inner_text() and "5.2" in row.inner_text()
    assert "knee" in row.inner_text()
    stored = Run.objects.get(runner=ana, date=TODAY)
    assert (stored.pain_after, stored.pain_site, stored.pain_next_morning) == (3.0, "knee", None)
    assert page.locator("#morning-question").count() == 0, "not the same day"
    assert fits(page)

    # The next morning the question is the first thing on the page.
    clock.day = TODAY + dt.timedelta(days=1)
    page.reload()
    question = page.locator("#morning-question")
    assert QUESTION in question.inner_text()
    assert "5.2 km" in question.inner_text()
    assert above(page, "#morning-question", "#today")
    assert question.is_visible() and question.bounding_box()["y"] < PHONE["height"]
    assert fits(page)
    shot(page, "runner-page-morning-phone")
    question.locator("input[name=pain_next_morning]").fill("1")
    with page.expect_navigation():
        question.locator("button:has-text('Save')").click()
    assert page.url.endswith("/runners/ana/")
    assert page.locator("#morning-question").count() == 0
    stored.refresh_from_db()
    assert stored.pain_next_morning == 1.0
    assert fits(page)
    shot(page, "runner-page-390-phone")
