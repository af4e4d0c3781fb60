"""Who may see and change which runner: the one place that decides, for pages and API alike.

Three questions, asked everywhere in these words:

* :func:`can_see` — may this user read the runner's data? Their coach and the runner themself:
  every page of the runner's, their printable programme and the coach's report of their block too
  (a runner reads their own report: every figure in it is already on their page).
* :func:`can_coach` — may this user change it as the coach does (screens, the weekly cap, the
  technique-gate overrides, clearances)? Their coach only.
* :func:`can_log` — may this user write what is the runner's own life: their log (log, edit or
  delete a run, a pain report, a strength session) and the days they can run and for how long?
  The runner themself and their coach.

and the lookups built on them: :func:`visible_runners` (the query form of :func:`can_see`),
:func:`runner_or_404`, :func:`coached_runner` and :func:`logging_runner`,
:func:`require_coach`. A refusal is one of two exceptions, whatever asked:

* :class:`NotFound` (404): not there, or not yours. "Not yours" answers exactly like "not there",
  so nobody learns which runners exist.
* :class:`Forbidden` (403): the user sees the runner (or is logged in) but may not do this.

They are Django's own ``Http404`` and ``PermissionDenied``, so the pages answer them with the
``404.html`` and ``403.html`` templates (Django's handlers), and the API maps them once, in
:mod:`insideout.web.api`, to its one JSON error shape. When roles grow these functions change,
and nothing else. Today a self-coached runner is a user with a coach profile whose own runner is
coached by that profile: they coach themself (:func:`can_coach`) and see no one else's runners.
An administrator (``is_superuser``) works in the Django admin; with no coach or runner profile of
their own, they see no runner here (404, like anyone else's). Every page and endpoint is asked of
every one of these roles by ``tests/integration/test_access_generated.py``.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from insideout.people.models import Coach, Runner

__all__ = [
    "AuthenticatedHttpRequest",
    "Forbidden",
    "NotFound",
    "can_coach",
    "can_log",
    "can_see",
    "coach_of",
    "coached_runner",
    "logging_runner",
    "require_coach",
    "runner_or_404",
    "visible_runners",
]


class AuthenticatedHttpRequest(HttpRequest):
    """The request a ``@login_required`` view is given, as the type checker sees it: its user is
    logged in (never ``AnonymousUser``). Only an annotation; no request is made of this class."""

    user: User


class NotFound(Http404):
    """Not there, or not yours (404): both answer alike."""


class Forbidden(PermissionDenied):
    """Seen, but not this user's to do (403); the message says who may."""


def _logged_in(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated)


def can_see(user: Any, runner: Runner) -> bool:
    """Whether the user may read the runner's data: their coach, or the runner themself."""
    return can_coach(user, runner) or (_logged_in(user) and runner.user_id == user.pk)


def can_log(user: Any, runner: Runner) -> bool:
    """Whether the user may change what is the runner's own: their log (log, correct or delete a
    run, a pain report, a strength session; uploads) and their availability. The runner themself
    and their coach, unlike the coach's controls (:func:`can_coach`): the runner's week is their
    life."""
    return can_see(user, runner)


def can_coach(user: Any, runner: Runner) -> bool:
    """Whether the user may change the runner's data as the coach does: their coach only."""
    return _logged_in(user) and runner.coach.user_id == user.pk


def visible_runners(user: Any) -> QuerySet[Runner]:
    """The runners the user may see (:func:`can_see` as a query); none for anyone else."""
    if not _logged_in(user):
        return Runner.objects.none()
    return Runner.objects.filter(Q(coach__user=user) | Q(user=user))


def runner_or_404(user: Any, handle: str) -> Runner:
    """The runner with this handle among those the user may see, or :class:`NotFound`."""
    found = visible_runners(user).filter(handle=handle).select_related("coach")
    # A coach who is also someone's runner may see two "ana"s: their own runner wins.
    runner = sorted(found, key=lambda r: not can_coach(user, r))[:1]
    if not runner:
        raise NotFound("No runner matches the given query.")
    return runner[0]


def coached_runner(user: Any, handle: str, what: str) -> Runner:
    """The runner, when the user coaches them; :class:`Forbidden` when the user only sees them
    ("only the runner's coach may {what}"), :class:`NotFound` when they do not."""
    runner = runner_or_404(user, handle)
    if not can_coach(user, runner):
        raise Forbidden(f"only the runner's coach may {what}")
    return runner


def logging_runner(user: Any, handle: str, what: str) -> Runner:
    """The runner, when the user may write their log (:func:`can_log`); :class:`Forbidden` when
    the user only sees them ("only the runner or their coach may {what}"), :class:`NotFound`
    when they do not."""
    runner = runner_or_404(user, handle)
    if not can_log(user, runner):
        raise Forbidden(f"only the runner or their coach may {what}")
    return runner


def coach_of(user: Any) -> Coach | None:
    """The coach profile of a logged-in user, if they are a coach."""
    if not _logged_in(user):
        return None
    return Coach.objects.filter(user=user).first()


def require_coach(user: Any, what: str) -> Coach:
    """The user's coach profile, or :class:`Forbidden` ("only a coach may {what}")."""
    coach = coach_of(user)
    if coach is None:
        raise Forbidden(f"only a coach may {what}")
    return coach
