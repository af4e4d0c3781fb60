"""Accounts without the admin (issue 15, part 1): a coach invites a runner by email, the runner
chooses a login from the link and lands on their page; a self-coached runner signs up alone.

The link's token is stored only as its SHA-256; a link works once, for 7 days, and not after the
coach withdrew it (410, with a page that says which and "ask your coach for a new link"); an
unknown token is 404. Time is moved by making the invitation at an earlier ``now``, not by mocks.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError
from django.test import Client
from django.utils import timezone
from django.utils.html import escape

from insideout.people import accounts
from insideout.people.access import can_coach
from insideout.people.models import Coach, Invite, Runner
from tests.integration.access import access_cases, actor_user, send_json
from tests.integration.conftest import make_runner

EMAIL = "cleo@example.org"
GOOD_PASSWORD = "Tempo-run-42-uphill"  # noqa: S105 - a test's


@pytest.fixture
def cleo(coach: Coach) -> Runner:
    """A runner the coach added, without a login yet."""
    return make_runner(coach, "cleo", login=False, name="Cleo Diaz")


def _link_in(mail: Any) -> str:
    found = re.search(r"https?://[^/\s]+(/invites/[A-Za-z0-9_-]+/)", mail.body)
    assert found is not None, mail.body
    return found.group(1)


def _accept(client: Client, link: str, username: str = EMAIL, **over: str) -> Any:
    data = {"username": username, "password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD} | over
    return client.post(link, data)


def _users() -> int:
    return get_user_model().objects.count()


# --- the happy path -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_coach_invites_a_runner_who_chooses_a_login_and_lands_on_their_page(
    login: Any, cleo: Runner, mailoutbox: list[Any]
) -> None:
    coach_client = login(cleo.coach.user)
    assert coach_client.get("/runners/cleo/").content.decode().count('href="/runners/cleo/invite/"')
    page = coach_client.get("/runners/cleo/invite/")
    assert page.status_code == 200
    sent = coach_client.post("/runners/cleo/invite/", {"email": EMAIL})
    assert (sent.status_code, sent["Location"]) == (302, "/runners/cleo/invite/")
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [EMAIL]
    assert "Coach Coach invites you" in mail.subject
    link = _link_in(mail)
    token = link.split("/")[2]
    invite = Invite.objects.get()
    assert invite.token_hash == accounts.digest(token) != token
    assert all(token not in str(v) for v in Invite.objects.values().get().values())
    assert invite.expires_at - invite.created_at == dt.timedelta(days=7)

    runner_client = Client()
    form = runner_client.get(link)
    assert form.status_code == 200
    assert f'value="{EMAIL}"' in form.content.decode()  # the username proposed: the email
    answer = _accept(runner_client, link)
    assert (answer.status_code, answer["Location"]) == (302, "/runners/cleo/")
    cleo.refresh_from_db()
    user = cleo.user
    assert user is not None and (user.username, user.email) == (EMAIL, EMAIL)
    assert user.check_password(GOOD_PASSWORD)
    assert runner_client.session["_auth_user_id"] == str(user.pk)
    assert runner_client.get("/runners/cleo/").status_code == 200
    invite.refresh_from_db()
    assert invite.state() is Invite.State.USED
    # the list now says it was accepted, and offers nothing more to do with it
    listed = coach_client.get("/runners/cleo/invite/").content.decode()
    assert "accepted" in listed and "Send again" not in listed and "Withdraw" not in listed


@pytest.mark.django_db
def test_the_runner_may_choose_another_username_and_logs_in_with_it_later(cleo: Runner) -> None:
    _, token = accounts.make_invite(cleo.coach, cleo, EMAIL)
    assert _accept(Client(), f"/invites/{token}/", username="cleo").status_code == 302
    answer = Client().post("/login/", {"username": "cleo", "password": GOOD_PASSWORD})
    assert (answer.status_code, answer["Location"]) == (302, "/")


@pytest.mark.django_db
def test_a_runner_added_with_an_email_is_invited_at_once(
    login: Any, coach: Coach, mailoutbox: list[Any]
) -> None:
    client = login(coach.user)
    added = client.post(
        "/runners/new/",
        {"name": "Dee", "handle": "dee", "sex": "female", "email": "dee@example.org"},
    )
    assert (added.status_code, added["Location"]) == (302, "/runners/dee/")
    invite = Invite.objects.select_related("runner").get()
    assert (invite.runner.handle, invite.email) == ("dee", "dee@example.org")
    assert len(mailoutbox) == 1
    assert "an invitation went to dee@example.org" in client.get("/runners/dee/").content.decode()
    assert _accept(Client(), _link_in(mailoutbox[0]), username="dee").status_code == 302


@pytest.mark.django_db
def test_a_runner_added_without_an_email_is_not_invited_and_a_bad_one_adds_nobody(
    login: Any, coach: Coach, mailoutbox: list[Any]
) -> None:
    client = login(coach.user)
    assert (
        client.post("/runners/new/", {"name": "Eve", "handle": "eve", "sex": "female"}).status_code
        == 302
    )
    refused = client.post(
        "/runners/new/", {"name": "Fay", "handle": "fay", "sex": "female", "email": "fay@"}
    )
    assert refused.status_code == 200
    assert "Enter a valid email address" in refused.content.decode()
    assert list(Runner.objects.values_list("handle", flat=True)) == ["eve"]
    assert (Invite.objects.count(), len(mailoutbox)) == (0, 0)


# --- links that no longer work --------------------------------------------------------------------


def _made_ago(runner: Runner, ago: dt.timedelta) -> str:
    _, token = accounts.make_invite(runner.coach, runner, EMAIL, now=timezone.now() - ago)
    return f"/invites/{token}/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("ago", "status"),
    [
        (dt.timedelta(days=6, hours=23), 200),
        (dt.timedelta(days=7, seconds=-60), 200),
        (dt.timedelta(days=7, seconds=1), 410),
        (dt.timedelta(days=30), 410),
    ],
    ids=["6 days 23 h", "7 days less a minute", "7 days and 1 s", "30 days"],
)
def test_a_link_works_for_seven_days(cleo: Runner, ago: dt.timedelta, status: int) -> None:
    link = _made_ago(cleo, ago)
    before = _users()
    assert Client().get(link).status_code == status
    answer = _accept(Client(), link)
    assert answer.status_code == (302 if status == 200 else 410)
    assert _users() == before + (1 if status == 200 else 0)


def test_at_its_expiry_instant_an_invitation_has_expired() -> None:
    now = timezone.now()
    invite = Invite(created_at=now, expires_at=now + dt.timedelta(days=7))
    assert invite.state(now + dt.timedelta(days=7, microseconds=-1)) is Invite.State.PENDING
    assert invite.state(now + dt.timedelta(days=7)) is Invite.State.EXPIRED


@pytest.mark.django_db
def test_an_expired_link_says_so_and_to_ask_the_coach(cleo: Runner) -> None:
    answer = Client().get(_made_ago(cleo, dt.timedelta(days=8)))
    page = answer.content.decode()
    assert answer.status_code == 410
    assert "This link has expired" in page
    assert "Ask your coach for a new link" in page


@pytest.mark.django_db
def test_the_days_are_a_setting(cleo: Runner, settings: Any) -> None:
    settings.INSIDEOUT_INVITE_DAYS = 2
    assert Client().get(_made_ago(cleo, dt.timedelta(days=1, hours=23))).status_code == 200
    assert Client().get(_made_ago(cleo, dt.timedelta(days=2, seconds=1))).status_code == 410


@pytest.mark.django_db
def test_a_used_link_answers_410_and_makes_no_second_login(cleo: Runner) -> None:
    _, token = accounts.make_invite(cleo.coach, cleo, EMAIL)
    link = f"/invites/{token}/"
    assert _accept(Client(), link).status_code == 302
    before = _users()
    again = _accept(Client(), link, username="someone-else")
    assert again.status_code == 410
    assert "already been used" in again.content.decode()
    assert "Ask your coach for a new link" in again.content.decode()
    assert Client().get(link).status_code == 410
    assert _users() == before


@pytest.mark.django_db
def test_a_withdrawn_link_answers_410(login: Any, cleo: Runner) -> None:
    invite, token = accounts.make_invite(cleo.coach, cleo, EMAIL)
    answer = login(cleo.coach.user).post(f"/runners/cleo/invite/{invite.pk}/revoke/")
    assert answer.status_code == 302
    gone = Client().get(f"/invites/{token}/")
    assert gone.status_code == 410
    assert "withdrew this invitation" in gone.content.decode()
    assert _accept(Client(), f"/invites/{token}/").status_code == 410
    cleo.refresh_from_db()
    assert cleo.user is None


@pytest.mark.django_db
@pytest.mark.parametrize("token", ["nothing-like-this", "x" * 43, "a" * 2000])
def test_an_unknown_token_is_not_found(db: None, token: str) -> None:
    assert Client().get(f"/invites/{token}/").status_code == 404
    assert Client().post(f"/invites/{token}/", {}).status_code == 404


@pytest.mark.django_db
def test_sending_again_makes_a_new_link_and_the_old_one_stops_working(
    login: Any, cleo: Runner, mailoutbox: list[Any]
) -> None:
    client = login(cleo.coach.user)
    client.post("/runners/cleo/invite/", {"email": EMAIL})
    invite = Invite.objects.get()
    old = _link_in(mailoutbox[0])
    assert client.post(f"/runners/cleo/invite/{invite.pk}/resend/").status_code == 302
    new = _link_in(mailoutbox[1])
    assert new != old
    assert Client().get(old).status_code == 404
    assert _accept(Client(), new).status_code == 302


@pytest.mark.django_db
def test_an_expired_invitation_sent_again_works_for_another_week(
    login: Any, cleo: Runner, mailoutbox: list[Any]
) -> None:
    invite, token = accounts.make_invite(
        cleo.coach, cleo, EMAIL, now=timezone.now() - dt.timedelta(days=9)
    )
    assert Client().get(f"/invites/{token}/").status_code == 410
    login(cleo.coach.user).post(f"/runners/cleo/invite/{invite.pk}/resend/")
    link = _link_in(mailoutbox[0])
    assert Client().get(link).status_code == 200


@pytest.mark.django_db
def test_accepting_one_invitation_withdraws_the_others_of_that_runner(cleo: Runner) -> None:
    _, first = accounts.make_invite(cleo.coach, cleo, EMAIL)
    _, second = accounts.make_invite(cleo.coach, cleo, "cleo.other@example.org")
    assert _accept(Client(), f"/invites/{second}/", username="cleo").status_code == 302
    gone = Client().get(f"/invites/{first}/")
    assert gone.status_code == 410


@pytest.mark.django_db
def test_a_runner_who_already_has_a_login_cannot_be_invited(
    login: Any, ana: Runner, mailoutbox: list[Any]
) -> None:
    client = login(ana.coach.user)
    page = client.post("/runners/ana/invite/", {"email": "ana@example.org"})
    assert page.status_code == 422
    assert "Ana already has a login" in page.content.decode()
    api = send_json(client, "post", "/api/runners/ana/invites", {"email": "ana@example.org"})
    assert api.status_code == 422
    assert api.json()["detail"][0]["loc"] == ["email"]
    assert "already has a login" in api.json()["detail"][0]["msg"]
    assert (Invite.objects.count(), len(mailoutbox)) == (0, 0)


@pytest.mark.django_db
def test_a_runner_given_a_login_meanwhile_cannot_use_an_old_invitation(cleo: Runner) -> None:
    _, token = accounts.make_invite(cleo.coach, cleo, EMAIL)
    cleo.user = get_user_model().objects.create_user("cleo-by-admin", password="x")
    cleo.save()
    assert Client().get(f"/invites/{token}/").status_code == 410
    assert _accept(Client(), f"/invites/{token}/", username="cleo-2").status_code == 410
    assert not get_user_model().objects.filter(username="cleo-2").exists()


# --- bad input: nothing made ----------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("over", "field", "says"),
    [
        ({"password2": "Tempo-run-42-downhill"}, "password2", "didn’t match"),
        ({"password1": "password", "password2": "password"}, "password2", "too common"),
        ({"password1": "12345678901", "password2": "12345678901"}, "password2", "entirely numeric"),
        ({"password1": "Ab1-", "password2": "Ab1-"}, "password2", "too short"),
        ({"password1": "", "password2": ""}, "password1", "required"),
        ({"username": "u" * 151}, "username", "at most 150 characters"),
        ({"username": "<script>alert(1)</script>"}, "username", "Enter a valid username"),
        ({"username": ""}, "username", "required"),
    ],
    ids=["mismatch", "common", "numeric", "short", "missing", "too long", "script", "no name"],
)
def test_a_bad_login_is_refused_with_the_field_named_and_nothing_made(
    cleo: Runner, over: dict[str, str], field: str, says: str
) -> None:
    invite, token = accounts.make_invite(cleo.coach, cleo, EMAIL)
    before = _users()
    answer = _accept(Client(), f"/invites/{token}/", **over)
    assert answer.status_code == 422
    page = answer.content.decode()
    error = re.search(rf'id="id_{field}_error">(.*?)</span></span>', page, re.S)
    assert error is not None, page
    assert escape(says) in error.group(1) or says in error.group(1)
    assert "<script>alert" not in page
    invite.refresh_from_db()
    cleo.refresh_from_db()
    assert (_users(), invite.used_at, cleo.user) == (before, None, None)


@pytest.mark.django_db
def test_a_password_like_the_email_is_refused(cleo: Runner) -> None:
    _, token = accounts.make_invite(cleo.coach, cleo, "tempo.runner.hills@example.org")
    answer = _accept(
        Client(),
        f"/invites/{token}/",
        username="cleo",
        password1="tempo.runner.hills",
        password2="tempo.runner.hills",
    )
    assert answer.status_code == 422
    assert "too similar" in answer.content.decode()


@pytest.mark.django_db
def test_a_taken_username_is_refused_whatever_its_case(ana: Runner, cleo: Runner) -> None:
    _, token = accounts.make_invite(cleo.coach, cleo, EMAIL)
    answer = _accept(Client(), f"/invites/{token}/", username=ana.user.username.upper())
    assert answer.status_code == 422
    assert "A user with that username already exists" in answer.content.decode()


@pytest.mark.django_db
def test_a_failure_while_accepting_leaves_no_login_and_the_invitation_unused(
    ana: Runner, cleo: Runner
) -> None:
    invite, _ = accounts.make_invite(cleo.coach, cleo, EMAIL)
    before = _users()
    taken = accounts.NewLogin(username=ana.user.username, email=EMAIL, password=GOOD_PASSWORD)
    with pytest.raises(IntegrityError):
        accounts.accept_invite(invite, taken)  # the form's check skipped: the database refuses
    invite.refresh_from_db()
    cleo.refresh_from_db()
    assert (_users(), invite.used_at, cleo.user) == (before, None, None)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("email", "says"),
    [
        ("not-an-email", "Enter a valid email address"),
        ("a" * 64 + "@" + "b" * 186 + ".org", "at most 254 characters"),
        ("", "This field is required"),
        ("<script>@example.org", "Enter a valid email address"),
    ],
    ids=["not an email", "255 characters", "missing", "script"],
)
def test_a_bad_email_is_refused_and_nothing_sent(
    login: Any, cleo: Runner, mailoutbox: list[Any], email: str, says: str
) -> None:
    answer = login(cleo.coach.user).post("/runners/cleo/invite/", {"email": email})
    assert answer.status_code == 422
    assert says in answer.content.decode()
    assert "<script>@" not in answer.content.decode()
    assert (Invite.objects.count(), len(mailoutbox)) == (0, 0)


@pytest.mark.django_db
def test_names_that_carry_a_script_are_escaped_on_every_page(
    coach: Coach, login: Any, mailoutbox: list[Any]
) -> None:
    script = "<script>alert(1)</script>"
    runner = make_runner(coach, "cleo", login=False, name=script)
    coach.name = f"Coach {script}"
    coach.save()
    client = login(coach.user)
    client.post("/runners/cleo/invite/", {"email": EMAIL})
    link = _link_in(mailoutbox[0])
    assert "\n" not in mailoutbox[0].subject
    pages = [client.get("/runners/cleo/invite/"), Client().get(link)]
    for page in pages:
        assert page.status_code == 200
        assert script not in page.content.decode()
        assert escape(script) in page.content.decode()
    assert runner.invites.count() == 1


# --- who may invite: one table over the pages and the endpoints -----------------------------------


@pytest.fixture
def ana_invite(ana: Runner) -> Invite:
    """An invitation of Ana sent before the administrator gave her a login."""
    user, ana.user = ana.user, None
    ana.save()
    invite, _ = accounts.make_invite(ana.coach, ana, "ana@example.org")
    ana.user = user
    ana.save()
    return invite


INVITE_BODY = {"email": "someone@example.org"}

INVITE_TABLE: list[tuple[str, str, Any, tuple[int, ...]]] = [
    ("get", "/runners/ana/invite/", None, (302, 200, 404, 403, 404)),
    ("post", "/runners/ana/invite/", INVITE_BODY, (302, 422, 404, 403, 404)),
    ("post", "/runners/ana/invite/{invite}/revoke/", {}, (302, 302, 404, 403, 404)),
    ("post", "/runners/ana/invite/{invite}/resend/", {}, (302, 302, 404, 403, 404)),
    ("get", "/runners/nobody/invite/", None, (302, 404, 404, 404, 404)),
    ("get", "/api/runners/ana/invites", None, (401, 200, 404, 403, 404)),
    ("post", "/api/runners/ana/invites", INVITE_BODY, (401, 422, 404, 403, 404)),
    ("delete", "/api/runners/ana/invites/{invite}", None, (401, 204, 404, 403, 404)),
    ("get", "/api/runners/nobody/invites", None, (401, 404, 404, 404, 404)),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path", "body", "actor", "status"), access_cases(INVITE_TABLE))
def test_each_actor_gets_the_expected_status_on_the_invitation_pages_and_endpoints(
    method: str,
    path: str,
    body: Any,
    actor: str,
    status: int,
    login: Any,
    ana: Runner,
    ben: Runner,
    zoe: Runner,
    ana_invite: Invite,
) -> None:
    client = login(actor_user(actor, ana, ben, zoe))
    url = path.format(invite=ana_invite.pk)
    if url.startswith("/api/"):
        response = send_json(client, method, url, body)
    else:
        response = client.get(url) if method == "get" else client.post(url, body)
    assert response.status_code == status
    ana_invite.refresh_from_db()
    withdrawing = actor == "owner_coach" and ("revoke" in path or method == "delete")
    assert (ana_invite.revoked_at is not None) == withdrawing


@pytest.mark.django_db
def test_another_coachs_invitation_id_under_your_runner_is_not_found(
    login: Any, cleo: Runner, zoe: Runner
) -> None:
    theirs, _ = accounts.make_invite(cleo.coach, cleo, EMAIL)
    client = login(zoe.coach.user)
    assert client.delete(f"/api/runners/zoe/invites/{theirs.pk}").status_code == 404
    assert client.post(f"/runners/zoe/invite/{theirs.pk}/revoke/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


# --- the API --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_api_invites_lists_and_withdraws_without_ever_listing_the_link(
    login: Any, cleo: Runner, mailoutbox: list[Any]
) -> None:
    client = login(cleo.coach.user)
    made = send_json(client, "post", "/api/runners/cleo/invites", {"email": EMAIL})
    assert made.status_code == 201
    body = made.json()
    assert body["state"] == "pending" and body["email"] == EMAIL
    assert body["link"].startswith("http://testserver/invites/")
    assert body["link"].endswith(_link_in(mailoutbox[0]))
    listed = client.get("/api/runners/cleo/invites")
    assert [i["id"] for i in listed.json()] == [body["id"]]
    assert "link" not in listed.json()[0]
    assert body["link"].split("/")[-2] not in listed.content.decode()
    gone = client.delete(f"/api/runners/cleo/invites/{body['id']}")
    assert gone.status_code == 204
    assert client.get("/api/runners/cleo/invites").json()[0]["state"] == "revoked"
    assert Client().get(_link_in(mailoutbox[0])).status_code == 410


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    [{}, {"email": "nope"}, {"email": 5}, {"email": "a" * 250 + "@x.org"}, {"email": None}],
    ids=["missing", "not an email", "a number", "too long", "null"],
)
def test_the_api_refuses_a_bad_email_naming_the_field(
    login: Any, cleo: Runner, mailoutbox: list[Any], body: dict[str, Any]
) -> None:
    answer = send_json(login(cleo.coach.user), "post", "/api/runners/cleo/invites", body)
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["email"]
    assert (Invite.objects.count(), len(mailoutbox)) == (0, 0)


# --- signing up -----------------------------------------------------------------------------------

SIGNUP = {
    "name": "Sam Self",
    "handle": "sam",
    "username": "sam",
    "email": "sam@example.org",
    "password1": GOOD_PASSWORD,
    "password2": GOOD_PASSWORD,
}


@pytest.mark.django_db
def test_a_self_coached_runner_signs_up_and_lands_on_their_page(client: Client) -> None:
    assert client.get("/signup/").status_code == 200
    answer = client.post("/signup/", SIGNUP)
    assert (answer.status_code, answer["Location"]) == (302, "/runners/sam/")
    runner = Runner.objects.select_related("coach__user", "user").get(handle="sam")
    user = runner.user
    assert user is not None and runner.coach.user == user
    assert (user.username, user.email, runner.name, runner.coach.name) == (
        "sam",
        "sam@example.org",
        "Sam Self",
        "Sam Self",
    )
    assert can_coach(user, runner)
    assert client.get("/runners/sam/").status_code == 200
    assert client.get("/runners/sam/screens/new/").status_code == 200  # their own coach
    me = client.get("/api/me").json()
    assert me == {
        "username": "sam",
        "email": "sam@example.org",
        "is_coach": True,
        "coach_name": "Sam Self",
        "runner": "sam",
    }


@pytest.mark.django_db
def test_a_signed_up_runner_logs_in_again_and_is_still_throttled(client: Client) -> None:
    client.post("/signup/", SIGNUP)
    assert (
        Client().post("/login/", {"username": "sam", "password": GOOD_PASSWORD}).status_code == 302
    )
    other = Client()
    for _ in range(5):
        other.post("/login/", {"username": "sam", "password": "wrong"}, REMOTE_ADDR="192.0.2.9")
    locked = other.post(
        "/login/", {"username": "sam", "password": GOOD_PASSWORD}, REMOTE_ADDR="192.0.2.9"
    )
    assert locked.status_code == 429


@pytest.mark.django_db
def test_two_self_coached_runners_may_choose_the_same_handle_and_each_sees_their_own(
    ana: Runner,
) -> None:
    first, second = Client(), Client()
    assert first.post("/signup/", SIGNUP | {"handle": "ana"}).status_code == 302
    answer = second.post(
        "/signup/", SIGNUP | {"handle": "ana", "username": "sam2", "name": "Sam Two"}
    )
    assert answer.status_code == 302
    assert "Sam Self" in first.get("/runners/ana/").content.decode()
    assert "Sam Two" in second.get("/runners/ana/").content.decode()
    assert [r["name"] for r in first.get("/api/runners").json()] == ["Sam Self"]
    assert Runner.objects.filter(handle="ana").count() == 3  # the coach's Ana is untouched


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("over", "field", "says"),
    [
        ({"handle": "Bad Handle!"}, "handle", "expected a short handle"),
        ({"handle": "new"}, "handle", "is reserved"),
        ({"handle": "h" * 41}, "handle", "at most 40 characters"),
        ({"handle": ""}, "handle", "required"),
        ({"name": "n" * 121}, "name", "at most 120 characters"),
        ({"name": ""}, "name", "required"),
        ({"email": ""}, "email", "required"),
        ({"email": "not-an-email"}, "email", "Enter a valid email address"),
        ({"email": "a" * 250 + "@x.org"}, "email", "at most 254 characters"),
        ({"username": "coach"}, "username", "A user with that username already exists"),
        ({"username": "COACH"}, "username", "A user with that username already exists"),
        ({"username": "<b>x</b>"}, "username", "Enter a valid username"),
        ({"password2": "something-else-9"}, "password2", "didn’t match"),
        ({"password1": "password", "password2": "password"}, "password2", "too common"),
    ],
)
def test_bad_sign_up_input_is_refused_naming_the_field_and_nothing_is_made(
    client: Client, coach: Coach, over: dict[str, str], field: str, says: str
) -> None:
    before = (_users(), Coach.objects.count(), Runner.objects.count())
    answer = client.post("/signup/", SIGNUP | over)
    assert answer.status_code == 422
    page = answer.content.decode()
    error = re.search(rf'id="id_{field}_error">(.*?)</span></span>', page, re.S)
    assert error is not None, page
    assert escape(says) in error.group(1) or says in error.group(1)
    assert "<b>x</b>" not in page
    assert (_users(), Coach.objects.count(), Runner.objects.count()) == before
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_name_that_carries_a_script_is_escaped_on_the_runners_page(client: Client) -> None:
    script = "<script>alert(1)</script>"
    assert client.post("/signup/", SIGNUP | {"name": script}).status_code == 302
    page = client.get("/runners/sam/").content.decode()
    assert script not in page and escape(script) in page


@pytest.mark.django_db
def test_with_sign_up_closed_the_page_is_not_found_and_not_offered(
    client: Client, settings: Any
) -> None:
    settings.INSIDEOUT_OPEN_SIGNUP = False
    assert client.get("/signup/").status_code == 404
    assert client.post("/signup/", SIGNUP).status_code == 404
    assert not Runner.objects.exists()
    assert 'href="/signup/"' not in client.get("/login/").content.decode()
    settings.INSIDEOUT_OPEN_SIGNUP = True
    assert 'href="/signup/"' in client.get("/login/").content.decode()


# --- the navigation -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_navigation_offers_sign_up_and_log_in_to_a_visitor_and_the_account_to_a_user(
    login: Any, client: Client, ana: Runner
) -> None:
    visitor = client.get("/login/").content.decode()
    assert 'href="/signup/"' in visitor and 'href="/login/"' in visitor
    assert 'href="/account/tokens/"' not in visitor
    page = login(ana.user).get("/runners/ana/").content.decode()
    nav = page.split("<nav>", 1)[1].split("</nav>", 1)[0]
    for words in ['href="/account/tokens/">Tokens', 'href="/password_change/">Change password']:
        assert words in nav
    assert "Log out" in nav and 'href="/signup/"' not in nav


@pytest.mark.django_db
def test_the_runner_page_offers_the_invitation_only_to_the_coach_of_a_runner_without_a_login(
    login: Any, ana: Runner, cleo: Runner
) -> None:
    coach = login(cleo.coach.user)
    assert 'id="invite-link"' in coach.get("/runners/cleo/").content.decode()
    assert 'id="invite-link"' not in coach.get("/runners/ana/").content.decode()
    runner = Client()
    runner.force_login(ana.user)
    assert 'id="invite-link"' not in runner.get("/runners/ana/").content.decode()


def test_the_api_answers_are_documented(db: None) -> None:
    doc = json.loads(Client().get("/api/openapi.json").content)
    post = doc["paths"]["/api/runners/{handle}/invites"]["post"]["responses"]
    # 400 (not JSON) and 413 (too big) as every operation with a body (insideout.web.openapi)
    assert set(post) == {"201", "400", "401", "403", "404", "413", "422"}
    delete = doc["paths"]["/api/runners/{handle}/invites/{invite_id}"]["delete"]["responses"]
    # an id in the path: 422 when it is not a number (insideout.web.openapi)
    assert set(delete) == {"204", "401", "403", "404", "422"}
    schema = post["201"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert "link" in doc["components"]["schemas"][schema]["properties"]
