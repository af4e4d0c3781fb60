"""The week's runs fitted into the runner's available days and minutes (IO-PLAN-AVAILABILITY).

The plan is made first exactly as without availability (every cap applied); then it is fitted:

* runs only on the available days of the week from ``on``, no more runs than there are such
  days: the long run is kept first, then speed work, then the longest of the others;
* the long run on the available day with the most time (of equal days, the latest), the others
  on the days where they fit: their own day when it is available, else spread apart;
* a run no longer than its day's minutes hold at the runner's easy pace (the median pace of
  their runs of the last ``easy_pace_window_days``; with none, ``easy_pace_default``,
  IO-PLAN-EASY-PACE), and no longer than the longest-run cap of the day it lands on;
* a run left under the shortest run (``run_min_km``) is left out (a run/walk session of a
  return is set by time: it is only shortened).

Fitting only ever shortens or drops runs: a run is never made longer because another was left out,
so the week may fall short of what the caps allowed, and the decision says so.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from insideout.core.availability import Availability, day_name
from insideout.core.decision import Decision, DecisionVerdict, decide, fmt

from .model import DAY, EPS, Ctx, PlannedRun, floor_km
from .runs import run_cap

__all__ = ["EasyPace", "easy_pace", "fit_runs"]

SLACK = 1e-6  # float slack, in seconds or minutes: a run that exactly fits its minutes stays


@dataclass(frozen=True)
class EasyPace:
    """Whole seconds per km (rounded up: a slower pace fits fewer km), and how many recent runs
    it is the median of (0: the method's default pace)."""

    seconds_per_km: int
    runs: int

    def fits(self, km: float, minutes: float | None) -> bool:
        """Whether ``km`` at this pace take at most ``minutes`` (None: no limit)."""
        return minutes is None or km * self.seconds_per_km <= minutes * 60 + SLACK

    def km_in(self, minutes: float) -> float:
        """The distance ``minutes`` hold at this pace, rounded down to 0.1 km."""
        return floor_km(minutes * 60 / self.seconds_per_km)

    @property
    def text(self) -> str:
        """As a runner writes it: 6:40/km."""
        return f"{self.seconds_per_km // 60}:{self.seconds_per_km % 60:02d}/km"


@dataclass(frozen=True)
class _Slot:
    offset: int  # days from ``on``
    minutes: float | None  # None: no time limit

    @property
    def time(self) -> float:
        return math.inf if self.minutes is None else self.minutes


@dataclass(frozen=True)
class _Change:
    """What fitting did to one run: ``why`` is "minutes" or "cap" (shortened by the day's
    minutes or its cap), or "short-minutes" or "short-cap" (so short that it is left out)."""

    run: PlannedRun  # as fitted (left out: as it would have been)
    why: str

    @property
    def dropped(self) -> bool:
        return self.why.startswith("short")


def easy_pace(ctx: Ctx) -> EasyPace:
    """The median pace of the runs with a time in the last ``easy_pace_window_days``, or the
    method's conservative default when there is none."""
    rules = ctx.method.plan
    since = ctx.on - rules.easy_pace_window_days.days * DAY
    paces = [
        r.duration_min / r.distance_km
        for r in ctx.history.runs_between(since, ctx.on - DAY)
        if r.distance_km > 0 and r.duration_min > 0
    ]
    pace = statistics.median(paces) if paces else rules.easy_pace_default.value
    return EasyPace(math.ceil(pace * 60 - SLACK), len(paces))


def _slots(availability: Availability, on: dt.date) -> list[_Slot]:
    out = []
    for off in availability.offsets(on):
        slot = availability.slot(on + off * DAY)
        out.append(_Slot(off, None if slot is None else slot.minutes))
    return out


def _kept(runs: Sequence[PlannedRun], n: int) -> list[PlannedRun]:
    """The ``n`` runs kept when there are fewer days than runs: the long run, speed work, then
    the longest of the others."""
    order = sorted(runs, key=lambda r: (r.kind != "long", r.kind != "speed", -r.distance_km))
    return order[:n]


def _place(
    runs: Sequence[PlannedRun], slots: Sequence[_Slot], on: dt.date, pace: EasyPace
) -> list[_Slot]:
    """A day for each run, in order: the long run on the day with the most time (the latest of
    equal days); each other where it fits, on its own day if it is free, else furthest from the
    days taken, with the most time, the latest."""
    free = list(slots)
    taken: list[_Slot] = []
    for run in runs:
        if run.kind == "long":
            best = max(free, key=lambda s: (s.time, s.offset))
        else:
            own = (run.date - on).days
            best = max(
                free,
                key=lambda s: (
                    pace.fits(run.distance_km, s.minutes),
                    s.offset == own,
                    min((abs(s.offset - t.offset) for t in taken), default=7),
                    s.time,
                    s.offset,
                ),
            )
        free.remove(best)
        taken.append(best)
    return taken


def _fit_one(
    ctx: Ctx, run: PlannedRun, slot: _Slot, pace: EasyPace, limits: tuple[bool, float | None]
) -> tuple[PlannedRun, _Change | None]:
    """The run moved to its day, within that day's cap and minutes (never longer)."""
    day = ctx.on + slot.offset * DAY
    grow, ceiling = limits
    dist, why = run.distance_km, ""
    cap = run_cap(ctx, day, grow=grow, ceiling=ceiling)
    if dist > cap + EPS:
        dist, why = floor_km(cap), "cap"
    if slot.minutes is not None and not pace.fits(dist, slot.minutes):
        dist, why = pace.km_in(slot.minutes), "minutes"
    fitted = PlannedRun(day, run.kind, dist)
    short = ctx.method.plan.run_min_km.value - EPS
    if dist <= 0 or (run.kind != "run_walk" and dist < short):
        return fitted, _Change(fitted, f"short-{why}")
    return fitted, _Change(fitted, why) if why else None


def fit_runs(
    ctx: Ctx,
    runs: Sequence[PlannedRun],
    availability: Availability,
    *,
    grow: bool,
    ceiling: float | None,
) -> tuple[list[PlannedRun], Decision | None]:
    """The runs fitted into the available days and minutes, and the decision that says how
    (None when there was no run to fit)."""
    if not runs:
        return [], None
    slots = _slots(availability, ctx.on)
    pace = easy_pace(ctx)
    kept = _kept(runs, len(slots))
    out: list[PlannedRun] = []
    changes: list[_Change] = []
    for run, slot in zip(kept, _place(kept, slots, ctx.on, pace), strict=True):
        fitted, change = _fit_one(ctx, run, slot, pace, (grow, ceiling))
        if change is None or not change.dropped:
            out.append(fitted)
        if change is not None:
            changes.append(change)
    out.sort(key=lambda r: r.date)
    said = _said(ctx, availability, runs, out, changes, pace)
    return out, said


def _run_words(run: PlannedRun) -> str:
    kind = {"long": "long run", "speed": "speed session", "run_walk": "run/walk session"}
    return f"{day_name(run.date.weekday(), short=False)}'s {kind.get(run.kind, 'run')}"


def _change_text(ctx: Ctx, c: _Change, slot_minutes: float | None, pace: EasyPace) -> str:
    words = _run_words(c.run)
    cap = f"the longest-run cap of that day ({ctx.method.plan.spike_ratio.evidence})"
    least = f"the shortest run of {fmt(ctx.method.plan.run_min_km.value)} km"
    if c.why == "cap":
        return f"{words} shortened to {c.run.distance_km:.1f} km: {cap}"
    if c.why == "short-cap":
        return f"{words} left out: {cap} leaves less than {least}"
    held = f"{fmt(slot_minutes or 0)} minutes at {_pace_words(ctx, pace)}"
    if c.why == "minutes":
        return f"{words} shortened to {c.run.distance_km:.1f} km to fit {held}"
    if c.run.kind == "run_walk":
        return f"{words} left out: {held} hold no distance"
    return f"{words} left out: {held} hold less than {least}"


def _pace_words(ctx: Ctx, pace: EasyPace) -> str:
    rules = ctx.method.plan
    window = rules.easy_pace_window_days.days
    if pace.runs:
        return (
            f"your easy pace of {pace.text} (the median of your "
            f"{pace.runs} run{'s' if pace.runs > 1 else ''} of the last {window} days)"
        )
    return (
        f"a cautious easy pace of {pace.text} (no run with a time in the "
        f"last {window} days, {rules.easy_pace_default.evidence})"
    )


def _said(
    ctx: Ctx,
    availability: Availability,
    planned: Sequence[PlannedRun],
    fitted: Sequence[PlannedRun],
    changes: Sequence[_Change],
    pace: EasyPace,
) -> Decision:
    """One plain sentence (or a few) for what fitting did, with the week's distance before and
    after."""
    days = ", ".join(day_name(r.date.weekday()) for r in fitted)
    yours = f"your available days: {availability.describe()}"
    parts = [f"Runs placed on {days} ({yours})" if fitted else f"No run fits ({yours})"]
    dropped = len(planned) - len(_kept(planned, len(availability.slots)))
    if dropped:
        parts.append(
            f"{dropped} run{'s' if dropped > 1 else ''} left out: you can run on "
            f"{len(availability.slots)} day{'s' if len(availability.slots) > 1 else ''}, and "
            "the runs left are not made longer"
        )
    for c in changes:
        slot = availability.slot(c.run.date)
        parts.append(_change_text(ctx, c, None if slot is None else slot.minutes, pace))
    before = round(sum(r.distance_km for r in planned), 1)
    after = round(sum(r.distance_km for r in fitted), 1)
    if after < before - EPS:
        parts.append(
            f"the week is {fmt(after)} km, {fmt(before - after)} km short of the {fmt(before)} km "
            "the caps allowed: fitting your days only ever shortens runs"
        )
    text = "; ".join(parts) + "."
    rules = ctx.method.plan
    return decide("plan.availability", DecisionVerdict.PROGRESS, after, before,
                  rules.availability_evidence, text, ctx.register)  # fmt: skip
