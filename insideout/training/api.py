"""The training API: a runner's runs (with their pain), pain reports, strength sessions, advice.

Reading is for whoever may see the runner; logging, and the runner's availability (the days they
can run and for how long), are for the runner themself and their coach (unlike screens, which only
the coach enters). The coach's controls (the runner's own weekly cap,
the technique-gate overrides, the clearances a professional gave after a stop) are read by the
runner too but written by their coach only (403).
Bodies are read by the core's parser, so a wrong value answers 422 naming the field, and nothing
is stored unless all of it is valid.

Watch files come in as an upload (``POST .../imports``, multipart, the runner or their coach):
the answer is 202 with the import job, which runs in the background; ``GET .../imports/{id}``
tells how far it got and, once done, the final table. The lists are returned unread (``Rows``),
newest first; each version of the API pages them its own way (:mod:`insideout.people.paging`).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import File, Router, Status, UploadedFile

from insideout.core.advise import advice_dict
from insideout.people.access import coached_runner, logging_runner, runner_or_404
from insideout.people.models import Runner
from insideout.people.paging import Rows, numbered_pages
from insideout.people.routers import VersionedRouter, api_reverse
from insideout.training import services
from insideout.training.advice import advice_for, parse_on
from insideout.training.models import (
    CapChange,
    Clearance,
    GateOverride,
    ImportJob,
    LogChange,
    PainReport,
    Run,
    StrengthSession,
)
from insideout.training.schemas import (
    ERRORS,
    REFUSALS,
    AdviceOut,
    AvailabilityOut,
    CapChangeOut,
    ClearanceIn,
    ClearanceOut,
    ImportJobOut,
    LogChangeOut,
    OverrideIn,
    OverrideOut,
    PainEditIn,
    PainIn,
    PainOut,
    RunEditIn,
    RunIn,
    RunOut,
    SettingsIn,
    SettingsOut,
    StrengthEditIn,
    StrengthIn,
    StrengthOut,
    availability_body,
    body_openapi,
    list_of,
)
from insideout.training.services import (
    delete_entry,
    edit_pain,
    edit_run,
    edit_strength,
    parse_json,
    record_clearance,
    record_override,
    record_pain,
    record_run,
    record_strength,
    update_availability,
    update_settings,
)
from insideout.training.uploads import accept

__all__ = ["build_router", "router"]

router = VersionedRouter(tags=["training"])


def build_router(version: str) -> Router:
    """These endpoints as API ``version`` serves them (:mod:`insideout.people.routers`)."""
    return router.build(version)


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


@router.get("/runners/{handle}/runs", response=list_of(RunOut))
@numbered_pages
def list_runs(request: HttpRequest, handle: str) -> Rows[Run]:
    """A runner's runs, newest first, with their pain; paged."""
    runner = runner_or_404(request.user, handle)
    return Rows(runner.runs.all(), _run_out)


@router.post("/runners/{handle}/runs", response={201: RunOut}, openapi_extra=body_openapi(RunIn))
def add_run(request: HttpRequest, handle: str) -> Status[dict[str, object]]:
    """Log a run (the runner themself or their coach); a duplicate run answers 422."""
    runner = runner_or_404(request.user, handle)
    run = record_run(runner, parse_json(request.body), by=request.user)
    return Status(201, _run_out(run))


def _logged(request: HttpRequest, handle: str, what: str) -> Runner:
    return logging_runner(request.user, handle, what)


@router.patch(
    "/runners/{handle}/runs/{run_id}",
    response={200: RunOut, **ERRORS},
    openapi_extra=body_openapi(RunEditIn),
)
def patch_run(request: HttpRequest, handle: str, run_id: int) -> dict[str, object]:
    """Correct a logged run, or add what was not said yet (the next-morning pain, details about
    the pain): the fields given replace the stored ones, the others stay (the runner themself or
    their coach). The whole run is checked again as a new one is (bounds, a humanly possible
    pace, a date not in the future, not a duplicate of another run): 422 naming the field, and
    nothing changes. A run from a watch file keeps the device's date, distance, duration and
    cadence (422 naming the field); its pain, effort and kind may change. A correction of what
    was said is recorded (``GET .../log-changes``)."""
    runner = _logged(request, handle, "correct a run")
    run = get_object_or_404(runner.runs.select_related("runner"), pk=run_id)
    return _run_out(edit_run(run, parse_json(request.body), by=request.user))


@router.delete("/runners/{handle}/runs/{run_id}", response={204: None, **REFUSALS})
def delete_run(request: HttpRequest, handle: str, run_id: int) -> Status[None]:
    """Delete a logged run (the runner themself or their coach); recorded in the log changes.
    A run from a watch file goes with its stored file."""
    runner = _logged(request, handle, "delete a run")
    run = get_object_or_404(runner.runs.select_related("runner"), pk=run_id)
    delete_entry(run, by=request.user)
    return Status(204, None)


