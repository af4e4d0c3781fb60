"""Did last week already break a cap? Then this week holds instead of progressing.

Two caps are checked on what was logged: the longest run of the last 7 days against its
reference run (EV-LOAD-SPIKE-REF; above it, the decision names the Frandsen 2025 band the run fell
in), and last week's distance against its reference week (the weekly cap, IO-PLAN-WEEKLY-CAP or
the coach's own). Either broken holds this week, and the run or week is no reference afterwards.
"""

from __future__ import annotations

import math

from insideout.core.decision import Decision, DecisionVerdict, decide, fmt
from insideout.core.method import PlanRules

from .model import DAY, Ctx

__all__ = ["cap_note", "history_guards"]


def cap_note(rules: PlanRules) -> str:
    """The clause saying the weekly cap is the coach's, with the default and the bounds; and,
    when the bounds narrowed after the coach set it, what they set and what applies instead."""
    default, asked = rules.weekly_default, rules.weekly_coach_pct
    if default is None or asked is None:
        return ""
    b = rules.weekly_increase_bounds
    cap = rules.weekly_increase_pct.value
    where = (
        f"(default {fmt(default.value)}%, {default.evidence}; a coach may set {fmt(b.low)}% to "
        f"{fmt(b.high)}%, {b.evidence}; {b.coach_evidence})."
    )
    if asked == cap:
        said = f"The {fmt(cap)}% cap was set for you by your coach"
    elif math.isnan(asked):
        said = f"Your coach's cap on record is not a number: the default {fmt(cap)}% applies"
    else:
        allows = f"at most {fmt(b.high)}%" if asked > b.high else f"at least {fmt(b.low)}%"
        said = f"Your coach set {fmt(asked)}%, the method now allows {allows}: {fmt(cap)}% applies"
    return f" {said} {where}"


def _band_name(evidence: str, rules: PlanRules) -> str:
    return {
        rules.spike_small_max.evidence: "small",
        rules.spike_moderate_max.evidence: "moderate",
        rules.spike_large_evidence: "large",
    }.get(evidence, "")


def _spike(ctx: Ctx) -> Decision | None:
    """The run of the last 7 days furthest above its reference run, judged."""
    rules = ctx.method.plan
    first = ctx.on - 7 * DAY
    judged = [j for j in ctx.refs.runs if j.run.date >= first and j.ref_km]
    if not judged:
        return None
    worst = max(judged, key=lambda j: (j.ratio or 0.0, j.run.date))
    ratio, ref = worst.ratio or 0.0, worst.ref_km or 0.0
    limit, band = rules.spike_ratio.value, rules.spike_band(ratio)
    said = (
        f"Your run of {fmt(worst.run.distance_km)} km on {worst.run.date} was {ratio:.0%} of your "
        f"longest reference run in the {rules.spike_window_days.days} days before it "
        f"({fmt(ref)} km), "
    )
    if worst.within:
        said += f"within {limit:.0%}."
    else:
        said += (
            f"above the {limit:.0%} reference band (a {_band_name(band, rules)} spike, {band}): "
            "no progression this week, and that run is not a reference for the long run."
        )
    verdict = DecisionVerdict.PROGRESS if worst.within else DecisionVerdict.HOLD
    return decide("plan.spike", verdict, ratio * 100, limit * 100, band, said, ctx.register)


def _weekly_change(ctx: Ctx) -> Decision | None:
    """Last week's distance against its reference week and the weekly cap."""
    rules = ctx.method.plan
    cap = rules.weekly_increase_pct.value
    last = ctx.refs.week(1)
    if last is None or last.km <= 0 or not last.ref_km:
        return None
    change = (last.km - last.ref_km) / last.ref_km * 100
    said = (
        f"Last week you ran {fmt(last.km)} km against a reference week of {fmt(last.ref_km)} km "
        f"({change:+.0f}%), "
    )
    if last.kept:
        said += f"within the {fmt(cap)}% cap."
    else:
        said += (
            f"more than the {fmt(cap)}% cap: volume holds this week, and that week is not a "
            "reference for the weeks to come."
        )
    verdict = DecisionVerdict.PROGRESS if last.kept else DecisionVerdict.HOLD
    evidence = rules.weekly_increase_pct.evidence
    text = said + cap_note(rules)
    return decide("plan.weekly_change", verdict, change, cap, evidence, text, ctx.register)


def history_guards(ctx: Ctx) -> tuple[bool, list[Decision]]:
    """(whether last week broke a cap, the decisions of both guards)."""
    found = [d for d in (_spike(ctx), _weekly_change(ctx)) if d is not None]
    return any(d.verdict is DecisionVerdict.HOLD for d in found), found
