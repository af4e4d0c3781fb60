"""Pages about people: the coach's dashboard, adding a runner, a runner's page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from insideout.catalogue import load_catalogue
from insideout.people.access import coach_of, runner_or_404
from insideout.people.forms import RunnerForm
from insideout.people.models import Runner
from insideout.screening.models import Screen
from insideout.screening.presenters import summary
from insideout.screening.services import score_of
from insideout.training import services as training
from insideout.training import summaries
from insideout.training.advice import advice_for
from insideout.training.presenters import this_week

EMPTY = "nothing measured yet"
PAGE_SIZE = 100  # runners on a page of the dashboard

__all__ = ["add_runner", "home", "runner_detail"]


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """A coach's dashboard; a runner goes straight to their own page."""
    coach = coach_of(request.user)
    if coach is None:
        own = Runner.objects.filter(user=request.user).first()
        if own is not None:
            return redirect("people:runner", handle=own.handle)
        return render(request, "people/no_role.html", status=403)
    # Stored summaries of the advice, made again for the runners whose data, day or method changed
    # (see insideout.training.summaries); stopped or referred first, then by name.
    runners = summaries.current(coach.runners.all())
    page = Paginator(runners, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "people/dashboard.html", {"coach": coach, "page": page})


@login_required
def add_runner(request: HttpRequest) -> HttpResponse:
    """Add a runner to the logged-in coach's list."""
    coach = coach_of(request.user)
    if coach is None:
        raise PermissionDenied("only a coach may add runners")
    form = RunnerForm(request.POST or None, coach=coach)
    if request.method == "POST" and form.is_valid():
        runner = form.save()
        return redirect("people:runner", handle=runner.handle)
    return render(request, "people/runner_form.html", {"form": form})


@login_required
def runner_detail(request: HttpRequest, handle: str) -> HttpResponse:
    """A runner's details, this week's advice with its reasons, and the screens."""
    runner = runner_or_404(request.user, handle)
    screens = [(s, summary(score_of(s)) if s.n else EMPTY) for s in _screens(runner)]
    can_edit = runner.is_coached_by(request.user)
    context = {"runner": runner, "screens": screens, "can_edit": can_edit}
    # The runner themself opens their page to log a run: what today holds and the form come first.
    context["runner_first"] = not can_edit and runner.user_id == request.user.pk
    context["first_step"] = load_catalogue().enterable[0].id
    context["week"] = this_week(advice_for(runner), training.method())
    if context["runner_first"]:
        done = runner.strength_sessions.filter(date=training.today(), completed=True)
        context["strength_done_today"] = done.exists()
    return render(request, "people/runner_detail.html", context)


def _screens(runner: Runner) -> list[Screen]:
    screens = runner.screens.annotate(n=Count("measures")).select_related("runner")
    return list(screens.prefetch_related("measures"))
