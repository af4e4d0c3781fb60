"""Who may see and change what, as one table over every page and endpoint.

Rows: anonymous, the owner coach, another coach, the runner themself, another runner (of the same
coach). "Not yours" must answer exactly like "not there": 404, never 403.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.utils.html import escape

from insideout.people.models import Runner
from insideout.screening.models import Screen
from tests.integration.access import ACTORS
from tests.integration.access import actor_user as _user

SCREEN_BODY = {"date": "2026-10-01", "measures": [{"test": "beighton", "value": 3}]}
RUNNER_BODY = {"handle": "newbie", "name": "New Runner"}

# (method, path, body, expected status for each actor in ACTORS order)
TABLE: list[tuple[str, str, dict[str, Any] | None, tuple[int, ...]]] = [
    ("get", "/api/runners", None, (401, 200, 200, 200, 200)),
    ("post", "/api/runners", RUNNER_BODY, (401, 201, 201, 403, 403)),
    ("get", "/api/runners/ana", None, (401, 200, 404, 200, 404)),
    ("get", "/api/runners/ana/screens", None, (401, 200, 404, 200, 404)),
    ("post", "/api/runners/ana/screens", SCREEN_BODY, (401, 201, 404, 403, 404)),
    ("get", "/api/runners/ana/screens/{screen}", None, (401, 200, 404, 200, 404)),
    ("get", "/api/runners/ana/profile", None, (401, 200, 404, 200, 404)),
    ("get", "/api/runners/ana/advice", None, (401, 200, 404, 200, 404)),
    ("get", "/api/runners/nobody", None, (401, 404, 404, 404, 404)),
    ("get", "/", None, (302, 200, 200, 302, 302)),
    ("get", "/runners/new/", None, (302, 200, 200, 403, 403)),
    ("get", "/runners/ana/", None, (302, 200, 404, 200, 404)),
    ("get", "/runners/nobody/", None, (302, 404, 404, 404, 404)),
    ("get", "/runners/ana/charts/weekly.svg", None, (302, 200, 404, 200, 404)),
    ("get", "/runners/ana/charts/no-such-chart.svg", None, (302, 404, 404, 404, 404)),
    ("get", "/runners/ana/programme/", None, (302, 200, 404, 200, 404)),
    ("get", "/runners/ana/programme.pdf", None, (302, 200, 404, 200, 404)),
    ("get", "/runners/ana/report/", None, (302, 200, 404, 200, 404)),
    ("get", "/runners/ana/report.pdf", None, (302, 200, 404, 200, 404)),
    ("get", "/runners/ana/profile/", None, (302, 302, 404, 302, 404)),
    ("get", "/runners/ana/screens/{screen}/", None, (302, 200, 404, 200, 404)),
    ("get", "/runners/ana/screens/new/", None, (302, 200, 404, 403, 404)),
    ("post", "/runners/ana/screens/new/", {"date": "2026-10-01"}, (302, 302, 404, 403, 404)),
    (
        "get",
        "/runners/ana/screens/{screen}/tests/knee_to_wall/",
        None,
        (302, 200, 404, 403, 404),
    ),
    (
        "post",
        "/runners/ana/screens/{screen}/tests/beighton/",
        {"value": "3", "action": "save"},
        (302, 302, 404, 403, 404),
    ),
]

# API v1 serves every endpoint of /api/ with the same rules: its rows are the API rows again.
TABLE += [
    (method, path.replace("/api/", "/api/v1/", 1), body, statuses)
    for method, path, body, statuses in TABLE
    if path.startswith("/api/")
]

CASES = [
    pytest.param(method, path, body, actor, status, id=f"{method} {path} as {actor}")
    for method, path, body, statuses in TABLE
    for actor, status in zip(ACTORS, statuses, strict=True)
]


@pytest.mark.parametrize(("method", "path", "body", "actor", "status"), CASES)
def test_each_actor_gets_the_expected_status_on_each_page_and_endpoint(
    method: str,
    path: str,
    body: dict[str, Any] | None,
    actor: str,
    status: int,
    login: Any,
    ana: Runner,
    ben: Runner,
    zoe: Runner,
    ana_screen: Screen,
) -> None:
    client = login(_user(actor, ana, ben, zoe))
    url = path.format(screen=ana_screen.pk)
    if method == "get":
        response = client.get(url)
    elif url.startswith("/api/"):
        response = client.post(url, json.dumps(body), content_type="application/json")
    else:
        response = client.post(url, body)
    assert response.status_code == status


@pytest.mark.parametrize(
    "path",
    [
        "/api/runners/{handle}",
        "/api/runners/{handle}/screens",
        "/api/runners/{handle}/profile",
        "/api/v1/runners/{handle}",
        "/api/v1/runners/{handle}/screens",
        "/api/v1/runners/{handle}/profile",
    ],
)
def test_someone_elses_runner_answers_exactly_like_a_runner_that_does_not_exist(
    path: str, login: Any, zoe: Runner, ana_screen: Screen
) -> None:
    client = login(zoe.coach.user)
    theirs = client.get(path.format(handle="ana"))
    missing = client.get(path.format(handle="nobody"))
    assert (theirs.status_code, theirs.json()) == (missing.status_code, missing.json())


def test_a_screen_of_another_runner_is_not_found_under_your_runner(
    login: Any, ana: Runner, zoe: Runner, ana_screen: Screen
) -> None:
    client = login(zoe.coach.user)
    response = client.get(f"/api/runners/zoe/screens/{ana_screen.pk}")
    assert response.status_code == 404


def test_the_runner_list_holds_only_the_runners_you_may_see(
    login: Any, ana: Runner, ben: Runner, zoe: Runner
) -> None:
    seen = {
        who: [r["handle"] for r in login(user).get("/api/runners").json()]
        for who, user in [("coach", ana.coach.user), ("ana", ana.user), ("other", zoe.coach.user)]
    }
    assert seen == {"coach": ["ana", "ben"], "ana": ["ana"], "other": ["zoe"]}


def test_a_session_post_without_the_csrf_token_is_refused(ana: Runner) -> None:
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(ana.coach.user)
    body = json.dumps(SCREEN_BODY)
    refused = client.post("/api/runners/ana/screens", body, content_type="application/json")
    client.get("/")  # sets the csrftoken cookie, as a page load in the browser does
    token = client.cookies["csrftoken"].value
    accepted = client.post(
        "/api/runners/ana/screens", body, content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert (refused.status_code, accepted.status_code) == (403, 201)


# --- every page and endpoint has a rule ----------------------------------------------------------

# "Every page and endpoint about runners is in an access table" was checked here against these
# hand-written tables; tests/integration/test_access_generated.py now demands a rule for every
# route served (pages and both API versions, for eight actors), which covers it and more.


def _without_tokens(html: bytes) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html.decode())


@pytest.mark.parametrize("path", ["/runners/{handle}/", "/runners/{handle}/profile/"])
def test_on_the_pages_someone_elses_runner_reads_exactly_like_one_that_does_not_exist(
    path: str, login: Any, zoe: Runner, ana_screen: Screen
) -> None:
    client = login(zoe.coach.user)
    theirs = client.get(path.format(handle="ana"))
    missing = client.get(path.format(handle="nobody"))
    assert theirs.status_code == missing.status_code == 404
    assert _without_tokens(theirs.content) == _without_tokens(missing.content)


def test_a_refusal_is_the_403_page_on_a_page_and_the_one_json_shape_in_the_api(
    login: Any, ana: Runner
) -> None:
    client = login(ana.user)  # the runner sees their settings; only their coach changes them
    page = client.get("/runners/ana/settings/")
    api = client.patch(
        "/api/runners/ana/settings",
        json.dumps({"weekly_increase_pct": 5}),
        content_type="application/json",
    )
    what = "only the runner's coach may change the runner's settings"
    assert (page.status_code, api.status_code) == (403, 403)
    assert api.json() == {"detail": [{"loc": [], "field": "(input)", "msg": what, "source": None}]}
    assert (
        escape("Only the runner's coach may change the runner's settings.") in page.content.decode()
    )
