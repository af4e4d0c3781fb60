"""Access tests generated from the URL list and the OpenAPI document: a new route without a rule
in ``tests/integration/access_rules.py`` fails the suite, and so does a rule for a route gone.

Every page (Django's URL resolver, walked through its includes; the admin site has its own test)
and every operation of every django-ninja API (its OpenAPI documents: ``/api/v1/``, and
``/api/`` as it was before versions) is asked, by each actor, about each runner of a small world
built once for the module (what would only repeat an answer is asked once: :func:`_kept_for`):

* coach A coaches Rosa (who logs in) and Remy (who logs in); coach B coaches Sam (who logs in);
  Mia is self-coached (her user has a coach profile, and her runner's coach is that profile);
  an administrator (superuser and staff, neither coach nor runner); and the anonymous visitor.
* each runner has one of everything a URL can name (:data:`access_rules.OBJECTS`), and each user
  one of their own (an API key, :data:`access_rules.OWN_OBJECTS`).

What each actor must get is the rule's (see :mod:`tests.integration.access_rules`), worked out
from how the actor stands to the runner in this test, not by asking ``insideout.people.access``.
Each request runs inside a savepoint rolled back after it, so no answer depends on an earlier one;
a refused write (or a body refused with 422) must leave every row of every table as it was, and
a 404 must read exactly like the 404 of a runner that does not exist (the API's one "Not Found"
body). A URL naming another runner's object under a runner the actor may see is a 404 too, and so
is one naming another user's own object (their API key), like one that does not exist.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RoutePattern
from ninja import NinjaAPI

from insideout.people.models import Coach, Runner
from tests.integration.access_rules import (
    A_COACH,
    A_RUNNER,
    ANONYMOUS,
    ANSWERS,
    API,
    CONSTANTS,
    LOGIN,
    NO_ROLE,
    OBJECTS,
    OK,
    OWN_OBJECTS,
    OWN_PLACES,
    PAGES,
    STRANGER,
    THEIR_COACH,
    THEMSELF,
    VERSIONS,
    ApiRule,
    Kind,
    PageRule,
)

# The mark makes pytest-django set the test database up; the world is built once (module fixture).
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _open_signup(settings: Any) -> None:
    """The rules are a site's with sign-up open, the default (closed: test_accounts.py)."""
    settings.INSIDEOUT_OPEN_SIGNUP = True


RULES_FILE = "tests/integration/access_rules.py"

# Not walked: the admin site (test_the_admin_site_is_for_the_administrator_only) and files.
SKIPPED_PREFIXES = ("/admin/", "/static/", "/media/")

WRITES = ("POST", "PUT", "PATCH", "DELETE")

# --- every route served ---------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    """One method of one route: ``key`` is its rule's key in access_rules.py."""

    key: str
    method: str
    template: str  # "/runners/{handle}/screens/{screen_id}/"
    api: bool

    @property
    def params(self) -> tuple[str, ...]:
        return tuple(re.findall(r"{(\w+)}", self.template))

    @property
    def about_runner(self) -> bool:
        """Whether the URL names a runner, by handle or by one of their objects."""
        return "handle" in self.params or any(p in OBJECTS for p in self.params)

    @property
    def older_version(self) -> bool:
        """Whether it is an operation of an API version older than the newest."""
        return self.api and not self.template.startswith(VERSIONS[-1] + "/")

    @property
    def id(self) -> str:
        return self.key if self.api else f"{self.method} {self.key}"


def _template(pattern: Any) -> str:
    """A route's pattern with ``{name}`` for each parameter (``<slug:handle>`` -> ``{handle}``)."""
    if not isinstance(pattern, RoutePattern):
        raise AssertionError(f"cannot build URLs for the regex route {pattern}: use path()")
    return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", str(pattern))


