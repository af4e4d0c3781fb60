"""Login throttling (issue 15, part 7; django-axes): 5 failed logins within 15 minutes for one
username from one address lock that pair out, with a page that says so; the API's session is not
touched by it.

Axes stays on for the whole suite, as in production: the other tests log in with ``force_login``
(which skips authentication, so it counts nothing) and each test's database is rolled back, so
failures never carry from one test to the next. Only the tests here post wrong passwords.
"""

from __future__ import annotations

from typing import Any

import pytest
from axes.models import AccessAttempt
from axes.utils import reset
from django.test import Client, RequestFactory, override_settings

from insideout.people.models import Coach
from insideout.web.client_ip import client_ip

PASSWORD = "a-Good-passw0rd"  # noqa: S105 - a test user's


@pytest.fixture
def coach_with_password(coach: Coach) -> Coach:
    coach.user.set_password(PASSWORD)
    coach.user.save()
    return coach


def _post(client: Client, username: str, password: str, ip: str = "203.0.113.7") -> Any:
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=ip)


@pytest.mark.django_db
def test_five_bad_logins_lock_the_account_from_that_address(
    client: Client, coach_with_password: Coach
) -> None:
    name = coach_with_password.user.username
    for _ in range(4):
        response = _post(client, name, "wrong")
        assert response.status_code == 200  # the login form again, with its error
        assert b"Too many failed logins" not in response.content
    fifth = _post(client, name, "wrong")
    assert fifth.status_code == 429
    # the 6th attempt is refused with the page, even with the right password
    sixth = _post(client, name, PASSWORD)
    assert sixth.status_code == 429
    page = sixth.content.decode()
    assert "Too many failed logins" in page
    assert "5 logins with a wrong password" in page
    assert "for 15 minutes" in page
    assert "_auth_user_id" not in client.session
    # the same username from another address still logs in
    assert _post(Client(), name, PASSWORD, ip="198.51.100.9").status_code == 302


@pytest.mark.django_db
def test_after_the_cool_off_a_good_login_works(client: Client, coach_with_password: Coach) -> None:
    name = coach_with_password.user.username
    for _ in range(5):
        _post(client, name, "wrong")
    assert _post(client, name, PASSWORD).status_code == 429
    reset(username=name)  # what the cool-off (or `manage.py axes_reset`) does
    assert not AccessAttempt.objects.filter(username=name).exists()
    response = _post(client, name, PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(coach_with_password.user.pk)


@pytest.mark.django_db
def test_the_cool_off_is_fifteen_minutes(client: Client, coach_with_password: Coach) -> None:
    name = coach_with_password.user.username
    for _ in range(5):
        _post(client, name, "wrong")
    attempt = AccessAttempt.objects.get(username=name)
    assert attempt.failures_since_start == 5
    from django.conf import settings

    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60
    # a cool-off already over: the lock is lifted on the next attempt
    with override_settings(AXES_COOLOFF_TIME=0):
        assert _post(client, name, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_the_api_session_is_unaffected(client: Client, coach_with_password: Coach) -> None:
    name = coach_with_password.user.username
    assert _post(client, name, PASSWORD).status_code == 302
    # someone else fails 5 times on the same account from another address
    other = Client()
    for _ in range(5):
        _post(other, name, "wrong", ip="192.0.2.1")
    response = client.get("/api/runners")
    assert response.status_code == 200


def test_the_client_address_behind_proxies() -> None:
    factory = RequestFactory()
    request = factory.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.7")
    with override_settings(INSIDEOUT_PROXY_COUNT=0):
        assert client_ip(request) == "10.0.0.2"
    with override_settings(INSIDEOUT_PROXY_COUNT=1):
        assert client_ip(request) == "203.0.113.7"  # the client-written 1.1.1.1 is not trusted
    with override_settings(INSIDEOUT_PROXY_COUNT=3):
        assert client_ip(request) == "10.0.0.2"  # fewer entries than proxies: the connection's
