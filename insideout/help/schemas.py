"""The API's shapes for a runner's thread, and the one error shape as OpenAPI shows it."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Schema

from insideout.help.models import BODY_MAX

__all__ = ["ContextValue", "ErrorOut", "IssueOut", "MessageIn", "MessageOut"]

ContextValue = str | float | list[str]


class MessageIn(Schema):
    """A message to the thread (the runner, or their coach)."""

    body: str = Field(
        description=f"The message, 1 to {BODY_MAX} characters (trimmed).",
        min_length=1,
        max_length=BODY_MAX,
        examples=["My knee hurts again after yesterday's run. Should I rest?"],
    )


class MessageOut(Schema):
    """One message of a runner's thread, oldest first in a list."""

    id: int
    kind: Literal["runner", "coach", "notice"] = Field(
        description="runner or coach: who wrote it; notice: a red flag or a referral the runner "
        "logged, written by insideout"
    )
    by: str = Field(description="Who wrote it, by name (insideout for a notice).")
    body: str
    context: dict[str, ContextValue] = Field(
        description="With a runner's message: their advice when they wrote, in plain words "
        "(on, phase, pain, plan, planned_km, decisions, referral); empty otherwise."
    )
    created_at: dt.datetime
    read_by_coach_at: dt.datetime | None = Field(description="null: the coach has not read it")
    read_by_runner_at: dt.datetime | None = Field(description="null: the runner has not read it")


class IssueOut(Schema):
    """One problem: where (``loc``, ``field``), what was expected (``msg``)."""

    loc: list[str | int]
    field: str
    msg: str
    source: str | None = None


class ErrorOut(Schema):
    """Every error of the API: ``{"detail": [...]}``."""

    detail: list[IssueOut] = Field(
        examples=[[{"loc": ["body"], "field": "body", "msg": "expected a message, got nothing",
                    "source": None}]]
    )  # fmt: skip