def _walk(
    patterns: list[Any], prefix: str = "/", namespace: str = ""
) -> Iterator[tuple[str, str, Any]]:
    """(template, name, callback) of every URL pattern, through includes."""
    for p in patterns:
        if isinstance(p, URLResolver):
            where = prefix + _template(p.pattern)
            if where.startswith(SKIPPED_PREFIXES):
                continue
            inner = ":".join(n for n in (namespace, p.namespace) if n)
            yield from _walk(p.url_patterns, where, inner)
        elif isinstance(p, URLPattern):
            where = prefix + _template(p.pattern)
            if where.startswith(SKIPPED_PREFIXES):
                continue
            name = ":".join(n for n in (namespace, p.name) if n) if p.name else where
            yield where, name, p.callback


def _apis(entries: list[tuple[str, str, Any]]) -> dict[str, NinjaAPI]:
    """The django-ninja APIs mounted in the URLs, by where (each names itself in its root view)."""
    found: dict[str, NinjaAPI] = {}
    for where, name, callback in entries:
        api = getattr(callback, "keywords", {}).get("api")
        if isinstance(api, NinjaAPI) and name.endswith("api-root"):
            found[where] = api
    return found


@functools.cache
def served(urlconf: str | None = None) -> tuple[Route, ...]:
    """Every route served: each page's GET and POST, each API operation of each OpenAPI document."""
    entries = list(_walk(get_resolver(urlconf).url_patterns))
    operations = []
    for root, api in _apis(entries).items():
        for path, methods in api.get_openapi_schema(path_prefix=root)["paths"].items():
            operations += [
                Route(f"{m.upper()} {path}", m.upper(), path, True)
                for m in methods
                if m.upper() in ("GET", *WRITES)
            ]
    api_paths = {r.template for r in operations}
    pages = [
        Route(name, method, where, False)
        for where, name, _ in entries
        if where not in api_paths
        for method in ("GET", "POST")
    ]
    return tuple(pages + operations)


def _rule(route: Route) -> PageRule | ApiRule | None:
    return API.get(route.key) if route.api else PAGES.get(route.key)


def _kind(route: Route) -> Kind:
    rule = _rule(route)
    if rule is None:
        pytest.fail(f"route {route.key} has no access rule in {RULES_FILE}: add one")
    return rule.who if isinstance(rule, ApiRule) else rule.methods[route.method]


def problems(routes: tuple[Route, ...]) -> list[str]:
    """A route served without a rule, and a rule for a route not served, each said plainly."""
    keys = {r.key for r in routes}
    missing = sorted({r.key for r in routes if _rule(r) is None})
    stale = sorted((set(PAGES) | set(API)) - keys)
    return [f"route {key} has no access rule in {RULES_FILE}: add one" for key in missing] + [
        f"the access rule for {key} in {RULES_FILE} names no route served: remove it"
        for key in stale
    ]


def test_every_route_served_has_an_access_rule_and_every_rule_a_route() -> None:
    found = problems(served())
    assert found == [], "\n".join(found)


def test_a_new_route_without_a_rule_and_a_rule_without_its_route_are_named() -> None:
    routes = served("tests.integration.unruled_urls")
    # A new API brings its root, its OpenAPI document and its docs page along with its operations.
    unruled = [
        "GET /unruled/runners/{handle}/secrets",
        "training:secret",
        "unruled:api-root",
        "unruled:openapi-json",
        "unruled:openapi-view",
    ]
    assert problems(routes) == [
        *(f"route {key} has no access rule in {RULES_FILE}: add one" for key in unruled),
        f"the access rule for logout in {RULES_FILE} names no route served: remove it",
    ]


def test_every_kind_of_rule_says_what_each_actor_gets() -> None:
    assert set(ANSWERS) == set(Kind)
    assert all(
        answers
        and set(answers) <= {ANONYMOUS, THEIR_COACH, THEMSELF, STRANGER, A_COACH, A_RUNNER, NO_ROLE}
        for answers in ANSWERS.values()
    )


def test_the_walk_finds_the_pages_and_the_operations_of_the_api() -> None:
    keys = {r.id for r in served()}
    some = {"GET site:runner", "POST training:settings", "GET /api/runners/{handle}/advice"}
    assert some <= keys
    assert len([r for r in served() if r.api]) == len(API)


