"""The training API: a runner's runs (with their pain), pain reports, strength sessions, advice.

Reading is for whoever may see the runner; logging is for the runner themself and their coach
(unlike screens, which only the coach enters). Bodies are read by the core's parser, so a wrong
value answers 422 naming the field, and nothing is stored unless all of it is valid.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Status

from insideout.core.advise import advice_dict
from insideout.people.access import runner_or_404
from insideout.training.advice import advice_for, parse_on
from insideout.training.models import PainReport, Run, StrengthSession
from insideout.training.schemas import (
    MorningIn,
    PainIn,
    PainOut,
    RunIn,
    RunOut,
    StrengthIn,
    StrengthOut,
    body_openapi,
)
from insideout.training.services import (
    add_morning_pain,
    parse_json,
    record_pain,
    record_run,
    record_strength,
)

__all__ = ["router"]

router = Router(tags=["training"])


def _run_out(run: Run) -> dict[str, object]:
    load = None if run.rpe is None else run.rpe * run.duration_min
    return {"id": run.pk, **run.as_input(), "load": load, "created_at": run.created_at}


def _strength_out(session: StrengthSession) -> dict[str, object]:
    return {
        "id": session.pk,
        "date": session.date,
        "completed": session.completed,
        "created_at": session.created_at,
    }


@router.get("/runners/{handle}/runs", response=list[RunOut])
def list_runs(request: HttpRequest, handle: str) -> list[dict[str, object]]:
    """A runner's runs, newest first, with their pain."""
    runner = runner_or_404(request.user, handle)
    return [_run_out(r) for r in runner.runs.all()]


@router.post("/runners/{handle}/runs", response={201: RunOut}, openapi_extra=body_openapi(RunIn))
def add_run(request: HttpRequest, handle: str) -> Status[dict[str, object]]:
    """Log a run (the runner themself or their coach); a duplicate run answers 422."""
    runner = runner_or_404(request.user, handle)
    run = record_run(runner, parse_json(request.body), by=request.user)
    return Status(201, _run_out(run))


@router.patch(
    "/runners/{handle}/runs/{run_id}", response=RunOut, openapi_extra=body_openapi(MorningIn)
)
def update_run(request: HttpRequest, handle: str, run_id: int) -> dict[str, object]:
    """Add the next-morning pain (or details about the pain) to a logged run."""
    runner = runner_or_404(request.user, handle)
    run = get_object_or_404(runner.runs.select_related("runner"), pk=run_id)
    return _run_out(add_morning_pain(run, parse_json(request.body)))


def _pain_out(report: PainReport) -> dict[str, object]:
    return {"id": report.pk, **report.as_input(), "created_at": report.created_at}


@router.get("/runners/{handle}/pain", response=list[PainOut])
def list_pain(request: HttpRequest, handle: str) -> list[dict[str, object]]:
    """A runner's pain reports (pain felt without a run), newest first."""
    runner = runner_or_404(request.user, handle)
    return [_pain_out(p) for p in runner.pain_reports.all()]


@router.post("/runners/{handle}/pain", response={201: PainOut}, openapi_extra=body_openapi(PainIn))
def add_pain(request: HttpRequest, handle: str) -> Status[dict[str, object]]:
    """Report pain on a day without a run (the runner themself or their coach).

    Rest pain or night pain (``red_flags``) stops running and refers the runner, as on a run.
    """
    runner = runner_or_404(request.user, handle)
    report = record_pain(runner, parse_json(request.body), by=request.user)
    return Status(201, _pain_out(report))


@router.get("/runners/{handle}/strength", response=list[StrengthOut])
def list_strength(request: HttpRequest, handle: str) -> list[dict[str, object]]:
    """A runner's strength sessions, newest first."""
    runner = runner_or_404(request.user, handle)
    return [_strength_out(s) for s in runner.strength_sessions.all()]


@router.post(
    "/runners/{handle}/strength",
    response={201: StrengthOut},
    openapi_extra=body_openapi(StrengthIn),
)
def add_strength(request: HttpRequest, handle: str) -> Status[dict[str, object]]:
    """Log a strength session (the runner themself or their coach)."""
    runner = runner_or_404(request.user, handle)
    session = record_strength(runner, parse_json(request.body), by=request.user)
    return Status(201, _strength_out(session))


@router.get("/runners/{handle}/advice", response=dict[str, Any])
def get_advice(request: HttpRequest, handle: str, on: str | None = None) -> dict[str, Any]:
    """The week from ``on`` (YYYY-MM-DD, default today) and why: ``insideout advise --json``.

    The names are those of the CLI (``phase``, ``profile``, ``next_week``, ``decisions``,
    ``technique``, ``refer``, with ``runner``, ``on`` and ``load`` as context); a malformed ``on``
    answers 422 naming ``on``.
    """
    runner = runner_or_404(request.user, handle)
    return advice_dict(advice_for(runner, parse_on(on)))
