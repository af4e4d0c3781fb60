"""People and screens for the Django integration tests, built through the real ORM.

Cast: ``coach`` coaches ``ana`` (who can log in) and ``ben`` (who can too); ``other_coach`` coaches
``zoe``. Every password is ``pw``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from insideout.people.models import Coach, Runner
from insideout.screening.models import Measure, Screen

PASSWORD = "pw"

KTW_RESTRICTED_LEFT = [
    {"test": "knee_to_wall", "side": "left", "value": 7.5},
    {"test": "knee_to_wall", "side": "right", "value": 11.0},
    {"test": "beighton", "value": 2},
]


def make_user(username: str) -> Any:
    return get_user_model().objects.create_user(username=username, password=PASSWORD)


def make_coach(username: str) -> Coach:
    return Coach.objects.create(user=make_user(username), name=f"Coach {username.title()}")


def make_runner(coach: Coach, handle: str, *, login: bool = True, **fields: Any) -> Runner:
    user = make_user(f"{handle}-{coach.user.username}") if login else None
    fields = {"name": handle.title(), "sex": "female", "birth_year": 1990} | fields
    return Runner.objects.create(coach=coach, handle=handle, user=user, **fields)


def make_screen(runner: Runner, day: str, measures: list[dict[str, Any]]) -> Screen:
    screen = Screen.objects.create(runner=runner, date=dt.date.fromisoformat(day))
    for m in measures:
        Measure.objects.create(
            screen=screen,
            test=m["test"],
            side=m.get("side", ""),
            value=m["value"],
            pain=m.get("pain", False),
        )
    return screen


def counts() -> tuple[int, int]:
    """How many screens and measures are stored (to show bad input changed nothing)."""
    return Screen.objects.count(), Measure.objects.count()


@pytest.fixture
def coach(db: None) -> Coach:
    return make_coach("coach")


@pytest.fixture
def other_coach(db: None) -> Coach:
    return make_coach("other")


@pytest.fixture
def ana(coach: Coach) -> Runner:
    return make_runner(coach, "ana")


@pytest.fixture
def ben(coach: Coach) -> Runner:
    return make_runner(coach, "ben", sex="male", birth_year=1985)


@pytest.fixture
def zoe(other_coach: Coach) -> Runner:
    return make_runner(other_coach, "zoe")


@pytest.fixture
def ana_screen(ana: Runner) -> Screen:
    return make_screen(ana, "2026-09-14", KTW_RESTRICTED_LEFT)


@pytest.fixture
def login(client: Any) -> Callable[[Any], Any]:
    """Log the test client in as a user (None stays anonymous)."""

    def _login(user: Any) -> Any:
        if user is not None:
            client.force_login(user)
        return client

    return _login


@pytest.fixture(autouse=True)
def fast_passwords(settings: Any) -> None:
    """Hash test passwords cheaply: the real hasher costs a quarter second per user."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def tasks_at_once(settings: Any, tmp_path: Any) -> None:
    """Background tasks run at once, inside the request that enqueues them (django_tasks'
    ImmediateBackend), so a test sees an upload's import done when the request answers; uploads
    wait in the test's own folder. A test of the real queue sets the database backend itself."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.INSIDEOUT_UPLOAD_DIR = tmp_path / "uploads"
