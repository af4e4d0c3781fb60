"""Pain rising from week to week at one site (EV-PAIN-MODEL-WEEK; ``pain.week_rise_min``).

Each site's peak this week is compared with its peak the week before; a site without pain last
week had last week's value 0, so new pain is rising pain (IO-PAIN-WEEK-RISE). A rise counts from
``pain.week_rise_min`` points, or from any rise at all once this week's peak is above the safe zone
(``pain.week_rise_safe_max``): inside 0-2 a point up or down is noise, above it pain must not
climb. Pain at no named site is one site of its own.
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
    limit, safe = rules.week_rise_min, rules.week_rise_safe_max.value
    found: list[Breach] = []
    for site, peak in sorted(now.items()):
        rise = round(peak - before.get(site, 0.0), 6)  # no pain there last week: from 0
        threshold = limit.value if peak <= safe else min(limit.value, 1.0)
        if rise > 0 and rise >= threshold:
            where = None if site == UNSPECIFIED else site
            found.append(Breach(RULE, rise, threshold, limit.evidence, where, last))
    return found


def text(b: Breach) -> str:
    where = f" ({b.site})" if b.site else ""
    points = "point" if b.value == 1 else "points"
    return (
        f"Pain{where} rose by {fmt(b.value)} {points} on last week's peak (a site without pain "
        f"last week counts from 0; a rise of {fmt(b.threshold)} or more counts, any rise once the "
        "pain is above the 0-2 safe zone): pain must not climb week to week, so no progression "
        "and running is cut this week."
    )


def quiet_text(threshold: float) -> str:
    return "Pain is not rising from week to week at any site."
