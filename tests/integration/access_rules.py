"""Who may do what on every page and every API operation: one line per route.

``tests/integration/test_access_generated.py`` walks Django's URL resolver and the OpenAPI
document of every django-ninja API it finds, and tries each route (method and path) as every
actor on the runners of a small world. What each actor must get is read from here:

* :data:`PAGES` — a page (or any URL that is not an API operation), by its URL name
  (``namespace:name``), with what GET and what POST must answer;
* :data:`API` — an API operation, by ``"METHOD /path/{param}"`` exactly as the OpenAPI document
  spells it, with the body a write sends: written once in :data:`OPERATIONS` (``/runners/...``)
  for every version in :data:`VERSIONS` (``/api`` as it was before versions, ``/api/v1``), which
  serve the same operations; a version that differs gets lines of its own.

A route served without a line here fails the suite, and so does a line for a route that is no
longer served. Adding a route: add its line (and, if its URL names a new kind of object, a
builder in :data:`OBJECTS` or :data:`OWN_OBJECTS`, or a value in :data:`CONSTANTS`).

The words of a rule (:class:`Kind`) say what each actor gets (:data:`ANSWERS`), by how the actor
stands to the runner the URL names: their coach (the self-coached runner is their own runner's
coach), the runner themself, or a stranger (anyone else logged in, the administrator included);
or, on a URL that names no runner, by the actor's role: a coach, a runner, or no role (the
administrator). "login" is the login page's redirect on a page and 401 on the API.

A URL naming one of a user's own objects (an API key: :data:`OWN_OBJECTS`) is asked with the
actor's own object, as the rule says for their role, and with another user's: that one answers
404 like one that does not exist (:data:`OWN`), and changes nothing.

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
from insideout.people.accounts import digest
from insideout.people.models import Invite, Runner
from insideout.people.tokens import make_token
from insideout.screening.models import Measure, Screen
from insideout.training.calendar_feeds import make_feed
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
    "OPERATIONS",
    "OWN_OBJECTS",
    "OWN_PLACES",
    "PAGES",
    "VERSIONS",
    "ApiRule",
    "Kind",
    "PageRule",
]


class Kind(Enum):
    """Who may: see the table in the module's docstring."""

    PUBLIC = "public"
    LOGGED_IN = "logged_in"
    COACH_ONLY = "coach_only"
    OWN = "own"
    DASHBOARD = "dashboard"
    INBOX = "inbox"
    SEES = "sees"
    LOGS = "logs"
    COACHES = "coaches"
    POST_ONLY = "post_only"
    GET_ONLY = "get_only"
    NOT_SERVED = "not_served"
    NOWHERE = "nowhere"


PUBLIC = Kind.PUBLIC
LOGGED_IN = Kind.LOGGED_IN
COACH_ONLY = Kind.COACH_ONLY
OWN = Kind.OWN
DASHBOARD = Kind.DASHBOARD
INBOX = Kind.INBOX
SEES = Kind.SEES
LOGS = Kind.LOGS
COACHES = Kind.COACHES
POST_ONLY = Kind.POST_ONLY
GET_ONLY = Kind.GET_ONLY
NOT_SERVED = Kind.NOT_SERVED
NOWHERE = Kind.NOWHERE

# How an actor stands to the runner a URL names ...
ANONYMOUS, THEIR_COACH, THEMSELF, STRANGER = "anonymous", "their coach", "themself", "stranger"
# ... or, when it names none, the actor's role.
A_COACH, A_RUNNER, NO_ROLE = "a coach", "a runner", "no role"
EVERYONE = (ANONYMOUS, THEIR_COACH, THEMSELF, STRANGER, A_COACH, A_RUNNER, NO_ROLE)
LOGGED_IN_USERS = EVERYONE[1:]

# What they get: 2xx or 3xx (a write: also 422, its body refused after access was granted,
# storing nothing); the login redirect (401 on the API); a redirect to their own runner's page, or
# to their own thread with their coach; or this status.
OK, LOGIN = "ok", "login"
OWN_PAGE, OWN_THREAD = "their own page", "their own thread"
# Where a redirect to "their own ..." must go: this URL, with the handle of the actor's runner.
OWN_PLACES = {OWN_PAGE: "site:runner", OWN_THREAD: "help:thread"}

# @login_required, then the method refused (@require_POST, or a page only shown): 405 whoever asks
# once logged in.
_LOGIN_THEN_405 = {ANONYMOUS: LOGIN} | dict.fromkeys(LOGGED_IN_USERS, "405")

