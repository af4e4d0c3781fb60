"""A runner's private calendar address: made, renewed and withdrawn by the runner or their coach.

A calendar app fetches ``/calendar/<token>.ics`` every few hours and cannot log in, so the secret
is in the address. The token is ``secrets.token_urlsafe(32)`` (256 random bits, 43 characters
that fit a URL's path); only its SHA-256 is stored, with its first 8 characters so that the page
can say which address is in use. The token itself is in the one answer that made it, never again.

One address per runner (:class:`~insideout.training.models.CalendarFeed`): making a new one
replaces the stored hash, so the old address answers 404 from that moment; withdrawing it sets
``revoked_at``, and then no address works. A wrong, renewed or withdrawn token answers exactly
alike (404, no data): nobody learns whether an address once worked.

Who may: whoever may write the runner's own things (:func:`insideout.people.access.can_log`,
through ``logging_runner``): the runner themself and their coach.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from insideout.people.accounts import digest
from insideout.people.models import Runner
from insideout.training.models import CalendarFeed

__all__ = ["MAX_TOKEN_LENGTH", "PREFIX_SHOWN", "make_feed", "revoke_feed", "runner_for_token"]

PREFIX_SHOWN = 8  # characters of the token kept (and shown) to tell one address from the next
MAX_TOKEN_LENGTH = 100  # a longer token is not one of ours, and is not even hashed


def make_feed(
    runner: Runner, *, by: Any = None, now: dt.datetime | None = None
) -> tuple[CalendarFeed, str]:
    """A new calendar address for ``runner`` (the previous one, if any, stops working), and its
    token, to be shown once and then forgotten."""
    token = secrets.token_urlsafe(32)
    values = {
        "prefix": token[:PREFIX_SHOWN],
        "token_hash": digest(token),
        "created_at": now or timezone.now(),
        "created_by": by if getattr(by, "is_authenticated", False) else None,
        "revoked_at": None,
    }
    with transaction.atomic():
        feed, _ = CalendarFeed.objects.update_or_create(runner=runner, defaults=values)
    return feed, token


def revoke_feed(runner: Runner, *, now: dt.datetime | None = None) -> bool:
    """Withdraw the runner's calendar address; whether there was one working to withdraw."""
    changed = CalendarFeed.objects.filter(runner=runner, revoked_at=None).update(
        revoked_at=now or timezone.now()
    )
    return changed > 0


def runner_for_token(token: str) -> Runner | None:
    """The runner whose working calendar address holds ``token``, or None (wrong, renewed or
    withdrawn: the same answer)."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    feed = (
        CalendarFeed.objects.select_related("runner")
        .filter(token_hash=digest(token), revoked_at=None)
        .first()
    )
    return None if feed is None else feed.runner
