"""A runner who forgot their password resets it on their phone (issue 15): the login page's
"Forgot your password?", the email's link, a new password, logged in with it; the old one and the
used link no longer work. An address no login has gets the same answer and no email.

Drives Debian's Chromium through Playwright against Django's live server; the email is read from
Django's test outbox (locmem: the live server runs in a thread of this process).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail

from insideout.people.models import Runner
from tests.e2e.conftest import DESKTOP, PHONE, fits, log_in, needs_chromium, shot
from tests.integration.conftest import PASSWORD, make_coach, make_runner

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), needs_chromium]

EMAIL = "ana@example.org"
NEW_PASSWORD = "quiet-river-at-dawn-42"


@pytest.fixture
def ana(transactional_db: None) -> Runner:
    runner = make_runner(make_coach("coach"), "ana", name="Ana Silva")
    assert runner.user is not None
    runner.user.email = EMAIL
    runner.user.save(update_fields=["email"])
    return runner


def test_a_runner_resets_a_forgotten_password_from_the_login_page(
    live_server: Any, browser_page: Any, ana: Runner
) -> None:
    base = live_server.url
    assert ana.user is not None
    username = ana.user.username
    page = browser_page(**PHONE)

    # an address no login has: the same answer, and no email
    page.goto(f"{base}/login/")
    assert fits(page)
    shot(page, "login-phone")
    with page.expect_navigation():
        page.click("text=Forgot your password?")
    assert page.url == f"{base}/password_reset/"
    assert fits(page)
    shot(page, "password-reset-form-phone")
    page.fill("#id_email", "nobody@example.org")
    with page.expect_navigation():
        page.click("button:has-text('Send the link')")
    assert "Check your email" in page.locator("h1").inner_text()
    assert mail.outbox == []

    # her own address: the link comes by email
    page.goto(f"{base}/password_reset/")
    page.fill("#id_email", EMAIL)
    with page.expect_navigation():
        page.click("button:has-text('Send the link')")
    assert "Check your email" in page.locator("h1").inner_text()
    assert fits(page)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [EMAIL]
    links = re.findall(r"https?://\S+/reset/\S+/\S+/", mail.outbox[0].body)
    assert len(links) == 1 and links[0].startswith(base), mail.outbox[0].body
    assert username in mail.outbox[0].body, "the email names the login"

    page.goto(links[0])
    assert page.locator("h1").inner_text() == "Choose a new password"
    assert fits(page)
    shot(page, "password-reset-new-phone")
    # a password the validators refuse is refused with a reason, and nothing changes
    page.fill("#id_new_password1", "ana")
    page.fill("#id_new_password2", "ana")
    with page.expect_navigation():
        page.click("button:has-text('Save the new password')")
    assert "too short" in page.locator("main").inner_text()
    page.fill("#id_new_password1", NEW_PASSWORD)
    page.fill("#id_new_password2", NEW_PASSWORD)
    with page.expect_navigation():
        page.click("button:has-text('Save the new password')")
    assert "new password is saved" in page.locator("h1").inner_text()
    with page.expect_navigation():
        page.click("main a:has-text('Log in')")
    assert page.url.startswith(f"{base}/login/")

    # logged in with the new password: her page, then her API keys
    page.fill("#id_username", username)
    page.fill("#id_password", NEW_PASSWORD)
    with page.expect_navigation():
        page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/runners/ana/")
    assert username in page.locator("header .who").inner_text()
    page.click("header >> text=Tokens")
    page.wait_for_url(f"{base}/account/tokens/")
    page.fill("#id_name", "my watch app")
    with page.expect_navigation():
        page.click("button:has-text('Make a new key')")
    assert len(page.locator("#new-key").inner_text()) > 20, "the key, shown this once"
    assert fits(page)
    shot(page, "tokens-phone")
    with page.expect_navigation():
        page.click("header button:has-text('Log out')")

    # the old password is refused; the link does not work twice
    log_in(page, base, username, PASSWORD)
    assert page.url.startswith(f"{base}/login/")
    assert "correct username and password" in page.locator(".errors").inner_text()
    page.goto(links[0])
    assert page.locator("h1").inner_text() == "This link no longer works"

    # the new one still works, at a desk too
    desk = browser_page(**DESKTOP)
    log_in(desk, base, username, NEW_PASSWORD)
    assert desk.url == f"{base}/runners/ana/"
    desk.goto(f"{base}/account/tokens/")
    assert "my watch app" in desk.locator("table.tokens").inner_text()
    assert desk.locator("#new-key").count() == 0, "never shown again"
    shot(desk, "tokens-desktop")
