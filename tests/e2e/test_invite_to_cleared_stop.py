"""A runner's first weeks, as the coach and the runner click them (issue 15): from the coach's
invitation to a stop that a physiotherapist clears.

A coach (at a desk) adds a runner with their email; the runner opens the invitation's link on a
375 px phone, chooses a password and lands on their page; the coach screens them; the runner logs
a week of runs with rising pain and sees the cut first; then pain at rest stops running, and the
runner sees the stop first; the runner asks for help; the coach sees the unread message and the
red-flag notice on the dashboard, answers, and records the physiotherapist's clearance; the stop
ends. Every page the runner sees fits a 375 px phone.

Drives Debian's Chromium through Playwright against Django's live server, on today's date (the
forms, the screen and the advice all read the real clock). Nothing is written through the ORM but
the coach's login; the invitation is read from Django's test outbox (locmem: the live server runs
in a thread of this process).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from insideout.catalogue import load_catalogue
from insideout.people.models import Coach
from tests.e2e.conftest import (
    DESKTOP,
    PHONE,
    above,
    fits,
    log_in,
    needs_chromium,
    shot,
    too_wide,
)
from tests.integration.conftest import PASSWORD, make_coach

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), needs_chromium]

EMAIL = "rosa.diaz@example.org"
RUNNER_PASSWORD = "slow-hills-in-autumn-7"
# Pain during the runs of the last week, rising at the knee: new pain there counts from 0, so the
# week's peak (4/10) rose by 4 on last week (pain.week_rise fires at 2): the plan is cut. None is
# above 5/10 during a run, and none is a warning sign: nothing stops yet.
RISING = [(7, 1), (5, 2), (3, 3), (1, 4)]  # (days ago, pain during)
HELP_TEXT = "My knee aches even sitting down <now>. Should I rest or see someone?"
ANSWER = "Rest it and book the physio on Monday; I'll check in after."


@pytest.fixture
def coach(transactional_db: None) -> Coach:
    return make_coach("carla")


def main_first(page: Any) -> Any:
    """The first thing in the page's main content."""
    return page.locator("main > :first-child")


def on_runner_page(page: Any, base: str) -> None:
    page.wait_for_url(f"{base}/runners/rosa/")
    assert fits(page), (page.url, too_wide(page))