ANSWERS: dict[Kind, dict[str, str]] = {
    PUBLIC: dict.fromkeys(EVERYONE, OK),
    LOGGED_IN: {ANONYMOUS: LOGIN} | dict.fromkeys(LOGGED_IN_USERS, OK),
    # anybody logged in, about themself (their keys, their password): another user's key is 404
    OWN: {ANONYMOUS: LOGIN} | dict.fromkeys(LOGGED_IN_USERS, OK),
    COACH_ONLY: {ANONYMOUS: LOGIN, A_COACH: OK, A_RUNNER: "403", NO_ROLE: "403"},
    DASHBOARD: {ANONYMOUS: LOGIN, A_COACH: OK, A_RUNNER: OWN_PAGE, NO_ROLE: "403"},
    INBOX: {ANONYMOUS: LOGIN, A_COACH: OK, A_RUNNER: OWN_THREAD, NO_ROLE: "403"},
    # the runner's data, read (access.can_see) ...
    SEES: {ANONYMOUS: LOGIN, THEIR_COACH: OK, THEMSELF: OK, STRANGER: "404"},
    # ... and the runner's own life written: their log, availability, messages (access.can_log)
    LOGS: {ANONYMOUS: LOGIN, THEIR_COACH: OK, THEMSELF: OK, STRANGER: "404"},
    # the coach's controls (access.can_coach)
    COACHES: {ANONYMOUS: LOGIN, THEIR_COACH: OK, THEMSELF: "403", STRANGER: "404"},
    POST_ONLY: _LOGIN_THEN_405,  # on a GET
    GET_ONLY: _LOGIN_THEN_405,  # on a POST
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
    # Django's password views: reset by email (anybody, with the link's token), change (one's own)
    "password_reset": PageRule(PUBLIC),
    "password_reset_done": PageRule(get=PUBLIC, post=NOT_SERVED),
    "password_reset_confirm": PageRule(PUBLIC),  # a wrong link: the page says so
    "password_reset_complete": PageRule(get=PUBLIC, post=NOT_SERVED),
    "password_change": PageRule(OWN),
    "password_change_done": PageRule(get=OWN, post=GET_ONLY),
    "api:api-root": PageRule(NOWHERE),  # only there so that ninja can name the API's root
    "api:openapi-json": PageRule(PUBLIC),
    "api:openapi-view": PageRule(PUBLIC),
    "api-v1:api-root": PageRule(NOWHERE),
    "api-v1:openapi-json": PageRule(PUBLIC),
    "api-v1:openapi-view": PageRule(PUBLIC),
    "site:home": PageRule(DASHBOARD),
    "people:add_runner": PageRule(COACH_ONLY),
    "people:invite": PageRule(COACHES),
    "people:revoke_invite": PageRule(get=POST_ONLY, post=COACHES),
    "people:resend_invite": PageRule(get=POST_ONLY, post=COACHES),
    # The link's token is the key (a wrong one 404, a used or expired one 410: test_accounts.py).
    "people:accept_invite": PageRule(PUBLIC),
    "people:signup": PageRule(PUBLIC),  # INSIDEOUT_OPEN_SIGNUP on (closed: 404, test_accounts.py)
    "people:tokens": PageRule(OWN),
    "people:revoke_token": PageRule(get=POST_ONLY, post=OWN),
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
    "training:log_run": PageRule(get=SEES, post=LOGS),
    "training:morning": PageRule(get=SEES, post=LOGS),
    "training:answer_pain": PageRule(get=SEES, post=LOGS),
    "training:edit_run": PageRule(LOGS),
    "training:delete_run": PageRule(LOGS),  # GET asks first, POST deletes
    "training:edit_pain": PageRule(LOGS),
    "training:delete_pain": PageRule(LOGS),
    "training:edit_strength": PageRule(LOGS),
    "training:delete_strength": PageRule(LOGS),
    "training:upload_import": PageRule(get=SEES, post=LOGS),
    "training:import_job": PageRule(SEES),
    "training:report_pain": PageRule(get=SEES, post=LOGS),
    "training:strength_done": PageRule(get=POST_ONLY, post=LOGS),
    "training:availability": PageRule(LOGS),
    "training:settings": PageRule(COACHES),
    "training:override": PageRule(COACHES),
    "training:clearance": PageRule(COACHES),
    # a runner's data (issue 16): the export and the deletion are the runner's and their coach's
    # (an empty POST is the confirmation form again, deleting nothing); moving is the coach's
    "site:export": PageRule(SEES),
    "site:delete_account": PageRule(SEES),
    "site:transfer": PageRule(COACHES),
    "site:notices": PageRule(COACH_ONLY),
    "site:squad_csv": PageRule(COACH_ONLY),
    # the runner's calendar (issue 16): its address managed by the runner and their coach, the
    # week as a file, and the feed, which the secret in its URL opens without a login
    "training:calendar": PageRule(SEES),
    "training:calendar_revoke": PageRule(get=POST_ONLY, post=SEES),
    "training:calendar_download": PageRule(get=SEES, post=NOT_SERVED),
    "training:calendar_feed": PageRule(get=PUBLIC, post=NOT_SERVED),
    "help:inbox": PageRule(INBOX),
    "help:thread": PageRule(get=SEES, post=LOGS),  # reading marks the other side's messages read
}

