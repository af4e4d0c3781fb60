"""What the runner has absorbed within the caps: the reference week and the reference long run.

A spike is never the new base (IO-PLAN-ABSORBED). A runner of 20 km a week who runs a marathon has
not absorbed a 60 km week, and an 80 km typo is not a base to grow 10% on. So every logged run and
week is first judged against its own cap, and the plan grows only from those that kept within it:

* a run keeps within its cap when it is at most ``spike_ratio`` (110%) of its base: the longest
  run of the ``spike_window_days`` (30) before it that kept within its own cap (EV-F-SPIKE,
  EV-LOAD-SPIKE-REF). A run repeated at a kept distance of that window is therefore within it, so
  a runner's usual long run is a reference from its second time on; but a run that broke a cap
  counts for no more than the base it was judged against, so a spike repeated is still a spike;
* a week keeps within its cap when it rose at most by the weekly cap on the higher of the two
  weeks before it (IO-PLAN-WEEKLY-CAP on the reference of IO-PLAN-WEEKLY-REF), where a week that
  broke its cap again counts only as the reference it was judged against;
* a run is a reference only when it kept within its cap *and* its week kept within the weekly
  cap: the second 20 km run of a week that broke every cap is no base either.

So the base never grows from a run or a week that broke a cap: it is carried forward from the
last ones that kept within them until the runner runs within the caps of that base again.
The reference long run is the longest run of the window that kept within its cap (or the base
carried forward when none did); the reference week the higher of the last two weeks that kept
within theirs, or else the last one before them that did. A run after a window without running is
a return (EV-F-SPIKE: undefined; IO-PLAN-START): it is judged against the return-to-run distance.
Only the runs of the records' first 7 days and the weeks holding them, with nothing before them,
are taken as they are (a runner's usual week, say 5, 5 and 10 km, is not a spike
because the records start with it).
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from insideout.core.history import History, RunLog

__all__ = ["EPS", "JudgedRun", "JudgedWeek", "References", "judge"]

DAY = dt.timedelta(days=1)
EPS = 1e-9  # float slack when comparing with a cap: exactly 110% must pass


@dataclass(frozen=True)
class JudgedRun:
    run: RunLog
    ref_km: float | None  # the base it was judged against; None: nothing before it
    within: bool  # within the spike cap (EV-F-SPIKE)
    kept: bool  # within the spike cap in a week within the weekly cap: a reference itself

    @property
    def ratio(self) -> float | None:
        return None if not self.ref_km else self.run.distance_km / self.ref_km

    @property
    def base_km(self) -> float:
        """What this run counts for as a base: its distance when it kept within the caps, else
        no more than the base it was judged against (a spike never raises the base)."""
        km = self.run.distance_km
        return km if self.kept else min(km, self.ref_km or 0.0)


@dataclass(frozen=True)
class JudgedWeek:
    k: int  # 1 = the 7 days before the day advised on
    first: dt.date
    km: float
    ref_km: float | None  # None: no earlier reference week
    kept: bool

    @property
    def base_km(self) -> float:
        """What this week counts for as a reference: its distance when it kept within the cap,
        else only the reference it was judged against (a spike never raises the base)."""
        return self.km if self.kept else (self.ref_km or 0.0)


@dataclass(frozen=True)
class References:
    """Every logged run and every week before the day advised on, judged against its cap."""

    on: dt.date
    runs: tuple[JudgedRun, ...]
    weeks: tuple[JudgedWeek, ...]  # weeks[0] is last week (k = 1)
    window: int  # days before a run that hold its reference (plan.spike_window_days)

    def long_run_km(self, day: dt.date) -> float | None:
        """The reference run's distance for a run on ``day``: the longest run that kept within
        its cap in the window before it (logged before the day advised on), or the base carried
        forward by the runs of the window that broke theirs; None when the window has no run."""
        first, last = day - self.window * DAY, min(day, self.on) - DAY
        days = [j.run.date for j in self.runs]
        lo, hi = bisect.bisect_left(days, first), bisect.bisect_right(days, last)
        return max((j.base_km for j in self.runs[lo:hi]), default=None)

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


def _judge_runs(
    history: History,
    on: dt.date,
    ratio: float,
    return_km: float,
    window: int,
    week_kept: Callable[[int], bool],
    reach: int,
) -> tuple[JudgedRun, ...]:
    """Every run before ``on``, oldest first, judged against the base of the window before it
    (each base rests on the runs judged before it, so the judging starts with the first run);
    the runs of the ``reach`` days before ``on`` are returned.

    A run's base is the longest run of its window that kept within its cap, a run that broke its
    cap counting only as the base it was judged against; the return-to-run distance after a
    window without running; None for the runs of the records' first 7 days (nothing before them
    to judge them by). The window's longest base is kept in a queue as the window slides (each
    run enters and leaves it once), so a year of runs costs one pass, not a pass per run."""
    days, runs = history.run_days, history.runs
    end = bisect.bisect_left(days, on.toordinal())  # the runs before ``on``
    shown = bisect.bisect_left(days, (on - reach * DAY).toordinal())
    out: list[JudgedRun] = []
    bases: list[float] = []  # each judged run's base (JudgedRun.base_km)
    longest: deque[int] = deque()  # indices into bases, their bases falling: the window's max
    lo = hi = 0  # the window of run i: runs lo .. hi-1 (earlier days only, not the same day's)
    first_week = days[0] + 6 if days else 0  # the last day of the records' first 7 days
    for i in range(end):
        day, km = days[i], runs[i].distance_km
        while days[lo] < day - window:
            lo += 1
        while days[hi] < day:
            while longest and bases[longest[-1]] <= bases[hi]:
                longest.pop()
            longest.append(hi)
            hi += 1
        while longest and longest[0] < lo:
            longest.popleft()
        if day <= first_week:
            ref = None
        elif longest:
            ref = bases[longest[0]]
        else:
            ref = return_km if lo > 0 else None
        within = ref is None or km <= ratio * ref + EPS
        kept = within and week_kept(day)
        bases.append(km if kept else min(km, ref or 0.0))
        if i >= shown:
            out.append(JudgedRun(runs[i], ref, within, kept))
    return tuple(out)


def _week_ref(before: Sequence[JudgedWeek]) -> float:
    """A week's reference: the higher of the two weeks before it (the last two of ``before``), a
    week that broke its cap counting only as the reference it was judged against (0: none)."""
    return max((w.base_km for w in before[-2:] if w.km > 0), default=0.0)


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
    judged: list[JudgedWeek] = []  # oldest first: a week's reference rests on the weeks before
    days = history.run_days
    # the weeks holding a run of the records' first 7 days: nothing before them to judge them by
    first = {(today - d - 1) // 7 + 1 for d in days[: bisect.bisect_right(days, days[0] + 6)]}
    for k in range(len(totals), 0, -1):
        km, ref = totals[k - 1], _week_ref(judged)
        ref = 0.0 if k in first else ref
        kept = km <= 0 or ref <= 0 or km <= factor * ref + EPS
        judged.append(JudgedWeek(k, on - 7 * k * DAY, km, ref or None, kept))
    return tuple(reversed(judged))


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

    today = on.toordinal()

    def week_kept(day: int) -> bool:
        return weeks[(today - day - 1) // 7].kept  # block k holds days 7(k-1)+1 .. 7k ago

    reach_days = window + 7 if reach is None else reach
    runs = _judge_runs(history, on, spike_ratio, return_km, window, week_kept, reach_days)
    return References(on, runs, weeks, window)
