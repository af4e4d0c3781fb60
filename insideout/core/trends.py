"""The runner's training over recent weeks, as the charts show it: what was run against the caps.

Context, not a new rule: every figure here comes from the rules the plan already keeps, judged by
:mod:`insideout.core.reference` — each week against the weekly cap on its reference week
(IO-PLAN-WEEKLY-CAP, IO-PLAN-WEEKLY-REF), each run against 110% of the longest run of the 30 days
before it (EV-LOAD-SPIKE-REF, EV-F-SPIKE) — plus the step rate recorded on each run (steps/min).
A run or a week over its cap is marked, the way the plan's decisions name it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from insideout.core.coach import with_settings
from insideout.core.history import History
from insideout.core.method import Method
from insideout.core.reference import judge

__all__ = ["RunPoint", "Trends", "WeekPoint", "trends"]


@dataclass(frozen=True)
class WeekPoint:
    first: dt.date  # the 7-day block's first day
    km: float
    cap_km: float | None  # the most the weekly cap allowed on its reference week (None: no ref)
    kept: bool  # within the cap


@dataclass(frozen=True)
class RunPoint:
    date: dt.date
    km: float
    limit_km: float | None  # 110% of the longest run of the 30 days before (None: none)
    within: bool
    cadence_spm: float | None


@dataclass(frozen=True)
class Trends:
    on: dt.date
    weeks: tuple[WeekPoint, ...]  # oldest first
    runs: tuple[RunPoint, ...]  # in date order
    cap_pct: float  # the weekly cap in force (the runner's own when the coach set one)
    spike_ratio: float
    evidence: tuple[str, ...]  # what the caps drawn rest on


def trends(history: History, on: dt.date, method: Method, weeks: int) -> Trends:
    """The last ``weeks`` 7-day blocks before ``on`` and their runs, judged against the caps."""
    rules = with_settings(method, history.settings).plan
    cap, ratio = rules.weekly_increase_pct.value, rules.spike_ratio.value
    refs = judge(history, on, ratio, cap, rules.start.run_km, rules.spike_window_days.days,
                 reach=7 * weeks)  # fmt: skip
    week_points = tuple(
        WeekPoint(w.first, w.km, None if w.ref_km is None else w.ref_km * (1 + cap / 100), w.kept)
        for w in reversed(refs.weeks[:weeks])
    )
    run_points = tuple(
        RunPoint(
            j.run.date,
            j.run.distance_km,
            None if j.ref_km is None else j.ref_km * ratio,
            j.within,
            j.run.cadence_spm,
        )
        for j in refs.runs
    )
    evidence = (rules.weekly_increase_pct.evidence, rules.spike_ratio.evidence, rules.weekly_ref)
    return Trends(on, week_points, run_points, cap, ratio, evidence)