# --- API operations, by method and path as the OpenAPI document spells them ----------------------

DAY = "2026-10-02"

# Where the API is mounted: every version serves the operations below.
VERSIONS = ("/api", "/api/v1")

OPERATIONS: dict[str, ApiRule] = {
    "GET /runners": ApiRule(LOGGED_IN),
    "POST /runners": ApiRule(COACH_ONLY, {"handle": "newcomer", "name": "New Runner"}),
    "GET /runners/{handle}": ApiRule(SEES),
    "PATCH /runners/{handle}": ApiRule(COACHES, {"time_zone": "Australia/Sydney"}),
    "GET /runners/{handle}/screens": ApiRule(SEES),
    "POST /runners/{handle}/screens": ApiRule(
        COACHES, {"date": DAY, "measures": [{"test": "beighton", "value": 3}]}
    ),
    "GET /runners/{handle}/screens/{screen_id}": ApiRule(SEES),
    "GET /runners/{handle}/profile": ApiRule(SEES),
    "GET /runners/{handle}/runs": ApiRule(SEES),
    "POST /runners/{handle}/runs": ApiRule(
        LOGS, {"date": DAY, "distance_km": 5, "duration_min": 30, "rpe": 4}
    ),
    "PATCH /runners/{handle}/runs/{run_id}": ApiRule(LOGS, {"pain_next_morning": 1}),
    "DELETE /runners/{handle}/runs/{run_id}": ApiRule(LOGS),
    "GET /runners/{handle}/pain": ApiRule(SEES),
    "POST /runners/{handle}/pain": ApiRule(LOGS, {"date": DAY, "pain": 2}),
    "PATCH /runners/{handle}/pain/{pain_id}": ApiRule(LOGS, {"pain": 3}),
    "DELETE /runners/{handle}/pain/{pain_id}": ApiRule(LOGS),
    "GET /runners/{handle}/strength": ApiRule(SEES),
    "POST /runners/{handle}/strength": ApiRule(LOGS, {"date": DAY}),
    "PATCH /runners/{handle}/strength/{strength_id}": ApiRule(LOGS, {"completed": False}),
    "DELETE /runners/{handle}/strength/{strength_id}": ApiRule(LOGS),
    "GET /runners/{handle}/log-changes": ApiRule(SEES),
    "GET /runners/{handle}/availability": ApiRule(SEES),
    "PUT /runners/{handle}/availability": ApiRule(LOGS, {"mon": 45, "sat": 90, "sun": None}),
    "GET /runners/{handle}/advice": ApiRule(SEES),
    "GET /runners/{handle}/settings": ApiRule(SEES),
    "PATCH /runners/{handle}/settings": ApiRule(
        COACHES, {"weekly_increase_pct": 8, "reason": "back after a calf strain"}
    ),
    "GET /runners/{handle}/cap-changes": ApiRule(SEES),
    "GET /runners/{handle}/overrides": ApiRule(SEES),
    "POST /runners/{handle}/overrides": ApiRule(
        COACHES, {"date": DAY, "verdict": "unlock", "reason": "good form on the drills"}
    ),
    "GET /runners/{handle}/clearances": ApiRule(SEES),
    "POST /runners/{handle}/clearances": ApiRule(
        COACHES, {"date": DAY, "by": "physiotherapist", "reason": "the knee is fine again"}
    ),
    # A file of a kind no import reads: refused (404/403) before it is looked at, 422 after.
    "POST /runners/{handle}/imports": ApiRule(LOGS, files={"file": ("notes.txt", b"x")}),
    "GET /runners/{handle}/imports": ApiRule(SEES),
    "GET /runners/{handle}/imports/{job_id}": ApiRule(SEES),
    # "I need help": the runner's thread with their coach
    "GET /runners/{handle}/messages": ApiRule(SEES),
    "POST /runners/{handle}/messages": ApiRule(LOGS, {"body": "my knee hurts on the stairs"}),
    "POST /runners/{handle}/messages/read": ApiRule(LOGS),
    # accounts: who am I, one's own API keys, a coach's invitations of their runner
    "GET /me": ApiRule(OWN),
    "GET /tokens": ApiRule(OWN),
    "POST /tokens": ApiRule(OWN, {"name": "my training diary"}),
    "DELETE /tokens/{token_id}": ApiRule(OWN),
    "GET /runners/{handle}/invites": ApiRule(COACHES),
    # The world's runners all have a login: the coach's invitation is refused (422, on email).
    "POST /runners/{handle}/invites": ApiRule(COACHES, {"email": "runner@example.org"}),
    "DELETE /runners/{handle}/invites/{invite_id}": ApiRule(COACHES),
    # a runner's data (issue 16): the export and the deletion, the calendar's address
    "GET /runners/{handle}/export": ApiRule(SEES),
    "DELETE /runners/{handle}": ApiRule(SEES),
    "POST /runners/{handle}/calendar-feed": ApiRule(SEES),
    "DELETE /runners/{handle}/calendar-feed": ApiRule(SEES),
}


