"""A site that can face the internet (issue 15, part 7): the settings a production server runs on.

Each case loads the settings in a fresh interpreter with its own environment, as a server would:
the settings are read once, at start.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SECRET = "k3Y-" + "x7Qp9vLm2Rt8Zs4Nw6Hb1Jd5Fc0Ga3Ue" * 2  # long and varied, as check --deploy wants


def _env(**extra: str) -> dict[str, str]:
    """The current environment without any INSIDEOUT_* or Django settings knob, plus ``extra``."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("INSIDEOUT_")
        # the browser tests' conftest sets DJANGO_ALLOW_ASYNC_UNSAFE for its live server; a
        # production configuration never has it (check --deploy refuses it: async.E001)
        and k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env["DJANGO_SETTINGS_MODULE"] = "insideout.web.settings"
    env["PYTHONPATH"] = str(ROOT)
    env.update(extra)
    return env


def _python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_without_a_secret_and_with_debug_off_the_settings_refuse_to_load() -> None:
    done = _python("import django; django.setup()", _env())
    assert done.returncode != 0
    assert "ImproperlyConfigured" in done.stderr
    assert "INSIDEOUT_SECRET_KEY is not set and debug is off" in done.stderr


def test_with_debug_on_the_development_key_is_accepted() -> None:
    done = _python(
        "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)",
        _env(INSIDEOUT_DEBUG="1"),
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "True"


def test_debug_is_off_by_default() -> None:
    done = _python(
        "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)",
        _env(INSIDEOUT_SECRET_KEY=SECRET),
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


def test_check_deploy_is_clean_in_a_production_configuration() -> None:
    env = _env(
        INSIDEOUT_SECRET_KEY=SECRET,
        INSIDEOUT_HTTPS="1",
        INSIDEOUT_PROXY_SSL_HEADER="1",
        INSIDEOUT_HOSTS="coach.example.org",
        INSIDEOUT_CSRF_TRUSTED_ORIGINS="https://coach.example.org",
    )
    code = (
        "import django; django.setup(); from django.core.management import call_command; "
        "call_command('check', deploy=True, fail_level='WARNING')"
    )
    done = _python(code, env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout + done.stderr


def test_https_settings_come_from_the_environment() -> None:
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD, "
        "s.SECURE_PROXY_SSL_HEADER, s.CSRF_TRUSTED_ORIGINS)"
    )
    on = _python(
        code,
        _env(
            INSIDEOUT_SECRET_KEY=SECRET,
            INSIDEOUT_HTTPS="1",
            INSIDEOUT_PROXY_SSL_HEADER="1",
            INSIDEOUT_CSRF_TRUSTED_ORIGINS="https://a.example, https://b.example",
        ),
    )
    assert on.returncode == 0, on.stderr
    assert on.stdout.strip() == (
        "True True True 31536000 False False ('HTTP_X_FORWARDED_PROTO', 'https') "
        "['https://a.example', 'https://b.example']"
    )
    off = _python(code, _env(INSIDEOUT_SECRET_KEY=SECRET))
    assert off.returncode == 0, off.stderr
    assert off.stdout.strip() == "False False False 0 False False None []"


def test_every_response_carries_the_always_on_headers(client: object) -> None:
    from django.test import Client

    assert isinstance(client, Client)
    response = client.get("/login/")
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


def test_the_embedded_sqlite_database_writes_ahead_and_waits_instead_of_failing(
    tmp_path: Path,
) -> None:
    """Issue 15, part 8: WAL (readers never wait for a writer), a busy timeout, and write
    transactions that take the lock when they begin (BEGIN IMMEDIATE)."""
    env = _env(INSIDEOUT_SECRET_KEY=SECRET, DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    code = (
        "import django; django.setup(); from django.db import connection; "
        "c = connection.cursor(); c.execute('PRAGMA journal_mode'); print(c.fetchone()[0]); "
        "print(connection.settings_dict['OPTIONS']['transaction_mode'])"
    )
    done = _python(code, env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["wal", "IMMEDIATE"]
