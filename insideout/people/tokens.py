"""API tokens for integrators: made and withdrawn by their owner, stored hashed, shown once.

A key is ``io_`` and 43 characters of ``secrets.token_urlsafe(32)`` (256 random bits). Only its
SHA-256 is stored, with its first 8 characters so the owner can tell two keys apart in a list; the
key itself is in the one answer that made it, never again. A request that sends
``Authorization: Bearer <key>`` acts exactly as the key's owner, through
:mod:`insideout.people.access` like a logged-in session: a key reaches what its one account may,
nothing more.

:class:`TokenAuth` is the API's first way in (``insideout.web.api``), the session the second. A
request with a key needs no CSRF token (a browser never adds the header by itself); a session's
writes keep their CSRF check. A Bearer key that is unknown, withdrawn, or whose owner is inactive
answers 401 at once, rather than falling back to the session: an integrator whose key stopped
working learns so, instead of a CSRF refusal.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.contrib.auth.models import User
from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer

from insideout.people.accounts import digest
from insideout.people.models import ApiToken

__all__ = [
    "KEY_PREFIX",
    "LAST_USED_EVERY",
    "TokenAuth",
    "make_token",
    "revoke_token",
    "user_for_key",
]

KEY_PREFIX = "io_"  # tells an insideout key apart in a configuration file or a secret scanner
PREFIX_SHOWN = 8  # characters of a key kept (and shown in lists) to tell keys apart
MAX_KEY_LENGTH = 200  # a longer Bearer value is not one of ours, and is not even hashed
# A key's last use is written at most this often, not on every request (a read stays a read).
LAST_USED_EVERY = dt.timedelta(minutes=1)


def make_token(user: User, name: str, *, now: dt.datetime | None = None) -> tuple[ApiToken, str]:
    """A new key for ``user``, and the key itself (to be shown once, then forgotten)."""
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=key[:PREFIX_SHOWN],
        key_hash=digest(key),
        created_at=now or timezone.now(),
    )
    return token, key


def revoke_token(token: ApiToken, *, now: dt.datetime | None = None) -> None:
    """Withdraw a key: from now on it answers 401. Withdrawing it again changes nothing."""
    if token.revoked_at is None:
        token.revoked_at = now or timezone.now()
        token.save(update_fields=["revoked_at"])


def user_for_key(key: str, *, now: dt.datetime | None = None) -> User | None:
    """The active owner of a key not withdrawn, or None; notes the use (once a minute at most)."""
    if not key or len(key) > MAX_KEY_LENGTH:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=digest(key), revoked_at=None, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = now or timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <key>``: the request acts as the key's owner (``request.user``)."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_key(token.strip())
        if user is None:
            raise AuthenticationError(401, "the API key is unknown or was withdrawn")
        request.user = user
        return user
