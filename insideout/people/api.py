"""The runners API: list, add and read the runners the logged-in user may see."""

from __future__ import annotations

from typing import cast

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.http import HttpRequest
from ninja import Router, Status

from insideout.core.errors import InputError, Issue
from insideout.people.access import (
    coached_runner,
    logging_runner,
    require_coach,
    runner_or_404,
    visible_runners,
)
from insideout.people.deletion import delete_runner
from insideout.people.models import Runner, default_time_zone
from insideout.people.paging import Rows
from insideout.people.routers import VersionedRouter
from insideout.people.schemas import ErrorOut, RunnerIn, RunnerOut, RunnerPatch, SexName

__all__ = ["build_router", "router"]

router = VersionedRouter(tags=["runners"])


def build_router(version: str) -> Router:
    """These endpoints as API ``version`` serves them (:mod:`insideout.people.routers`)."""
    return router.build(version)


def _out(runner: Runner) -> RunnerOut:
    latest = getattr(runner, "latest_screen", None)
    if latest is None:
        latest = runner.screens.aggregate(d=Max("date"))["d"]
    return RunnerOut(
        handle=runner.handle,
        name=runner.name,
        sex=cast(SexName, runner.sex),  # the column's choices (Runner.Sex); pydantic checks too
        birth_year=runner.birth_year,
        time_zone=runner.time_zone,
        coach=runner.coach.name,
        latest_screen=latest,
    )


@router.get("/runners", response=list[RunnerOut])
def list_runners(request: HttpRequest) -> Rows[Runner]:
    """The runners you coach (or, for a runner, yourself), with their latest screen date."""
    runners = (
        visible_runners(request.user)
        .select_related("coach")
        .annotate(latest_screen=Max("screens__date"))
    )
    return Rows(runners, _out)


@router.post("/runners", response={201: RunnerOut})
def add_runner(request: HttpRequest, payload: RunnerIn) -> Status[RunnerOut]:
    """Add a runner to your list (coaches only); the handle must be new among your runners."""
    coach = require_coach(request.user, "add runners")
    fields = payload.model_dump()
    fields["time_zone"] = fields["time_zone"] or default_time_zone()
    try:
        with transaction.atomic():
            runner = Runner.objects.create(coach=coach, **fields)
    except IntegrityError as e:
        msg = f"you already coach a runner with handle {payload.handle!r}; choose another"
        raise InputError([Issue(("handle",), msg)]) from e
    return Status(201, _out(runner))


@router.get("/runners/{handle}", response=RunnerOut)
def get_runner(request: HttpRequest, handle: str) -> RunnerOut:
    """One runner you may see, by handle."""
    return _out(runner_or_404(request.user, handle))


@router.patch("/runners/{handle}", response=RunnerOut)
def patch_runner(request: HttpRequest, handle: str, payload: RunnerPatch) -> RunnerOut:
    """Change where a runner lives (their coach only): the day of an activity imported from now
    on is the day in that zone; runs already stored keep their day."""
    runner = coached_runner(request.user, handle, "change the runner's time zone")
    runner.time_zone = payload.time_zone
    runner.save(update_fields=["time_zone"])
    return _out(runner)


@router.delete(
    "/runners/{handle}",
    response={204: None, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    openapi_extra={
        "responses": {
            204: {
                "description": "Deleted: the runner, every row and stored file of theirs, and "
                "their login (unless it also coaches other runners). Their coach is told."
            }
        }
    },
)
def delete_runner_account(request: HttpRequest, handle: str) -> Status[None]:
    """Delete a runner's account and all of their data, on purpose (the runner themself or their
    coach): screens, runs, pain, strength, watch files, messages, the coach's decisions, the
    login; nothing of anyone else's. All or nothing. Download it first
    (``GET /runners/{handle}/export``): this cannot be undone."""
    runner = logging_runner(request.user, handle, "delete this account")
    delete_runner(runner, by=request.user)
    return Status(204, None)
