"""Training pages: log a run, answer the next-morning pain question, report pain without a run,
mark a strength session done, upload watch files (and follow their import), answer the pain
questions of a run that came in from a watch file, say which days the runner can run and for how
long (the runner or their coach); and the coach's controls: the runner's own weekly cap, the
technique-gate overrides and the clearances a professional gave after a stop (the coach only: 403
for the runner, who sees them on their page).

The forms live on the runner's page (assembled by :mod:`insideout.site.runner`); these views take
their posts. A form with errors is shown again on its own page (422), naming the field; nothing is
stored. The runner themself and their coach may both log. What was stored is confirmed at the top
of the runner's page ("Saved: 8 km on Sun 2026-11-29, 45 min").
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from insideout.catalogue.labels import load_labels
from insideout.core.errors import InputError
from insideout.people.access import (
    AuthenticatedHttpRequest,
    coached_runner,
    logging_runner,
    runner_or_404,
)
from insideout.training import services, uploads
from insideout.training.forms import (
    AnswersForm,
    AvailabilityForm,
    ClearanceForm,
    MorningForm,
    OverrideForm,
    PainEditForm,
    PainForm,
    RunEditForm,
    RunForm,
    SettingsForm,
    StrengthEditForm,
    UploadForm,
)
from insideout.training.models import ImportJob, PainReport, Run, StrengthSession

__all__ = [
    "answer_pain",
    "availability",
    "clear_runner",
    "delete_pain",
    "delete_run",
    "delete_strength",
    "edit_pain",
    "edit_run",
    "edit_strength",
    "import_job",
    "log_run",
    "morning_pain",
    "override_gate",
    "report_pain",
    "runner_settings",
    "strength_done",
    "upload_import",
]

RECENT_JOBS = 5  # uploads listed on the upload page


@login_required
def log_run(request: AuthenticatedHttpRequest, handle: str) -> HttpResponse:
    """Log a run and its pain in a few taps."""
    runner = runner_or_404(request.user, handle)
    form = RunForm(runner, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            run = form.save(by=request.user)
        except InputError as exc:  # logged twice at the same moment
            form.attach(exc)
        else:
            messages.success(request, _saved_run(run))
            return redirect("site:runner", handle=runner.handle)
    status = 422 if form.errors else 200
    return render(request, "training/log_run.html", {"runner": runner, "form": form}, status=status)


@login_required
def morning_pain(request: AuthenticatedHttpRequest, handle: str, run_id: int) -> HttpResponse:
    """The next-morning pain for a run: one question."""
    runner = runner_or_404(request.user, handle)
    run = get_object_or_404(runner.runs.select_related("runner"), pk=run_id)
    form = MorningForm(run, request.POST or None)
    if request.method == "POST" and form.is_valid() and form.save() is not None:
        pain = _number(run.pain_next_morning)
        messages.success(
            request, f"Saved: pain {pain}/10 the morning after the run on {_day(run)}."
        )
        return redirect("site:runner", handle=runner.handle)
    status = 422 if form.errors else 200
    context = {"runner": runner, "run": run, "form": form}
    return render(request, "training/morning.html", context, status=status)


@login_required
def report_pain(request: AuthenticatedHttpRequest, handle: str) -> HttpResponse:
    """Report pain on a day without a run (at rest, at night): a red flag stops running."""
    runner = runner_or_404(request.user, handle)
    form = PainForm(runner, request.POST or None)
    if request.method == "POST" and form.is_valid():
        report = form.save(by=request.user)
        where = f" ({load_labels().of('site', report.site)})" if report.site else ""
        pain = _number(report.pain)
        messages.success(request, f"Saved: pain {pain}/10{where} on {_day(report)}.")
        return redirect("site:runner", handle=runner.handle)
    status = 422 if form.errors else 200
    context = {"runner": runner, "form": form}
    return render(request, "training/report_pain.html", context, status=status)


@login_required
@require_POST
def strength_done(request: AuthenticatedHttpRequest, handle: str) -> HttpResponse:
    """Mark today's strength session done (a second tap the same day stores nothing more)."""
    runner = runner_or_404(request.user, handle)
    day = services.today()
    if not runner.strength_sessions.filter(date=day, completed=True).exists():
        services.record_strength(runner, {"date": day.isoformat()}, by=request.user)
        messages.success(request, "Saved: today's strength session is done.")
    return redirect("site:runner", handle=runner.handle)


@login_required
def answer_pain(request: AuthenticatedHttpRequest, handle: str, run_id: int) -> HttpResponse:
    """The pain questions of a run that came in from a watch file: during, after, next morning,
    where (the runner's page lists such runs; this takes their answers)."""
    runner = runner_or_404(request.user, handle)
    run = get_object_or_404(runner.runs.select_related("runner"), pk=run_id)
    form = AnswersForm(run, request.POST or None)
    if request.method == "POST" and form.is_valid() and form.save() is not None:
        messages.success(request, f"Saved: the pain of the run on {_day(run)}.")
        return redirect(reverse("site:runner", args=[runner.handle]) + "#imported-runs")
    status = 422 if form.errors else 200
    context = {"runner": runner, "run": run, "form": form}
    return render(request, "training/answer_pain.html", context, status=status)


