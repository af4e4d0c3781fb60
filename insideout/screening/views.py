"""Screen pages: the guided screen (one test at a time, in catalogue order) and the profile."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from insideout.catalogue import load_catalogue
from insideout.core.screen import ScreenTest
from insideout.people.access import (
    AuthenticatedHttpRequest,
    NotFound,
    can_coach,
    coached_runner,
    runner_or_404,
)
from insideout.screening.forms import ScreenStartForm, TestForm
from insideout.screening.models import Screen
from insideout.screening.presenters import finding_rows, region_rows
from insideout.screening.services import latest_screen, profile_of, replace_test, warnings_of

__all__ = ["latest_profile", "new_screen", "screen_profile", "screen_step"]


def _coached_screen(request: HttpRequest, handle: str, screen_id: int) -> Screen:
    runner = coached_runner(request.user, handle, "record a screen")
    return get_object_or_404(runner.screens.select_related("runner"), pk=screen_id)


def _steps() -> tuple[ScreenTest, ...]:
    return load_catalogue().enterable


@login_required
def new_screen(request: AuthenticatedHttpRequest, handle: str) -> HttpResponse:
    """Start a screen on a date, then walk through the tests."""
    runner = coached_runner(request.user, handle, "record a screen")
    form = ScreenStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        screen = runner.screens.create(date=form.cleaned_data["date"], created_by=request.user)
        return redirect("screening:step", handle, screen.pk, _steps()[0].id)
    return render(request, "screening/new_screen.html", {"runner": runner, "form": form})


@login_required
def screen_step(
    request: AuthenticatedHttpRequest, handle: str, screen_id: int, test_id: str
) -> HttpResponse:
    """One test: its protocol beside its inputs; save, skip or finish."""
    screen = _coached_screen(request, handle, screen_id)
    steps = _steps()
    test = next((t for t in steps if t.id == test_id), None)
    if test is None:
        raise NotFound("No such test in the screen.")
    action = request.POST.get("action", "save")
    form = TestForm(test, request.POST or None, initial=_initial(screen, test))
    if request.method == "POST":
        if action == "skip" or (action == "finish" and form.is_blank()):
            return _after(screen, steps, test, finish=action == "finish")
        if form.is_valid():
            replace_test(screen, test.id, form.measures)
            return _after(screen, steps, test, finish=action == "finish")
    done = set(screen.measures.values_list("test", flat=True))
    context = {"screen": screen, "runner": screen.runner, "test": test, "form": form}
    context |= {"steps": steps, "done": done, "number": steps.index(test) + 1}
    return render(request, "screening/step.html", context, status=422 if form.errors else 200)


def _initial(screen: Screen, test: ScreenTest) -> dict[str, object]:
    """What was entered for this test before (so going back shows it)."""
    out: dict[str, object] = {}
    for m in screen.measures.filter(test=test.id):
        name = m.side or "value"
        out |= {name: f"{m.value:g}", f"{name}_pain": m.pain}
    return out


def _after(
    screen: Screen, steps: tuple[ScreenTest, ...], test: ScreenTest, *, finish: bool
) -> HttpResponse:
    later = steps[steps.index(test) + 1 :]
    if finish or not later:
        return redirect("screening:screen", screen.runner.handle, screen.pk)
    return redirect("screening:step", screen.runner.handle, screen.pk, later[0].id)


@login_required
def screen_profile(request: AuthenticatedHttpRequest, handle: str, screen_id: int) -> HttpResponse:
    """A screen's profile: needs per region and side, findings, changes since the last screen."""
    runner = runner_or_404(request.user, handle)
    screen = get_object_or_404(runner.screens.select_related("runner"), pk=screen_id)
    judged = profile_of(screen)
    findings = finding_rows(judged.profile.findings, load_catalogue())
    context = {"runner": runner, "judged": judged, "rows": region_rows(judged.profile)}
    context |= {"findings": findings, "can_edit": can_coach(request.user, runner)}
    context |= {"first_step": _steps()[0].id, "warnings": warnings_of(screen)}
    return render(request, "screening/profile.html", context)


@login_required
def latest_profile(request: AuthenticatedHttpRequest, handle: str) -> HttpResponse:
    """The runner's latest profile (404 until there is a screen)."""
    screen = latest_screen(runner_or_404(request.user, handle))
    if screen is None:
        raise NotFound("This runner has no screen yet.")
    return redirect("screening:screen", handle, screen.pk)
