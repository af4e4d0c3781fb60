"""The week's runs: a target distance split over the runs, each capped by the longest-run rule.

The reference of each planned run is the longest *logged* run of the ``spike_window_days`` before
it that itself kept within the cap (a spike is never a reference); planned runs of the same week
never raise it, so a week cannot chain 110% on 110%. With no reference on record a run is capped
at the return-to-run distance (IO-PLAN-START).

When the cap clips the long run (its 40% share is more than the cap holds), what it takes off goes
to the other runs, evenly, up to their own caps and never past the long run: the week is spread
evenly rather than losing a run or falling short of what the caps allow (IO-PLAN-LONG-RUN). The
others keep at least the shortest run when the week holds it, the long run taking the rest.
"""

from __future__ import annotations

import datetime as dt

from insideout.core.method import PlanRules

from .model import DAY, EPS, Ctx, PlannedRun, floor_km, run_offsets

__all__ = ["plan_runs", "run_cap"]


def _wanted(target: float, n: int, start_km: float | None, rules: PlanRules) -> list[float]:
    """The distance each of ``n`` runs would have before the caps: the long run last."""
    if start_km is not None:
        return [start_km] * n
    long = max(target * rules.long_run_share.value, target / n)
    rest = (target - long) / (n - 1) if n > 1 else 0.0
    least = rules.run_min_km.value
    if n > 1 and rest < least:  # the share leaves the others too short: they keep the least
        long = max(target - (n - 1) * least, target / n)
        rest = (target - long) / (n - 1)
    return [rest] * (n - 1) + [long]


def _spread(wanted: list[float], caps: list[float], target: float) -> list[float]:
    """Each run at most its cap; what the caps take off goes evenly to the runs with room left,
    up to their caps, never past the long run (the last); never more than ``target`` in all."""
    dist = [min(w, c) for w, c in zip(wanted, caps, strict=True)]
    limit = [min(c, dist[-1]) for c in caps[:-1]] + [dist[-1]]
    for _ in range(len(dist)):
        left = target - sum(dist)
        room = [i for i, d in enumerate(dist) if limit[i] - d > EPS]
        if left <= EPS or not room:
            break
        for i in room:
            dist[i] = min(limit[i], dist[i] + left / len(room))
    return dist


def _kind(kind: str, i: int, n: int, speed: bool) -> str:
    """An easy week's last run is the long run; with speed work, the middle run is speed."""
    if kind == "easy" and i == n - 1 and n > 1:
        return "long"
    if speed and kind == "easy" and i == (n - 1) // 2:
        return "speed"
    return kind


def run_cap(ctx: Ctx, day: dt.date, *, grow: bool, ceiling: float | None) -> float:
    """The longest a run on ``day`` may be: ``spike_ratio`` x its reference run when the week may
    ``grow`` (the reference itself when it may not; the return-to-run distance with none), never
    past ``spike_ratio`` x the longest run logged in the window, and never above ``ceiling``."""
    rules = ctx.method.plan
    ref = ctx.long_ref(day)
    ratio = rules.spike_ratio.value if grow else 1.0
    cap = ref * ratio if ref > 0 else rules.start.run_km
    logged = ctx.longest_logged(day)
    if logged > 0:  # never past 110% of what was run in the window, kept within a cap or not
        cap = min(cap, logged * rules.spike_ratio.value)
    if ceiling is not None:
        cap = min(cap, ceiling)
    return cap


def plan_runs(
    ctx: Ctx,
    target: float,
    n: int,
    kind: str,
    speed: bool,
    start_km: float | None,
    *,
    grow: bool = True,
    ceiling: float | None = None,
) -> list[PlannedRun]:
    """Split ``target`` km over ``n`` runs, each capped by the longest-run rule: at most
    ``spike_ratio`` x its reference run when the week may ``grow``, at most the reference run
    itself when it may not (a hold or a cut), and never above ``ceiling`` when one is given;
    what the caps take off the long run goes to the other runs."""
    rules = ctx.method.plan
    if target <= 0 or n <= 0:
        return []
    days = [ctx.on + off * DAY for off in run_offsets(n)]
    n = len(days)
    caps = [run_cap(ctx, day, grow=grow, ceiling=ceiling) for day in days]
    wanted = _wanted(target, n, start_km, rules)
    if start_km is None:
        wanted = _spread(wanted, caps, target)
    out: list[PlannedRun] = []
    for i, (day, want, cap) in enumerate(zip(days, wanted, caps, strict=True)):
        dist = floor_km(min(want, cap))
        if dist > 0:
            out.append(PlannedRun(day, _kind(kind, i, n, speed), dist))
    return out
