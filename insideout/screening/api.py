"""The screens API: a runner's screens and profile, judged by the core on every request.

``POST .../screens`` reads its body with the core's parser rather than a ninja schema, so that a
wrong type, an out-of-range value or a JSON syntax error all answer 422 with the same issue list
(field and expected range) as the CLI and the pages; nothing is stored unless all of it is valid.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Status

from insideout.core.report import profile_dict
from insideout.people.access import NotFound, coached_runner, runner_or_404
from insideout.people.paging import Rows
from insideout.people.records import body_openapi
from insideout.people.routers import VersionedRouter
from insideout.screening.models import Screen
from insideout.screening.schemas import (
    ProfileOut,
    ScreenDetailOut,
    ScreenIn,
    ScreenOut,
)
from insideout.screening.services import latest_screen, parse_screen_body, profile_of, record_screen

__all__ = ["build_router", "router"]

router = VersionedRouter(tags=["screens"])


def build_router(version: str) -> Router:
    """These endpoints as API ``version`` serves them (:mod:`insideout.people.routers`)."""
    return router.build(version)


def _screen_out(screen: Screen) -> dict[str, object]:
    return {
        "id": screen.pk,
        "date": screen.date,
        "created_at": screen.created_at,
        "measures": [
            {"test": m.test, "side": m.side or None, "value": m.value, "pain": m.pain}
            for m in screen.measures.all()
        ],
    }


def _profile(screen: Screen) -> dict[str, object]:
    judged = profile_of(screen)
    return profile_dict(judged.profile, judged.changes)


@router.get("/runners/{handle}/screens", response=list[ScreenOut])
def list_screens(request: HttpRequest, handle: str) -> Rows[Screen]:
    """A runner's screens, newest first, with their measures."""
    runner = runner_or_404(request.user, handle)
    return Rows(runner.screens.prefetch_related("measures"), _screen_out)


@router.post(
    "/runners/{handle}/screens",
    response={201: ScreenDetailOut},
    openapi_extra=body_openapi(ScreenIn),
)
def add_screen(request: HttpRequest, handle: str) -> Status[dict[str, object]]:
    """Record a screen (the runner's coach only); answers with its profile."""
    runner = coached_runner(request.user, handle, "record a screen")
    screen = record_screen(runner, parse_screen_body(request.body), by=request.user)
    return Status(201, {**_screen_out(screen), "profile": _profile(screen)})


@router.get("/runners/{handle}/screens/{screen_id}", response=ScreenDetailOut)
def get_screen(request: HttpRequest, handle: str, screen_id: int) -> dict[str, object]:
    """One screen with its measures and its profile (changes against the screen before it)."""
    runner = runner_or_404(request.user, handle)
    screen = get_object_or_404(runner.screens.select_related("runner"), pk=screen_id)
    return {**_screen_out(screen), "profile": _profile(screen)}


@router.get("/runners/{handle}/profile", response=ProfileOut)
def get_profile(request: HttpRequest, handle: str) -> dict[str, object]:
    """The latest screen's profile, with the changes since the screen before; 404 if none."""
    screen = latest_screen(runner_or_404(request.user, handle))
    if screen is None:
        raise NotFound("This runner has no screen yet.")
    return _profile(screen)
