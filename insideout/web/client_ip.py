"""The address a request came from, for login throttling (``AXES_CLIENT_IP_CALLABLE``).

Without a proxy it is the connection's (``REMOTE_ADDR``). Behind ``INSIDEOUT_PROXY_COUNT`` proxies,
each appending the address it saw to ``X-Forwarded-For``, it is the one the outermost proxy saw:
that many entries from the right. Entries further left were written by the client and are not
trusted; a header shorter than the count falls back to the connection's address.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    remote: str | None = request.META.get("REMOTE_ADDR")
    count: int = settings.INSIDEOUT_PROXY_COUNT
    if count <= 0:
        return remote
    header: str = request.META.get("HTTP_X_FORWARDED_FOR", "")
    forwarded = [part.strip() for part in header.split(",") if part.strip()]
    if len(forwarded) < count:
        return remote
    return forwarded[-count]
