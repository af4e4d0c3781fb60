"""The help pages: a runner's thread (the runner and their coach) and the coach's inbox.

Opening a thread marks the other side's messages read for the one who opens it. A message with
errors is shown again on the thread (422), naming the field; nothing is stored.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from insideout.core.errors import InputError
from insideout.help import queries, services
from insideout.help.forms import MessageForm
from insideout.help.models import Message
from insideout.people.access import AuthenticatedHttpRequest, coach_of, require_coach, runner_or_404
from insideout.people.models import Runner

__all__ = ["inbox", "thread"]


@login_required
def thread(request: AuthenticatedHttpRequest, handle: str) -> HttpResponse:
    """A runner's thread with their coach, and the form to write to it."""
    runner = runner_or_404(request.user, handle)
    side = services.side(request.user, runner)
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.send(runner, request.user, form.cleaned_data["body"])
        except InputError as exc:  # the form checks the same; kept for a clear answer anyway
            for issue in exc.issues:
                form.add_error("body", issue.message)
        else:
            to = "your coach" if side == Message.Kind.RUNNER else runner.name
            messages.success(request, f"Sent to {to}.")
            return redirect(reverse("help:thread", args=[runner.handle]) + "#latest")
    found = list(queries.thread(runner))  # read before it is marked, to show what is new
    if request.method != "POST":
        services.mark_read(runner, request.user)
    context = {
        "runner": runner,
        "thread": [(m, queries.is_unread(m, side)) for m in found],
        "form": form,
        "as_coach": side == Message.Kind.COACH,
    }
    return render(request, "help/thread.html", context, status=422 if form.errors else 200)


@login_required
def inbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The coach's threads, unread first; a runner goes to their own thread."""
    if coach_of(request.user) is None:
        own = Runner.objects.filter(user=request.user).first()
        if own is not None:
            return redirect("help:thread", handle=own.handle)
    coach = require_coach(request.user, "read the runners' messages")
    return render(request, "help/inbox.html", {"coach": coach, "threads": queries.inbox(coach)})
