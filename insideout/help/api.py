"""The help API: a runner's thread, read and written by the runner and their coach only.

``GET`` the thread (oldest first), ``POST`` a message (201; the runner's carries the context of
their advice), ``POST .../read`` to mark the other side's messages read (204). Another runner's or
coach's thread answers 404 like one that does not exist; a message that is empty, not text or over
2,000 characters answers 422 naming ``body``, and nothing is stored.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Status

from insideout.core.errors import InputError, Issue
from insideout.help import queries, services
from insideout.help.models import Message
from insideout.help.schemas import ErrorOut, MessageIn, MessageOut
from insideout.people.access import runner_or_404
from insideout.people.records import body_openapi
from insideout.people.routers import VersionedRouter
from insideout.training.services import parse_json

__all__ = ["build_router", "router"]

router = VersionedRouter(tags=["help"])


def build_router(version: str) -> Router:
    """These endpoints as API ``version`` serves them (:mod:`insideout.people.routers`)."""
    return router.build(version)


_ERRORS: dict[int, type[ErrorOut]] = {401: ErrorOut, 404: ErrorOut}


def _out(message: Message) -> MessageOut:
    return MessageOut(
        id=message.pk,
        kind=message.kind,  # type: ignore[arg-type]  # the column's choices (a CheckConstraint too)
        by=message.by,
        body=message.body,
        context=message.context,
        created_at=message.created_at,
        read_by_coach_at=message.read_by_coach_at,
        read_by_runner_at=message.read_by_runner_at,
    )


def _body(raw: object) -> object:
    """The ``body`` of a JSON object holding only it, or an :class:`InputError` saying why not."""
    if not isinstance(raw, dict):
        raise InputError([Issue((), f"expected a JSON object with body, got {raw!r}")])
    unknown = [Issue((str(k),), "unknown field; expected only body") for k in raw if k != "body"]
    if unknown:
        raise InputError(unknown)
    return raw.get("body")


@router.get(
    "/runners/{handle}/messages",
    response={200: list[MessageOut], **_ERRORS},
)
def list_messages(request: HttpRequest, handle: str) -> list[MessageOut]:
    """The runner's thread with their coach, oldest first (reading marks nothing read)."""
    runner = runner_or_404(request.user, handle)
    return [_out(m) for m in queries.thread(runner)]


@router.post(
    "/runners/{handle}/messages",
    response={201: MessageOut, 400: ErrorOut, 413: ErrorOut, 422: ErrorOut, **_ERRORS},
    openapi_extra=body_openapi(MessageIn),
)
def add_message(request: HttpRequest, handle: str) -> Status[MessageOut]:
    """Write to the runner's thread (the runner themself, with their context, or their coach)."""
    runner = runner_or_404(request.user, handle)
    message = services.send(runner, request.user, _body(parse_json(request.body)))
    return Status(201, _out(message))


@router.post(
    "/runners/{handle}/messages/read",
    response={204: None, **_ERRORS},
)
def read_messages(request: HttpRequest, handle: str) -> Status[None]:
    """Mark the other side's messages read for the caller's side (the runner or the coach)."""
    runner = runner_or_404(request.user, handle)
    services.mark_read(runner, request.user)
    return Status(204, None)
