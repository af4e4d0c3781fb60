"""Threads read, never written: a runner's thread, the unread counts, the coach's inbox.

Each is one query, whatever the number of runners or messages, so the dashboard and every page's
header may ask. Unread for the coach: the runner's messages and the notices the coach has not
opened; unread for the runner: the coach's answers the runner has not opened.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    Exists,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)

from insideout.help.models import Message
from insideout.people.models import Coach, Runner

__all__ = [
    "FOR_COACH",
    "FOR_RUNNER",
    "Waiting",
    "asked_for_help",
    "inbox",
    "is_unread",
    "thread",
    "unread_for_coach",
    "unread_for_runner",
    "waiting",
]

# The kinds each side reads (and so has unread).
FOR_COACH = (Message.Kind.RUNNER, Message.Kind.NOTICE)
FOR_RUNNER = (Message.Kind.COACH,)

_UNREAD_BY_COACH = Q(kind__in=FOR_COACH, read_by_coach_at__isnull=True)
_UNREAD_BY_RUNNER = Q(kind__in=FOR_RUNNER, read_by_runner_at__isnull=True)


def asked_for_help() -> Exists:
    """A condition on runners: the coach has something of theirs unread (a message or a notice);
    for a filter over a coach's runners (the dashboard's "asked for help"), one subquery."""
    return Exists(Message.objects.filter(_UNREAD_BY_COACH, runner=OuterRef("pk")))


def thread(runner: Runner) -> QuerySet[Message]:
    """All the runner's messages, oldest first, with who wrote them."""
    return runner.help_messages.select_related("runner", "author__coach").order_by(
        "created_at", "id"
    )


def is_unread(message: Message, side: str) -> bool:
    """Whether the message is unread by ``side`` (``coach`` or ``runner``)."""
    if side == Message.Kind.COACH:
        return message.kind in FOR_COACH and message.read_by_coach_at is None
    return message.kind in FOR_RUNNER and message.read_by_runner_at is None


@dataclass(frozen=True)
class Waiting:
    """A runner whose thread has messages the coach has not read, and how many."""

    id: int
    handle: str
    name: str
    unread: int


def waiting(coach: Coach) -> list[Waiting]:
    """The coach's runners with unread messages (runner's messages and notices), by name."""
    rows = (
        Message.objects.filter(_UNREAD_BY_COACH, runner__coach=coach)
        .values("runner", "runner__handle", "runner__name")
        .annotate(n=Count("id"))
        .order_by("runner__name", "runner__handle")
        .values_list("runner", "runner__handle", "runner__name", "n")
    )
    return [Waiting(*row) for row in rows if row[3]]


def unread_for_coach(coach: Coach) -> dict[int, int]:
    """Runner id -> how many of their messages and notices the coach has not read (only runners
    with at least one)."""
    return {w.id: w.unread for w in waiting(coach)}


def unread_for_runner(runner: Runner) -> int:
    """How many of the coach's answers the runner has not read."""
    return runner.help_messages.filter(_UNREAD_BY_RUNNER).count()


def inbox(coach: Coach) -> QuerySet[Runner]:
    """The coach's runners that have a thread: those with unread messages first, then the newest
    message first; each with ``unread``, ``total``, ``last_at`` and ``last_body``."""
    unread = Q(help_messages__kind__in=FOR_COACH, help_messages__read_by_coach_at__isnull=True)
    newest = Message.objects.filter(runner=OuterRef("pk")).order_by("-created_at", "-id")
    return (
        Runner.objects.filter(coach=coach)
        .annotate(
            unread=Count("help_messages", filter=unread),
            total=Count("help_messages"),
            last_at=Max("help_messages__created_at"),
            last_body=Subquery(newest.values("body")[:1]),
        )
        .filter(total__gt=0)
        .annotate(waiting=Case(When(unread__gt=0, then=Value(1)), default=Value(0)))
        .order_by("-waiting", "-last_at", "name", "handle")
    )
