"""Who may do what on every page and every API operation: one line per route.

``tests/integration/test_access_generated.py`` walks Django's URL resolver and the OpenAPI
document of every django-ninja API it finds, and tries each route (method and path) as every
actor on the runners of a small world. What each actor must get is read from here:

* :data:`PAGES` — a page (or any URL that is not an API operation), by its URL name
  (``namespace:name``), with what GET and what POST must answer;
* :data:`API` — an API operation, by ``"METHOD /path/{param}"`` exactly as the OpenAPI document
  spells it (``/api/...`` today, ``/api/v1/...`` too once it exists), with the body a write sends.

A route served without a line here fails the suite, and so does a line for a route that is no
longer served. Adding a route: add its line (and, if its URL names a new kind of object, a
builder in :data:`OBJECTS`, or a value in :data:`CONSTANTS`).

The words of a rule (:class:`Kind`) say what each actor gets (:data:`ANSWERS`), by how the actor
stands to the runner the URL names: their coach (the self-coached runner is their own runner's
coach), the runner themself, or a stranger (anyone else logged in, the administrator included);
or, on a URL that names no runner, by the actor's role: a coach, a runner, or no role (the
administrator). "login" is the login page's redirect on a page and 401 on the API.

The administrator: the Django admin is their tool (``/admin/``, tested on its own); the app's
runner pages are for a runner and their coach only (``insideout.people.access``), so a superuser
with no coach or runner profile finds no runner there (404, like anyone else's) and no dashboard
(403), and the API lists no runner for them. A 404 must read exactly like the 404 of a runner that
does not exist.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from django.contrib.auth.models import User

from insideout.catalogue import load_catalogue
from insideout.people.models import Runner
from insideout.screening.models import Measure, Screen
from insideout.training.models import (
    Clearance,
    GateOverride,
    ImportJob,
    PainReport,
    Run,
    StrengthSession,
)

__all__ = [
    "ANSWERS",
    "API",
    "CONSTANTS",
    "OBJECTS",
    "PAGES",
    "ApiRule",
    "Kind",
    "PageRule",
]


class Kind(Enum):
    """Who may: see the table in the module's docstring."""

    PUBLIC = "public"
    LOGGED_IN = "logged_in"
    COACH_ONLY = "coach_only"
    DASHBOARD = "dashboard"
    SEES = "sees"
    COACHES = "coaches"
    POST_ONLY = "post_only"
    NOT_SERVED = "not_served"
    NOWHERE = "nowhere"


PUBLIC = Kind.PUBLIC
LOGGED_IN = Kind.LOGGED_IN
COACH_ONLY = Kind.COACH_ONLY
DASHBOARD = Kind.DASHBOARD
SEES = Kind.SEES
COACHES = Kind.COACHES
POST_ONLY = Kind.POST_ONLY
NOT_SERVED = Kind.NOT_SERVED
NOWHERE = Kind.NOWHERE

# How an actor stands to the runner a URL names ...
ANONYMOUS, THEIR_COACH, THEMSELF, STRANGER = "anonymous", "their coach", "themself", "stranger"
# ... or, when it names none, the actor's role.
A_COACH, A_RUNNER, NO_ROLE = "a coach", "a runner", "no role"
EVERYONE = (ANONYMOUS, THEIR_COACH, THEMSELF, STRANGER, A_COACH, A_RUNNER, NO_ROLE)
LOGGED_IN_USERS = EVERYONE[1:]

# What they get: 2xx or 3xx (a write: also 422, its body refused after access was granted); the
# login redirect (401 on the API); a redirect to their own runner's page; or this status.
OK, LOGIN, OWN_PAGE = "ok", "login", "their own page"

