"""The pages that combine the apps: the coach's dashboard and a runner's page."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from insideout.catalogue import load_catalogue
from insideout.core.trends import trends
from insideout.people.access import AuthenticatedHttpRequest, coach_of, runner_or_404
from insideout.people.models import Runner
from insideout.site import charts, dashboard, profile_chart
from insideout.site.printing import BadQuery, weeks_of
from insideout.site.runner import CHART_WEEKS, balance, runner_page
from insideout.training import services, summaries
from insideout.training.advice import history_of

PAGE_SIZE = 100  # runners on a page of the dashboard

__all__ = ["PAGE_SIZE", "chart", "home", "runner_detail"]


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A coach's dashboard; a runner goes straight to their own page."""
    coach = coach_of(request.user)
    if coach is None:
        own = Runner.objects.filter(user=request.user).first()
        if own is not None:
            return redirect("site:runner", handle=own.handle)
        return render(request, "site/no_role.html", status=403)
    # Stored summaries of the advice, stopped or referred first, then by name; a GET stores
    # nothing: the page's stale ones are made afresh in memory (see insideout.training.summaries).
    runners = summaries.current(coach.runners.all())
    # Filtered and sorted by the database as the GET form asks (insideout.site.dashboard).
    where = dashboard.Where(services.today(), services.method(), coach)
    chosen = dashboard.select(runners, request.GET, where)
    page = Paginator(chosen.runners, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = summaries.shown(page.object_list)
    notices = list(coach.notices.filter(read_at__isnull=True)[:10])
    context = {
        "coach": coach,
        "page": page,
        "chosen": chosen,
        "notices": notices,
        # the rows as plain words and links: the template only writes them
        "rows": dashboard.rows(page),
        "csv_query": _csv_query(chosen),
    }
    return render(request, "site/dashboard.html", context)


def _csv_query(chosen: dashboard.Selection) -> str:
    """The dashboard's choices as the squad CSV's query string: only what the form understood."""
    pairs = [("show", f.value) for f in chosen.filters if f.chosen]
    choices = (("phase", chosen.phases), ("held", chosen.held), ("sort", chosen.sorts))
    pairs += [(name, o.value) for name, options in choices for o in options if o.chosen]
    return urlencode(pairs)


@login_required
def runner_detail(request: AuthenticatedHttpRequest, handle: str) -> HttpResponse:
    """A runner's details, this week's advice with its reasons, the screens, the training log and
    the coach's decisions (see :mod:`insideout.site.runner`)."""
    runner = runner_or_404(request.user, handle)
    context = runner_page(runner, request.user, request.GET.get("runs"))
    return render(request, "site/runner.html", context)


@login_required
def chart(request: AuthenticatedHttpRequest, handle: str, name: str) -> HttpResponse:
    """One of the runner's charts as SVG (an image on their page; its words are on the page)."""
    runner = runner_or_404(request.user, handle)
    if name not in charts.CHARTS and name != profile_chart.NAME:
        raise Http404("No such chart.")
    raw = request.GET.get("weeks")
    try:  # the coach's report draws its own weeks (?weeks=, 1 to 52); the runner's page 12
        weeks = CHART_WEEKS if raw is None else weeks_of(raw)
    except BadQuery as exc:
        return render(request, "site/bad_query.html", {"message": str(exc)}, status=400)
    day = services.today()
    history = history_of(runner, day)
    if name == profile_chart.NAME:
        svg = profile_chart.render(profile_chart.series(history.screens, load_catalogue()))
    else:
        made = trends(history, day, services.method(), weeks)
        svg = charts.render(name, charts.ChartData(made, balance(runner, day, weeks)))
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=300"
    return response
