"""Password reset and change through Django's own views (issue 15, part 1), end to end through
the mail outbox; and the email backend, which the environment chooses (the console unless
``INSIDEOUT_EMAIL_HOST`` names an SMTP server)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from insideout.people.models import Runner

ROOT = Path(__file__).resolve().parents[2]
NEW_PASSWORD = "Long-slow-distance-77"  # noqa: S105 - a test's
EMAIL = "ana@example.org"


@pytest.fixture
def ana_with_email(ana: Runner) -> Runner:
    ana.user.email = EMAIL
    ana.user.save()
    return ana


def _link_in(mail: Any) -> str:
    found = re.search(r"https?://[^/\s]+(/reset/[^/\s]+/[^/\s]+/)", mail.body)
    assert found is not None, mail.body
    return found.group(1)


def _log_in(password: str, username: str) -> int:
    return Client().post("/login/", {"username": username, "password": password}).status_code


@pytest.mark.django_db
def test_a_forgotten_password_is_reset_through_the_emailed_link(
    client: Client, ana_with_email: Runner, mailoutbox: list[Any]
) -> None:
    username = ana_with_email.user.username
    login_page = client.get("/login/").content.decode()
    assert 'href="/password_reset/">Forgot your password?' in login_page
    assert client.get("/password_reset/").status_code == 200
    asked = client.post("/password_reset/", {"email": EMAIL})
    assert (asked.status_code, asked["Location"]) == (302, "/password_reset/done/")
    assert "Check your email" in client.get(asked["Location"]).content.decode()
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [EMAIL] and mail.subject == "Your new insideout password"
    assert username in mail.body
    link = _link_in(mail)
    # Django moves the token out of the address into the session, then shows the form
    opened = client.get(link)
    assert opened.status_code == 302
    form_url = opened["Location"]
    form = client.get(form_url)
    assert "Choose a new password" in form.content.decode()
    done = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert (done.status_code, done["Location"]) == (302, "/reset/done/")
    assert "Your new password is saved" in client.get("/reset/done/").content.decode()
    assert _log_in(NEW_PASSWORD, username) == 302
    assert _log_in("pw", username) == 200  # the old one no longer works
    # the link works once
    again = Client().get(link, follow=True)
    assert "This link no longer works" in again.content.decode()


@pytest.mark.django_db
def test_an_unknown_email_gets_the_same_answer_and_no_mail(
    client: Client, ana_with_email: Runner, mailoutbox: list[Any]
) -> None:
    asked = client.post("/password_reset/", {"email": "nobody@example.org"})
    assert (asked.status_code, asked["Location"]) == (302, "/password_reset/done/")
    assert mailoutbox == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("email", "says"),
    [("", "This field is required"), ("x" * 250 + "@x.org", "at most 254 characters")],
    ids=["missing", "too long"],
)
def test_a_bad_email_is_refused(client: Client, db: None, email: str, says: str) -> None:
    answer = client.post("/password_reset/", {"email": email})
    assert answer.status_code == 200
    assert says in answer.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("one", "two", "says"),
    [
        (NEW_PASSWORD, NEW_PASSWORD + "x", "didn’t match"),
        ("password", "password", "too common"),
        ("4815162342", "4815162342", "entirely numeric"),
    ],
    ids=["mismatch", "common", "numeric"],
)
def test_a_bad_new_password_is_refused_and_the_old_one_kept(
    client: Client, ana_with_email: Runner, mailoutbox: list[Any], one: str, two: str, says: str
) -> None:
    client.post("/password_reset/", {"email": EMAIL})
    form_url = client.get(_link_in(mailoutbox[0]))["Location"]
    answer = client.post(form_url, {"new_password1": one, "new_password2": two})
    assert answer.status_code == 200
    assert says in answer.content.decode()
    assert _log_in("pw", ana_with_email.user.username) == 302


@pytest.mark.django_db
def test_a_logged_in_user_changes_their_password(login: Any, ana: Runner) -> None:
    assert Client().get("/password_change/").status_code == 302  # to the login
    client = login(ana.user)
    assert "Change your password" in client.get("/password_change/").content.decode()
    wrong = client.post(
        "/password_change/",
        {"old_password": "not-it", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert wrong.status_code == 200 and "incorrectly" in wrong.content.decode()
    done = client.post(
        "/password_change/",
        {"old_password": "pw", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert (done.status_code, done["Location"]) == (302, "/password_change/done/")
    assert "Your password is changed" in client.get("/password_change/done/").content.decode()
    assert client.get("/runners/ana/").status_code == 200  # still logged in here
    assert _log_in(NEW_PASSWORD, ana.user.username) == 302


# --- the email backend, as a server loads its settings -------------------------------------------


def _email_settings(**extra: str) -> list[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("INSIDEOUT_", "DJANGO_"))}
    env |= {"DJANGO_SETTINGS_MODULE": "insideout.web.settings", "PYTHONPATH": str(ROOT)}
    env |= {"INSIDEOUT_SECRET_KEY": "x" * 50} | extra
    code = (
        "from django.conf import settings as s; "
        "print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_HOST_USER, "
        "s.EMAIL_USE_TLS, s.DEFAULT_FROM_EMAIL, s.INSIDEOUT_INVITE_DAYS, s.INSIDEOUT_OPEN_SIGNUP)"
    )
    done = subprocess.run(  # noqa: S603 - this interpreter, our own code
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_the_environment_chooses_smtp_and_the_accounts_settings() -> None:
    console = _email_settings()
    assert console[0] == "django.core.mail.backends.console.EmailBackend"
    assert console[-3:] == ["insideout@localhost", "7", "True"]
    smtp = _email_settings(
        INSIDEOUT_EMAIL_HOST="smtp.example.org",
        INSIDEOUT_EMAIL_PORT="465",
        INSIDEOUT_EMAIL_USER="coach",
        INSIDEOUT_EMAIL_PASSWORD="secret",
        INSIDEOUT_EMAIL_USE_TLS="1",
        INSIDEOUT_EMAIL_FROM="coach@example.org",
        INSIDEOUT_INVITE_DAYS="3",
        INSIDEOUT_OPEN_SIGNUP="0",
    )
    assert smtp == [
        "django.core.mail.backends.smtp.EmailBackend",
        "smtp.example.org",
        "465",
        "coach",
        "True",
        "coach@example.org",
        "3",
        "False",
    ]
