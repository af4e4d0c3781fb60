"""Pain rising from week to week at one site (EV-PAIN-MODEL-WEEK; ``pain.week_rise_min``).

Each site's peak this week is compared with its peak the week before; a site without pain last
week had last week's value 0, so new pain is rising pain (IO-PAIN-WEEK-RISE). Pain at no named
site is one site of its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from insideout.core.decision import fmt
from insideout.core.method import PainRules

from .model import Breach
from .observations import UNSPECIFIED, Observation, site_peaks

__all__ = ["RULE", "breaches", "quiet_text", "text"]

RULE = "pain.week_rise"
DAY = dt.timedelta(days=1)


def breaches(
    obs: Sequence[Observation], first: dt.date, last: dt.date, rules: PainRules
) -> list[Breach]:
    """The sites whose peak from ``first`` to ``last`` rose enough on the 7 days before."""
    now = site_peaks(o for o in obs if first <= o.date <= last)
    before = site_peaks(o for o in obs if first - 7 * DAY <= o.date < first)
    limit = rules.week_rise_min
    found: list[Breach] = []
    for site, peak in sorted(now.items()):
        rise = peak - before.get(site, 0.0)  # no pain there last week: last week's value is 0
        if rise >= limit.value:
            where = None if site == UNSPECIFIED else site
            found.append(Breach(RULE, rise, limit.value, limit.evidence, where, last))
    return found


def text(b: Breach) -> str:
    where = f" ({b.site})" if b.site else ""
    return (
        f"Pain{where} rose by {fmt(b.value)} points on last week's peak (a site without pain "
        f"last week counts from 0; a rise of {fmt(b.threshold)} or more counts): pain must not "
        "climb week to week, so no progression and running is cut this week."
    )


def quiet_text(threshold: float) -> str:
    return "Pain is not rising from week to week at any site."
