"""Who coaches whom, changed on purpose: a runner moved to another coach or made self-coached,
and the coach told of what happened to their roster (issue 16, part 5).

A coach who still has runners cannot be deleted (``Runner.coach`` is ``PROTECT``): each runner is
first moved to another coach (:func:`transfer`, by the new coach's username), made self-coached
(:func:`make_self_coached`: the runner's own login becomes their coach), or deleted on purpose
(:mod:`insideout.site.deletion`).

Telling the coach (:func:`tell`): the help thread's notices belong to a runner and go with them,
so a coach hears of a runner who deleted their account, or of a runner moved to them, through a
:class:`~insideout.people.models.CoachNotice` (shown on their dashboard until read, at
``/notices/``) and, when their login has an email address, an email sent once the change is
committed (a change rolled back tells nobody).
"""

from __future__ import annotations

from typing import Any

from django.core.mail import send_mail
from django.db import transaction

from insideout.core.errors import InputError, Issue
from insideout.people.models import Coach, CoachNotice, Runner

__all__ = ["USERNAME_MAX", "make_self_coached", "tell", "transfer"]

USERNAME_MAX = 150  # characters of a username (Django's own limit)


def _send(coach: Coach, subject: str, text: str) -> None:
    email = coach.user.email
    if email:
        send_mail(subject, text, None, [email], fail_silently=True)


def tell(coach: Coach, text: str, subject: str = "insideout: about your runners") -> CoachNotice:
    """A notice on the coach's dashboard and, once committed, an email if they gave an address."""
    notice = CoachNotice.objects.create(coach=coach, text=text[: CoachNotice.TEXT_MAX])
    transaction.on_commit(lambda: _send(coach, subject, notice.text))
    return notice


def _refuse(field: str, message: str) -> InputError:
    return InputError([Issue((field,), message)])


def _move(runner: Runner, to: Coach) -> None:
    """The runner (and the invitations sent to them) under ``to``; refused if ``to`` already has
    a runner with this handle."""
    if to.runners.filter(handle=runner.handle).exclude(pk=runner.pk).exists():
        raise _refuse(
            "coach",
            f"{to.name} already coaches a runner with the handle {runner.handle!r}; expected a "
            "coach without one",
        )
    runner.coach = to
    runner.save(update_fields=["coach"])
    runner.invites.update(coach=to)


def _new_coach(username: object) -> Coach:
    name = username.strip() if isinstance(username, str) else ""
    if not name or len(name) > USERNAME_MAX:
        raise _refuse("coach", f"expected the username of a coach, got {username!r}")
    coach = Coach.objects.select_related("user").filter(user__username=name).first()
    if coach is None:
        raise _refuse("coach", f"no coach has the username {name!r}; expected a coach's username")
    return coach


def transfer(runner: Runner, username: object, *, by: Any) -> Coach:
    """Move the runner to the coach whose login is ``username`` (told by a notice); an
    :class:`InputError` naming ``coach`` when there is no such coach, it is the runner's own, or
    that coach already has a runner with this handle."""
    with transaction.atomic():
        to = _new_coach(username)
        if to.pk == runner.coach_id:
            said = f"{to.name} already coaches {runner.name}; expected another coach"
            raise _refuse("coach", said)
        old = runner.coach
        _move(runner, to)
        tell(to, f"{old.name} moved {runner.name} ({runner.handle}) to you: they are yours now.")
    return to


def make_self_coached(runner: Runner, *, by: Any) -> Coach:
    """Make the runner their own coach: their login gets a coach profile (or keeps the one it
    has) and coaches them. Refused (naming ``coach``) for a runner without a login."""
    with transaction.atomic():
        if runner.user is None:
            raise _refuse(
                "coach",
                f"{runner.name} has no login to coach themself with; invite them first, or move "
                "them to another coach",
            )
        own, _ = Coach.objects.get_or_create(user=runner.user, defaults={"name": runner.name})
        if own.pk == runner.coach_id:
            raise _refuse("coach", f"{runner.name} already coaches themself")
        _move(runner, own)
    return own
