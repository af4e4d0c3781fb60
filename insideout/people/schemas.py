"""The API's typed shapes for runners (they drive validation and the OpenAPI document)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Schema
from pydantic import field_validator

from insideout.people.models import HANDLE_PATTERN, RESERVED_HANDLES

__all__ = ["RunnerIn", "RunnerOut", "SexName"]

SexName = Literal["female", "male", "unspecified"]


class RunnerIn(Schema):
    """A runner to add to the logged-in coach's list."""

    handle: str = Field(pattern=HANDLE_PATTERN, examples=["ana"])
    name: str = Field(min_length=1, max_length=120, examples=["Ana Ruiz"])
    sex: SexName = "unspecified"
    birth_year: int | None = Field(default=None, ge=1900, le=2100, examples=[1990])

    @field_validator("handle")
    @classmethod
    def _not_reserved(cls, value: str) -> str:
        if value in RESERVED_HANDLES:
            raise ValueError(f"{value!r} is reserved; choose another handle")
        return value


class RunnerOut(Schema):
    handle: str
    name: str
    sex: SexName
    birth_year: int | None
    coach: str
    latest_screen: dt.date | None
