"""The real browser: Debian's Chromium driven by Playwright, shared by every journey here.

Playwright's own browser download does not work on the project's machines; `make test` installs
Debian's `chromium` first (scripts/ensure-chromium.sh). Without it the journeys fail, saying how to
get it: a browser test that skips unseen is a test that can never fail. To run without them on
purpose, set ``INSIDEOUT_SKIP_BROWSER=1`` (or deselect them with ``-m "not browser"``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
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

SKIP = os.environ.get("INSIDEOUT_SKIP_BROWSER") == "1"
MISSING = (
    f"no Chromium at {CHROMIUM}: run `bash scripts/ensure-chromium.sh` (make test does) and set "
    "INSIDEOUT_CHROMIUM to the path it prints if it is not /usr/bin/chromium; or set "
    "INSIDEOUT_SKIP_BROWSER=1 to leave the browser tests out on purpose"
)

# Skips only when asked to: a missing Chromium fails in ``browser_page`` instead.
needs_chromium = pytest.mark.skipif(SKIP, reason="INSIDEOUT_SKIP_BROWSER=1: browser tests left out")


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
