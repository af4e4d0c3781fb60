"""A request that ends in a 500 leaves its traceback in the log (issue 15, part 7)."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.urls("tests.integration.raising_urls")
def test_a_500_logs_its_traceback(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = Client(raise_request_exception=False).get("/fails/")
    assert response.status_code == 500
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.levelno == logging.ERROR
    assert record.exc_info is not None
    text = caplog.text
    assert "Traceback (most recent call last)" in text
    assert "RuntimeError: the test view fails on purpose" in text


def test_in_production_the_traceback_goes_to_stderr() -> None:
    """A fresh interpreter with debug off, as a server runs: the traceback reaches stderr."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("INSIDEOUT_") and k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="insideout.web.settings",
        INSIDEOUT_SECRET_KEY="a-secret-for-this-test-only-" + "x" * 40,
        PYTHONPATH=str(ROOT),
    )
    code = (
        "import django; django.setup()\n"
        "from django.test import Client, override_settings\n"
        "with override_settings(ROOT_URLCONF='tests.integration.raising_urls', "
        "ALLOWED_HOSTS=['testserver']):\n"
        "    print(Client(raise_request_exception=False).get('/fails/').status_code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "500"
    assert "ERROR django.request: Internal Server Error: /fails/" in done.stderr
    assert "Traceback (most recent call last)" in done.stderr
    assert "RuntimeError: the test view fails on purpose" in done.stderr