def _at(root: str, operation: str) -> str:
    """``"GET /runners"`` at ``/api/v1``: ``"GET /api/v1/runners"``."""
    method, path = operation.split(" ", 1)
    return f"{method} {root}{path}"


API: dict[str, ApiRule] = {
    _at(root, operation): rule for root in VERSIONS for operation, rule in OPERATIONS.items()
}

# --- what fills a URL's parameters ---------------------------------------------------------------

EARLIER = dt.date(2026, 9, 20)
NEVER = dt.datetime(2100, 1, 1, tzinfo=dt.UTC)  # an invitation that has not expired


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


def _calendar_feed(runner: Runner, by: User | None) -> str:
    return make_feed(runner, by=by)[1]  # the token: the feed's URL is public-by-token


def _clearance(runner: Runner, by: User | None) -> int:
    return Clearance.objects.create(
        runner=runner, date=EARLIER, by="physiotherapist", reason="fine again", created_by=by
    ).pk


def _invite(runner: Runner, by: User | None) -> int:
    """An invitation of the runner by their coach, waiting (its link is never sent here)."""
    return Invite.objects.create(
        coach=runner.coach,
        runner=runner,
        email=f"{runner.handle}@example.org",
        token_hash=digest(f"{runner.handle}-invite"),
        expires_at=NEVER,
    ).pk


def _invite_link(runner: Runner, by: User | None) -> str:
    """The token of a link that works: the runner's coach invites a newcomer of theirs (with no
    login yet: a runner who has one cannot use an invitation, and gets 410)."""
    newcomer = Runner.objects.create(
        coach=runner.coach, handle=f"{runner.handle}-new", name="Newcomer", birth_year=1990
    )
    token = f"{runner.handle}-newcomer-link"
    Invite.objects.create(
        coach=runner.coach,
        runner=newcomer,
        email=f"{newcomer.handle}@example.org",
        token_hash=digest(token),
        expires_at=NEVER,
    )
    return token


# A URL parameter naming one of a runner's objects -> how to make one for a runner (``by`` is
# their coach's user) and what goes in the URL (its id, or a token); each runner of the world gets
# one of each. A URL naming such an object but no handle is asked about the object's runner.
# Builders whose objects no URL names yet (overrides, clearances) are here under the names their
# URLs will use, so that every runner has something of each kind to edit or delete.
OBJECTS: dict[str, Callable[[Runner, User | None], int | str]] = {
    "screen_id": _screen,
    "run_id": _run,
    "job_id": _import_job,
    "pain_id": _pain_report,
    "strength_id": _strength,
    "override_id": _override,
    "clearance_id": _clearance,
    "feed_token": _calendar_feed,
    "invite_id": _invite,
    # an invitation link's token (the password reset link's {token} too: a wrong one, said so)
    "token": _invite_link,
}


def _api_key(user: User) -> int:
    return make_token(user, "my training diary")[0].pk


# A URL parameter naming one of a user's own objects, not a runner's -> how to make one for a
# user: every user of the world gets one of each.
OWN_OBJECTS: dict[str, Callable[[User], int | str]] = {
    "token_id": _api_key,
}

# A URL parameter that names no runner's object -> the value to put in it.
CONSTANTS: dict[str, str] = {
    "test_id": load_catalogue().enterable[0].id,
    "name": "weekly",  # a chart (insideout.site.charts.CHARTS)
    "uidb64": "MQ",  # a password reset link's user (user 1, base64)
}
