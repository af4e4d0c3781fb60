"""The calendar pages: the runner's private subscription address, the feed it serves, and a
one-off ``.ics`` download.

* ``/calendar/<token>.ics`` needs no login (a calendar app cannot log in): the token is the
  secret (:mod:`insideout.training.calendar_feeds`). A wrong, renewed or withdrawn token answers
  404 like any page that is not there, with nothing of any runner in it. The feed is made on
  every fetch (:mod:`insideout.training.calendar`), ``Cache-Control: private`` and short, so a
  cut or a stop shows at the next fetch; the request writes nothing.
* ``runners/<handle>/calendar.ics``: the same week as a file, for whoever may see the runner.
* ``runners/<handle>/calendar/``: the address's state; a POST makes a new address (the old one
  stops working) and shows it, once; ``.../calendar/revoke/`` withdraws it. The runner themself
  and their coach (:func:`insideout.people.access.logging_runner`).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from insideout.people.access import AuthenticatedHttpRequest, logging_runner, runner_or_404
from insideout.people.models import Runner
from insideout.training.calendar import CONTENT_TYPE, calendar_for, filename
from insideout.training.calendar_feeds import make_feed, revoke_feed, runner_for_token
from insideout.training.models import CalendarFeed

__all__ = ["calendar_download", "calendar_feed", "calendar_page", "calendar_revoke", "feed_url"]

CACHE = "private, max-age=300"  # a calendar app may keep it 5 minutes, a shared cache never
WHAT = "manage the calendar address"


def feed_url(request: HttpRequest, token: str) -> str:
    """The absolute address of the feed that ``token`` opens."""
    return request.build_absolute_uri(reverse("training:calendar_feed", args=[token]))


def _ics(request: HttpRequest, runner: Runner, *, attachment: bool) -> HttpResponse:
    page = request.build_absolute_uri(reverse("site:runner", args=[runner.handle]))
    response = HttpResponse(calendar_for(runner, page_url=page), content_type=CONTENT_TYPE)
    how = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{how}; filename="{filename(runner)}"'
    response["Cache-Control"] = CACHE
    response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
def calendar_feed(request: HttpRequest, feed_token: str) -> HttpResponse:
    """The runner's week for their calendar app, from the secret address alone."""
    runner = runner_for_token(feed_token)
    if runner is None:
        raise Http404("No calendar here.")
    return _ics(request, runner, attachment=False)


@require_GET
@login_required
def calendar_download(request: AuthenticatedHttpRequest, handle: str) -> HttpResponse:
    """The runner's week as an ``.ics`` file, once (for whoever may see the runner)."""
    return _ics(request, runner_or_404(request.user, handle), attachment=True)


@login_required
def calendar_page(request: AuthenticatedHttpRequest, handle: str) -> HttpResponse:
    """The calendar address: whether one works, since when; a POST makes a new one (the old one
    stops working at once) and shows it on this answer only."""
    runner = logging_runner(request.user, handle, WHAT)
    new_url = None
    if request.method == "POST":
        _, token = make_feed(runner, by=request.user)
        new_url = feed_url(request, token)
    feed = CalendarFeed.objects.filter(runner=runner).first()
    context = {"runner": runner, "calendar_feed": feed, "new_url": new_url}
    if new_url is not None:
        context["webcal_url"] = "webcal://" + new_url.split("://", 1)[1]
    response = render(request, "training/calendar.html", context)
    if new_url is not None:
        response["Cache-Control"] = "no-store"  # the address must not stay in a cache
    return response


@login_required
@require_POST
def calendar_revoke(request: AuthenticatedHttpRequest, handle: str) -> HttpResponse:
    """Withdraw the calendar address: from now on it answers 404 (the events stay in the
    calendar app until it is removed there; the app no longer gets new ones)."""
    runner = logging_runner(request.user, handle, WHAT)
    if revoke_feed(runner):
        messages.success(request, "The calendar address is withdrawn: it no longer works.")
    else:
        messages.info(request, "There was no working calendar address to withdraw.")
    return redirect("training:calendar", handle=runner.handle)
