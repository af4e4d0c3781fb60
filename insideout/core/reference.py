"""What the runner has absorbed within the caps: the reference week and the reference long run.

A spike is never the new base (IO-PLAN-ABSORBED). A runner of 20 km a week who runs a marathon has
not absorbed a 60 km week, and an 80 km typo is not a base to grow 10% on. So every logged run and
week is first judged against its own cap, and the plan grows only from those that kept within it:

* a run keeps within its cap when it is at most ``spike_ratio`` (110%) of the longest run of the
  ``spike_window_days`` (30) before it (EV-F-SPIKE, EV-LOAD-SPIKE-REF). A run repeated at a
  distance already run in that window is therefore within it, so a runner's usual long run is a
  reference from its second time on;
* a week keeps within its cap when it rose at most by the weekly cap on the higher of the two
  weeks before it (IO-PLAN-WEEKLY-CAP on the reference of IO-PLAN-WEEKLY-REF);
* a run is a reference only when it kept within its cap *and* its week kept within the weekly
  cap: the second 20 km run of a week that broke every cap is no base either.

The reference long run is the longest run of the window that kept within its cap; the reference
week the higher of the last two weeks that kept within theirs, or else the last one before them
that did. A run after a window without running is a return (EV-F-SPIKE: undefined; IO-PLAN-START):
it is judged against the return-to-run distance. Only the very first run and week of the records,
with nothing before them, are taken as they are.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from insideout.core.history import History, RunLog

__all__ = ["EPS", "JudgedRun", "JudgedWeek", "References", "judge"]

DAY = dt.timedelta(days=1)
EPS = 1e-9  # float slack when comparing with a cap: exactly 110% must pass


@dataclass(frozen=True)
class JudgedRun:
    run: RunLog
    ref_km: float | None  # the reference it was judged against; None: nothing before it
    within: bool  # within the spike cap (EV-F-SPIKE)
    kept: bool  # within the spike cap in a week within the weekly cap: a reference itself

    @property
    def ratio(self) -> float | None:
        return None if not self.ref_km else self.run.distance_km / self.ref_km


@dataclass(frozen=True)
class JudgedWeek:
    k: int  # 1 = the 7 days before the day advised on
    first: dt.date
    km: float
    ref_km: float | None  # None: no earlier reference week
    kept: bool


@dataclass(frozen=True)
class References:
    """Every logged run and every week before the day advised on, judged against its cap."""

    on: dt.date
    runs: tuple[JudgedRun, ...]
    weeks: tuple[JudgedWeek, ...]  # weeks[0] is last week (k = 1)
    window: int  # days before a run that hold its reference (plan.spike_window_days)

    def long_run(self, day: dt.date) -> JudgedRun | None:
        """The reference run for a run on ``day``: the longest run that kept within its cap in
        the window before it (logged before the day advised on); None when there is none."""
        first, last = day - self.window * DAY, min(day, self.on) - DAY
        days = [j.run.date for j in self.runs]
        lo, hi = bisect.bisect_left(days, first), bisect.bisect_right(days, last)
        return _longest(j for j in self.runs[lo:hi] if j.kept)

    def week(self, k: int) -> JudgedWeek | None:
        return self.weeks[k - 1] if 0 < k <= len(self.weeks) else None

    def week_ref(self, ks: Sequence[int]) -> JudgedWeek | None:
        """The reference week among weeks ``ks`` (the highest that kept within its cap), or, when
        every week of them with running broke its cap, the latest earlier week that kept within
        its cap."""
        weeks = [w for k in ks if (w := self.week(k)) is not None and w.km > 0]
        kept = [w for w in weeks if w.kept]
        if kept:
            return max(kept, key=lambda w: (w.km, -w.k))
        if not weeks:
            return None  # no running in those weeks: nothing broke a cap, nothing to grow from
        start = max(ks, default=0)
        return next((w for w in self.weeks[start:] if w.kept and w.km > 0), None)


def _longest(runs: Iterable[JudgedRun]) -> JudgedRun | None:
    best: JudgedRun | None = None
    for j in runs:
        if best is None or j.run.distance_km > best.run.distance_km:
            best = j
    return best


def _judge_runs(
    history: History,
    on: dt.date,
    ratio: float,
    return_km: float,
    window: int,
    week_kept: Callable[[dt.date], bool],
    reach: int,
) -> tuple[JudgedRun, ...]:
    """The runs a plan from ``on`` can refer to (the window and the week before ``on``), each
    judged against the window before it (all the plan asks of them: last week's spikes and the
    long-run references)."""
    out: list[JudgedRun] = []
    days, runs = history.run_days, history.runs
    for i in range(bisect.bisect_left(days, (on - reach * DAY).toordinal()), len(runs)):
        run = runs[i]
        if run.date >= on:
            break
        lo = bisect.bisect_left(days, days[i] - window)
        hi = bisect.bisect_left(days, days[i])  # earlier days only, not the same day's runs
        ref: float | None = max((r.distance_km for r in runs[lo:hi]), default=None)
        if ref is None and lo > 0:
            ref = return_km  # back after a window without a run: a return to running
        within = ref is None or run.distance_km <= ratio * ref + EPS
        out.append(JudgedRun(run, ref, within, within and week_kept(run.date)))
    return tuple(out)


def _judge_weeks(history: History, on: dt.date, cap_pct: float) -> tuple[JudgedWeek, ...]:
    if not history.runs or history.runs[0].date >= on:
        return ()
    today = on.toordinal()
    totals = [0.0] * ((today - history.run_days[0]) // 7 + 1)
    for day, run in zip(history.run_days, history.runs, strict=True):
        if day >= today:
            break
        totals[(today - day - 1) // 7] += run.distance_km  # block k: 7(k-1)+1 .. 7k days ago
    factor = 1 + cap_pct / 100
    out = []
    for k, km in enumerate(totals, start=1):
        ref = (
            max(totals[k], totals[k + 1] if k + 1 < len(totals) else 0.0)
            if k < len(totals)
            else 0.0
        )
        kept = km <= 0 or ref <= 0 or km <= factor * ref + EPS
        out.append(JudgedWeek(k, on - 7 * k * DAY, km, ref or None, kept))
    return tuple(out)


def judge(
    history: History,
    on: dt.date,
    spike_ratio: float,
    weekly_cap_pct: float,
    return_km: float,
    window: int,
    reach: int | None = None,
) -> References:
    """Judge every run and every week before ``on`` against its cap; a run's reference is the
    longest of the ``window`` days before it. The runs judged are those of the ``reach`` days
    before ``on`` (by default the window and the week before ``on``: all a plan asks of them)."""
    weeks = _judge_weeks(history, on, weekly_cap_pct)

    def week_kept(day: dt.date) -> bool:
        return weeks[((on - day).days - 1) // 7].kept  # block k holds days 7(k-1)+1 .. 7k ago

    reach_days = window + 7 if reach is None else reach
    runs = _judge_runs(history, on, spike_ratio, return_km, window, week_kept, reach_days)
    return References(on, runs, weeks, window)
