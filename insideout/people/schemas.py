"""The API's typed shapes for runners (they drive validation and the OpenAPI document)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from ninja import Field, Schema
from pydantic import field_validator

from insideout.people.models import HANDLE_PATTERN, RESERVED_HANDLES, time_zones

__all__ = [
    "ErrorOut",
    "InviteIn",
    "InviteMadeOut",
    "InviteOut",
    "InviteState",
    "MeOut",
    "RunnerIn",
    "RunnerOut",
    "RunnerPatch",
    "SexName",
    "TokenIn",
    "TokenMadeOut",
    "TokenOut",
    "errors",
]

SexName = Literal["female", "male", "unspecified"]


class RunnerIn(Schema):
    """A runner to add to the logged-in coach's list."""

    handle: str = Field(pattern=HANDLE_PATTERN, examples=["ana"])
    name: str = Field(min_length=1, max_length=120, examples=["Ana Ruiz"])
    sex: SexName = "unspecified"
    birth_year: int | None = Field(default=None, ge=1900, le=2100, examples=[1990])
    # null or absent: the default zone (INSIDEOUT_DEFAULT_TIME_ZONE)
    time_zone: str | None = Field(default=None, max_length=64, examples=["Europe/Madrid"])

    @field_validator("time_zone")
    @classmethod
    def _a_zone(cls, value: str | None) -> str | None:
        return _zone(value)

    @field_validator("handle")
    @classmethod
    def _not_reserved(cls, value: str) -> str:
        if value in RESERVED_HANDLES:
            raise ValueError(f"{value!r} is reserved; choose another handle")
        return value


def _zone(value: str | None) -> str | None:
    if value is not None and value not in time_zones():
        raise ValueError(
            f"{value!r} is not a time zone; expected an IANA name such as 'Europe/Madrid'"
        )
    return value


class RunnerPatch(Schema):
    """What may change on a runner after they are added: where they live."""

    time_zone: str = Field(max_length=64, examples=["Australia/Sydney"])

    @field_validator("time_zone")
    @classmethod
    def _a_zone(cls, value: str) -> str:
        _zone(value)
        return value


class RunnerOut(Schema):
    handle: str
    name: str
    sex: SexName
    birth_year: int | None
    time_zone: str
    coach: str
    latest_screen: dt.date | None


# --- errors and accounts (issue 15, part 1) ------------------------------------------------------


class ErrorItem(Schema):
    """One problem found in a request: where (``loc``, ``field``), what was expected (``msg``),
    and which document it is in (``source``)."""

    loc: list[str | int] = Field(
        description="Where: the path to the value (empty: the request as a whole).",
        examples=[["email"]],
    )
    field: str = Field(
        description="The same path as text (``measures[2].value``; ``(input)``: the request).",
        examples=["email"],
    )
    msg: str = Field(
        description="What was expected, and what was given.",
        examples=["Enter a valid email address."],
    )
    source: str | None = Field(None, description="The document the problem is in, if any.")


class ErrorOut(Schema):
    """The API's one error shape (insideout.web.api), whatever the status: one issue for each
    problem found. Defined once here, the lowest layer, for every app's ``response=`` and for
    insideout.web.openapi, which adds it to every refusal of every operation."""

    detail: list[ErrorItem]


def errors(*statuses: int) -> dict[int, type[Schema]]:
    """The error answers an endpoint may give, for its ``response=`` (the OpenAPI document)."""
    return {status: ErrorOut for status in statuses}


class MeOut(Schema):
    """Who the request acts as (the session's user, or the API key's owner)."""

    username: str = Field(examples=["ana"])
    email: str = Field(examples=["ana@example.org"])
    is_coach: bool = Field(description="a coach profile (a self-coached runner has one too)")
    coach_name: str | None = Field(examples=["Ana Ruiz"])
    runner: str | None = Field(description="the handle of one's own runner, if one is")


class TokenIn(Schema):
    name: str = Field(min_length=1, max_length=80, examples=["my training diary"])

    @field_validator("name")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("expected a name for the key, such as 'my training diary'")
        return value.strip()


class TokenOut(Schema):
    """An API key as listed: never the key itself, only its first characters."""

    id: int
    name: str
    prefix: str = Field(examples=["io_AbC12"])
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None


class TokenMadeOut(TokenOut):
    """A new API key, with the key itself: this answer is the only time it is shown."""

    key: str = Field(examples=["io_3Xq…"])


InviteState = Literal["pending", "used", "expired", "revoked"]


class InviteIn(Schema):
    email: str = Field(max_length=254, examples=["ana@example.org"])

    @field_validator("email")
    @classmethod
    def _an_email(cls, value: str) -> str:
        try:
            validate_email(value)
        except ValidationError as e:
            raise ValueError("expected an email address such as 'ana@example.org'") from e
        return value


class InviteOut(Schema):
    """An invitation as listed: never its link (only the email and the coach's copy have it)."""

    id: int
    email: str
    created_at: dt.datetime
    expires_at: dt.datetime
    used_at: dt.datetime | None
    revoked_at: dt.datetime | None
    state: InviteState


class InviteMadeOut(InviteOut):
    """A new invitation, with its link: this answer (and the email) is the only place it is."""

    link: str = Field(examples=["https://coach.example.org/invites/3Xq…/"])
