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
tells how far it got and, once done, the final table. The lists of runs and of imports are paged
(``?page=1&limit=50``, at most 500, newest first), with the total in ``X-Total-Count`` and the
next and previous pages in ``Link``.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import File, Query, Router, Status, UploadedFile

from insideout.core.advise import advice_dict
from insideout.people.access import coached_runner, loggable_runner, runner_or_404
from insideout.people.models import Runner
from insideout.training import services
from insideout.training.advice import advice_for, parse_on
from insideout.training.models import (
    Clearance,
    GateOverride,
    ImportJob,
    PainReport,
    Run,
    StrengthSession,
)
from insideout.training.schemas import (
    AdviceOut,
    AvailabilityOut,
    ClearanceIn,
    ClearanceOut,
    ImportJobOut,
    MorningIn,
    OverrideIn,
    OverrideOut,
    PageIn,
    PainIn,
    PainOut,
    RunIn,
    RunOut,
    SettingsIn,
    SettingsOut,
    StrengthIn,
    StrengthOut,
    availability_body,
    availability_errors,
    body_openapi,
    list_of,
)
from insideout.training.services import (
    add_morning_pain,
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

__all__ = ["router"]

router = Router(tags=["training"])

M = TypeVar("M", bound=Model)


def _page(
    request: HttpRequest, response: HttpResponse, rows: QuerySet[M], paging: PageIn
) -> list[M]:
    """One page of ``rows``; the total in ``X-Total-Count``, the neighbours in ``Link``."""
    total = rows.count()
    start = (paging.page - 1) * paging.limit
    links = []
    for rel, page in (("prev", paging.page - 1), ("next", paging.page + 1)):
        if page >= 1 and (page - 1) * paging.limit < total and (rel == "next" or start > 0):
            query = QueryDict(mutable=True)
            query.update({"page": str(page), "limit": str(paging.limit)})
            links.append(f'<{request.path}?{query.urlencode()}>; rel="{rel}"')
    response["X-Total-Count"] = str(total)
    if links:
        response["Link"] = ", ".join(links)
    return list(rows[start : start + paging.limit])


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
def list_runs(
    request: HttpRequest, response: HttpResponse, handle: str, paging: Query[PageIn]
) -> list[dict[str, object]]:
    """A runner's runs, newest first, with their pain; paged (``?page``, ``?limit``)."""
    runner = runner_or_404(request.user, handle)
    return [_run_out(r) for r in _page(request, response, runner.runs.all(), paging)]


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


@router.get("/runners/{handle}/pain", response=list_of(PainOut))
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


@router.get("/runners/{handle}/strength", response=list_of(StrengthOut))
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
    "/runners/{handle}/settings", response=SettingsOut, openapi_extra=body_openapi(SettingsIn)
)
def patch_settings(request: HttpRequest, handle: str) -> dict[str, object]:
    """Set the runner's own weekly cap (the coach only), within the bounds; null: the default."""
    runner = coached_runner(request.user, handle, "change the runner's settings")
    return _settings_out(update_settings(runner, parse_json(request.body)))


# --- the runner's availability (the runner themself or their coach) --------------------------


def _availability_out(runner: Runner) -> dict[str, object]:
    found = runner.days_available()
    text = "Not said: every day, no time limit" if found is None else found.describe()
    return {"availability": None if found is None else found.as_doc(), "text": text}


@router.get(
    "/runners/{handle}/availability",
    response=AvailabilityOut,
    openapi_extra=availability_errors(404),
)
def get_availability(request: HttpRequest, handle: str) -> dict[str, object]:
    """The days the runner can run and their minutes (null: not said, the plan uses every day)."""
    return _availability_out(runner_or_404(request.user, handle))


@router.put(
    "/runners/{handle}/availability",
    response=AvailabilityOut,
    openapi_extra=availability_body() | availability_errors(403, 404, 422),
)
def put_availability(request: HttpRequest, handle: str) -> dict[str, object]:
    """Set the days the runner can run and their minutes (the runner themself or their coach).

    The whole availability is replaced: ``{"mon": 45, "sat": 90, "sun": null}`` (a day left out
    is not available, null minutes: no time limit), or null for not said. A wrong day or minutes
    outside 1-600 answer 422 naming the day, and nothing changes. The plan fits its runs into it:
    only on those days, each within its day's minutes at the runner's easy pace, never longer
    than the caps allow.
    """
    runner = loggable_runner(request.user, handle, "change the runner's availability")
    return _availability_out(update_availability(runner, parse_json(request.body)))


def _override_out(o: GateOverride) -> dict[str, object]:
    return {"id": o.pk, **o.as_input(), "created_by": o.author, "created_at": o.created_at}


def _overrides(runner: Runner) -> list[GateOverride]:
    return list(runner.gate_overrides.select_related("created_by__coach"))


@router.get("/runners/{handle}/overrides", response=list_of(OverrideOut))
def list_overrides(request: HttpRequest, handle: str) -> list[dict[str, object]]:
    """The technique-gate overrides, newest first: what the coach decided, when, and why."""
    return [_override_out(o) for o in _overrides(runner_or_404(request.user, handle))]


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
def list_clearances(request: HttpRequest, handle: str) -> list[dict[str, object]]:
    """The clearances to run again, newest first: who cleared the runner, when, and why."""
    runner = runner_or_404(request.user, handle)
    return [_clearance_out(c) for c in runner.clearances.select_related("created_by__coach")]


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


def _job_out(job: ImportJob) -> dict[str, object]:
    handle = job.runner.handle
    return {
        "id": job.pk,
        "url": reverse("api:import_job", kwargs={"handle": handle, "job_id": job.pk}),
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
    out = _job_out(job)
    response["Location"] = str(out["url"])
    return Status(202, out)


@router.get("/runners/{handle}/imports", response=list_of(ImportJobOut))
def list_imports(
    request: HttpRequest, response: HttpResponse, handle: str, paging: Query[PageIn]
) -> list[dict[str, object]]:
    """A runner's uploads and their imports, newest first; paged (``?page``, ``?limit``)."""
    runner = runner_or_404(request.user, handle)
    return [_job_out(j) for j in _page(request, response, _jobs(runner), paging)]


@router.get("/runners/{handle}/imports/{job_id}", response=ImportJobOut, url_name="import_job")
def get_import(request: HttpRequest, handle: str, job_id: int) -> dict[str, object]:
    """An import job: its status, how many files it handled so far, and once done the table."""
    runner = runner_or_404(request.user, handle)
    return _job_out(get_object_or_404(_jobs(runner), pk=job_id))
