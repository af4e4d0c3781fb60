"""A runner at a glance, for the coach's dashboard: recent pain and its way, the newest entry.

Context, never a rule: nothing here holds, cuts or stops (the advice does that). Each figure is
drawn from what the method already defines, so the dashboard and the advice cannot disagree:

* the pain of the last 7 days: the core's pain week (``on - 7 .. on - 1``, :mod:`.pain.week`) and
  the day itself, the highest value given (a run's during, after or next-morning answer, or a
  report on its own); ``None`` when none was given, since a value not given is not 0;
* its trend: "rising" is the week-rise rule itself (:func:`insideout.core.pain.rise.breaches`,
  ``pain.week_rise_min``, IO-PAIN-WEEK-RISE) over those days against the 7 before; "falling" is
  its mirror (IO-PAIN-TREND): answers were given and a site's peak fell by at least as much;
  "steady": pain above 0, neither; "none": no pain above 0 was given in those days;
* the newest day anything was logged (a run, a pain report, a strength session or a measured
  screen), and whether that is long enough ago to call the runner quiet (``glance.quiet_days``
  in plan.yaml, IO-DASH-QUIET).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from insideout.core.history import History
from insideout.core.method import GlanceRules, PainRules
from insideout.core.pain import rise
from insideout.core.pain.observations import Observation, observations, site_peaks

__all__ = [
    "PAIN_DAYS",
    "PainTrend",
    "RecentPain",
    "is_quiet",
    "last_logged",
    "quiet_since",
    "recent_pain",
]

DAY = dt.timedelta(days=1)
PAIN_DAYS = 7  # the pain rules' week: "7 days ago" is in it, 8 days ago is not


class PainTrend(StrEnum):
    RISING = "rising"
    FALLING = "falling"
    STEADY = "steady"
    NONE = "none"


@dataclass(frozen=True)
class RecentPain:
    """The highest pain given from ``on - 7`` to ``on`` (None: none given) and which way it goes."""

    peak: float | None
    trend: PainTrend


def _given(o: Observation) -> bool:
    """A value the runner gave (a report, an explicit "no pain", or pain above 0)."""
    return o.report or o.free or o.value > 0


def _falling(now: list[Observation], before: list[Observation], limit: float) -> bool:
    if not any(_given(o) for o in now):
        return False  # nothing said these days: not a fall, an unknown
    peaks_now, peaks_before = site_peaks(now), site_peaks(before)
    return any(peak - peaks_now.get(site, 0.0) >= limit for site, peak in peaks_before.items())


def recent_pain(history: History, on: dt.date, rules: PainRules) -> RecentPain:
    """The pain of the last 7 days (the day ``on`` included) and its trend."""
    first = on - PAIN_DAYS * DAY
    obs = observations(history, first - 7 * DAY, on)
    now = [o for o in obs if o.date >= first]
    before = [o for o in obs if o.date < first]
    peak = max((o.value for o in now if _given(o)), default=None)
    if rise.breaches(obs, first, on, rules):
        trend = PainTrend.RISING
    elif _falling(now, before, rules.week_rise_min.value):
        trend = PainTrend.FALLING
    elif site_peaks(now):
        trend = PainTrend.STEADY
    else:
        trend = PainTrend.NONE
    return RecentPain(peak, trend)


def last_logged(history: History, on: dt.date) -> dt.date | None:
    """The newest day up to ``on`` with a run, a pain report, a strength session or a screen."""
    days = [
        *(r.date for r in history.runs),
        *(p.date for p in history.reports),
        *(s.date for s in history.strength),
        *(s.date for s in history.screens),
    ]
    return max((d for d in days if d <= on), default=None)


def quiet_since(on: dt.date, rules: GlanceRules) -> dt.date:
    """The newest last-logged day that is quiet on ``on``: ``quiet_days`` days before it (the
    dashboard's filter reads this day; :func:`is_quiet` is the same test on one runner)."""
    return on - rules.quiet_days.days * DAY


def is_quiet(last: dt.date | None, on: dt.date, rules: GlanceRules) -> bool:
    """Nothing logged for ``quiet_days`` days or more by ``on`` (a runner who never logged
    anything is not quiet: they need a screen first)."""
    return last is not None and last <= quiet_since(on, rules)
