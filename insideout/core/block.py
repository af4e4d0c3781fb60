"""A runner's block looked back on, for the coach's report: the screens compared, pain by week.

Context, not a new rule: nothing here holds, cuts or stops (the advice does that). Each verdict is
one the method already makes, read more cautiously where the report must not overclaim
(IO-REPORT-CHANGE):

* the screens: the profile in force when the block began (the latest screen on or before its
  first day; with none, the block's first screen) against the latest one, both built as the
  advice builds them (:func:`~insideout.core.screen.current_screen`, a re-screen of one test keeps
  the others). Per region and side, balance is restored when a need of the first (mobility,
  stability or both) is gone from the latest. Per finding, the change is the core's own
  (:func:`~insideout.core.profile.compare`: beyond the rule's measurement error, else unchanged,
  EV-F-CHANGE), and it is called a change only where that error is known: where the rule's error
  is a design margin for want of a published one (:data:`NO_KNOWN_ERROR`), the report says "no
  measurement error known" and calls nothing improved or worse; a test not measured again in the
  block is "not measured again", never "unchanged";
* the pain: per 7-day block (as :mod:`~insideout.core.trends` counts weeks, the day advised on
  excluded), the highest value the runner gave and at which sites (``None``: none given, which is
  not 0).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from insideout.core.history import History
from insideout.core.pain.observations import Observation, observations, site_of
from insideout.core.profile import NO_KNOWN_ERROR, Change, Profile, Verdict, compare, score
from insideout.core.screen import Catalogue, Need, Region, Screen, Side, current_screen

__all__ = [
    "NO_KNOWN_ERROR",
    "Balance",
    "BlockScreens",
    "PainWeek",
    "SideBalance",
    "FindingChange",
    "ChangeVerdict",
    "block_screens",
    "pain_weeks",
]

DAY = dt.timedelta(days=1)
# The error records that are design margins (:data:`insideout.core.profile.NO_KNOWN_ERROR`): the
# report calls no change against them (IO-REPORT-CHANGE).
NEEDS = frozenset({Need.MOBILITY, Need.STABILITY, Need.BOTH})


class Balance(StrEnum):
    """A region and side from the first screen of the block to the latest."""

    RESTORED = "restored"  # a need at first, none now
    STILL = "still"  # a need at first and now
    NEW = "new"  # no need (or not known) at first, a need now
    BALANCED = "balanced"  # no need now, and none (or not known) at first
    UNKNOWN = "unknown"  # not enough tests measured now to say


class ChangeVerdict(StrEnum):
    """A finding's change as the report calls it."""

    IMPROVED = "improved"
    WORSE = "worse"
    UNCHANGED = "unchanged"  # within a known measurement error
    NO_KNOWN_ERROR = "no_known_error"  # a difference, but no published error to judge it by
    NOT_MEASURED = "not_measured"  # the latest value is the first screen's (or older)


@dataclass(frozen=True)
class SideBalance:
    region: Region
    side: Side
    before: Need
    after: Need
    balance: Balance


@dataclass(frozen=True)
class FindingChange:
    change: Change  # the core's comparison, against the rule's error
    regions: tuple[Region, ...]
    verdict: ChangeVerdict

    @property
    def counted(self) -> bool:
        """A change the report calls one: beyond a known measurement error."""
        return self.verdict in (ChangeVerdict.IMPROVED, ChangeVerdict.WORSE)


@dataclass(frozen=True)
class BlockScreens:
    """The first and latest profile of the block (None: no screen), compared."""

    first: Profile | None
    latest: Profile | None
    sides: tuple[SideBalance, ...]
    changes: tuple[FindingChange, ...]

    @property
    def compared(self) -> bool:
        """Two different screens to compare (one screen alone is no comparison)."""
        return self.first is not None and self.latest is not None and bool(self.sides)


def _balance(before: Need, after: Need) -> Balance:
    if after is Need.UNKNOWN:
        return Balance.UNKNOWN
    if after in NEEDS:
        return Balance.STILL if before in NEEDS else Balance.NEW
    return Balance.RESTORED if before in NEEDS else Balance.BALANCED


def _verdict(change: Change, remeasured: bool) -> ChangeVerdict:
    if not remeasured:
        return ChangeVerdict.NOT_MEASURED
    if change.error_evidence in NO_KNOWN_ERROR:
        return ChangeVerdict.NO_KNOWN_ERROR
    return {
        Verdict.IMPROVED: ChangeVerdict.IMPROVED,
        Verdict.WORSE: ChangeVerdict.WORSE,
        Verdict.UNCHANGED: ChangeVerdict.UNCHANGED,
    }[change.verdict]


def _first_screen(history: History, first: dt.date, last: dt.date) -> Screen | None:
    """The screen in force when the block began, else the block's first screen."""
    before = history.screens_until(first)
    if before:
        return current_screen(before)
    inside = [s for s in history.screens if first < s.date <= last]
    return current_screen(inside[:1])


def block_screens(
    history: History, first: dt.date, last: dt.date, catalogue: Catalogue
) -> BlockScreens:
    """The profile when the block from ``first`` to ``last`` began against its latest one."""
    start = _first_screen(history, first, last)
    end = current_screen(history.screens_until(last))
    if start is None or end is None:
        profile = None if end is None else score(end, catalogue)
        return BlockScreens(profile, profile, (), ())
    before, after = score(start, catalogue), score(end, catalogue)
    if end.date == start.date:
        return BlockScreens(before, after, (), ())
    sides = tuple(
        SideBalance(r.region, r.side, before.region(r.region, r.side).need, r.need,
                    _balance(before.region(r.region, r.side).need, r.need))
        for r in after.regions
    )  # fmt: skip
    again = {m.test for m in end.measures if end.measured_on(m) > start.date}
    changes = tuple(
        FindingChange(c, catalogue.tests[c.test].regions, _verdict(c, c.test in again))
        for c in compare(after, before, catalogue)
    )
    return BlockScreens(before, after, sides, changes)


@dataclass(frozen=True)
class PainWeek:
    first: dt.date  # the 7-day block's first day
    peak: float | None  # the highest pain given (None: none given)
    sites: tuple[tuple[str, float], ...]  # each site with pain above 0, highest first
    answers: int  # pain answers and reports given in the block


def _given(o: Observation) -> bool:
    return o.report or o.free or o.value > 0


def _week(first: dt.date, obs: list[Observation]) -> PainWeek:
    given = [o for o in obs if _given(o)]
    sites: dict[str, float] = {}
    for o in given:
        if o.value > 0:
            sites[site_of(o)] = max(sites.get(site_of(o), 0.0), o.value)
    ranked = tuple(sorted(sites.items(), key=lambda kv: (-kv[1], kv[0])))
    peak = max((o.value for o in given), default=None)
    return PainWeek(first, peak, ranked, len(given))


def pain_weeks(history: History, on: dt.date, weeks: int) -> tuple[PainWeek, ...]:
    """The pain of the last ``weeks`` 7-day blocks before ``on``, oldest first."""
    out = []
    for k in range(weeks, 0, -1):
        first = on - 7 * k * DAY
        out.append(_week(first, observations(history, first, first + 6 * DAY)))
    return tuple(out)
