"""The coach's dashboard on a phone (issue 15, part 3): 375 px wide, it never scrolls sideways.

At 600 px and narrower each runner is a card (the table's rows stacked, each cell with its
heading); the filter form wraps. Drives Debian's Chromium through Playwright against Django's live
server, with runners whose rows hold the longest things the dashboard shows: a referral's reason,
a holding rule and its sentence, a profile line.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from insideout.people.models import Coach
from insideout.training import services
from insideout.training.models import PainReport, Run
from tests.e2e.conftest import fits, needs_chromium, shot
from tests.integration.conftest import (
    KTW_RESTRICTED_LEFT,
    PASSWORD,
    make_coach,
    make_runner,
    make_screen,
)

TODAY = dt.date(2026, 10, 14)
PHONE = {"width": 375, "height": 812}

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), needs_chromium]


@pytest.fixture
def coach(transactional_db: None, monkeypatch: pytest.MonkeyPatch) -> Coach:
    monkeypatch.setattr(services, "today", lambda: TODAY)
    coach = make_coach("coach")
    referred = make_runner(coach, "referred", login=False, name="A runner with a long name indeed")
    PainReport.objects.create(runner=referred, date=TODAY, pain=4, site="shin",
                              red_flags=["night_pain"])  # fmt: skip
    screened = make_runner(coach, "screened", login=False)
    make_screen(screened, "2026-09-14", KTW_RESTRICTED_LEFT)
    quiet = make_runner(coach, "quiet", login=False)
    Run.objects.create(runner=quiet, date=TODAY - dt.timedelta(days=12), distance_km=5,
                       duration_min=30, pain_during=3.0)  # fmt: skip
    make_runner(coach, "new", login=False)
    return coach


def test_the_dashboard_does_not_scroll_sideways_on_a_375_px_phone(
    live_server: Any, browser_page: Any, coach: Coach
) -> None:
    page = browser_page(viewport=PHONE, screen=PHONE, is_mobile=True, has_touch=True)
    page.goto(f"{live_server.url}/")
    page.fill("#id_username", coach.user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator("table.runners tbody tr").count() == 4
    assert fits(page)
    # each runner a card: the table's header is out of sight, the cells stack
    style = "([s, p]) => getComputedStyle(document.querySelector(s))[p]"
    assert page.evaluate(style, ["table.runners thead", "position"]) == "absolute"
    assert page.evaluate(style, ["table.runners td", "display"]) == "block"
    for details in page.locator("table.runners details.why").all():
        details.locator("summary").click()
    assert fits(page)
    shot(page, "dashboard-phone")

    # filtered through the form, the page still fits
    page.locator("input[name=show][value=quiet]").check()
    page.select_option("#glance-sort", "pain")
    with page.expect_navigation():
        page.click("form.glance button[type=submit]")
    assert "show=quiet" in page.url and "sort=pain" in page.url
    rows = page.locator("table.runners tbody tr")
    assert rows.count() == 2  # the run 12 days ago, the screen 30 days ago
    assert all("gone quiet" in r.inner_text() for r in rows.all())
    assert fits(page)

    # the runner's page opens on the profile over time, and fits too
    page.goto(f"{live_server.url}/runners/screened/")
    assert page.locator("#over-time-title").count() == 1
    assert fits(page)