# --- the world --------------------------------------------------------------------------------

ACTORS = (
    "anonymous",
    "runner",  # Rosa, coached by A
    "other runner",  # Remy, coached by A too
    "coach",  # A
    "other coach",  # B
    "other coach's runner",  # Sam, coached by B
    "self-coached runner",  # Mia
    "admin",
)
TARGETS = ("rosa", "sam", "mia")  # A's runner, B's runner, the self-coached runner


@dataclass
class World:
    users: dict[str, User | None]
    runners: dict[str, Runner]  # by handle
    ids: dict[str, dict[str, int | str]]  # handle -> URL parameter -> the runner's object
    own: dict[str, dict[str, int | str]]  # logged-in actor -> URL parameter -> their own object
    clients: dict[str, Client] = field(default_factory=dict)
    sessions: dict[str, str] = field(default_factory=dict)


def _user(username: str, **fields: Any) -> User:
    return User.objects.create_user(username=username, **fields)  # no password: force_login


def _build() -> World:
    coach_a = Coach.objects.create(user=_user("coach-a"), name="Coach A")
    coach_b = Coach.objects.create(user=_user("coach-b"), name="Coach B")
    mia_user = _user("mia")
    mia_coach = Coach.objects.create(user=mia_user, name="Mia")
    runners = {
        handle: Runner.objects.create(
            coach=coach, handle=handle, name=handle.title(), user=user, birth_year=1990
        )
        for handle, coach, user in [
            ("rosa", coach_a, _user("rosa")),
            ("remy", coach_a, _user("remy")),
            ("sam", coach_b, _user("sam")),
            ("mia", mia_coach, mia_user),
        ]
    }
    admin = _user("admin", is_superuser=True, is_staff=True)
    ids = {
        handle: {
            param: make(runners[handle], runners[handle].coach.user)
            for param, make in OBJECTS.items()
        }
        for handle in TARGETS
    }
    users: dict[str, User | None] = {
        "anonymous": None,
        "runner": runners["rosa"].user,
        "other runner": runners["remy"].user,
        "coach": coach_a.user,
        "other coach": coach_b.user,
        "other coach's runner": runners["sam"].user,
        "self-coached runner": mia_user,
        "admin": admin,
    }
    own = {
        actor: {param: make(user) for param, make in OWN_OBJECTS.items()}
        for actor, user in users.items()
        if user is not None
    }
    world = World(users, runners, ids, own)
    for actor, user in users.items():
        client = Client()
        if user is not None:
            client.force_login(user)
            world.sessions[actor] = client.cookies["sessionid"].value
        world.clients[actor] = client
    return world


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    """The world, built once for the module inside a transaction rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield _build()
        transaction.set_rollback(True)


# --- what each actor must get ----------------------------------------------------------------


def _stands(user: User | None, runner: Runner | None) -> str:
    """How the user stands to the runner (or, with no runner, the user's role), from the data."""
    if user is None:
        return ANONYMOUS
    if runner is None:
        if Coach.objects.filter(user=user).exists():
            return A_COACH
        return A_RUNNER if Runner.objects.filter(user=user).exists() else NO_ROLE
    if runner.coach.user_id == user.pk:
        return THEIR_COACH
    return THEMSELF if runner.user_id == user.pk else STRANGER


NOT_FOUND: dict[str, Any] = {
    "detail": [{"loc": [], "field": "(input)", "msg": "Not Found", "source": None}]
}


@functools.cache
def _tables() -> tuple[str, ...]:
    return tuple(connection.ops.quote_name(m._meta.db_table) for m in apps.get_models())


Rows = list[list[tuple[Any, ...]]]  # every row of every table


def _snapshot() -> Rows:
    """Every row of every table (the world is small): a refused write must change none."""
    with connection.cursor() as cursor:
        rows = []
        for table in _tables():
            cursor.execute(f"SELECT * FROM {table} ORDER BY 1")  # noqa: S608 - our table names
            rows.append(cursor.fetchall())
    return rows


def _url(
    route: Route,
    world: World,
    target: str | None,
    ids_of: str | None = None,
    nowhere: bool = False,
    owner: str = "coach",
) -> str:
    """The route's URL about the target runner (their handle, their objects, or ``ids_of``'s)
    and with the ``owner``'s own objects; ``nowhere``: about a runner that does not exist (or,
    with no handle, objects that do not)."""
    values: dict[str, str] = {}
    for param in route.params:
        if param == "handle":
            values[param] = "nobody" if nowhere else str(target)
        elif param in OBJECTS:
            missing = nowhere and "handle" not in route.params
            values[param] = "0" if missing else str(world.ids[ids_of or str(target)][param])
        elif param in OWN_OBJECTS:
            values[param] = "0" if nowhere else str(world.own[owner][param])
        elif param in CONSTANTS:
            values[param] = CONSTANTS[param]
        else:
            pytest.fail(
                f"route {route.key} has a parameter {{{param}}} that {RULES_FILE} cannot fill: "
                "add a builder to OBJECTS (an object of the runner) or OWN_OBJECTS (a user's "
                "own), or a value to CONSTANTS"
            )
    return route.template.format(**values)


def _send(
    world: World, actor: str, route: Route, url: str, before: Rows | None = None
) -> tuple[Any, bool]:
    """The answer to one request, and whether it changed anything stored (then rolled back).
    ``before``: every row as it is before any request (each is rolled back), if already read."""
    client = world.clients[actor]
    rule = _rule(route)
    with transaction.atomic():
        if route.method in WRITES and before is None:
            before = _snapshot()
        if route.method == "GET":
            response = client.get(url)
        elif isinstance(rule, ApiRule) and rule.files:
            files = {k: SimpleUploadedFile(n, data) for k, (n, data) in rule.files.items()}
            response = client.generic(route.method, url, **_multipart(client, files))
        elif isinstance(rule, ApiRule):
            body = json.dumps(rule.body or {})
            response = client.generic(route.method, url, body, content_type="application/json")
        else:
            data = (rule.data if isinstance(rule, PageRule) else None) or {}
            response = client.post(url, data)
        changed = before is not None and _snapshot() != before
        transaction.set_rollback(True)
    # Only the session goes on to the next request (a logout ended it: the rollback brought it
    # back); a message saved for the next page would show on the next answer and change it.
    client.cookies = SimpleCookie()
    if actor in world.sessions:
        client.cookies["sessionid"] = world.sessions[actor]
    return response, changed


def _multipart(client: Client, files: dict[str, Any]) -> dict[str, Any]:
    from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

    return {"data": encode_multipart(BOUNDARY, files), "content_type": MULTIPART_CONTENT}


def _strip_tokens(html: bytes) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html.decode())


