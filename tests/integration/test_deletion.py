"""Deleting a runner's account, and a coach who still has runners (issue 16, part 5).

Deletion is proved by counting, in every table (``apps.get_models()``, so a table added later is
counted too), the rows that are the runner's (pointing at them, at one of their rows, or at their
login) for the runner deleted and for another runner, before and after: the first all go, the
second all stay, and every table loses exactly the first's rows. A deletion that fails halfway
leaves every row of every table as it was.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.apps import apps
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.core import mail
from django.db import connection, models
from django.db.models.deletion import ProtectedError
from django.db.models.signals import post_delete

from insideout.help.models import Message
from insideout.people.accounts import make_invite
from insideout.people.deletion import delete_runner
from insideout.people.models import ApiToken, Coach, CoachNotice, Runner
from insideout.people.tokens import make_token
from insideout.training import services, summaries, uploads
from insideout.training.calendar_feeds import make_feed
from insideout.training.models import (
    CapChange,
    Clearance,
    GateOverride,
    ImportJob,
    LogChange,
    PainReport,
    Run,
)
from tests.integration.access import access_cases
from tests.integration.access import actor_user as _user
from tests.integration.conftest import KTW_RESTRICTED_LEFT, make_runner, make_screen
from tests.integration.test_red_team_imports import DATA, import_paths
from tests.integration.training_builders import TODAY, weeks_of_running

WATCH_FILE = DATA / "fit/sportslib__6909950168.fit"


@pytest.fixture(autouse=True)
def today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services, "today", lambda: TODAY)


# --- whose rows -----------------------------------------------------------------------------


def _owner_paths(model: type[models.Model]) -> list[str]:
    """How a row of ``model`` points at a runner: ``runner``, ``screen__runner``..."""
    paths = []
    for f in model._meta.get_fields():
        if not (f.is_relation and (f.many_to_one or f.one_to_one) and f.concrete):
            continue
        target = f.related_model
        if target is Runner:
            paths.append(f.name)
        elif target is not None and any(
            g.is_relation and g.concrete and g.related_model is Runner
            for g in target._meta.get_fields()
        ):
            paths += [f"{f.name}__{g.name}" for g in target._meta.get_fields()
                      if g.is_relation and g.concrete and g.related_model is Runner]  # fmt: skip
    return paths


def _login_paths(model: type[models.Model]) -> list[str]:
    return [
        f.name
        for f in model._meta.get_fields()
        if f.is_relation and f.concrete and f.related_model is User and f.name != "coach"
    ]


def rows_of(runner_pk: int, user_pk: int | None, username: str) -> dict[str, int]:
    """Every table's rows that are the runner's: theirs, their rows', their login's."""
    found: dict[str, int] = {}
    for model in apps.get_models():
        query = models.Q(pk=runner_pk) if model is Runner else models.Q(pk__in=[])
        for path in _owner_paths(model):
            query |= models.Q(**{path: runner_pk})
        if user_pk is not None:
            if model is User:
                query |= models.Q(pk=user_pk)
            if model is not Coach:  # a coach's profile is the coach's, not their runner's
                for path in _login_paths(model):
                    query |= models.Q(**{path: user_pk})
        if model is Session:
            keys = [s.pk for s in Session.objects.all()
                    if s.get_decoded().get("_auth_user_id") == str(user_pk)]  # fmt: skip
            query |= models.Q(pk__in=keys)
        if hasattr(model, "username") or "username" in {f.name for f in model._meta.fields}:
            if model is not User:
                query |= models.Q(username=username)
        found[model._meta.label] = model._default_manager.filter(query).count()
    return found


def totals() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


def snapshot() -> list[list[tuple[Any, ...]]]:
    with connection.cursor() as cursor:
        out = []
        for model in apps.get_models():
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"SELECT * FROM {table} ORDER BY 1")  # noqa: S608
            out.append(cursor.fetchall())
    return out


# --- a runner with a bit of everything ------------------------------------------------------


def everything(runner: Runner, client: Any, tmp_path: Any) -> None:
    """One of each of a runner's rows, their login's key, session and throttling record, and an
    upload still waiting on disk."""
    coach = runner.coach
    make_screen(runner, "2026-09-14", KTW_RESTRICTED_LEFT)
    weeks_of_running(runner, 2)
    PainReport.objects.create(runner=runner, date=TODAY, pain=2.0, created_by=runner.user)
    GateOverride.objects.create(runner=runner, date=TODAY, verdict="lock", reason="form first")
    Clearance.objects.create(runner=runner, date=TODAY, by="doctor", reason="all clear")
    CapChange.objects.create(runner=runner, new_pct=8.0, reason="why not", changed_by=coach.user)
    LogChange.objects.create(
        runner=runner, entry="run", entry_id=1, entry_date=TODAY, action="delete", before="5 km"
    )
    Message.objects.create(runner=runner, kind="runner", body="help", author=runner.user)
    assert len(import_paths(runner, WATCH_FILE).imported) == 1
    folder = uploads.upload_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"waiting-{runner.handle}.fit").write_bytes(b"...")
    ImportJob.objects.create(
        runner=runner, name="w.fit", size=3, stored=f"waiting-{runner.handle}.fit"
    )
    # the stored summary, as a write stores it once it commits (these tests do not commit)
    summaries.refresh(Runner.objects.filter(pk=runner.pk), TODAY)
    make_feed(runner, by=runner.user)  # the calendar's address goes with the runner too
    make_token(runner.user, "my script")
    client.force_login(runner.user)
    AccessAttempt.objects.create(
        username=runner.user.username, ip_address="127.0.0.1", user_agent="x", failures_since_start=1,
        get_data="", post_data="",
    )  # fmt: skip


@pytest.fixture
def world(client: Any, coach: Coach, ana: Runner, ben: Runner, tmp_path: Any) -> Iterator[Any]:
    everything(ana, client, tmp_path)
    from django.test import Client

    everything(ben, Client(), tmp_path)
    yield ana, ben


def owned(runner: Runner) -> dict[str, int]:
    assert runner.user is not None
    return rows_of(runner.pk, runner.user.pk, runner.user.username)


def test_deleting_a_runner_deletes_every_row_of_theirs_and_nothing_of_anyone_elses(
    client: Any, world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    ana, ben = world
    ana_rows, ben_rows, before = owned(ana), owned(ben), totals()
    kinds = {label for label, n in ana_rows.items() if n}
    assert {"people.Runner", "auth.User", "training.Run", "training.ActivityFile",
            "screening.Measure", "help.Message", "people.ApiToken", "sessions.Session",
            "axes.AccessAttempt", "training.AdviceSummary", "training.ImportJob",
            "training.CapChange", "training.LogChange", "training.CalendarFeed"} <= kinds  # fmt: skip
    key = (ana.pk, ana.user.pk, ana.user.username)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.delete("/api/runners/ana")
    assert response.status_code == 204
    assert set(rows_of(*key).values()) == {0}
    assert owned(ben) == ben_rows
    after = totals()
    changed = {
        label: before[label] - after[label] for label in before if before[label] != after[label]
    }
    assert changed == {label: n for label, n in ana_rows.items() if n} | {
        "people.CoachNotice": -1
    }  # the coach is told
    assert not (uploads.upload_dir() / "waiting-ana.fit").exists()
    assert (uploads.upload_dir() / "waiting-ben.fit").exists()


def test_the_coach_is_told_on_the_dashboard_and_by_email_when_a_runner_deletes_themself(
    login: Any, coach: Coach, ana: Runner, django_capture_on_commit_callbacks: Any
) -> None:
    coach.user.email = "coach@example.org"
    coach.user.save()
    with django_capture_on_commit_callbacks(execute=True):
        delete_runner(ana, by=ana.user)
    (notice,) = CoachNotice.objects.filter(coach=coach)
    assert notice.text == "Ana (ana) deleted their account and all of their data."
    (email,) = mail.outbox
    assert email.to == ["coach@example.org"] and notice.text in email.body
    page = login(coach.user).get("/").content.decode()
    assert notice.text in page
    login(coach.user).post("/notices/")
    assert CoachNotice.objects.get().read_at is not None
    assert notice.text not in login(coach.user).get("/").content.decode()


def test_a_coach_who_deletes_their_runner_on_purpose_deletes_the_login_and_is_not_told(
    login: Any, coach: Coach, ana: Runner
) -> None:
    user_pk = ana.user_id
    page = login(coach.user).get("/runners/ana/delete/")
    assert page.status_code == 200 and "Download all of Ana" in page.content.decode()
    wrong = login(coach.user).post("/runners/ana/delete/", {"confirm": "Ana"})
    assert wrong.status_code == 200 and "expected the handle ana" in wrong.content.decode()
    assert Runner.objects.filter(pk=ana.pk).exists()
    done = login(coach.user).post("/runners/ana/delete/", {"confirm": "ana"})
    assert done.status_code == 302 and done["Location"] == "/"
    assert not Runner.objects.filter(pk=ana.pk).exists()
    assert not User.objects.filter(pk=user_pk).exists()
    assert not CoachNotice.objects.exists()


def test_a_runner_who_deletes_themself_is_logged_out_and_told(login: Any, ana: Runner) -> None:
    client = login(ana.user)
    done = client.post("/runners/ana/delete/", {"confirm": "ana"})
    assert done.status_code == 200 and "Your account is deleted" in done.content.decode()
    assert client.get("/").status_code == 302  # to the login page
    assert not Session.objects.exists()


def test_a_deletion_that_fails_halfway_leaves_everything_as_it_was(
    client: Any, world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    ana, _ = world

    def fail(sender: Any, instance: Any, **kwargs: Any) -> None:
        raise RuntimeError("the disk is full")

    before = snapshot()
    post_delete.connect(fail, sender=Run, dispatch_uid="test-fail-halfway")
    try:
        with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
            delete_runner(ana, by=ana.user)
    finally:
        post_delete.disconnect(dispatch_uid="test-fail-halfway", sender=Run)
    assert snapshot() == before
    assert (uploads.upload_dir() / "waiting-ana.fit").exists()


def test_a_self_coached_runner_deleting_themself_takes_their_coach_profile_too(
    db: None, client: Any
) -> None:
    mia_user = User.objects.create_user("mia", password="pw")
    own = Coach.objects.create(user=mia_user, name="Mia")
    Runner.objects.create(coach=own, handle="mia", name="Mia", user=mia_user)
    client.force_login(mia_user)
    assert client.delete("/api/runners/mia").status_code == 204
    assert not User.objects.exists() and not Coach.objects.exists() and not Runner.objects.exists()
    assert not CoachNotice.objects.exists()


def test_a_login_that_also_coaches_other_runners_stays_when_its_runner_is_deleted(
    coach: Coach, zoe: Runner
) -> None:
    # The coach's own login is also a runner of another coach: deleting that runner keeps it.
    runner = Runner.objects.create(coach=zoe.coach, handle="coachy", name="Coachy", user=coach.user)
    make_runner(coach, "ana")
    done = delete_runner(runner, by=zoe.coach.user)
    assert not done.login_deleted
    assert User.objects.filter(pk=coach.user.pk).exists() and coach.runners.count() == 1


DELETES = [
    ("delete", "/api/runners/ana", None, (401, 204, 404, 204, 404)),
    ("delete", "/api/v1/runners/ana", None, (401, 204, 404, 204, 404)),
    ("post", "/runners/ana/delete/", {"confirm": "ana"}, (302, 302, 404, 200, 404)),
]


@pytest.mark.parametrize(("method", "path", "body", "actor", "status"), access_cases(DELETES))
def test_only_the_runner_and_their_coach_delete_the_account(
    login: Any, ana: Runner, ben: Runner, zoe: Runner, method: str, path: str, body: Any,
    actor: str, status: int,
) -> None:  # fmt: skip
    client = login(_user(actor, ana, ben, zoe))
    response = client.delete(path) if method == "delete" else client.post(path, body)
    assert response.status_code == status
    gone = status in (204, 200) or (status == 302 and actor != "anonymous")
    assert Runner.objects.filter(pk=ana.pk).exists() is not gone
    if status == 404 and path.startswith("/api/"):
        assert response.json()["detail"][0]["msg"] == "Not Found"


# --- a coach who still has runners --------------------------------------------------------------


def test_a_coach_with_runners_cannot_be_deleted_until_each_is_moved_self_coached_or_deleted(
    login: Any, coach: Coach, other_coach: Coach, ana: Runner, ben: Runner
) -> None:
    nia = make_runner(coach, "nia")
    with pytest.raises(ProtectedError):
        coach.user.delete()
    client = login(coach.user)
    moved = client.post("/runners/ana/transfer/", {"to": "coach", "coach": "other"})
    assert moved.status_code == 302
    assert Runner.objects.get(pk=ana.pk).coach == other_coach
    (notice,) = CoachNotice.objects.filter(coach=other_coach)
    assert "moved Ana (ana) to you" in notice.text
    assert client.get("/runners/ana/").status_code == 404
    assert login(other_coach.user).get("/runners/ana/").status_code == 200
    client = login(coach.user)
    self_coached = client.post("/runners/ben/transfer/", {"to": "self"})
    assert self_coached.status_code == 302
    ben.refresh_from_db()
    assert ben.coach.user == ben.user and ben.coach.name == "Ben"
    with pytest.raises(ProtectedError):
        coach.user.delete()
    client.post("/runners/nia/delete/", {"confirm": "nia"})
    coach.user.delete()
    assert not Coach.objects.filter(pk=coach.pk).exists()
    assert Runner.objects.filter(handle__in=["ana", "ben"]).count() == 2
    assert not Runner.objects.filter(pk=nia.pk).exists()


@pytest.mark.parametrize(
    ("data", "said"),
    [
        ({"to": "coach", "coach": "nobody"}, "no coach has the username"),
        ({"to": "coach", "coach": ""}, "expected the username of a coach"),
        ({"to": "coach", "coach": "coach"}, "already coaches Ana"),
        ({"to": "coach", "coach": "x" * 151}, "at most 150 characters"),
        ({"to": "elsewhere"}, "Select a valid choice"),
    ],
)
def test_a_transfer_that_cannot_be_done_says_why_and_moves_nobody(
    login: Any, coach: Coach, ana: Runner, data: dict[str, str], said: str
) -> None:
    response = login(coach.user).post("/runners/ana/transfer/", data)
    assert response.status_code == 200 and said in response.content.decode()
    assert Runner.objects.get(pk=ana.pk).coach == coach


def test_a_runner_is_not_moved_to_a_coach_who_has_one_with_the_same_handle(
    login: Any, coach: Coach, other_coach: Coach, ana: Runner
) -> None:
    make_runner(other_coach, "ana", name="Their Ana")
    response = login(coach.user).post("/runners/ana/transfer/", {"to": "coach", "coach": "other"})
    assert "already coaches a runner with the handle &#x27;ana&#x27;" in response.content.decode()
    assert Runner.objects.get(pk=ana.pk).coach == coach


def test_a_runner_without_a_login_cannot_be_made_self_coached(login: Any, coach: Coach) -> None:
    make_runner(coach, "nia", login=False)
    response = login(coach.user).post("/runners/nia/transfer/", {"to": "self"})
    assert "has no login to coach themself with" in response.content.decode()


@pytest.mark.parametrize(
    ("actor", "status"),
    [("anonymous", 302), ("owner_coach", 200), ("other_coach", 404), ("runner_themself", 403),
     ("another_runner", 404)],
)  # fmt: skip
def test_only_the_runners_coach_moves_them(
    login: Any, ana: Runner, ben: Runner, zoe: Runner, actor: str, status: int
) -> None:
    assert login(_user(actor, ana, ben, zoe)).get("/runners/ana/transfer/").status_code == status


def test_the_admin_shows_why_a_coach_with_runners_cannot_be_deleted(
    client: Any, coach: Coach, ana: Runner
) -> None:
    admin = User.objects.create_superuser("root", "root@example.org", "pw")
    client.force_login(admin)
    page = client.get(f"/admin/auth/user/{coach.user.pk}/delete/").content.decode()
    assert "would require deleting the following protected related objects" in page
    assert "Ana (ana)" in page
    client.post(f"/admin/auth/user/{coach.user.pk}/delete/", {"post": "yes"})
    assert User.objects.filter(pk=coach.user.pk).exists()


def test_an_api_token_of_the_deleted_runner_no_longer_works(client: Any, ana: Runner) -> None:
    _, key = make_token(ana.user, "script")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    assert client.get("/api/me", **auth).status_code == 200
    assert client.delete("/api/runners/ana", **auth).status_code == 204
    assert client.get("/api/me", **auth).status_code == 401
    assert not ApiToken.objects.exists()


def test_deleting_an_invited_runner_deletes_the_invitation(coach: Coach) -> None:
    nia = make_runner(coach, "nia", login=False)
    make_invite(coach, nia, "nia@example.org", now=dt.datetime.now(dt.UTC))
    delete_runner(nia, by=coach.user)
    assert not nia.invites.model.objects.exists()
