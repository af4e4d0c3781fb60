"""A coach's whole journey in a real browser: log in, add a runner, screen them, read the profile.

Drives Debian's Chromium through Playwright against Django's live server; nothing is faked.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from insideout.catalogue import load_catalogue
from insideout.catalogue.labels import load_labels
from insideout.people.models import Coach
from tests.e2e.conftest import needs_chromium

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    needs_chromium,
]


@pytest.fixture
def page(browser_page: Any) -> Any:
    return browser_page()


@pytest.fixture
def coach_login(transactional_db: None) -> tuple[str, str]:
    user = get_user_model().objects.create_user(username="carla", password="carla-pw")
    Coach.objects.create(user=user, name="Carla")
    return "carla", "carla-pw"


def test_a_coach_screens_a_new_runner_and_sees_the_left_ankle_mobility_need(
    live_server: Any, page: Any, coach_login: tuple[str, str]
) -> None:
    username, password = coach_login
    page.goto(f"{live_server.url}/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")

    page.click("text=Add runner")
    page.fill("#id_name", "Dana Lee")
    page.fill("#id_handle", "dana")
    page.select_option("#id_sex", "female")
    page.fill("#id_birth_year", "1992")
    page.click("button:has-text('Add runner')")
    page.wait_for_url("**/runners/dana/")

    page.click("text=New screen")
    page.click("button:has-text('Start the screen')")
    enter = {"knee_to_wall": {"left": "7.5", "right": "11.0"}, "beighton": {"value": "2"}}
    for test in load_catalogue().enterable:
        page.wait_for_url(f"**/tests/{test.id}/")
        assert page.locator("h1").inner_text() == test.name
        assert page.locator(".protocol ol li").count() == len(test.protocol)
        values = enter.get(test.id)
        if values is None:
            page.click("button:has-text('Skip this test')")
            continue
        for name, value in values.items():
            page.fill(f"input[name={name}]", value)
        page.click("button:has-text('Save and next')")

    page.wait_for_url("**/screens/*/")
    cell = page.locator('td[data-region="foot_ankle"][data-side="left"]')
    assert cell.locator(".badge").inner_text().lower() == "more mobility"
    rule = next(
        r for r in load_catalogue().tests["knee_to_wall"].rules if r.id == "knee_to_wall.restricted"
    )
    finding = page.locator(f'li.finding[data-rule="{rule.id}"]')
    assert finding.count() == 1
    assert load_labels().rule(rule.id) in finding.inner_text()
    assert rule.id not in finding.inner_text(), "the rule id waits in the details for coaches"
    finding.locator("details.for-coaches summary").click()
    assert rule.id in finding.inner_text()
    assert rule.evidence in finding.inner_text()
    assert "7.5" in finding.inner_text()
    assert "Hypermobile: no" in page.locator("#hypermobile").inner_text()


def test_a_form_error_in_the_browser_names_the_field_and_the_range(
    live_server: Any, page: Any, coach_login: tuple[str, str]
) -> None:
    username, password = coach_login
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/runners/new/")
    page.fill("#id_name", "Eli")
    page.fill("#id_handle", "eli")
    page.click("button:has-text('Add runner')")
    page.click("text=New screen")
    page.click("button:has-text('Start the screen')")
    page.goto(page.url.rsplit("/tests/", 1)[0] + "/tests/knee_to_wall/")
    page.fill("input[name=left]", "seven")
    page.fill("input[name=right]", "11")
    page.click("button:has-text('Save and next')")
    error = page.locator(".error").first.inner_text()
    assert "Left (cm)" in error and "0 to 25 cm" in error


def test_a_red_flag_logged_in_the_browser_stops_running_and_flags_the_runner(
    live_server: Any, page: Any, coach_login: tuple[str, str]
) -> None:
    username, password = coach_login
    coach = Coach.objects.get(user__username=username)
    coach.runners.create(handle="fay", name="Fay", sex="female", birth_year=1990)
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")

    page.goto(f"{live_server.url}/runners/fay/")
    assert "screen first" in page.locator("#this-week").inner_text().lower()
    page.locator("#this-week details").first.click()
    assert page.locator("#this-week details ol li").first.is_visible()

    form = page.locator("#log-run")
    # A red flag counts from the moment it is logged: today's run with night pain stops running.
    form.locator("input[name=date]").fill(timezone.localdate().isoformat())
    form.locator("input[name=distance_km]").fill("5")
    form.locator("input[name=duration_min]").fill("30")
    form.locator("input[name=rpe]").fill("4")
    assert not form.locator("input[value=night_pain]").is_visible(), "warning signs start folded"
    form.locator("details.warning-signs summary").click()
    form.locator("input[value=night_pain]").check()
    with page.expect_navigation():
        form.locator("button:has-text('Log the run')").click()
    assert page.url.endswith("/runners/fay/"), page.locator(".errors, .error").all_inner_texts()
    refer = page.locator("#refer")
    assert "physiotherapist or doctor" in refer.inner_text()
    assert "stop" in page.locator("#this-week .badge").first.inner_text().lower()

    page.click("header >> text=Runners")
    row = page.locator("tr.flagged")
    assert row.count() == 1 and "Fay" in row.inner_text()