def test_a_coach_invites_a_runner_who_is_cut_then_stopped_asks_for_help_and_is_cleared(
    live_server: Any, browser_page: Any, coach: Coach
) -> None:
    base = live_server.url
    today = timezone.localdate()

    # --- the coach adds the runner with her email, at a desk --------------------------------------
    desk = browser_page(**DESKTOP)
    desk.goto(f"{base}/")
    shot(desk, "login")
    log_in(desk, base, coach.user.username, PASSWORD)
    desk.click("text=Add runner")
    desk.fill("#id_name", "Rosa Diaz")
    desk.fill("#id_handle", "rosa")
    desk.select_option("#id_sex", "female")
    desk.fill("#id_birth_year", "1994")
    desk.fill("#id_email", EMAIL)
    with desk.expect_navigation():
        desk.click("main button:has-text('Add runner')")
    assert desk.url == f"{base}/runners/rosa/"
    assert f"an invitation went to {EMAIL}" in desk.locator("main").inner_text()

    # --- the invitation's link, opened on the runner's phone --------------------------------------
    assert len(mail.outbox) == 1
    letter = mail.outbox[0]
    assert letter.to == [EMAIL]
    links = re.findall(r"https?://\S+/invites/\S+/", letter.body)
    assert len(links) == 1 and links[0].startswith(base), letter.body
    phone = browser_page(**PHONE)
    phone.goto(links[0])
    assert "Welcome, Rosa Diaz" in phone.locator("h1").inner_text()
    assert phone.locator("#id_username").input_value() == EMAIL
    assert fits(phone)
    shot(phone, "invite-accept-phone")
    phone.fill("#id_password1", RUNNER_PASSWORD)
    phone.fill("#id_password2", RUNNER_PASSWORD)
    with phone.expect_navigation():
        phone.click("main button:has-text('Make my login')")
    on_runner_page(phone, base)
    assert EMAIL in phone.locator("header .who").inner_text()
    # the same link does not work twice
    gone = phone.context.new_page()
    answer = gone.goto(links[0])
    assert answer is not None and answer.status == 410
    gone.close()

    # --- the coach screens her through the guided pages -------------------------------------------
    desk.goto(f"{base}/runners/rosa/")
    assert desk.locator("#invite-link").count() == 0, "she has a login now"
    desk.click("text=New screen")
    with desk.expect_navigation():
        desk.click("button:has-text('Start the screen')")
    # the first two tests entered (a left ankle that is stiff), then the coach finishes the screen
    first, second, third = load_catalogue().enterable[:3]
    assert (first.id, second.id) == ("knee_to_wall", "calf_raise")
    desk.wait_for_url(f"**/tests/{first.id}/")
    assert desk.locator(".protocol ol li").count() == len(first.protocol)
    shot(desk, "screen-step")
    for test, (left, right) in ((first, ("7.5", "11.0")), (second, ("24", "25"))):
        desk.wait_for_url(f"**/tests/{test.id}/")
        assert desk.locator("h1").inner_text() == test.name
        desk.fill("input[name=left]", left)
        desk.fill("input[name=right]", right)
        with desk.expect_navigation():
            desk.click("button:has-text('Save and next')")
    desk.wait_for_url(f"**/tests/{third.id}/")
    with desk.expect_navigation():
        desk.click("button:has-text('Finish screen')")
    desk.wait_for_url("**/screens/*/")
    assert "more mobility" in desk.locator("main").inner_text().lower()

    # --- the runner logs a week of runs with rising pain, on her phone ----------------------------
    phone.goto(f"{base}/runners/rosa/")
    on_runner_page(phone, base)
    assert phone.locator("main section.alert").count() == 0, "nothing holds her yet"
    shot(phone, "runner-page-phone")
    for days_ago, pain in RISING:
        form = phone.locator("#log-run")
        form.locator("input[name=date]").fill((today - dt.timedelta(days=days_ago)).isoformat())
        form.locator("input[name=distance_km]").fill("5")
        form.locator("input[name=duration_min]").fill("32")
        form.locator("input[name=rpe]").fill("4")
        form.locator("input[name=pain_during]").fill(str(pain))
        form.locator("select[name=pain_site]").select_option("knee")
        if days_ago == RISING[-1][0]:
            shot(phone, "log-a-run-phone")
        with phone.expect_navigation():
            form.locator("button:has-text('Log the run')").click()
        on_runner_page(phone, base)
        assert phone.locator(".errors, .error").count() == 0, phone.locator(
            ".error"
        ).all_inner_texts()
        assert "Saved" in phone.locator(".messages").inner_text()
    # the cut comes first: above the heading, the log and the week's plan
    first = main_first(phone)
    assert first.get_attribute("id") == "cut", first.inner_text()
    assert "cut back this week" in first.inner_text()
    assert above(phone, "#cut", "#log-run") and above(phone, "#cut", "#this-week")
    first.locator("details.alert-why summary").click()
    assert "rose by 4" in first.inner_text()
    assert fits(phone)
    shot(phone, "runner-page-cut-phone")

    # --- pain at rest: running stops -------------------------------------------------------------
    with phone.expect_navigation():
        phone.click("#report-pain-link")
    assert fits(phone)
    phone.fill("#pain_pain", "4")
    phone.select_option("#pain_site", "knee")
    with phone.expect_navigation():
        phone.click("main button[type=submit]")
    on_runner_page(phone, base)
    first = main_first(phone)
    assert first.get_attribute("id") == "refer", first.inner_text()
    assert "physiotherapist or doctor" in first.inner_text()
    assert "pain at rest" in first.inner_text().lower()
    assert "stop" in phone.locator("#this-week .badge").first.inner_text().lower()
    assert above(phone, "#refer", "#this-week")
    shot(phone, "runner-page-stopped-phone")

    # --- she asks her coach for help --------------------------------------------------------------
    with phone.expect_navigation():
        phone.click("#help-thread-link")
    assert "I need help" in phone.locator("h1").inner_text()
    assert fits(phone)
    phone.fill("#id_body", HELP_TEXT)
    with phone.expect_navigation():
        phone.click("button:has-text('Send to my coach')")
    assert HELP_TEXT in phone.locator("#thread").inner_text(), "her words, escaped, not markup"
    assert fits(phone)

    # --- the coach sees the unread message and the notice, and answers ----------------------------
    desk.goto(f"{base}/")
    banner = desk.locator("#help-banner")
    # hers and the notice of the red flag, which nobody had to write
    assert "2 unread messages" in banner.inner_text() and "Rosa Diaz" in banner.inner_text()
    row = desk.locator("table.runners tr.flagged")
    assert row.count() == 1 and "Rosa Diaz" in row.inner_text()
    assert "red flag: pain at rest" in row.inner_text().lower()
    shot(desk, "dashboard-desktop")
    coach_phone = browser_page(**PHONE)
    log_in(coach_phone, base, coach.user.username, PASSWORD)
    assert coach_phone.locator("#help-banner").count() == 1
    assert fits(coach_phone)
    shot(coach_phone, "dashboard-phone-unread")
    with desk.expect_navigation():
        banner.locator("a:has-text('Rosa Diaz')").click()
    thread = desk.locator("#thread")
    assert HELP_TEXT in thread.inner_text()
    notice = desk.locator("#thread li.message-notice")
    assert notice.count() == 1 and "Running stopped for Rosa Diaz" in notice.inner_text()
    desk.fill("#id_body", ANSWER)
    with desk.expect_navigation():
        desk.click("button:has-text('Send to Rosa Diaz')")
    assert ANSWER in desk.locator("#thread").inner_text()
    desk.goto(f"{base}/")
    assert desk.locator("#help-banner").count() == 0, "read by the coach"

    # --- she sees the answer ----------------------------------------------------------------------
    phone.goto(f"{base}/runners/rosa/")
    assert "1 new" in phone.locator("#help-link").inner_text()
    with phone.expect_navigation():
        phone.click("#help-link")
    assert ANSWER in phone.locator("#thread").inner_text()
    assert fits(phone)
    shot(phone, "help-thread-phone")

    # --- the physiotherapist cleared her: the coach records it, and the stop ends ------------------
    desk.goto(f"{base}/runners/rosa/")
    panel = desk.locator("#coach-controls")
    panel.locator("#clearance_date").fill(today.isoformat())
    panel.locator("#clearance_by").select_option("physiotherapist")
    panel.locator("#clearance_reason").fill("Seen today: knee irritated, no bone stress; cleared.")
    with desk.expect_navigation():
        panel.locator("button:has-text('Record the clearance')").click()
    assert desk.locator("#refer, #stop").count() == 0, desk.locator("main").inner_text()[:400]

    phone.goto(f"{base}/runners/rosa/")
    on_runner_page(phone, base)
    assert phone.locator("#refer, #stop").count() == 0
    assert "stop" not in phone.locator("#this-week .badge").first.inner_text().lower()
    # a clearance never lifts a pain cut: the rising pain of the week still cuts, and comes first
    assert main_first(phone).get_attribute("id") == "cut"