def _body(route: Route, response: Any) -> Any:
    return response.json() if route.api else _strip_tokens(response.content)


def _wrong(route: Route, expected: str, response: Any, changed: bool) -> str | None:
    """Why the answer is not what the rule says (None when it is)."""
    status = response.status_code
    location = response.get("Location", "")
    to_login = status == 302 and location.startswith(reverse("login") + "?next=")
    if expected == OK:
        # a body refused (422) once access was granted stores nothing either
        fine = 200 <= status < 400 or (route.method in WRITES and status == 422 and not changed)
        if fine and not to_login:
            return None
    elif expected == LOGIN:
        if (route.api and status == 401) or (not route.api and to_login):
            if not changed:
                return None
    elif expected in OWN_PLACES:
        return None if status == 302 and not to_login else f"{status} {location}"
    elif status == int(expected) and not changed:
        return None
    said = f"{status} {location}".strip()
    return f"{said}, and it changed what is stored" if changed else said


@dataclass
class Findings:
    """What one route answered to everyone, and what was wrong with it."""

    route: Route
    world: World
    wrong: list[str] = field(default_factory=list)
    asked: int = 0
    nowhere: dict[str, Any] = field(default_factory=dict)  # actor -> the 404 of "nobody"
    # every row before a request: the same before each (each is rolled back), so read once
    before: Rows | None = None

    def check(self, actor: str, url: str, expected: str, nowhere: str | None = None) -> None:
        """Ask; a 404 expected must read like the 404 of ``nowhere`` (the URL of a runner, or of
        an object, that does not exist)."""
        route, world = self.route, self.world
        if route.method in WRITES and self.before is None:
            self.before = _snapshot()
        response, changed = _send(world, actor, route, url, self.before)
        self.asked += 1
        why = _wrong(route, expected, response, changed)
        if why is None and expected in OWN_PLACES:
            own = Runner.objects.get(user=world.users[actor]).handle
            if response["Location"] != reverse(OWN_PLACES[expected], args=[own]):
                why = f"302 to {response['Location']}, not to {expected}"
        if why is None and route.api and response.status_code >= 400:
            detail = response.json().get("detail")
            if not (isinstance(detail, list) and detail and "msg" in detail[0]):
                why = f"{response.status_code} not in the API's one error shape"
        if why is None and expected == "404" and nowhere is not None:
            why = self._unlike_nowhere(actor, nowhere, response)
        if why is not None:
            self.wrong.append(f"{actor} on {url}: expected {expected}, got {why}")

    def _unlike_nowhere(self, actor: str, nowhere: str, response: Any) -> str | None:
        """Why this 404 does not read like the 404 of what does not exist."""
        route = self.route
        if route.api:  # the API has one Not Found body, whatever was not found
            body = response.json()
            return None if body == NOT_FOUND else f"404 with {body}, not the one Not Found body"
        if actor not in self.nowhere:
            there, _ = _send(self.world, actor, route, nowhere, self.before)
            assert there.status_code == 404, f"{route.id} for {nowhere}, which does not exist"
            self.nowhere[actor] = _body(route, there)
        if _body(route, response) != self.nowhere[actor]:
            return "404 unlike the 404 of what does not exist"
        return None