ANSWERS: dict[Kind, dict[str, str]] = {
    PUBLIC: dict.fromkeys(EVERYONE, OK),
    LOGGED_IN: {ANONYMOUS: LOGIN} | dict.fromkeys(LOGGED_IN_USERS, OK),
    COACH_ONLY: {ANONYMOUS: LOGIN, A_COACH: OK, A_RUNNER: "403", NO_ROLE: "403"},
    DASHBOARD: {ANONYMOUS: LOGIN, A_COACH: OK, A_RUNNER: OWN_PAGE, NO_ROLE: "403"},
    SEES: {ANONYMOUS: LOGIN, THEIR_COACH: OK, THEMSELF: OK, STRANGER: "404"},
    COACHES: {ANONYMOUS: LOGIN, THEIR_COACH: OK, THEMSELF: "403", STRANGER: "404"},
    # @login_required, then @require_POST: a GET is 405 whoever asks once logged in
    POST_ONLY: {ANONYMOUS: LOGIN, THEIR_COACH: "405", THEMSELF: "405", STRANGER: "405"},
    NOT_SERVED: dict.fromkeys(EVERYONE, "405"),
    NOWHERE: dict.fromkeys(EVERYONE, "404"),
}


@dataclass(frozen=True)
class PageRule:
    """What GET and POST of a page answer; ``post`` defaults to ``get`` (a form posts to its own
    page). A POST is sent with ``data`` (empty by default: a form that is refused, or that shows
    its errors, stores nothing); a refused POST must change nothing stored."""

    get: Kind
    post: Kind | None = None
    data: dict[str, str] | None = None

    @property
    def methods(self) -> dict[str, Kind]:
        return {"GET": self.get, "POST": self.get if self.post is None else self.post}


@dataclass(frozen=True)
class ApiRule:
    """Who may call an API operation; a write sends ``body`` (JSON, or ``files`` as multipart) —
    valid data, so that a refusal comes from who asks, never from what was sent."""

    who: Kind
    body: dict[str, Any] | None = None
    files: dict[str, tuple[str, bytes]] | None = None


# --- pages, by URL name ------------------------------------------------------------------------

PAGES: dict[str, PageRule] = {
    "login": PageRule(PUBLIC),
    "logout": PageRule(get=NOT_SERVED, post=PUBLIC),
    "api:api-root": PageRule(NOWHERE),  # only there so that ninja can name the API's root
    "api:openapi-json": PageRule(PUBLIC),
    "api:openapi-view": PageRule(PUBLIC),
    "site:home": PageRule(DASHBOARD),
    "people:add_runner": PageRule(COACH_ONLY),
    "site:runner": PageRule(SEES),
    "site:chart": PageRule(SEES),
    # paper (issue 16): the runner and their coach, as every page of the runner's
    "site:programme": PageRule(SEES),
    "site:programme_pdf": PageRule(SEES),
    "site:report": PageRule(SEES),
    "site:report_pdf": PageRule(SEES),
    "screening:new": PageRule(COACHES),
    "screening:screen": PageRule(SEES),
    "screening:step": PageRule(COACHES),
    "screening:profile": PageRule(SEES),
    "training:log_run": PageRule(SEES),
    "training:morning": PageRule(SEES),
    "training:answer_pain": PageRule(SEES),
    "training:upload_import": PageRule(SEES),
    "training:import_job": PageRule(SEES),
    "training:report_pain": PageRule(SEES),
    "training:strength_done": PageRule(get=POST_ONLY, post=SEES),
    "training:settings": PageRule(COACHES),
    "training:override": PageRule(COACHES),
    "training:clearance": PageRule(COACHES),
}

# --- API operations, by method and path as the OpenAPI document spells them ----------------------

DAY = "2026-10-02"

