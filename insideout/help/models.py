"""A runner's thread with their coach: messages, oldest first, each read or unread by each side.

A message is written by the runner (``runner``: the context of their advice attached), by their
coach (``coach``), or by insideout itself (``notice``: a red flag or a referral the runner logged,
without an author). "Unread" is a null ``read_by_coach_at`` or ``read_by_runner_at``: the coach
reads the runner's messages and the notices, the runner reads the coach's.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import GreaterThan, LessThanOrEqual

from insideout.people.models import Runner

__all__ = ["BODY_MAX", "Message"]

BODY_MAX = 2000  # characters of a message, whoever writes it (a notice is cut to it)


class Message(models.Model):
    """One message of a runner's thread (the runner, their coach, or a notice)."""

    class Kind(models.TextChoices):
        RUNNER = "runner", "from the runner"
        COACH = "coach", "from the coach"
        NOTICE = "notice", "notice"

    runner = models.ForeignKey(Runner, on_delete=models.CASCADE, related_name="help_messages")
    # Who wrote it; null for a notice (and when the account is gone: the message stays).
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField(max_length=6, choices=Kind.choices)
    body = models.TextField(max_length=BODY_MAX)
    # What the runner's advice said when they asked (recent pain, this week's plan, the rules
    # that hold), as plain strings and numbers: a copy, so the coach reads what the runner saw.
    context = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_by_coach_at = models.DateTimeField(null=True, blank=True)
    read_by_runner_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["runner", "created_at"], name="help_message_thread")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["runner", "coach", "notice"]),
                name="help_message_kind",
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("body"), BODY_MAX), name="help_message_body_max"
            ),
            models.CheckConstraint(
                condition=GreaterThan(Length("body"), 0), name="help_message_body_not_empty"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.runner.handle} {self.kind} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def by(self) -> str:
        """Who wrote it, as the thread shows it."""
        if self.kind == self.Kind.NOTICE:
            return "insideout"
        if self.kind == self.Kind.RUNNER:
            return self.runner.name
        coach = getattr(self.author, "coach", None) if self.author is not None else None
        return coach.name if coach is not None else "Coach"