# Coach B and their runner Sam are to Sam what coach A and Rosa are to Rosa; Remy is a runner as
# Rosa is: a permission of theirs is the same permission, asked once (of A, Rosa and Mia).
MIRRORS = ("other runner", "other coach", "other coach's runner")
# Whose refusals are the same about every runner: asked about one (see _kept_for).
ABOUT_ONE = ("anonymous", "admin", "other runner")


def _kept_for(route: Route, actor: str, handle: str | None, expected: str) -> bool:
    """Whether to ask: every refusal is asked, but not every permission, to keep the module fast.

    * Whom a refusal cannot differ by is asked about one runner (Rosa): the anonymous visitor
      (the login, ``@login_required`` or the API's authentication, comes before any runner is
      looked up), the administrator (a stranger to every runner alike) and Remy (Rosa's
      teammate; about the other runners he is what Rosa is).
    * An operation of an older API version (``/api``) runs the function the newest version
      (``/api/v1``) runs, where it is asked in full: each actor asks it about Rosa only, which is
      every standing (the login, their coach, themself, a stranger).
    * A permission of a mirror (:data:`MIRRORS`), or about Sam, is asked on A, Rosa and Mia.
    * A page's POST about a runner (a handle in the URL), by someone allowed, is left out: it
      would store (or re-render the form with its errors), which the page's own tests do with
      real data. The API's writes are asked, with their rule's valid body, and rolled back at
      once; so are the public pages' (an invitation's link), with the rule's data.
    """
    if handle not in (None, TARGETS[0]) and (actor in ABOUT_ONE or route.older_version):
        return False
    if expected != OK and expected not in OWN_PLACES:
        return True
    if actor in MIRRORS or handle == "sam":
        return False
    return not (route.method in WRITES and not route.api and "handle" in route.params)


