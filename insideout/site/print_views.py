"""The printable pages (issue 16): a runner's programme and the coach's report, as pages and PDFs.

Who may: whoever may see the runner (their coach and the runner themself), as on every page of the
runner's (:func:`insideout.people.access.runner_or_404`: "not yours" answers like "not there",
before any query parameter is read). A query parameter out of its bounds (``?paper=``,
``?weeks=``) answers 400 naming it (:class:`insideout.site.printing.BadQuery`), never a 500.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from insideout.people.access import AuthenticatedHttpRequest, runner_or_404
from insideout.people.models import Runner
from insideout.site import printing
from insideout.site.printing import BadQuery, paper_of, weeks_of
from insideout.site.report import report_context, report_pdf
from insideout.training import services

__all__ = ["programme", "programme_pdf", "report", "report_pdf_view"]

View = Callable[[AuthenticatedHttpRequest, Runner], HttpResponse]


def _answered(request: AuthenticatedHttpRequest, handle: str, view: View) -> HttpResponse:
    """The runner the user may see (else 404), then the view; a bad query parameter is a 400."""
    runner = runner_or_404(request.user, handle)
    try:
        return view(request, runner)
    except BadQuery as exc:
        context = {"message": str(exc), "runner": runner}
        return render(request, "site/bad_query.html", context, status=400)


def _pdf(body: bytes, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["Cache-Control"] = "private, no-store"  # health data: kept by no cache on the way
    return response


def _programme(request: AuthenticatedHttpRequest, runner: Runner) -> HttpResponse:
    paper = paper_of(request.GET.get("paper"))
    context = printing.programme_context(runner) | {"paper": paper}
    return render(request, "site/programme.html", context)


def _programme_pdf(request: AuthenticatedHttpRequest, runner: Runner) -> HttpResponse:
    paper = paper_of(request.GET.get("paper"))
    body = printing.programme_pdf(runner, paper=paper)
    return _pdf(body, f"{runner.handle}-programme-{services.today().isoformat()}.pdf")


def _report(request: AuthenticatedHttpRequest, runner: Runner) -> HttpResponse:
    weeks = weeks_of(request.GET.get("weeks"))
    paper = paper_of(request.GET.get("paper"))
    context = report_context(runner, weeks) | {"paper": paper, "weeks_text": str(weeks)}
    return render(request, "site/report.html", context)


def _report_pdf(request: AuthenticatedHttpRequest, runner: Runner) -> HttpResponse:
    weeks = weeks_of(request.GET.get("weeks"))
    paper = paper_of(request.GET.get("paper"))
    body = report_pdf(runner, weeks, paper)
    return _pdf(body, f"{runner.handle}-report-{services.today().isoformat()}.pdf")


@login_required
def programme(request: AuthenticatedHttpRequest, handle: str) -> HttpResponse:
    """The printable programme as a page (the browser prints it as the PDF looks)."""
    return _answered(request, handle, _programme)


@login_required
def programme_pdf(request: AuthenticatedHttpRequest, handle: str) -> HttpResponse:
    """The printable programme as a PDF, on A4 or (``?paper=letter``) Letter."""
    return _answered(request, handle, _programme_pdf)


@login_required
def report(request: AuthenticatedHttpRequest, handle: str) -> HttpResponse:
    """The report of the runner's last ``?weeks=`` weeks (8 by default) as a page."""
    return _answered(request, handle, _report)


@login_required
def report_pdf_view(request: AuthenticatedHttpRequest, handle: str) -> HttpResponse:
    """The report as a PDF."""
    return _answered(request, handle, _report_pdf)
