"""The printable programme in a real browser (issue 16, part 2): its print view as paper shows it.

Headless Chromium cannot render a PDF reliably, so the programme's print view (the same template
WeasyPrint renders) is rendered with the print media (``page.emulate_media(media="print")``): the
site's header and the toolbar are gone, the exercises are there, and a screenshot goes to
``build/screenshots/programme.png``. On a 375 px phone the page itself never scrolls sideways.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from insideout.people.models import Coach, Runner
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

A4 = {"width": 794, "height": 1123}  # 210 x 297 mm at 96 px per inch
PHONE = {"width": 375, "height": 812}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), needs_chromium]


@pytest.fixture
def ana(transactional_db: None, monkeypatch: pytest.MonkeyPatch) -> Runner:
    monkeypatch.setattr(services, "today", lambda: TODAY)
    coach: Coach = make_coach("coach")
    ana = make_runner(coach, "ana")
    make_screen(ana, "2026-09-14", KTW_RESTRICTED_LEFT)
    weeks_of_running(ana)
    return ana


def log_in(page: Any, url: str, runner: Runner) -> None:
    page.goto(f"{url}/")
    page.fill("#id_username", runner.user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{url}/runners/{runner.handle}/")


def test_the_programmes_print_view_prints_the_exercises_without_the_site_around_them(
    live_server: Any, browser_page: Any, ana: Runner
) -> None:
    page = browser_page(viewport=A4)
    log_in(page, live_server.url, ana)
    page.click("#programme-link")
    page.wait_for_url(f"{live_server.url}/runners/ana/programme/")
    page.emulate_media(media="print")
    assert not page.locator("header.top").is_visible()
    assert not page.locator(".print-toolbar").is_visible()
    assert page.locator("#guards").is_visible()
    advice = advice_for(ana, TODAY)
    method = services.method()
    names = {method.exercises[p.exercise].name for s in advice.foundation.sessions
             for p in s.exercises}  # fmt: skip
    assert names
    shown = page.locator("li.exercise h4").all_inner_texts()
    assert set(shown) == names
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "programme.png"), full_page=True)


@pytest.mark.parametrize("path", ["programme/", "report/"])
def test_the_printable_pages_do_not_scroll_sideways_on_a_375_px_phone(
    live_server: Any, browser_page: Any, ana: Runner, path: str
) -> None:
    page = browser_page(viewport=PHONE, screen=PHONE, is_mobile=True, has_touch=True)
    log_in(page, live_server.url, ana)
    page.goto(f"{live_server.url}/runners/ana/{path}")
    assert page.locator("article.printable").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
