"""The real browser: Debian's Chromium driven by Playwright, shared by every journey here.

Playwright's own browser download does not work on the project's machines; `make test` installs
Debian's `chromium` (scripts/ensure-chromium.sh). On a developer's machine without it the journeys
are skipped; in CI (``CI`` set) they must run.
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

needs_chromium = pytest.mark.skipif(
    not os.path.exists(CHROMIUM) and not os.environ.get("CI"),
    reason=f"needs Chromium at {CHROMIUM}",
)


@pytest.fixture
def browser_page() -> Iterator[Callable[..., Any]]:
    """Open pages in one Chromium: ``browser_page(**context_options)`` gives a new page."""
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield lambda **options: browser.new_context(**options).new_page()
        finally:
            browser.close()
            # ORM calls made while Playwright's loop runs get their own connection (asgiref's
            # context-local); close it here or PostgreSQL cannot drop the test database.
            connections.close_all()
