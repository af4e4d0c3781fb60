"""Pages about people: adding a runner (the coach's dashboard and a runner's page are
:mod:`insideout.site`'s, since they combine every app)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render

from insideout.people.access import AuthenticatedHttpRequest, require_coach
from insideout.people.forms import RunnerForm

__all__ = ["add_runner"]


@login_required
def add_runner(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Add a runner to the logged-in coach's list."""
    coach = require_coach(request.user, "add runners")
    form = RunnerForm(request.POST or None, coach=coach)
    if request.method == "POST" and form.is_valid():
        runner = form.save()
        return redirect("site:runner", handle=runner.handle)
    return render(request, "people/runner_form.html", {"form": form})
