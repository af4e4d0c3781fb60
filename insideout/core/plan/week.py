"""Next week's running, rule by rule: the mode, what it grows from, the target, the runs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from insideout.core.decision import Decision, DecisionVerdict, decide, fmt
from insideout.core.evidence import Evidence
from insideout.core.history import History
from insideout.core.method import Method, PlanRules
from insideout.core.pain import PainLevel
from insideout.core.reference import judge

from .decisions import long_run_decision, recovery_decision, speed_decision, weekly_cap_decision
from .fit import fit_runs
from .guards import history_guards
from .model import DAY, EPS, Ctx, Mode, PlannedRun, RunningWeek, build_weeks, weekly_km
from .reference_week import reference_week, restart_week
from .runs import plan_runs

__all__ = ["plan_week"]


@dataclass(frozen=True)
class _Basis:
    """What next week is planned from."""

    mode: Mode
    recent: bool  # a run within the spike window: the runner is not returning from a break
    loading_weeks: int  # loading weeks in a row since the last recovery week
    recovery: bool  # next week is a recovery week
    ref: float  # the reference week's km (0: none)
    last_km: float  # last week's km
    runs_last_week: int
    ref_decision: Decision | None
    restart: bool = False  # no running in the reference weeks: restart from the kept base
    highest: float = 0.0  # the highest of the recovery_detect_weeks weeks before next week

    @property
    def now(self) -> float:
        """What the runner does, a spike not counted."""
        return min(self.last_km, self.ref) if self.ref > 0 else self.last_km


@dataclass(frozen=True)
class _Target:
    km: float
    runs: int
    start_km: float | None = None  # every run's distance, when starting again
    kind: str = "easy"
    decisions: tuple[Decision, ...] = ()


def _stopped(
    on: dt.date, method: Method, register: Mapping[str, Evidence], evidence: str | None
) -> RunningWeek:
    """No running at all: a stop rule fired (its evidence is cited)."""
    stop = decide(
        "plan.stop",
        DecisionVerdict.STOP,
        0.0,
        None,
        evidence or method.pain.red_flag_evidence,
        "No running next week: a stop rule fired (see the pain and red-flag decisions).",
        register,
    )
    return RunningWeek(on, (), 0.0, 0.0, False, Mode.STOP, (stop,))


def _mode(ctx: Ctx, screened: bool, pain: PainLevel) -> tuple[Mode, list[Decision]]:
    """Progress, hold (no screen yet, or last week broke a cap) or cut (a pain rule fired)."""
    mode = Mode.PROGRESS
    if not screened:
        mode = Mode.HOLD
    elif pain is PainLevel.CUT:
        mode = Mode.CUT
    held, guards = history_guards(ctx)
    if held and mode is Mode.PROGRESS:
        mode = Mode.HOLD
    return mode, guards


def _basis(ctx: Ctx, mode: Mode, pain_last_week: bool) -> _Basis:
    rules, history, on = ctx.method.plan, ctx.history, ctx.on
    weeks = [
        weekly_km(history, on, k)
        for k in range(1, rules.recovery_every.days + rules.recovery_detect_weeks.days + 1)
    ]
    recent = bool(history.runs_between(on - rules.spike_window_days.days * DAY, on - DAY))
    k = build_weeks(weeks, rules)
    recovery = mode is not Mode.CUT and recent and k >= rules.recovery_every.days - 1
    ref_week, ref_decision = reference_week(ctx, pain_last_week)
    ref = 0.0 if ref_week is None else ref_week.km
    restart = recent and ref_week is None and _short_break(ctx) is None
    if restart:
        ref, ref_decision = restart_week(ctx, pain_last_week)
    if _cleared_since_last_run(ctx):  # back after a stop: the run/walk start, never the old volume
        ref, ref_decision, restart = 0.0, None, False
    n_last = len(history.runs_between(on - 7 * DAY, on - DAY))
    highest = max(weeks[: rules.recovery_detect_weeks.days])
    return _Basis(mode, recent, k, recovery, ref, weeks[0], n_last, ref_decision, restart, highest)


def _cleared_since_last_run(ctx: Ctx) -> bool:
    """A stop (a red flag, a referral) was cleared on or after the runner's last run: she has not
    run since, so the way back starts with the run/walk sessions (IO-PLAN-RESTART)."""
    cleared = ctx.history.clearance_on(ctx.on)
    last = max((r.date for r in ctx.history.runs_between(dt.date.min, ctx.on - DAY)), default=None)
    return cleared is not None and last is not None and cleared.date >= last


def _short_break(ctx: Ctx) -> str | None:
    """Why this break is no short one to restart from at the last week's base (IO-PLAN-RESTART),
    or None: the last run ``restart_within_days`` or more ago, or a stop cleared since it (after
    a red flag or a referral the way back is gradual, EV-LOAD-RTR)."""
    rules = ctx.method.plan
    window = rules.spike_window_days.days
    runs = ctx.history.runs_between(ctx.on - window * DAY, ctx.on - DAY)
    last = max((r.date for r in runs), default=None)
    if last is None:
        return f"No run in the last {window} days"
    cleared = ctx.history.clearance_on(ctx.on)
    if cleared is not None and cleared.date >= last:
        return (
            f"You last ran on {last}, and a {cleared.by.value} cleared you on {cleared.date} "
            "after a stop: the way back is gradual"
        )
    gap, within = (ctx.on - last).days, rules.restart_within_days.days
    if gap >= within:
        return f"No run in the last {gap} days (you last ran on {last}; {within} or more)"
    return None


def _screen_first(ctx: Ctx, b: _Basis, why: str) -> Decision:
    """No screen on record (``why``): volume holds at what the runner does, a spike not counted."""
    said = (
        f"{why}: running holds at what you already do ({fmt(b.now)} km"
        + (
            f"; last week's {fmt(b.last_km)} km broke the weekly cap and is not counted"
            if b.now < b.last_km
            else " last week"
        )
        + ") and does not progress until you have done the movement screen."
    )
    rules = ctx.method.plan
    return decide("plan.screen_first", DecisionVerdict.HOLD, b.now, None, rules.screen_first,
                  said, ctx.register)  # fmt: skip


def _start(ctx: Ctx) -> _Target:
    """Starting again after a break: a few short run/walk sessions (IO-PLAN-START)."""
    start, window = ctx.method.plan.start, ctx.method.plan.spike_window_days.days
    target = start.runs * start.run_km
    why = _short_break(ctx) or f"No week to grow on in the last {window} days"
    said = (
        f"{why}: you start again with {start.runs} run/walk sessions of {fmt(start.run_km)} km, "
        f"and the longest-run rule caps every run against the last {window} days."
    )
    d = decide("plan.start", DecisionVerdict.PROGRESS, 0.0, target, start.evidence, said,
               ctx.register)  # fmt: skip
    return _Target(target, start.runs, start.run_km, "run_walk", (d,))


def _cut(ctx: Ctx, now: float, runs: int) -> _Target:
    """A pain rule fired: the week is cut to a share of what the runner does (IO-PAIN-CUT)."""
    cut = ctx.method.pain.cut_factor
    target = now * cut.value
    said = (
        f"A pain rule fired: next week's running is cut from {fmt(now)} km to at most "
        f"{fmt(target)} km ({cut.value:.0%}) and does not progress."
    )
    d = decide("plan.pain_cut", DecisionVerdict.CUT, now, target, cut.evidence, said,
               ctx.register)  # fmt: skip
    return _Target(target, runs, decisions=(d,))


def _recovery_km(rules: PlanRules, b: _Basis) -> float:
    """A recovery week's distance: ``recovery_factor`` of the reference, or the default runs of
    the shortest run when that is more but still low enough to count as a recovery week
    (IO-PLAN-RECOVERY), so a small week keeps its runs rather than losing one."""
    km = b.ref * rules.recovery_factor.value
    least = rules.runs_default.days * rules.run_min_km.value
    if km < least <= rules.recovery_detect.value * b.highest + EPS:
        return least
    return km


def _target(ctx: Ctx, b: _Basis) -> _Target:
    """Next week's distance: start again, cut, recover, hold or grow by the weekly cap."""
    rules = ctx.method.plan
    n = min(max(b.runs_last_week, rules.runs_min.days), rules.runs_max.days)
    n = n if b.runs_last_week else 0
    if not b.recent or (b.ref == 0 and b.mode is Mode.PROGRESS):
        return _start(ctx) if b.mode is Mode.PROGRESS else _Target(0.0, n)
    if b.mode is Mode.CUT:
        return _cut(ctx, b.now, n)
    if b.recovery:
        km = _recovery_km(rules, b)
        return _Target(min(km, b.now) if b.mode is Mode.HOLD else km, n)
    if b.mode is Mode.HOLD:
        return _Target(b.now, n)
    if b.restart:  # no week to grow on: the kept base itself (IO-PLAN-RESTART)
        return _Target(b.ref, n)
    return _Target(b.ref * (1 + rules.weekly_increase_pct.value / 100), n)