API: dict[str, ApiRule] = {
    "GET /api/runners": ApiRule(LOGGED_IN),
    "POST /api/runners": ApiRule(COACH_ONLY, {"handle": "newcomer", "name": "New Runner"}),
    "GET /api/runners/{handle}": ApiRule(SEES),
    "PATCH /api/runners/{handle}": ApiRule(COACHES, {"time_zone": "Australia/Sydney"}),
    "GET /api/runners/{handle}/screens": ApiRule(SEES),
    "POST /api/runners/{handle}/screens": ApiRule(
        COACHES, {"date": DAY, "measures": [{"test": "beighton", "value": 3}]}
    ),
    "GET /api/runners/{handle}/screens/{screen_id}": ApiRule(SEES),
    "GET /api/runners/{handle}/profile": ApiRule(SEES),
    "GET /api/runners/{handle}/runs": ApiRule(SEES),
    "POST /api/runners/{handle}/runs": ApiRule(
        SEES, {"date": DAY, "distance_km": 5, "duration_min": 30, "rpe": 4}
    ),
    "PATCH /api/runners/{handle}/runs/{run_id}": ApiRule(SEES, {"pain_next_morning": 1}),
    "GET /api/runners/{handle}/pain": ApiRule(SEES),
    "POST /api/runners/{handle}/pain": ApiRule(SEES, {"date": DAY, "pain": 2}),
    "GET /api/runners/{handle}/strength": ApiRule(SEES),
    "POST /api/runners/{handle}/strength": ApiRule(SEES, {"date": DAY}),
    "GET /api/runners/{handle}/advice": ApiRule(SEES),
    "GET /api/runners/{handle}/settings": ApiRule(SEES),
    "PATCH /api/runners/{handle}/settings": ApiRule(COACHES, {"weekly_increase_pct": 8}),
    "GET /api/runners/{handle}/overrides": ApiRule(SEES),
    "POST /api/runners/{handle}/overrides": ApiRule(
        COACHES, {"date": DAY, "verdict": "unlock", "reason": "good form on the drills"}
    ),
    "GET /api/runners/{handle}/clearances": ApiRule(SEES),
    "POST /api/runners/{handle}/clearances": ApiRule(
        COACHES, {"date": DAY, "by": "physiotherapist", "reason": "the knee is fine again"}
    ),
    # A file of a kind no import reads: refused (404/403) before it is looked at, 422 after.
    "POST /api/runners/{handle}/imports": ApiRule(SEES, files={"file": ("notes.txt", b"x")}),
    "GET /api/runners/{handle}/imports": ApiRule(SEES),
    "GET /api/runners/{handle}/imports/{job_id}": ApiRule(SEES),
}

# --- what fills a URL's parameters ---------------------------------------------------------------

EARLIER = dt.date(2026, 9, 20)


def _screen(runner: Runner, by: User | None) -> int:
    screen = Screen.objects.create(runner=runner, date=EARLIER, created_by=by)
    Measure.objects.create(screen=screen, test="beighton", value=2)
    return screen.pk


def _run(runner: Runner, by: User | None) -> int:
    run = Run.objects.create(
        runner=runner, date=EARLIER, distance_km=5.0, duration_min=30.0, rpe=4.0, created_by=by
    )
    return run.pk


def _import_job(runner: Runner, by: User | None) -> int:
    job = ImportJob.objects.create(
        runner=runner, name="run.fit", size=100, status=ImportJob.Status.DONE, created_by=by
    )
    return job.pk


def _pain_report(runner: Runner, by: User | None) -> int:
    return PainReport.objects.create(runner=runner, date=EARLIER, pain=2.0, created_by=by).pk


def _strength(runner: Runner, by: User | None) -> int:
    return StrengthSession.objects.create(runner=runner, date=EARLIER, created_by=by).pk


def _override(runner: Runner, by: User | None) -> int:
    return GateOverride.objects.create(
        runner=runner, date=EARLIER, verdict="unlock", reason="good form", created_by=by
    ).pk


def _clearance(runner: Runner, by: User | None) -> int:
    return Clearance.objects.create(
        runner=runner, date=EARLIER, by="physiotherapist", reason="fine again", created_by=by
    ).pk


# A URL parameter naming one of a runner's objects -> how to make one for a runner (``by`` is
# their coach's user) and what goes in the URL (its id, or a token); each runner of the world gets
# one of each. A URL naming such an object but no handle is asked about the object's runner. Builders whose objects no URL
# names yet (pain reports, strength sessions, overrides, clearances) are here under the names
# their URLs will use, so that every runner has something of each kind to edit or delete.
OBJECTS: dict[str, Callable[[Runner, User | None], int | str]] = {
    "screen_id": _screen,
    "run_id": _run,
    "job_id": _import_job,
    "pain_id": _pain_report,
    "strength_id": _strength,
    "override_id": _override,
    "clearance_id": _clearance,
}

# A URL parameter that names no runner's object -> the value to put in it.
CONSTANTS: dict[str, str] = {
    "test_id": load_catalogue().enterable[0].id,
    "name": "weekly",  # a chart (insideout.site.charts.CHARTS)
}
