"""The API's typed shapes for screens and profiles.

``ProfileOut`` mirrors :func:`insideout.core.report.profile_dict`, the JSON contract other tools
read, so the OpenAPI document describes it field by field. ``ScreenIn`` documents the request body;
the body itself is read by the core's parser, whose messages name the test's range.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Schema

__all__ = [
    "ChangeOut",
    "FindingOut",
    "MeasureIn",
    "MeasureOut",
    "ProfileOut",
    "RegionOut",
    "ScreenDetailOut",
    "ScreenIn",
    "ScreenOut",
]

SideName = Literal["left", "right"]


class MeasureIn(Schema):
    """One measured value; ``side`` only for tests measured per side."""

    test: str = Field(examples=["knee_to_wall"])
    side: SideName | None = None
    value: float = Field(examples=[9.5])
    pain: bool = False


class ScreenIn(Schema):
    date: dt.date
    measures: list[MeasureIn]


class MeasureOut(Schema):
    test: str
    side: SideName | None
    value: float
    pain: bool


class ScreenOut(Schema):
    id: int
    date: dt.date
    created_at: dt.datetime
    measures: list[MeasureOut]


class FindingOut(Schema):
    rule: str
    test: str
    side: SideName | None
    value: float
    threshold: float
    kind: Literal["mobility", "stability", "hypermobility", "pain"]
    evidence: str
    text: str
    basis: str
    regions: list[str]
    supporting: bool
    redirected_by: str | None
    unverified: bool = False  # its cut-off is status U: it suggests work, never gates


class RegionOut(Schema):
    region: Literal["foot_ankle", "knee", "hip", "trunk"]
    side: SideName
    need: Literal["mobility", "stability", "both", "none", "unknown"]
    # the need the programme trains: with unverified (status U) findings, which gate nothing
    suggested: Literal["mobility", "stability", "both", "none", "unknown"]
    findings: list[FindingOut]
    missing: list[str]
    reason: str


class ChangeOut(Schema):
    rule: str
    test: str
    side: SideName | None
    before: float
    after: float
    error: float
    error_evidence: str
    verdict: Literal["improved", "unchanged", "worse"]
    was_finding: bool
    is_finding: bool
    text: str


class CarriedOut(Schema):
    """A value the profile takes from an earlier screen than its own date."""

    test: str
    side: SideName | None
    date: dt.date


class ProfileOut(Schema):
    date: dt.date
    # the oldest value the profile rests on, and the values carried from earlier screens
    oldest: dt.date | None = None
    carried: list[CarriedOut] = []
    profile: list[RegionOut]
    findings: list[FindingOut]
    hypermobile: bool
    missing: list[str]
    changes: list[ChangeOut] | None = None


class ScreenDetailOut(ScreenOut):
    profile: ProfileOut