@pytest.mark.parametrize("route", served(), ids=lambda r: r.id)
def test_each_actor_gets_what_the_access_rule_says(route: Route, world: World) -> None:
    kind = _kind(route)
    findings = Findings(route, world)
    owned = bool(set(route.params) & set(OWN_OBJECTS))
    for actor in ACTORS:
        user = world.users[actor]
        owner = actor if actor in world.own else "coach"  # the anonymous visitor owns nothing
        for handle in TARGETS if route.about_runner else (None,):
            runner = None if handle is None else world.runners[handle]
            expected = ANSWERS[kind].get(_stands(user, runner))
            assert expected is not None, f"{route.key}: {kind.value} needs a runner in the URL"
            if _kept_for(route, actor, handle, expected):
                nowhere = None if handle is None else _url(route, world, handle, nowhere=True)
                findings.check(actor, _url(route, world, handle, owner=owner), expected, nowhere)
        if owned and actor != "anonymous":
            # Another user's own object (their API key) reads like one that does not exist.
            expected = ANSWERS[kind][_stands(user, None)]
            other = "runner" if actor != "runner" else "coach"
            url, nowhere = (
                _url(route, world, None, owner=other),
                _url(route, world, None, None, True),
            )
            findings.check(actor, url, "404" if expected == OK else expected, nowhere)
        if "handle" in route.params and set(route.params) & set(OBJECTS):
            # A runner the actor may see, with another coach's runner's objects in the URL.
            mine = [h for h in TARGETS if _stands(user, world.runners[h]) != STRANGER]
            for handle in mine[:1]:
                other = next(
                    h for h in TARGETS if world.runners[h].coach != world.runners[handle].coach
                )
                expected = ANSWERS[kind][_stands(user, world.runners[handle])]
                url = _url(route, world, handle, other)
                nowhere = _url(route, world, handle, nowhere=True)
                findings.check(actor, url, "404" if expected == OK else expected, nowhere)
    assert findings.asked >= len(ACTORS) - len(MIRRORS)
    assert findings.wrong == [], f"{route.id} ({kind.value}):\n" + "\n".join(findings.wrong)


# --- the roles the table cannot show on its own -------------------------------------------------


def _page(route: str) -> Route:
    return Route(route, "GET", route, False)


def test_the_admin_site_is_for_the_administrator_only(world: World) -> None:
    answers = {
        actor: _send(world, actor, _page("/admin/people/runner/"), "/admin/people/runner/")[0]
        for actor in ACTORS
    }
    to_login = f"{reverse('admin:login')}?next=/admin/people/runner/"
    assert {a: (r.status_code, r.get("Location")) for a, r in answers.items()} == {
        a: (200, None) if a == "admin" else (302, to_login) for a in ACTORS
    }
    listed = answers["admin"].content.decode()  # every coach's runners, in the handle column
    assert all(
        f'<td class="field-handle">{h}</td>' in listed for h in ("rosa", "remy", "sam", "mia")
    )


def test_the_administrator_is_neither_a_coach_nor_a_runner_on_the_site(world: World) -> None:
    runners, _ = _send(world, "admin", Route("GET /api/runners", "GET", "", True), "/api/runners")
    home, _ = _send(world, "admin", _page("site:home"), "/")
    assert (runners.status_code, runners.json(), home.status_code) == (200, [], 403)


def test_the_self_coached_runner_coaches_themself_and_nobody_else(world: World) -> None:
    client = world.clients["self-coached runner"]
    body = json.dumps({"weekly_increase_pct": 8, "reason": "she knows her legs"})
    with transaction.atomic():
        own = client.patch("/api/runners/mia/settings", body, content_type="application/json")
        cap = Runner.objects.get(handle="mia").weekly_increase_pct
        rosa = client.patch("/api/runners/rosa/settings", body, content_type="application/json")
        screen = client.post("/runners/mia/screens/new/", {"date": "2026-10-01"})
        listed = [r["handle"] for r in client.get("/api/runners").json()]
        transaction.set_rollback(True)
    assert (own.status_code, cap, rosa.status_code) == (200, 8, 404)
    assert screen.status_code == 302 and "/runners/mia/screens/" in screen["Location"]
    # her runner, and the newcomer she invited (access_rules.OBJECTS["token"]); nobody else's
    assert listed == ["mia", "mia-new"]
