"""What the pain guards answer: a breach of a pain rule, a referral, and the whole assessment."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from insideout.core.decision import Decision
from insideout.core.screen import Region

__all__ = ["Breach", "PainAssessment", "PainLevel", "Referral"]


class PainLevel(StrEnum):
    CLEAR = "clear"  # nothing fired: progression may go on
    CUT = "cut"  # a pain rule fired: no progression, load cut
    STOP = "stop"  # red flag, persisting pain or repeated breaches: no running, refer


@dataclass(frozen=True)
class Breach:
    rule: str
    value: float
    threshold: float
    evidence: str
    site: str | None
    date: dt.date
    report: bool = False  # from a pain report on a day without a run, not from a run


@dataclass(frozen=True)
class Referral:
    reason: str
    words: str
    urgent: bool = False
    cardiac: bool = False  # all exercise pauses until medical review
    bone: bool = False  # a bone-stress warning: no hopping or landing work until cleared


@dataclass(frozen=True)
class PainAssessment:
    level: PainLevel
    decisions: tuple[Decision, ...]
    referral: Referral | None
    regions: frozenset[Region]  # where the foundation work regresses this week
    breach_this_week: bool
    breach_last_week: bool
    red_flag_dates: tuple[dt.date, ...] = ()
    # the latest clearance on or before the day advised on: the day a stop ended (a red flag or
    # a referral stands until cleared, so it was there until that day)
    cleared_on: dt.date | None = None

    @property
    def exercise_paused(self) -> bool:
        return self.referral is not None and self.referral.cardiac

    @property
    def impact_paused(self) -> bool:
        """No hopping or landing exercises: a bone-stress warning stands (IO-BSI-NO-IMPACT)."""
        return self.referral is not None and self.referral.bone
