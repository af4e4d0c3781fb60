"""The calendar API: make (or renew) and withdraw a runner's private calendar address.

``POST /runners/{handle}/calendar-feed`` answers 201 with the address, the only answer that ever
holds it (only its first characters are stored in clear); any earlier address stops working at
once. ``DELETE`` withdraws it (204, also when none was working). The runner themself and their
coach; anyone else gets 404 like a runner that does not exist. The feed itself,
``GET /calendar/<token>.ics``, is not an API operation: a calendar app fetches it without a login
(:mod:`insideout.training.calendar_views`).
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from insideout.people.access import logging_runner
from insideout.people.routers import VersionedRouter
from insideout.people.schemas import errors
from insideout.training.calendar_feeds import make_feed, revoke_feed
from insideout.training.calendar_views import WHAT, feed_url

__all__ = ["CalendarFeedOut", "build_router", "router"]

router = VersionedRouter(tags=["calendar"])


def build_router(version: str) -> Router:
    """These endpoints as API ``version`` serves them (:mod:`insideout.people.routers`)."""
    return router.build(version)


class CalendarFeedOut(Schema):
    """A new calendar address: this answer is the only place it is ever shown."""

    url: str = Field(
        description="the private address to subscribe to (no login: keep it secret)",
        examples=["https://coach.example.org/calendar/Yk3q….ics"],
    )
    webcal: str = Field(
        description="the same address for calendar apps that open webcal:// links",
        examples=["webcal://coach.example.org/calendar/Yk3q….ics"],
    )
    prefix: str = Field(
        description="the token's first characters, as the runner's page shows them",
        examples=["Yk3qA1b2"],
    )
    created_at: dt.datetime


@router.post("/runners/{handle}/calendar-feed", response={201: CalendarFeedOut, **errors(401, 404)})
def add_calendar_feed(request: HttpRequest, handle: str) -> Status[CalendarFeedOut]:
    """Make a private calendar address for the runner (the runner themself or their coach): an
    iCalendar feed of this week's runs and foundation sessions, with the reasons, that a calendar
    app fetches without a login. Any earlier address stops working at once."""
    runner = logging_runner(request.user, handle, WHAT)
    feed, token = make_feed(runner, by=request.user)
    url = feed_url(request, token)
    webcal = "webcal://" + url.split("://", 1)[1]
    return Status(201, CalendarFeedOut(url=url, webcal=webcal, prefix=feed.prefix,
                                       created_at=feed.created_at))  # fmt: skip


@router.delete("/runners/{handle}/calendar-feed", response={204: None, **errors(401, 404)})
def delete_calendar_feed(request: HttpRequest, handle: str) -> Status[None]:
    """Withdraw the runner's calendar address: from now on it answers 404 (also 204 when none
    was working)."""
    revoke_feed(logging_runner(request.user, handle, WHAT))
    return Status(204, None)
