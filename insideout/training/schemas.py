"""The API's typed shapes for runs, pain reports and strength sessions.

The request bodies are read by the core's parser (see :mod:`insideout.training.services`) so that
every problem answers 422 naming its field; these schemas document them in the OpenAPI document.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Field, Schema

from insideout.screening.schemas import _inline

__all__ = [
    "MorningIn",
    "OverrideIn",
    "OverrideOut",
    "PainIn",
    "PainOut",
    "RunIn",
    "RunOut",
    "SettingsIn",
    "SettingsOut",
    "StrengthIn",
    "StrengthOut",
    "body_openapi",
]


class RunIn(Schema):
    date: dt.date
    distance_km: float = Field(ge=0, examples=[5.0])
    duration_min: float = Field(ge=0, examples=[31])
    rpe: float | None = Field(None, ge=0, le=10, examples=[4])
    pain_during: float = Field(0, ge=0, le=10)
    pain_after: float = Field(0, ge=0, le=10)
    pain_next_morning: float | None = Field(None, ge=0, le=10)
    pain_site: str | None = Field(None, examples=["knee"])
    pain_side: Literal["left", "right"] | None = None
    red_flags: list[str] = Field(default_factory=list, examples=[["night_pain"]])
    cadence_spm: float | None = Field(None, ge=60, le=300)


class MorningIn(Schema):
    """What may be added to a logged run: the next-morning pain and details about the pain."""

    pain_next_morning: float | None = Field(None, ge=0, le=10, examples=[1])
    pain_site: str | None = None
    pain_side: Literal["left", "right"] | None = None
    red_flags: list[str] | None = None


class RunOut(Schema):
    id: int
    date: dt.date
    distance_km: float
    duration_min: float
    rpe: float | None
    pain_during: float
    pain_after: float
    pain_next_morning: float | None
    pain_site: str | None
    pain_side: Literal["left", "right"] | None
    red_flags: list[str]
    cadence_spm: float | None
    load: float | None
    created_at: dt.datetime


class PainIn(Schema):
    """Pain felt on a day without a run (at rest, at night); the site and flags are the method's."""

    date: dt.date
    pain: float = Field(ge=0, le=10, examples=[4])
    site: str | None = Field(None, examples=["shin"])
    side: Literal["left", "right"] | None = None
    red_flags: list[str] = Field(default_factory=list, examples=[["night_pain"]])


class PainOut(Schema):
    id: int
    date: dt.date
    pain: float
    site: str | None
    side: Literal["left", "right"] | None
    red_flags: list[str]
    created_at: dt.datetime


class StrengthIn(Schema):
    date: dt.date
    completed: bool = True


class StrengthOut(Schema):
    id: int
    date: dt.date
    completed: bool
    created_at: dt.datetime


class SettingsIn(Schema):
    """The coach's settings for one runner; null goes back to the method's default."""

    weekly_increase_pct: float | None = Field(None, ge=0, le=100, examples=[8])


class SettingsOut(Schema):
    """The runner's weekly cap in force, who set it, and where a coach may set it."""

    weekly_increase_pct: float | None  # the coach's value; null: the default applies
    weekly_increase_in_force: float
    weekly_increase_default: float
    weekly_increase_min: float
    weekly_increase_max: float
    evidence: list[str]


class OverrideIn(Schema):
    """A coach's unlock or lock of technique work from a day on; the reason is required."""

    date: dt.date
    rule: Literal["gate.technique"] = "gate.technique"
    verdict: Literal["unlock", "lock"]
    reason: str = Field(min_length=1, max_length=500, examples=["cleared by the physio"])


class OverrideOut(Schema):
    id: int
    date: dt.date
    rule: str
    verdict: Literal["unlock", "lock"]
    reason: str
    created_by: str | None
    created_at: dt.datetime


def body_openapi(schema: type[Schema]) -> dict[str, Any]:
    """The ``requestBody`` for the OpenAPI document of an endpoint that parses its own body."""
    return {
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": _inline(schema.model_json_schema())}},
        }
    }
