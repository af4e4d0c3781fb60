"""Pain that persists at one site: past ``pain.persist_days`` running stops and a professional
should look at it (IO-PAIN-PERSIST).

An episode at a site runs back from its latest painful observation (in the last 7 days) through
earlier painful observations at that site no more than ``pain.persist_gap_days`` apart, and ends
at an explicit "no pain" answer (IO-PAIN-EPISODE).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from insideout.core.decision import Decision, DecisionVerdict, decide
from insideout.core.evidence import Evidence
from insideout.core.method import PainRules

from .observations import Observation, site_of

__all__ = ["RULE", "decision", "episode_days", "persisting"]

RULE = "pain.persist"
DAY = dt.timedelta(days=1)


def episode_days(site: str, obs: Sequence[Observation], gap_days: int) -> int | None:
    """How many days the current episode at ``site`` has lasted (None: no episode)."""
    start = end = None
    for o in reversed(obs):
        if o.free:
            break
        if o.value > 0 and site_of(o) == site:
            if end is None:
                end = o.date
            elif start is not None and (start - o.date).days > gap_days:
                break
            start = o.date
    if start is None or end is None:
        return None
    return (end - start).days + 1


def persisting(on: dt.date, rules: PainRules, obs: Sequence[Observation]) -> tuple[str, int] | None:
    """The site whose current pain episode is longest, if it is longer than allowed (of two
    as long, the first by name)."""
    limit, gap = rules.persist_days.days, rules.persist_gap_days.days
    recent = on - 7 * DAY
    worst: tuple[str, int] | None = None
    for site in sorted({site_of(o) for o in obs if o.value > 0 and o.date >= recent}):
        days = episode_days(site, obs, gap)
        if days is not None and days > limit and (worst is None or days > worst[1]):
            worst = (site, days)
    return worst


def decision(
    found: tuple[str, int], rules: PainRules, register: Mapping[str, Evidence]
) -> Decision:
    site, days = found
    return decide(
        RULE,
        DecisionVerdict.REFER,
        days,
        rules.persist_days.value,
        rules.persist_days.evidence,
        f"Pain at the {site} has been reported for {days} days, longer than "
        f"{rules.persist_days.days}: running stops and a professional should look at it.",
        register,
    )