@login_required
def upload_import(request: AuthenticatedHttpRequest, handle: str) -> HttpResponse:
    """Upload a watch file or an export; its import runs in the background (the job's page)."""
    runner = runner_or_404(request.user, handle)
    posted = request.method == "POST"
    form = UploadForm(request.POST if posted else None, request.FILES if posted else None)
    status = 200
    if posted and form.is_valid():
        try:
            job = uploads.accept(runner, form.cleaned_data["file"], by=request.user)
        except InputError as exc:
            status = 413 if isinstance(exc, uploads.TooBig) else 422
            for issue in exc.issues:
                form.add_error("file", f"{form['file'].label}: {issue.message}")
        else:
            return redirect("training:import_job", handle=runner.handle, job_id=job.pk)
    if form.errors and status == 200:
        status = 422
    jobs = list(runner.import_jobs.all()[:RECENT_JOBS])
    context = {"runner": runner, "form": form, "jobs": jobs}
    return render(request, "training/upload.html", context, status=status)


@login_required
def import_job(request: AuthenticatedHttpRequest, handle: str, job_id: int) -> HttpResponse:
    """An upload's import: queued, running (how many files so far), then the final table."""
    runner = runner_or_404(request.user, handle)
    jobs = ImportJob.objects.filter(runner=runner).select_related("runner", "created_by__coach")
    job = get_object_or_404(jobs, pk=job_id)
    report = job.report or {}
    context = {
        "runner": runner,
        "job": job,
        "skipped": report.get("skipped", []),
        "records": report.get("records"),
        "to_answer": services.unanswered_imports(runner).exists() if job.imported else False,
    }
    return render(request, "training/import_job.html", context)


# --- correcting the log: edit or delete an entry -----------------------------------------------

_BACK = {"run": "#recent-runs", "pain": "#pain-reports", "strength": "#strength"}


def _back(runner_handle: str, kind: str) -> str:
    return reverse("site:runner", args=[runner_handle]) + _BACK[kind]


def _edit_page(
    request: AuthenticatedHttpRequest, kind: str, row: Any, form: Any, what: str
) -> HttpResponse:
    """An entry's edit page: the log's form filled in with it; saved, back to the runner's page
    with what it says now; refused, the same page with every issue (422), nothing stored."""
    runner = row.runner
    if request.method == "POST" and form.is_valid():
        try:
            form.save(by=request.user)
        except InputError as exc:  # changed by another request meanwhile (a duplicate run)
            form.attach(exc)
        else:
            messages.success(request, f"Saved: {what} corrected.")
            return redirect(_back(runner.handle, kind))
    status = 422 if form.errors else 200
    context = {"runner": runner, "row": row, "form": form, "kind": kind, "what": what}
    return render(request, "training/edit_entry.html", context, status=status)


def _delete_page(request: AuthenticatedHttpRequest, kind: str, row: Any, what: str) -> HttpResponse:
    """Asks first (GET); deletes on POST only, recording what the entry was."""
    runner = row.runner
    if request.method == "POST":
        services.delete_entry(row, by=request.user)
        messages.success(request, f"Deleted: {what}.")
        return redirect(_back(runner.handle, kind))
    words = services.entry_words(row)
    context = {"runner": runner, "row": row, "kind": kind, "what": what, "words": words}
    return render(request, "training/delete_entry.html", context)


def _run(request: AuthenticatedHttpRequest, handle: str, run_id: int, what: str) -> Run:
    runner = logging_runner(request.user, handle, what)
    return get_object_or_404(Run.objects.filter(runner=runner).select_related("runner"), pk=run_id)


def _pain(request: AuthenticatedHttpRequest, handle: str, pain_id: int, what: str) -> PainReport:
    runner = logging_runner(request.user, handle, what)
    rows = PainReport.objects.filter(runner=runner).select_related("runner")
    return get_object_or_404(rows, pk=pain_id)


def _strength(
    request: AuthenticatedHttpRequest, handle: str, strength_id: int, what: str
) -> StrengthSession:
    runner = logging_runner(request.user, handle, what)
    rows = StrengthSession.objects.filter(runner=runner).select_related("runner")
    return get_object_or_404(rows, pk=strength_id)


@login_required
def edit_run(request: AuthenticatedHttpRequest, handle: str, run_id: int) -> HttpResponse:
    """Correct a logged run (a run from a watch file: only what was typed by hand)."""
    run = _run(request, handle, run_id, "correct a run")
    form = RunEditForm(run, request.POST or None)
    return _edit_page(request, "run", run, form, f"the run on {_day(run)}")


