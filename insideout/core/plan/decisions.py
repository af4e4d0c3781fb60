"""The plan's explanations that change nothing but say why: the recovery rhythm, speed work's
base, the long-run cap and the weekly cap on what was planned."""

from __future__ import annotations

from collections.abc import Sequence

from insideout.core.decision import Decision, DecisionVerdict, decide, fmt

from .guards import cap_note
from .model import Ctx, PlannedRun

__all__ = ["long_run_decision", "recovery_decision", "speed_decision", "weekly_cap_decision"]

RECOVERY_EVIDENCE = "EV-LOAD-DELOAD"  # the convention recovery weeks come from (status U)


def recovery_decision(ctx: Ctx, k: int, recovery: bool) -> Decision:
    rules = ctx.method.plan
    every = rules.recovery_every.days
    text = (
        f"{k} loading weeks in a row: next week is a recovery week at "
        f"{rules.recovery_factor.value:.0%} of the reference volume (one in every {every} weeks)."
        if recovery
        else f"{k} loading week(s) in a row since the last recovery week; a recovery week comes "
        f"at least every {every}th week."
    )
    text += (
        f" Recovery weeks are coaching convention ({RECOVERY_EVIDENCE}, status U: no trial in "
        "runners was found); they only ever lower volume, so they are kept as a design choice."
    )
    return decide(
        "plan.recovery_week",
        DecisionVerdict.HOLD if recovery else DecisionVerdict.PROGRESS,
        float(k),
        float(every - 1),
        rules.recovery_every.evidence,
        text,
        ctx.register,
    )


def speed_decision(ctx: Ctx, base: int, speed: bool) -> Decision:
    rules = ctx.method.plan
    need = rules.base_weeks.days
    if speed:
        text = (
            f"Your base is built ({base} weeks in a row with at least "
            f"{rules.base_min_runs.days} runs): one run becomes speed work, inside the same caps."
        )
    elif base >= need:
        text = "Base built, but no speed work this week (recovery, pain or a held week)."
    else:
        text = (
            f"No speed work yet: {base} of {need} weeks of base running "
            f"(at least {rules.base_min_runs.days} runs a week) are done."
        )
    return decide(
        "plan.speed",
        DecisionVerdict.PROGRESS if speed else DecisionVerdict.HOLD,
        float(base),
        float(need),
        rules.base_weeks.evidence,
        text,
        ctx.register,
    )


def _after_dip(ctx: Ctx, planned: float, dip: tuple[float, float] | None) -> str:
    """After a recovery week (``dip``: its km and the km of the week before it), the change on
    it and over the two weeks (EV-F-WEEK; EV-LOAD-WEEK30 looks at changes over 2 weeks)."""
    if dip is None or dip[0] <= 0:
        return ""
    last, before = dip
    said = (
        f" Last week was a recovery week ({fmt(last)} km, a planned dip): {fmt(planned)} km is "
        f"{(planned - last) / last * 100:+.0f}% on it"
    )
    if before <= 0:
        return said + "."
    b = ctx.method.plan.weekly_increase_bounds
    return said + (
        f", and {(planned - before) / before * 100:+.0f}% over the two weeks, on the "
        f"{fmt(before)} km of the week before it (rises above {fmt(b.high)}% over 2 weeks looked "
        f"riskier, {b.evidence})."
    )


def weekly_cap_decision(
    ctx: Ctx,
    ref: float,
    planned: float,
    recovery: bool,
    dip: tuple[float, float] | None = None,
) -> Decision:
    """The weekly cap on what was planned; ``dip``: last week was a recovery week (its km and
    the km of the week before it), and the sentence says what next week is on each."""
    rules = ctx.method.plan
    cap = rules.weekly_increase_pct.value
    return decide(
        "plan.weekly_cap",
        DecisionVerdict.PROGRESS if not recovery else DecisionVerdict.HOLD,
        (planned - ref) / ref * 100 if ref else 0.0,
        cap,
        rules.weekly_increase_pct.evidence,
        f"Weekly distance may grow at most {fmt(cap)}% on the reference week "
        f"({fmt(ref)} km, see the reference-week decision, {rules.weekly_ref}): "
        f"{fmt(planned)} km planned." + _after_dip(ctx, planned, dip) + cap_note(rules),
        ctx.register,
    )


def long_run_decision(ctx: Ctx, runs: Sequence[PlannedRun]) -> Decision:
    rules = ctx.method.plan
    worst = (0.0, runs[0], 0.0)
    for run in runs:
        ref = ctx.long_ref(run.date)
        if ref > 0 and run.distance_km / ref >= worst[0]:
            worst = (run.distance_km / ref, run, ref)
    ratio, run, ref = worst
    limit = rules.spike_ratio.value
    return decide(
        "plan.long_run",
        DecisionVerdict.PROGRESS,
        ratio * 100,
        limit * 100,
        rules.spike_ratio.evidence,
        f"No run is planned longer than {limit:.0%} of the longest run in the "
        f"{rules.spike_window_days.days} days before it that itself kept within that cap (a "
        f"spike is never a reference): the longest, {fmt(run.distance_km)} km on {run.date}, is "
        f"{ratio:.0%} of {fmt(ref)} km.",
        ctx.register,
    )
