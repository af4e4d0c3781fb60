"""Writing to a thread and reading it: the one path pages and the API share.

Who may open a runner's thread is :mod:`insideout.people.access`'s question (the runner and their
coach, :func:`~insideout.people.access.runner_or_404`); here only which side of the thread a user
who may is on: the runner's coach writes as the coach, anyone else who sees the runner is the runner
themself. A runner's message carries the context of their advice (:mod:`insideout.help.context`).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from insideout.core.errors import InputError, Issue
from insideout.help.context import snapshot
from insideout.help.models import BODY_MAX, Message
from insideout.help.queries import FOR_COACH, FOR_RUNNER
from insideout.people.access import can_coach
from insideout.people.models import Runner
from insideout.training import services

__all__ = ["clean_body", "mark_read", "send", "side"]


def side(user: Any, runner: Runner) -> Message.Kind:
    """The side of the runner's thread a user who may see the runner writes and reads on."""
    return Message.Kind.COACH if can_coach(user, runner) else Message.Kind.RUNNER


def clean_body(raw: object) -> str:
    """The message's text, trimmed, or an :class:`InputError` naming ``body``."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        why = "expected a message, got nothing"
    elif not isinstance(raw, str):
        why = f"expected the message as text, got {raw!r}"
    elif len(raw.strip()) > BODY_MAX:
        why = f"expected at most {BODY_MAX} characters, got {len(raw.strip())}"
    else:
        return raw.strip()
    raise InputError([Issue(("body",), why)])


def send(runner: Runner, user: Any, raw: object) -> Message:
    """Store a message from ``user`` (the runner, with the context of their advice, or their
    coach); an :class:`InputError` naming ``body`` stores nothing."""
    body = clean_body(raw)
    kind = side(user, runner)
    context = snapshot(runner, services.today()) if kind == Message.Kind.RUNNER else {}
    with transaction.atomic():
        return Message.objects.create(
            runner=runner, author=user, kind=kind, body=body, context=context
        )


def mark_read(runner: Runner, user: Any) -> int:
    """Mark the other side's messages of the thread read for the user's side; how many were."""
    now = timezone.now()
    messages = runner.help_messages.all()
    if side(user, runner) == Message.Kind.COACH:
        unread = messages.filter(kind__in=FOR_COACH, read_by_coach_at__isnull=True)
        return unread.update(read_by_coach_at=now)
    unread = messages.filter(kind__in=FOR_RUNNER, read_by_runner_at__isnull=True)
    return unread.update(read_by_runner_at=now)
