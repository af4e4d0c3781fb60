"""The real browser: Debian's Chromium driven by Playwright, shared by every journey here.

Playwright's own browser download does not work on the project's machines; `make test` installs
Debian's `chromium` first (scripts/ensure-chromium.sh). Without it the journeys fail, saying how to
get it: a browser test that skips unseen is a test that can never fail. To run without them on
purpose, set ``INSIDEOUT_SKIP_BROWSER=1`` (or deselect them with ``-m "not browser"``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connections

# Playwright's sync API runs an event loop in this thread; Django must still allow ORM calls here.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from playwright import sync_api  # noqa: E402

CHROMIUM = os.environ.get("INSIDEOUT_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Screenshots of the main pages, full page, for people to look at (build/ is not committed).
SCREENSHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"
# A 375 px phone (the narrowest the pages are made for) and a laptop.
PHONE_SIZE = {"width": 375, "height": 812}
PHONE: dict[str, Any] = {
    "viewport": PHONE_SIZE,
    "screen": PHONE_SIZE,
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 1,
}
DESKTOP: dict[str, Any] = {"viewport": {"width": 1280, "height": 800}}

SKIP = os.environ.get("INSIDEOUT_SKIP_BROWSER") == "1"
MISSING = (
    f"no Chromium at {CHROMIUM}: run `bash scripts/ensure-chromium.sh` (make test does) and set "
    "INSIDEOUT_CHROMIUM to the path it prints if it is not /usr/bin/chromium; or set "
    "INSIDEOUT_SKIP_BROWSER=1 to leave the browser tests out on purpose"
)

# Skips only when asked to: a missing Chromium fails in ``browser_page`` instead.
needs_chromium = pytest.mark.skipif(SKIP, reason="INSIDEOUT_SKIP_BROWSER=1: browser tests left out")


@pytest.fixture(autouse=True)
def fast_passwords(settings: Any) -> None:
    """Hash passwords cheaply (the live server runs in this process and reads the same settings):
    the real hasher costs a quarter second or more at each login, invitation and reset."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def browser_page() -> Iterator[Callable[..., Any]]:
    """Open pages in one Chromium: ``browser_page(**context_options)`` gives a new page."""
    if SKIP:
        pytest.skip("INSIDEOUT_SKIP_BROWSER=1: browser tests left out")
    if not os.path.exists(CHROMIUM):
        pytest.fail(MISSING, pytrace=False)
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield lambda **options: browser.new_context(**options).new_page()
        finally:
            browser.close()
            # ORM calls made while Playwright's loop runs get their own connection (asgiref's
            # context-local); close it here or PostgreSQL cannot drop the test database.
            connections.close_all()


def shot(page: Any, name: str) -> Path:
    """Write a full-page screenshot of ``page`` to ``build/screenshots/{name}.png``."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def fits(page: Any) -> bool:
    """Whether the page does not scroll sideways: nothing wider than the window, nor than the
    viewport the page was opened with. On a phone (``is_mobile``) a page too wide for the screen
    widens the layout viewport itself (the browser zooms out to show it all), and
    ``window.innerWidth`` grows with it: the first comparison alone would pass."""
    width = page.evaluate("document.documentElement.scrollWidth")
    inner = page.evaluate("window.innerWidth")
    return bool(width <= inner and width <= page.viewport_size["width"])


def too_wide(page: Any) -> list[str]:
    """The elements that reach past the viewport's right edge, outside any box that scrolls or
    clips them (a wide table in a ``.table-scroll`` is fine): what makes the page too wide."""
    return list(
        page.evaluate(
            """w => {
              const clipped = e => {
                for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
                  if (getComputedStyle(a).overflowX !== 'visible') return true;
                }
                return false;
              };
              return [...document.body.querySelectorAll('*')]
                .filter(e => e.getBoundingClientRect().right > w + 0.5 && !clipped(e))
                .slice(0, 8)
                .map(e => e.tagName + (e.id ? '#' + e.id : '') + '.' + e.className + ' '
                     + Math.round(e.getBoundingClientRect().right) + ': '
                     + (e.textContent || '').trim().slice(0, 60));
            }""",
            page.viewport_size["width"],
        )
    )


def above(page: Any, first: str, second: str) -> bool:
    """Whether the element ``first`` starts higher on the page than ``second``."""
    top = "s => document.querySelector(s).getBoundingClientRect().top + window.scrollY"
    return bool(page.evaluate(top, first) < page.evaluate(top, second))


def log_in(page: Any, base: str, username: str, password: str) -> None:
    """Log in through the login page, as a person types it (the page that follows is left open)."""
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("main button[type=submit]")
