"""A pain referral stands until someone qualified clears it (IO-PAIN-REFER-UNTIL-CLEARED).

Pain rules breached in consecutive weeks (IO-PAIN-REFER) stop running and refer. A runner who
obeys stops running, so has no more pain to report: judged on the last two weeks alone, the
referral would lapse a week later with nobody having looked. So, as for red flags, the referral
stands from the day it was made until a clearance dated after it; only what was reported after
the latest clearance counts.

The weeks are this advice's (the 7-day blocks before the day advised on, as every pain rule reads
them): a referral was made on an earlier day ``on - 7k`` when the two weeks before it both
breached; such a day lies within 14 days after a painful observation. Each is judged once,
newest first. (Pain persisting at a site, IO-PAIN-PERSIST, refers while the episode lasts; it is
not carried forward here.)
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Mapping, Sequence

from insideout.core.decision import Decision, DecisionVerdict, decide
from insideout.core.evidence import Evidence
from insideout.core.history import History
from insideout.core.method import Method

from .model import Breach
from .observations import Observation
from .week import week_breaches

__all__ = ["EVIDENCE", "RULE", "Standing", "decision", "standing"]

RULE = "pain.referred"
EVIDENCE = "IO-PAIN-REFER-UNTIL-CLEARED"
DAY = dt.timedelta(days=1)
REACH_WEEKS = 8  # how far before the latest run a referral is looked for (see standing())
Standing = tuple[dt.date, str]  # the day the referral was made, and why


def standing(
    history: History, on: dt.date, method: Method, obs: Sequence[Observation]
) -> Standing | None:
    """The latest referral made before ``on`` from ``history`` and ``obs`` (both already limited
    to what was reported after the latest clearance), or None."""
    painful = {o.date for o in obs if o.value > 0}
    if not painful:
        return None
    # the earlier weeks of this advice (its weeks are the 7-day blocks before ``on``), back to
    # REACH weeks before the latest run: a runner who obeyed the stop has not run since, so the
    # referral is found however long ago; months of running logged after an old one do not
    # reach back to it. A day that could have referred lies within 14 days after a painful
    # observation.
    latest = max((r.date for r in history.runs if r.date < on), default=on)
    since = min(on, latest + DAY) - REACH_WEEKS * 7 * DAY
    first = max(min(painful), since)
    ordinals = sorted(p.toordinal() for p in painful)

    def has_pain(lo: int, hi: int) -> bool:  # a painful observation on days lo..hi (ordinals)
        i = bisect.bisect_left(ordinals, lo)
        return i < len(ordinals) and ordinals[i] <= hi

    days = [  # both weeks before the day must hold pain: a week without any cannot breach
        day
        for k in range(1, (on - first).days // 7 + 1)
        if has_pain((d := (day := on - 7 * k * DAY).toordinal()) - 7, d - 1)
        and has_pain(d - 14, d - 8)
    ]
    windows: dict[dt.date, list[Breach]] = {}

    def breached(last: dt.date) -> list[Breach]:
        if last not in windows:
            seen = [o for o in obs if o.date <= last]
            windows[last] = week_breaches(history, last, method, seen)
        return windows[last]

    for day in days:
        if breached(day - DAY) and breached(day - 8 * DAY):
            return day, "pain rules fired in two consecutive weeks"
    return None


def decision(found: Standing, register: Mapping[str, Evidence]) -> Decision:
    day, why = found
    return decide(
        RULE,
        DecisionVerdict.REFER,
        day.isoformat(),
        None,
        EVIDENCE,
        f"On {day} running stopped because {why}, and a physiotherapist or doctor should assess "
        "it. It stays stopped until one has seen you and cleared you (ask your coach to record "
        "the clearance): a referral does not end on its own when the pain goes quiet.",
        register,
    )