def _pain_out(report: PainReport) -> dict[str, object]:
    return {"id": report.pk, **report.as_input(), "created_at": report.created_at}


@router.get("/runners/{handle}/pain", response=list_of(PainOut))
def list_pain(request: HttpRequest, handle: str) -> Rows[PainReport]:
    """A runner's pain reports (pain felt without a run), newest first."""
    runner = runner_or_404(request.user, handle)
    return Rows(runner.pain_reports.all(), _pain_out)


@router.post("/runners/{handle}/pain", response={201: PainOut}, openapi_extra=body_openapi(PainIn))
def add_pain(request: HttpRequest, handle: str) -> Status[dict[str, object]]:
    """Report pain on a day without a run (the runner themself or their coach).

    Rest pain or night pain (``red_flags``) stops running and refers the runner, as on a run.
    """
    runner = runner_or_404(request.user, handle)
    report = record_pain(runner, parse_json(request.body), by=request.user)
    return Status(201, _pain_out(report))


@router.patch(
    "/runners/{handle}/pain/{pain_id}",
    response={200: PainOut, **ERRORS},
    openapi_extra=body_openapi(PainEditIn),
)
def patch_pain(request: HttpRequest, handle: str, pain_id: int) -> dict[str, object]:
    """Correct a pain report (the runner themself or their coach): the fields given replace the
    stored ones; checked again as a new report is (422 naming the field, nothing changes)."""
    runner = _logged(request, handle, "correct a pain report")
    report = get_object_or_404(runner.pain_reports.select_related("runner"), pk=pain_id)
    return _pain_out(edit_pain(report, parse_json(request.body), by=request.user))


@router.delete("/runners/{handle}/pain/{pain_id}", response={204: None, **REFUSALS})
def delete_pain(request: HttpRequest, handle: str, pain_id: int) -> Status[None]:
    """Delete a pain report (the runner themself or their coach); recorded in the log changes."""
    runner = _logged(request, handle, "delete a pain report")
    report = get_object_or_404(runner.pain_reports.select_related("runner"), pk=pain_id)
    delete_entry(report, by=request.user)
    return Status(204, None)


@router.get("/runners/{handle}/strength", response=list_of(StrengthOut))
def list_strength(request: HttpRequest, handle: str) -> Rows[StrengthSession]:
    """A runner's strength sessions, newest first."""
    runner = runner_or_404(request.user, handle)
    return Rows(runner.strength_sessions.all(), _strength_out)


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


@router.patch(
    "/runners/{handle}/strength/{strength_id}",
    response={200: StrengthOut, **ERRORS},
    openapi_extra=body_openapi(StrengthEditIn),
)
def patch_strength(request: HttpRequest, handle: str, strength_id: int) -> dict[str, object]:
    """Correct a strength session: its date, whether it was done (the runner or their coach)."""
    runner = _logged(request, handle, "correct a strength session")
    rows = runner.strength_sessions.select_related("runner")
    session = get_object_or_404(rows, pk=strength_id)
    return _strength_out(edit_strength(session, parse_json(request.body), by=request.user))


@router.delete("/runners/{handle}/strength/{strength_id}", response={204: None, **REFUSALS})
def delete_strength(request: HttpRequest, handle: str, strength_id: int) -> Status[None]:
    """Delete a strength session (the runner themself or their coach); recorded."""
    runner = _logged(request, handle, "delete a strength session")
    rows = runner.strength_sessions.select_related("runner")
    delete_entry(get_object_or_404(rows, pk=strength_id), by=request.user)
    return Status(204, None)


def _log_change_out(c: LogChange) -> dict[str, object]:
    return {
        "id": c.pk,
        "entry": c.entry,
        "entry_id": c.entry_id,
        "entry_date": c.entry_date,
        "action": c.action,
        "before": c.before,
        "after": c.after,
        "changed_by": c.author,
        "changed_at": c.changed_at,
    }


@router.get("/runners/{handle}/log-changes", response={200: list_of(LogChangeOut), **REFUSALS})
def list_log_changes(request: HttpRequest, handle: str) -> list[dict[str, object]]:
    """The runs, pain reports and strength sessions corrected or deleted, newest first: who,
    when, which entry, and what it said before and after."""
    runner = runner_or_404(request.user, handle)
    rows = runner.log_changes.select_related("changed_by__coach")
    return [_log_change_out(c) for c in rows]


