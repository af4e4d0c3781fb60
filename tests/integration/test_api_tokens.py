"""API keys for integrators (issue 15, part 1): made and withdrawn by their owner, stored as a
SHA-256, shown once, and acting exactly as their one owner through the access rules.

A request with ``Authorization: Bearer <key>`` needs no CSRF token; a session's writes still do.
An unknown or withdrawn key answers 401 in the API's one error shape, whatever the method.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.html import escape

from insideout.people.models import ApiToken, Runner
from insideout.people.tokens import LAST_USED_EVERY, make_token, revoke_token, user_for_key
from tests.integration.access import access_cases, actor_user, send_json

SCREEN_BODY = {"date": "2026-10-01", "measures": [{"test": "beighton", "value": 3}]}


def _bearer(key: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def _key_on(page: str) -> str:
    found = re.search(r'<code class="key" id="new-key">([^<]+)</code>', page)
    assert found is not None, page
    return found.group(1)


# --- the page -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_key_made_on_the_page_is_shown_once_and_works_as_a_bearer(
    login: Any, ana: Runner, ben: Runner, zoe: Runner
) -> None:
    client = login(ana.coach.user)
    assert client.get("/account/tokens/").status_code == 200
    made = client.post("/account/tokens/", {"name": "my diary"})
    assert made.status_code == 200
    assert made["Cache-Control"] == "no-store"
    key = _key_on(made.content.decode())
    token = ApiToken.objects.get()
    assert (token.name, token.prefix, token.user) == ("my diary", key[:8], ana.coach.user)
    # only the hash is stored: no column holds the key
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert all(key not in str(v) for v in ApiToken.objects.values().get().values())
    # the list shows the first characters, never the key again
    listed = client.get("/account/tokens/").content.decode()
    assert key not in listed and f"{key[:8]}…" in listed and "my diary" in listed
    # the key acts as its owner, from a client with no session at all
    answer = Client().get("/api/runners", **_bearer(key))
    assert answer.status_code == 200
    assert [r["handle"] for r in answer.json()] == ["ana", "ben"]


@pytest.mark.django_db
def test_a_withdrawn_key_answers_401_and_is_listed_as_withdrawn(login: Any, ana: Runner) -> None:
    client = login(ana.user)
    key = _key_on(client.post("/account/tokens/", {"name": "watch sync"}).content.decode())
    token = ApiToken.objects.get()
    assert Client().get("/api/me", **_bearer(key)).status_code == 200
    assert client.post(f"/account/tokens/{token.pk}/revoke/").status_code == 302
    refused = Client().get("/api/me", **_bearer(key))
    assert refused.status_code == 401
    assert refused.json() == {
        "detail": [
            {
                "loc": [],
                "field": "(input)",
                "msg": "the API key is unknown or was withdrawn",
                "source": None,
            }
        ]
    }
    assert "withdrawn" in client.get("/account/tokens/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "says"),
    [("", "This field is required"), ("n" * 81, "at most 80 characters")],
    ids=["missing", "81 characters"],
)
def test_a_bad_name_is_refused_and_no_key_made(
    login: Any, ana: Runner, name: str, says: str
) -> None:
    answer = login(ana.user).post("/account/tokens/", {"name": name})
    assert answer.status_code == 422
    assert says in answer.content.decode()
    assert 'id="new-key"' not in answer.content.decode()
    assert not ApiToken.objects.exists()


@pytest.mark.django_db
def test_a_name_that_carries_a_script_is_escaped(login: Any, ana: Runner) -> None:
    script = "<script>alert(1)</script>"
    client = login(ana.user)
    client.post("/account/tokens/", {"name": script})
    page = client.get("/account/tokens/").content.decode()
    assert script not in page and escape(script) in page


@pytest.mark.django_db
def test_anybody_else_s_key_cannot_be_withdrawn_and_answers_like_none(
    login: Any, ana: Runner, ben: Runner
) -> None:
    theirs, key = make_token(ben.user, "ben's")
    client = login(ana.user)
    assert client.post(f"/account/tokens/{theirs.pk}/revoke/").status_code == 404
    assert client.post("/account/tokens/999999/revoke/").status_code == 404
    assert client.delete(f"/api/tokens/{theirs.pk}").status_code == 404
    assert (
        client.delete("/api/tokens/999999").json()
        == client.delete(f"/api/tokens/{theirs.pk}").json()
    )
    theirs.refresh_from_db()
    assert theirs.revoked_at is None
    assert Client().get("/api/me", **_bearer(key)).status_code == 200


@pytest.mark.django_db
def test_the_page_is_for_a_logged_in_user_and_withdrawing_is_a_post(ana: Runner) -> None:
    token, _ = make_token(ana.user, "x")
    assert Client().get("/account/tokens/").status_code == 302
    assert Client().post(f"/account/tokens/{token.pk}/revoke/").status_code == 302
    client = Client()
    client.force_login(ana.user)
    assert client.get(f"/account/tokens/{token.pk}/revoke/").status_code == 405
    token.refresh_from_db()
    assert token.revoked_at is None


# --- the bearer -----------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "header",
    [
        "Bearer io_not-a-key-at-all",
        "Bearer ",
        "Bearer " + "x" * 5000,
        "Bearer <script>alert(1)</script>",
    ],
    ids=["unknown", "empty", "5000 characters", "script"],
)
def test_a_wrong_key_answers_401(ana: Runner, header: str) -> None:
    answer = Client().get("/api/runners", HTTP_AUTHORIZATION=header)
    assert answer.status_code == 401
    assert "<script>" not in answer.content.decode()


@pytest.mark.django_db
def test_a_wrong_key_on_a_write_answers_401_not_a_csrf_refusal(ana: Runner) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(ana.coach.user)  # even with a session beside it: the key was meant
    answer = client.post(
        "/api/runners/ana/screens",
        json.dumps(SCREEN_BODY),
        content_type="application/json",
        **_bearer("io_wrong"),
    )
    assert answer.status_code == 401
    assert ana.screens.count() == 0


@pytest.mark.django_db
def test_a_key_writes_without_a_csrf_token_and_a_session_still_needs_one(ana: Runner) -> None:
    _, key = make_token(ana.coach.user, "sync")
    body = json.dumps(SCREEN_BODY)
    keyed = Client(enforce_csrf_checks=True).post(
        "/api/runners/ana/screens", body, content_type="application/json", **_bearer(key)
    )
    assert keyed.status_code == 201
    session = Client(enforce_csrf_checks=True)
    session.force_login(ana.coach.user)
    refused = session.post("/api/runners/ana/screens", body, content_type="application/json")
    assert refused.status_code == 403
    assert ana.screens.count() == 1


@pytest.mark.django_db
def test_a_key_of_an_inactive_user_answers_401(ana: Runner) -> None:
    _, key = make_token(ana.user, "x")
    ana.user.is_active = False
    ana.user.save()
    assert Client().get("/api/me", **_bearer(key)).status_code == 401


@pytest.mark.django_db
def test_a_key_last_use_is_written_at_most_once_a_minute(ana: Runner) -> None:
    token, key = make_token(ana.user, "x")
    t0 = timezone.now()
    assert user_for_key(key, now=t0) == ana.user
    token.refresh_from_db()
    assert token.last_used_at == t0
    user_for_key(key, now=t0 + LAST_USED_EVERY - dt.timedelta(seconds=1))
    token.refresh_from_db()
    assert token.last_used_at == t0
    user_for_key(key, now=t0 + LAST_USED_EVERY)
    token.refresh_from_db()
    assert token.last_used_at == t0 + LAST_USED_EVERY
    assert LAST_USED_EVERY == dt.timedelta(minutes=1)


@pytest.mark.django_db
def test_a_request_with_a_key_notes_its_use_on_the_list(ana: Runner) -> None:
    token, key = make_token(ana.user, "x")
    Client().get("/api/me", **_bearer(key))
    token.refresh_from_db()
    assert token.last_used_at is not None
    revoke_token(token)
    revoke_token(token)  # twice changes nothing
    assert user_for_key(key) is None


# --- a key is its one account, through the access rules -------------------------------------------

# (method, path, body, status for each actor's own key: anonymous sends a key that is no key)
KEY_TABLE: list[tuple[str, str, Any, tuple[int, ...]]] = [
    ("get", "/api/runners/ana", None, (401, 200, 404, 200, 404)),
    ("get", "/api/runners/ana/advice", None, (401, 200, 404, 200, 404)),
    ("post", "/api/runners/ana/screens", SCREEN_BODY, (401, 201, 404, 403, 404)),
    ("get", "/api/runners/ana/invites", None, (401, 200, 404, 403, 404)),
    ("get", "/api/me", None, (401, 200, 200, 200, 200)),
    ("get", "/api/tokens", None, (401, 200, 200, 200, 200)),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path", "body", "actor", "status"), access_cases(KEY_TABLE))
def test_each_actor_s_key_reaches_exactly_what_their_login_does(
    method: str,
    path: str,
    body: Any,
    actor: str,
    status: int,
    ana: Runner,
    ben: Runner,
    zoe: Runner,
) -> None:
    user = actor_user(actor, ana, ben, zoe)
    key = "io_no-such-key" if user is None else make_token(user, "k")[1]
    client = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {key}")
    assert send_json(client, method, path, body).status_code == status


# --- the API's own key endpoints ------------------------------------------------------------------


@pytest.mark.django_db
def test_the_api_makes_lists_and_withdraws_keys(ana: Runner) -> None:
    _, first = make_token(ana.user, "first")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {first}")
    made = send_json(client, "post", "/api/tokens", {"name": "second"})
    assert made.status_code == 201
    body = made.json()
    assert body["key"].startswith("io_") and body["prefix"] == body["key"][:8]
    assert body["revoked_at"] is None and body["last_used_at"] is None
    listed = client.get("/api/tokens").json()
    assert [t["name"] for t in listed] == ["second", "first"]
    assert all("key" not in t for t in listed)
    assert body["key"] not in client.get("/api/tokens").content.decode()
    second = Client(HTTP_AUTHORIZATION=f"Bearer {body['key']}")
    assert second.get("/api/me").json()["username"] == ana.user.username
    assert client.delete(f"/api/tokens/{body['id']}").status_code == 204
    assert second.get("/api/me").status_code == 401
    assert client.get("/api/me").status_code == 200  # the other key still works


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    [{}, {"name": ""}, {"name": "   "}, {"name": "n" * 81}, {"name": 5}, {"name": None}],
    ids=["missing", "empty", "blank", "81 characters", "a number", "null"],
)
def test_the_api_refuses_a_bad_key_name_naming_the_field(
    login: Any, ana: Runner, body: dict[str, Any]
) -> None:
    answer = send_json(login(ana.user), "post", "/api/tokens", body)
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["name"]
    assert not ApiToken.objects.exists()


@pytest.mark.django_db
def test_who_am_i(login: Any, ana: Runner) -> None:
    assert Client().get("/api/me").status_code == 401
    assert login(ana.user).get("/api/me").json() == {
        "username": ana.user.username,
        "email": "",
        "is_coach": False,
        "coach_name": None,
        "runner": "ana",
    }
    coach = Client()
    coach.force_login(ana.coach.user)
    assert coach.get("/api/me").json()["is_coach"] is True
    assert coach.get("/api/me").json()["runner"] is None


def test_the_openapi_document_lists_the_bearer_and_every_answer(db: None) -> None:
    doc = json.loads(Client().get("/api/openapi.json").content)
    schemes = doc["components"]["securitySchemes"]
    assert {"type": "http", "scheme": "bearer"}.items() <= schemes["TokenAuth"].items()
    responses = {
        ("/api/me", "get"): {"200", "401"},
        ("/api/tokens", "get"): {"200", "401"},
        # every write may be refused 403 (a failed CSRF check), every body 400/413, a numeric
        # path parameter 422 (insideout.web.openapi documents them for every operation)
        ("/api/tokens", "post"): {"201", "400", "401", "403", "413", "422"},
        ("/api/tokens/{token_id}", "delete"): {"204", "401", "403", "404", "422"},
        ("/api/runners/{handle}/invites", "get"): {"200", "401", "403", "404"},
    }
    for (path, method), statuses in responses.items():
        assert set(doc["paths"][path][method]["responses"]) == statuses, path
    error = doc["components"]["schemas"]["ErrorOut"]
    assert set(error["properties"]) == {"detail"}


@pytest.mark.django_db
def test_the_admin_shows_keys_and_invitations_without_their_hashes_and_makes_none(
    client: Client, ana: Runner
) -> None:
    from django.contrib.auth import get_user_model

    from insideout.people.accounts import make_invite

    token, key = make_token(ana.user, "diary")
    ana.user = None  # invited before she had a login
    ana.save()
    invite, link_token = make_invite(ana.coach, ana, "ana@example.org")
    admin = get_user_model().objects.create_superuser("root", "root@example.org", "pw")
    client.force_login(admin)
    for path in [
        "/admin/people/apitoken/",
        f"/admin/people/apitoken/{token.pk}/change/",
        "/admin/people/invite/",
        f"/admin/people/invite/{invite.pk}/change/",
    ]:
        page = client.get(path)
        assert page.status_code == 200, path
        text = page.content.decode()
        for secret in (key, token.key_hash, link_token, invite.token_hash):
            assert secret not in text, path
    assert client.get("/admin/people/apitoken/add/").status_code == 403
    assert client.get("/admin/people/invite/add/").status_code == 403
    withdrawn = client.post(
        "/admin/people/apitoken/",
        {"action": "withdraw", "_selected_action": [token.pk]},
    )
    assert withdrawn.status_code == 302
    assert user_for_key(key) is None
