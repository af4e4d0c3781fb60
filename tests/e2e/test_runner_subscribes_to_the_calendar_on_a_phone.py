"""A runner subscribes to their week from their page on a 375 px phone, in a real Chromium.

The address is shown once, fits the screen, and the feed it names (fetched as a calendar app
would, without the session) parses with ``icalendar`` into this week's runs; after "Withdraw it"
the same address answers 404.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar

from insideout.people.models import Runner
from insideout.training import services
from insideout.training.advice import advice_for
from tests.e2e.conftest import needs_chromium
from tests.integration.conftest import (
    KTW_RESTRICTED_LEFT,
    PASSWORD,
    make_coach,
    make_runner,
    make_screen,
)
from tests.integration.training_builders import TODAY, weeks_of_running

PHONE = {"width": 375, "height": 812}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), needs_chromium]


@pytest.fixture
def ana(transactional_db: None, monkeypatch: pytest.MonkeyPatch) -> Runner:
    monkeypatch.setattr(services, "today", lambda: TODAY)
    runner = make_runner(make_coach("coach"), "ana")
    make_screen(runner, "2026-09-14", KTW_RESTRICTED_LEFT)
    weeks_of_running(runner)
    return runner


def fits(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as refused:
        return refused.code, b""


def test_a_runner_subscribes_to_their_week_on_a_phone(
    live_server: Any, browser_page: Any, ana: Runner
) -> None:
    page = browser_page(viewport=PHONE, screen=PHONE, is_mobile=True, has_touch=True)
    page.goto(f"{live_server.url}/")
    page.fill("#id_username", ana.user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/runners/ana/")
    section = page.locator("#calendar")
    assert "Subscribe in your calendar" in section.inner_text()
    assert fits(page)
    with page.expect_navigation():
        section.locator("button:has-text('Make a calendar address')").click()
    url = page.locator("#calendar-url").inner_text().strip()
    assert url.startswith(f"{live_server.url}/calendar/") and url.endswith(".ics")
    assert fits(page), "the long address wraps instead of pushing the page sideways"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "calendar-phone.png"), full_page=True)

    status, body = _get(url)  # a calendar app: no session, no cookie
    assert status == 200
    cal = Calendar.from_ical(body)
    runs = [e for e in cal.walk("VEVENT") if str(e["uid"]).startswith("run-")]
    assert [e.decoded("dtstart") for e in runs] == [r.date for r in advice_for(ana).running.runs]

    page.goto(f"{live_server.url}/runners/ana/calendar/")
    assert url not in page.content(), "shown once"
    with page.expect_navigation():
        page.locator("button:has-text('Withdraw it')").click()
    assert "withdrawn" in page.locator("main").inner_text()
    assert _get(url)[0] == 404