@router.get("/runners/{handle}/advice", response=AdviceOut, exclude_unset=True)
def get_advice(request: HttpRequest, handle: str, on: str | None = None) -> dict[str, Any]:
    """The week from ``on`` (YYYY-MM-DD, default today) and why: ``insideout advise --json``.

    The names are those of the CLI (``phase``, ``profile``, ``next_week``, ``decisions``,
    ``technique``, ``refer``, with ``runner``, ``on`` and ``load`` as context); a malformed ``on``
    answers 422 naming ``on``. The response is validated against ``AdviceOut``; keys the core
    leaves out (``reps`` or ``seconds``, the profile's ``changes``) stay out.
    """
    runner = runner_or_404(request.user, handle)
    return advice_dict(advice_for(runner, parse_on(on)))


# --- the coach's controls ----------------------------------------------------------------------


def _settings_out(runner: Runner) -> dict[str, object]:
    plan = services.method().plan
    b = plan.weekly_increase_bounds
    own = runner.weekly_increase_pct
    default = plan.weekly_increase_pct
    return {
        "weekly_increase_pct": own,
        "weekly_increase_in_force": default.value if own is None else own,
        "weekly_increase_default": default.value,
        "weekly_increase_min": b.low,
        "weekly_increase_max": b.high,
        "evidence": [default.evidence, b.evidence, b.coach_evidence],
    }


@router.get("/runners/{handle}/settings", response=SettingsOut)
def get_settings(request: HttpRequest, handle: str) -> dict[str, object]:
    """The runner's weekly cap: the coach's own value (or null), the default, the bounds."""
    return _settings_out(runner_or_404(request.user, handle))


@router.patch(
    "/runners/{handle}/settings",
    response={200: SettingsOut, **ERRORS},
    openapi_extra=body_openapi(SettingsIn),
)
def patch_settings(request: HttpRequest, handle: str) -> dict[str, object]:
    """Set the runner's own weekly cap (the coach only), within the bounds; null: the default.

    A cap that changes needs a ``reason`` (3 to 500 characters; 422 naming ``reason``): the
    change is recorded with who made it and when, in the same transaction
    (``GET .../cap-changes``)."""
    runner = coached_runner(request.user, handle, "change the runner's settings")
    return _settings_out(update_settings(runner, parse_json(request.body), by=request.user))


def _cap_change_out(c: CapChange) -> dict[str, object]:
    return {
        "id": c.pk,
        "old_pct": c.old_pct,
        "new_pct": c.new_pct,
        "reason": c.reason,
        "changed_by": c.author,
        "changed_at": c.changed_at,
    }


@router.get("/runners/{handle}/cap-changes", response={200: list_of(CapChangeOut), **REFUSALS})
def list_cap_changes(request: HttpRequest, handle: str) -> list[dict[str, object]]:
    """The changes of the runner's weekly cap, newest first: who, when, from what, to what, why."""
    runner = runner_or_404(request.user, handle)
    return [_cap_change_out(c) for c in runner.cap_changes.select_related("changed_by__coach")]


# --- the runner's availability (the runner themself or their coach) --------------------------


def _availability_out(runner: Runner) -> dict[str, object]:
    found = runner.days_available()
    text = "Not said: every day, no time limit" if found is None else found.describe()
    return {"availability": None if found is None else found.as_doc(), "text": text}


@router.get(
    "/runners/{handle}/availability",
    response={200: AvailabilityOut, **REFUSALS},
)
def get_availability(request: HttpRequest, handle: str) -> dict[str, object]:
    """The days the runner can run and their minutes (null: not said, the plan uses every day)."""
    return _availability_out(runner_or_404(request.user, handle))


@router.put(
    "/runners/{handle}/availability",
    response={200: AvailabilityOut, **ERRORS},
    openapi_extra=availability_body(),
)
def put_availability(request: HttpRequest, handle: str) -> dict[str, object]:
    """Set the days the runner can run and their minutes (the runner themself or their coach).

    The whole availability is replaced: ``{"mon": 45, "sat": 90, "sun": null}`` (a day left out
    is not available, null minutes: no time limit), or null for not said. A wrong day or minutes
    outside 1-600 answer 422 naming the day, and nothing changes. The plan fits its runs into it:
    only on those days, each within its day's minutes at the runner's easy pace, never longer
    than the caps allow.
    """
    runner = logging_runner(request.user, handle, "change the runner's availability")
    return _availability_out(update_availability(runner, parse_json(request.body)))


def _override_out(o: GateOverride) -> dict[str, object]:
    return {"id": o.pk, **o.as_input(), "created_by": o.author, "created_at": o.created_at}


