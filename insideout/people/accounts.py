"""Accounts without the admin: a coach invites a runner by email, a self-coached runner signs up.

Why an invite is a hash: the link's token (``secrets.token_urlsafe(32)``, 256 random bits) is
sent once, in the email, and only its SHA-256 is stored, so nobody who reads the database (a
backup, the admin) can take over a runner's invitation. A link works once, until
``INSIDEOUT_INVITE_DAYS`` days (7 by default) after it was sent, and not after the coach withdrew
it; sending it again makes a new token (the old link stops working) and a new week.

Accepting creates the login, links it to the runner and marks the invite used in one transaction
that locks the invite first: two clicks on one link make one login, and a failure leaves neither
a login nor a used invite. A runner who already has a login cannot be invited again.

Sign-up (``INSIDEOUT_OPEN_SIGNUP``) makes a login, a coach of its own and a runner coached by it:
a self-coached runner is their own coach, so :mod:`insideout.people.access` lets them do what a
coach does for their one runner.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from insideout.core.errors import InputError, Issue
from insideout.people.models import Coach, Invite, Runner

__all__ = [
    "INVITE_DAYS",
    "InviteGone",
    "accept_invite",
    "digest",
    "invite_by_token",
    "invite_days",
    "invite_link",
    "make_invite",
    "open_signup",
    "renew_invite",
    "revoke_invite",
    "send_invite",
    "sign_up",
]

INVITE_DAYS = 7  # how long an invitation link works unless INSIDEOUT_INVITE_DAYS says otherwise


def digest(secret: str) -> str:
    """The SHA-256 of a token or key, as stored (64 hexadecimal characters)."""
    return hashlib.sha256(secret.encode()).hexdigest()


def invite_days() -> int:
    """How many days an invitation link works (``INSIDEOUT_INVITE_DAYS``, default 7)."""
    return int(getattr(settings, "INSIDEOUT_INVITE_DAYS", INVITE_DAYS))


def open_signup() -> bool:
    """Whether anybody may sign up as a self-coached runner (``INSIDEOUT_OPEN_SIGNUP``)."""
    return bool(getattr(settings, "INSIDEOUT_OPEN_SIGNUP", True))


class InviteGone(Exception):
    """The link was used, withdrawn or has expired (410); ``state`` says which."""

    def __init__(self, state: Invite.State) -> None:
        super().__init__(state.label)
        self.state = state


def _already_has_login(runner: Runner) -> InputError:
    return InputError(
        [
            Issue(
                ("email",),
                f"{runner.name} already has a login; a runner is invited only once "
                "(a forgotten password is reset from the login page)",
            )
        ]
    )


def make_invite(
    coach: Coach, runner: Runner, email: str, *, now: dt.datetime | None = None
) -> tuple[Invite, str]:
    """A new invitation of ``runner`` to ``email``, and its token (the only time it exists
    outside the link). Refused (:class:`InputError` on ``email``) when the runner has a login."""
    if runner.user_id is not None:
        raise _already_has_login(runner)
    now = now or timezone.now()
    token = secrets.token_urlsafe(32)
    invite = Invite.objects.create(
        coach=coach,
        runner=runner,
        email=email,
        token_hash=digest(token),
        created_at=now,
        expires_at=now + dt.timedelta(days=invite_days()),
    )
    return invite, token


def renew_invite(invite: Invite, *, now: dt.datetime | None = None) -> str:
    """A new token for an invitation not used nor withdrawn (to send it again): the old link
    stops working and the new one works for another ``invite_days()``."""
    state = invite.state(now)
    if state in (Invite.State.USED, Invite.State.REVOKED):
        raise InviteGone(state)
    if invite.runner.user_id is not None:
        raise _already_has_login(invite.runner)
    now = now or timezone.now()
    token = secrets.token_urlsafe(32)
    invite.token_hash = digest(token)
    invite.expires_at = now + dt.timedelta(days=invite_days())
    invite.save(update_fields=["token_hash", "expires_at"])
    return token


def revoke_invite(invite: Invite, *, now: dt.datetime | None = None) -> None:
    """Withdraw an invitation: its link answers "withdrawn" from now on (a used one stays used)."""
    if invite.used_at is None and invite.revoked_at is None:
        invite.revoked_at = now or timezone.now()
        invite.save(update_fields=["revoked_at"])


def invite_by_token(token: str) -> Invite | None:
    """The invitation a link's token belongs to, whatever its state; None for no such token."""
    return Invite.objects.select_related("runner", "coach").filter(token_hash=digest(token)).first()


def invite_link(request: HttpRequest, token: str) -> str:
    """The absolute address of the link, as the request reached this site."""
    return request.build_absolute_uri(reverse("people:accept_invite", args=[token]))


def _one_line(text: str) -> str:
    return " ".join(text.split())  # an email header never carries a line break


def send_invite(request: HttpRequest, invite: Invite, token: str) -> None:
    """Email the link (through ``EMAIL_BACKEND``: the console unless SMTP is configured)."""
    context = {
        "invite": invite,
        "coach": invite.coach.name,
        "runner": invite.runner.name,
        "link": invite_link(request, token),
        "days": invite_days(),
    }
    body = render_to_string("people/invite_email.txt", context)
    subject = _one_line(f"{invite.coach.name} invites you to insideout")
    send_mail(subject, body, None, [invite.email])


@dataclass(frozen=True)
class NewLogin:
    """What a new login is made of (from a form whose password was validated)."""

    username: str
    email: str
    password: str


def accept_invite(invite: Invite, login: NewLogin, *, now: dt.datetime | None = None) -> User:
    """Make the runner's login from a pending invitation, all or nothing: the login, its link to
    the runner and the invite marked used (every other pending invite of the runner withdrawn).
    :class:`InviteGone` when the invitation is no longer pending, even by a click a moment ago."""
    now = now or timezone.now()
    with transaction.atomic():
        invite = Invite.objects.select_for_update().get(pk=invite.pk)
        state = invite.state(now)
        if state is not Invite.State.PENDING:
            raise InviteGone(state)
        runner = Runner.objects.select_for_update().get(pk=invite.runner_id)
        if runner.user_id is not None:
            raise InviteGone(Invite.State.USED)
        user = get_user_model().objects.create_user(
            username=login.username, email=login.email, password=login.password
        )
        runner.user = user
        runner.save(update_fields=["user"])
        invite.used_at = now
        invite.save(update_fields=["used_at"])
        Invite.objects.filter(runner=runner, used_at=None, revoked_at=None).update(revoked_at=now)
    return user


def sign_up(login: NewLogin, *, name: str, handle: str) -> Runner:
    """A self-coached runner: their login, a coach of their own and the runner it coaches."""
    with transaction.atomic():
        user = get_user_model().objects.create_user(
            username=login.username, email=login.email, password=login.password
        )
        coach = Coach.objects.create(user=user, name=name)
        return Runner.objects.create(coach=coach, handle=handle, name=name, user=user)
