"""A runner's account deleted: every row and stored file of theirs, their login, and nothing of
anyone else's, all or nothing (issue 16, part 5).

Every model that holds a runner's data points at the runner (``on_delete=CASCADE``: screens and
their measures, runs, activity files, pain reports, strength sessions, overrides, clearances, cap
and log changes, imports, the advice's summary, the help thread, invitations, and whatever a later
app adds the same way), so deleting the runner's row deletes them, in one transaction. Before it,
:data:`runner_deleting` is sent: an app whose rows or files need more than the cascade (the
training app deletes the activity files a batch at a time, and removes uploads still waiting
under ``INSIDEOUT_UPLOAD_DIR`` once the transaction is committed, since a file cannot be rolled
back) does it there, inside the same transaction. Then their login goes, with what points at it
(API keys; a login's rows in other people's data, such as the author of a coach's log entry, are
kept with the author emptied), their sessions and their login-throttling records.

A login is also the runner's coach profile for a self-coached runner: it goes too, unless that
profile coaches other runners; then the login is a coach's and stays (said in the result).

The coach is told (:func:`insideout.people.roster.tell`: a notice on the dashboard and an email),
unless they did it themselves. A failure anywhere rolls everything back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

from insideout.people.models import Coach, Runner
from insideout.people.roster import tell

__all__ = ["Deleted", "delete_runner", "end_sessions", "runner_deleting"]

#: Sent with ``runner=`` inside the deletion's transaction, before the runner's row is deleted;
#: a receiver that raises stops the deletion and everything is rolled back.
runner_deleting = Signal()


@dataclass(frozen=True)
class Deleted:
    """What went: the runner (name and handle), whether their login went too, and the rows."""

    name: str
    handle: str
    login_deleted: bool
    rows: int


def end_sessions(user: User) -> int:
    """Delete the stored sessions of ``user`` (database sessions; other engines keep none here)."""
    if settings.SESSION_ENGINE != "django.contrib.sessions.backends.db":
        return 0
    pk, gone = str(user.pk), []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == pk:
            gone.append(session.pk)
    Session.objects.filter(pk__in=gone).delete()
    return len(gone)


def _forget_throttling(username: str) -> int:
    """django-axes keeps logins, failed and not, by username: theirs go too."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    return sum(
        model.objects.filter(username=username).delete()[0]
        for model in (AccessAttempt, AccessFailureLog, AccessLog)
    )


def _login_goes(runner: Runner, user: User) -> bool:
    """The login goes unless it is also the coach of other runners."""
    own = Coach.objects.filter(user=user).first()
    return own is None or not own.runners.exclude(pk=runner.pk).exists()


def _delete_login(user: User) -> int:
    rows = end_sessions(user) + _forget_throttling(user.get_username())
    count, _ = user.delete()  # its API keys and (self-coached) its coach profile with it
    return rows + count


def delete_runner(runner: Runner, *, by: Any) -> Deleted:
    """Delete the runner's account as described above; ``by`` is who asked (the runner or their
    coach). Everything in one transaction: an error anywhere leaves everything as it was."""
    with transaction.atomic():
        runner = (
            # lock the runner's row only: PostgreSQL refuses FOR UPDATE on the nullable side of
            # the outer join to their login
            Runner.objects.select_for_update(of=("self",))
            .select_related("coach__user", "user")
            .get(pk=runner.pk)
        )
        coach, user = runner.coach, runner.user
        name, handle = runner.name, runner.handle
        login = user is not None and _login_goes(runner, user)
        rows = 0
        for _, counted in runner_deleting.send(sender=Runner, runner=runner):
            rows += counted if isinstance(counted, int) else 0
        rows += runner.delete()[0]
        if user is not None and login:
            rows += _delete_login(user)
        # The coach is told unless they did it (or went with the login: a self-coached runner).
        if coach.user_id != getattr(by, "pk", None) and Coach.objects.filter(pk=coach.pk).exists():
            tell(coach, f"{name} ({handle}) deleted their account and all of their data.")
    return Deleted(name, handle, login, rows)