@router.get("/runners/{handle}/overrides", response=list_of(OverrideOut))
def list_overrides(request: HttpRequest, handle: str) -> Rows[GateOverride]:
    """The technique-gate overrides, newest first: what the coach decided, when, and why."""
    runner = runner_or_404(request.user, handle)
    return Rows(runner.gate_overrides.select_related("created_by__coach"), _override_out)


@router.post(
    "/runners/{handle}/overrides",
    response={201: OverrideOut},
    openapi_extra=body_openapi(OverrideIn),
)
def add_override(request: HttpRequest, handle: str) -> Status[dict[str, object]]:
    """Unlock or lock technique work from a day on, with a reason (the coach only).

    The latest override on or before the day advised on applies; it never unlocks technique work
    while running is stopped or a pain rule fired. Overrides are a log: never edited or deleted.
    """
    runner = coached_runner(request.user, handle, "override the technique gate")
    return Status(
        201, _override_out(record_override(runner, parse_json(request.body), by=request.user))
    )


def _clearance_out(c: Clearance) -> dict[str, object]:
    return {"id": c.pk, **c.as_input(), "created_by": c.author, "created_at": c.created_at}


@router.get("/runners/{handle}/clearances", response=list_of(ClearanceOut))
def list_clearances(request: HttpRequest, handle: str) -> Rows[Clearance]:
    """The clearances to run again, newest first: who cleared the runner, when, and why."""
    runner = runner_or_404(request.user, handle)
    return Rows(runner.clearances.select_related("created_by__coach"), _clearance_out)


@router.post(
    "/runners/{handle}/clearances",
    response={201: ClearanceOut},
    openapi_extra=body_openapi(ClearanceIn),
)
def add_clearance(request: HttpRequest, handle: str) -> Status[dict[str, object]]:
    """Record a physiotherapist's or doctor's clearance to run again, with why (the coach only).

    The latest clearance on or before the day advised on ends the stop that came from what was
    reported on or before its date; a cardiac sign only by a doctor's clearance. It lifts a stop,
    never a pain rule's cut. Clearances are a log: never edited or deleted.
    """
    runner = coached_runner(request.user, handle, "record a clearance")
    return Status(
        201, _clearance_out(record_clearance(runner, parse_json(request.body), by=request.user))
    )


# --- uploaded imports ---------------------------------------------------------------------------


def _job_out(request: HttpRequest, job: ImportJob) -> dict[str, object]:
    handle = job.runner.handle
    return {
        "id": job.pk,
        "url": api_reverse(request, "import_job", handle=handle, job_id=job.pk),
        "page": reverse("training:import_job", kwargs={"handle": handle, "job_id": job.pk}),
        "name": job.name,
        "size": job.size,
        "status": job.status,
        "progress": {
            "files": job.files,
            "imported": job.imported,
            "duplicates": job.duplicates,
            "skipped": job.skipped,
        },
        "report": job.report,
        "error": job.error or None,
        "created_by": job.author,
        "created_at": job.created_at,
        "started_at": job.started_at,
        "finished_at": job.finished_at,
    }


def _jobs(runner: Runner) -> QuerySet[ImportJob]:
    return runner.import_jobs.select_related("runner", "created_by__coach")


@router.post("/runners/{handle}/imports", response={202: ImportJobOut}, url_name="import_upload")
def upload_import(
    request: HttpRequest, response: HttpResponse, handle: str, file: File[UploadedFile]
) -> Status[dict[str, object]]:
    """Upload watch files to import (the runner themself or their coach), as multipart ``file``:
    a ``.fit``, ``.gpx`` or ``.tcx`` file, a ``.gz`` of one, or a ``.zip`` (an account export).

    Answers 202 at once with the import job (``url`` to poll, ``Location`` too); the files are
    imported in the background. Over ``INSIDEOUT_UPLOAD_MAX_BYTES``: 413; another kind of file or
    an empty one: 422. A refused upload stores nothing.
    """
    runner = runner_or_404(request.user, handle)
    job = accept(runner, file, by=request.user)
    out = _job_out(request, job)
    response["Location"] = str(out["url"])
    return Status(202, out)


@router.get("/runners/{handle}/imports", response=list_of(ImportJobOut))
@numbered_pages
def list_imports(request: HttpRequest, handle: str) -> Rows[ImportJob]:
    """A runner's uploads and their imports, newest first; paged."""
    runner = runner_or_404(request.user, handle)
    return Rows(_jobs(runner), lambda job: _job_out(request, job))


@router.get("/runners/{handle}/imports/{job_id}", response=ImportJobOut, url_name="import_job")
def get_import(request: HttpRequest, handle: str, job_id: int) -> dict[str, object]:
    """An import job: its status, how many files it handled so far, and once done the table."""
    runner = runner_or_404(request.user, handle)
    return _job_out(request, get_object_or_404(_jobs(runner), pk=job_id))