@login_required
def delete_run(request: AuthenticatedHttpRequest, handle: str, run_id: int) -> HttpResponse:
    """Delete a run (asks first); a run from a watch file goes with its file."""
    run = _run(request, handle, run_id, "delete a run")
    return _delete_page(request, "run", run, f"the run on {_day(run)}")


@login_required
def edit_pain(request: AuthenticatedHttpRequest, handle: str, pain_id: int) -> HttpResponse:
    """Correct a pain report."""
    report = _pain(request, handle, pain_id, "correct a pain report")
    form = PainEditForm(report, request.POST or None)
    return _edit_page(request, "pain", report, form, f"the pain report of {_day(report)}")


@login_required
def delete_pain(request: AuthenticatedHttpRequest, handle: str, pain_id: int) -> HttpResponse:
    """Delete a pain report (asks first)."""
    report = _pain(request, handle, pain_id, "delete a pain report")
    return _delete_page(request, "pain", report, f"the pain report of {_day(report)}")


@login_required
def edit_strength(request: AuthenticatedHttpRequest, handle: str, strength_id: int) -> HttpResponse:
    """Correct a strength session (its day, whether it was done)."""
    session = _strength(request, handle, strength_id, "correct a strength session")
    form = StrengthEditForm(session, request.POST or None)
    what = f"the strength session of {_day(session)}"
    return _edit_page(request, "strength", session, form, what)


@login_required
def delete_strength(
    request: AuthenticatedHttpRequest, handle: str, strength_id: int
) -> HttpResponse:
    """Delete a strength session (asks first)."""
    session = _strength(request, handle, strength_id, "delete a strength session")
    return _delete_page(request, "strength", session, f"the strength session of {_day(session)}")


def _number(value: float | None) -> str:
    return "—" if value is None else f"{value:g}"


def _day(row: Any) -> str:
    day = row.date if isinstance(row.date, dt.date) else dt.date.fromisoformat(str(row.date))
    return f"{day:%a %Y-%m-%d}"


def _saved_run(run: Run) -> str:
    """ "Saved: 8 km on Sun 2026-11-29, 45 min." — what the runner just logged."""
    return f"Saved: {_number(run.distance_km)} km on {_day(run)}, {_number(run.duration_min)} min."


def _cap_error(form: SettingsForm) -> str:
    """The cap's error for a person: the API's message speaks of JSON ("or null")."""
    plan = services.method().plan
    b = plan.weekly_increase_bounds
    got = form.data.get("weekly_increase_pct", "")
    return (
        f"{form['weekly_increase_pct'].label}: enter {b.low:g} to {b.high:g}, or leave it empty "
        f"for the default of {plan.weekly_increase_pct.value:g}% (you entered {got})."
    )


@login_required
def runner_settings(request: AuthenticatedHttpRequest, handle: str) -> HttpResponse:
    """The coach sets the runner's own weekly distance cap (empty: the default)."""
    runner = coached_runner(request.user, handle, "change the runner's settings")
    form = SettingsForm(runner, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save(by=request.user)
        return redirect("site:runner", handle=runner.handle)
    if "weekly_increase_pct" in form.errors:
        form.errors["weekly_increase_pct"] = form.error_class([_cap_error(form)])
    status = 422 if form.errors else 200
    context = {"runner": runner, "form": form}
    return render(request, "training/settings.html", context, status=status)


@login_required
def availability(request: AuthenticatedHttpRequest, handle: str) -> HttpResponse:
    """The days the runner can run and for how long (the runner themself or their coach): the
    plan fits its runs into them."""
    runner = logging_runner(request.user, handle, "change the runner's availability")
    # a post with no day ticked is a post (not said), not an empty form to show again
    form = AvailabilityForm(runner, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        form.save()
        found = runner.days_available()
        said = "every day, no time limit (not said)" if found is None else found.describe()
        messages.success(request, f"Saved: available {said}.")
        return redirect("site:runner", handle=runner.handle)
    status = 422 if form.errors else 200
    context = {"runner": runner, "form": form}
    return render(request, "training/availability.html", context, status=status)


@login_required
def override_gate(request: AuthenticatedHttpRequest, handle: str) -> HttpResponse:
    """The coach unlocks or locks technique work from a day on, with a reason (logged)."""
    runner = coached_runner(request.user, handle, "override the technique gate")
    form = OverrideForm(runner, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save(by=request.user)
        return redirect("site:runner", handle=runner.handle)
    status = 422 if form.errors else 200
    context = {"runner": runner, "form": form}
    return render(request, "training/override.html", context, status=status)


@login_required
def clear_runner(request: AuthenticatedHttpRequest, handle: str) -> HttpResponse:
    """The coach records a physiotherapist's or doctor's clearance to run again (logged)."""
    runner = coached_runner(request.user, handle, "record a clearance")
    form = ClearanceForm(runner, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save(by=request.user)
        return redirect("site:runner", handle=runner.handle)
    status = 422 if form.errors else 200
    context = {"runner": runner, "form": form}
    return render(request, "training/clearance.html", context, status=status)
