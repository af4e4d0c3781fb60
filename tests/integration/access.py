"""The access tables' shared parts: who acts, as which user, and how a row becomes test cases.

Every endpoint and page is tried as the same five actors (STYLE: anonymous / owner / other, as
one parametrized table): the anonymous visitor, the runner's coach, another coach, the runner
themself and another runner. "Not yours" must answer exactly like "not there".
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from insideout.people.models import Runner

ACTORS = ["anonymous", "owner_coach", "other_coach", "runner_themself", "another_runner"]


def actor_user(actor: str, ana: Runner, ben: Runner, zoe: Runner) -> Any:
    """The user behind an actor, with Ana as the runner whose data is asked for."""
    return {
        "anonymous": None,
        "owner_coach": ana.coach.user,
        "other_coach": zoe.coach.user,
        "runner_themself": ana.user,
        "another_runner": ben.user,
    }[actor]


def access_cases(table: list[tuple[str, str, Any, tuple[int, ...]]]) -> list[Any]:
    """Rows of (method, path, body, one status per actor) as one pytest case per actor."""
    return [
        pytest.param(method, path, body, actor, status, id=f"{method} {path} as {actor}")
        for method, path, body, statuses in table
        for actor, status in zip(ACTORS, statuses, strict=True)
    ]


def send_json(client: Any, method: str, path: str, body: object = None) -> Any:
    """A request with a JSON body (a str is sent as it is, to test broken JSON); GET has none."""
    if method == "get":
        return client.get(path)
    raw = body if isinstance(body, str) else json.dumps(body)
    return getattr(client, method)(path, raw, content_type="application/json")