def _run_count(t: _Target, rules: PlanRules, progress: bool) -> int:
    """As many runs as last week (within bounds), back up to the default in a progressing week
    (IO-PLAN-LONG-RUN), none shorter than the shortest run."""
    n = t.runs
    if (n == 0 or progress) and t.km > 0:
        n = max(n, rules.runs_default.days)
    if t.km > 0 and t.start_km is None:
        n = max(1, min(n, int(t.km // rules.run_min_km.value)))
    return n


def _limits(ctx: Ctx, b: _Basis) -> tuple[bool, float | None]:
    """Whether runs may grow past their reference run (only when progressing), and the ceiling
    of every run after pain (last week's longest run)."""
    ceiling = None
    if b.mode is Mode.CUT:
        last = ctx.history.runs_between(ctx.on - 7 * DAY, ctx.on - DAY)
        ceiling = max((r.distance_km for r in last), default=None)
    return b.mode is Mode.PROGRESS, ceiling


def _runs(ctx: Ctx, b: _Basis, t: _Target, speed: bool) -> list[PlannedRun]:
    """The week's runs, spread evenly where the cap clips the long run's share; fewer runs only
    when even that leaves one under the shortest run (IO-PLAN-LONG-RUN); without progression (a
    hold or a cut) no run grows past its reference run, and after pain none is longer than last
    week's longest."""
    rules = ctx.method.plan
    grow, ceiling = _limits(ctx, b)
    n = _run_count(t, rules, b.mode is Mode.PROGRESS and not b.recovery)
    runs = plan_runs(ctx, t.km, n, t.kind, speed, t.start_km, grow=grow, ceiling=ceiling)
    if t.start_km is not None:
        return runs  # the run/walk sessions of a return are set by time, not by distance
    short = rules.run_min_km.value - EPS
    while n > 1 and any(r.distance_km < short for r in runs):
        n -= 1
        runs = plan_runs(ctx, t.km, n, t.kind, speed, None, grow=grow, ceiling=ceiling)
    return [r for r in runs if r.distance_km >= short]


def _dip(
    history: History, on: dt.date, b: _Basis, pain_last_week: bool
) -> tuple[float, float] | None:
    """Last week's km and the week before's when last week was a recovery week (a week with
    running that ended the run of loading weeks, IO-PLAN-RECOVERY; not a pain cut)."""
    if b.loading_weeks or b.last_km <= 0 or pain_last_week or b.recovery:
        return None
    return b.last_km, weekly_km(history, on, 2)


def _base_weeks(history: History, on: dt.date, rules: PlanRules) -> int:
    """Weeks in a row (ending last week) with at least ``base_min_runs`` runs."""
    count = 0
    for k in range(1, rules.base_weeks.days + 1):
        last = on - (7 * (k - 1) + 1) * DAY
        if len(history.runs_between(last - 6 * DAY, last)) < rules.base_min_runs.days:
            break
        count += 1
    return count


def _speed(ctx: Ctx, b: _Basis, speed_phase: bool) -> tuple[bool, list[Decision]]:
    """Speed work: only in a speed phase, on a built base, in a progressing non-recovery week."""
    if not speed_phase:
        return False, []
    rules = ctx.method.plan
    base = _base_weeks(ctx.history, ctx.on, rules)
    speed = b.mode is Mode.PROGRESS and not b.recovery and b.recent
    speed = speed and base >= rules.base_weeks.days
    return speed, [speed_decision(ctx, base, speed)]


def plan_week(
    history: History,
    on: dt.date,
    method: Method,
    register: Mapping[str, Evidence],
    *,
    unscreened: str | None,
    pain: PainLevel,
    pain_last_week: bool,
    speed_phase: bool,
    stop_evidence: str | None = None,
) -> RunningWeek:
    """Plan next week's runs (from ``on``) and say why.

    ``unscreened`` says why there is no screen on record (None: there is one, IO-PLAN-SCREEN-FIRST);
    ``stop_evidence`` is the evidence id of the rule that stopped running, when one did.
    """
    if pain is PainLevel.STOP:
        return _stopped(on, method, register, stop_evidence)
    rules = method.plan
    refs = judge(history, on, rules.spike_ratio.value, rules.weekly_increase_pct.value,
                 rules.start.run_km, rules.spike_window_days.days)  # fmt: skip
    ctx = Ctx(history, on, method, register, refs)
    mode, decisions = _mode(ctx, unscreened is None, pain)
    b = _basis(ctx, mode, pain_last_week)
    if unscreened is not None:
        decisions.insert(0, _screen_first(ctx, b, unscreened))
    target = _target(ctx, b)
    decisions += target.decisions
    if b.recent:
        decisions += [d for d in (b.ref_decision,) if d is not None]
        decisions.append(recovery_decision(ctx, b.loading_weeks, b.recovery))
    speed, said = _speed(ctx, b, speed_phase)
    decisions += said
    runs = _runs(ctx, b, target, speed)
    if history.availability is not None:
        grow, ceiling = _limits(ctx, b)
        runs, fitted = fit_runs(ctx, runs, history.availability, grow=grow, ceiling=ceiling)
        decisions += [d for d in (fitted,) if d is not None]
    planned = round(sum(r.distance_km for r in runs), 1)
    if mode is Mode.PROGRESS and b.recent:
        dip = _dip(history, on, b, pain_last_week)
        decisions.append(weekly_cap_decision(ctx, b.ref, planned, b.recovery, dip))
    if runs and b.recent:
        decisions.append(long_run_decision(ctx, runs))
    longest = max((r.distance_km for r in runs), default=0.0)
    return RunningWeek(on, tuple(runs), planned, longest, b.recovery, mode, tuple(decisions))
