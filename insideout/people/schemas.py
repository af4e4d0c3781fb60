"""The API's typed shapes for runners (they drive validation and the OpenAPI document)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Schema
from pydantic import field_validator

from insideout.people.models import HANDLE_PATTERN, RESERVED_HANDLES, time_zones

__all__ = ["RunnerIn", "RunnerOut", "RunnerPatch", "SexName"]

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
