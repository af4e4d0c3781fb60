"""The week the weekly cap is measured on, and the decision that names it and says why.

The reference is the higher of the last two weeks (so a recovery week does not reset the build),
or last week's alone when pain cut the week before; a week that broke the weekly cap is never the
reference (IO-PLAN-ABSORBED): then the last week that kept within it is, and the decision names
the week left out.

With no running in those weeks but runs in the spike window, the runner is not returning to
running (EV-F-SPIKE): the week restarts from the base of the last week with running, without
growth (IO-PLAN-RESTART) — :func:`restart_week`.
"""

from __future__ import annotations

from collections.abc import Sequence

from insideout.core.decision import Decision, DecisionVerdict, decide, fmt
from insideout.core.reference import JudgedWeek

from .model import DAY, Ctx

__all__ = ["reference_week", "restart_week"]


def _weeks(broke: Sequence[JudgedWeek]) -> str:
    return ", ".join(f"{fmt(w.km)} km in the week from {w.first}" for w in broke)


def _why(ctx: Ctx, ref: JudgedWeek, ks: Sequence[int], pain_last_week: bool) -> str:
    """Why this week is the reference, naming the weeks that broke the cap."""
    weeks = [w for k in ks if (w := ctx.refs.week(k)) is not None]
    if ref.k not in ks:
        broke = [w for w in weeks if w.km > 0 and not w.kept]
        if not broke:
            return "the last week with running that kept within the weekly cap"
        return f"the last week that kept within the weekly cap: {_weeks(broke)} broke it"
    why = (
        "last week's, as pain cut the week before"
        if pain_last_week
        else "the higher of the last two weeks, so a recovery week does not reset the build"
    )
    broke = [w for w in weeks if w.km > ref.km and not w.kept]
    if broke:
        why += f"; {_weeks(broke)} broke the cap and is not a reference"
    return why


def reference_week(ctx: Ctx, pain_last_week: bool) -> tuple[JudgedWeek | None, Decision | None]:
    """The reference week and its decision (None, None: no running to grow from)."""
    ks = [1] if pain_last_week else [1, 2]
    ref = ctx.refs.week_ref(ks)
    if ref is None:
        return None, None
    end = ref.first + 6 * DAY
    return ref, decide(
        "plan.reference_week",
        DecisionVerdict.PROGRESS,
        ref.km,
        None,
        ctx.method.plan.reference_evidence,
        f"The plan grows from {fmt(ref.km)} km, the week of {ref.first} to {end} "
        f"({_why(ctx, ref, ks, pain_last_week)}). Volume grows only from weeks and runs that "
        "kept within the caps, never from one that broke them.",
        ctx.register,
    )


def restart_week(ctx: Ctx, pain_last_week: bool) -> tuple[float, Decision | None]:
    """No running in the weeks the weekly cap is measured on: the base of the last week with a
    run in the spike window and its decision (0, None: no run in the window, a return)."""
    window = ctx.method.plan.spike_window_days.days
    runs = ctx.history.runs_between(ctx.on - window * DAY, ctx.on - DAY)
    last = max((r.date for r in runs), default=None)
    week = None if last is None else ctx.refs.week(((ctx.on - last).days - 1) // 7 + 1)
    if last is None or week is None or week.base_km <= 0:
        return 0.0, None
    empty = "last week" if pain_last_week else "last week or the week before"
    kept = (
        "it kept within the weekly cap"
        if week.kept
        else f"it broke the weekly cap: it counts only for its reference of {fmt(week.base_km)} km"
    )
    said = (
        f"No run {empty}{', as pain cut the week before' if pain_last_week else ''}, but you ran "
        f"on {last}, {(ctx.on - last).days} days ago: with runs in the last {window} days this is "
        f"no return to running. The plan restarts from {fmt(week.base_km)} km, the base of the "
        f"week of {week.first} to {week.first + 6 * DAY} ({fmt(week.km)} km run; {kept}), and "
        "does not grow on it this week: an empty week gives the weekly cap nothing to measure on."
    )
    rules = ctx.method.plan
    return week.base_km, decide("plan.reference_week", DecisionVerdict.PROGRESS, week.base_km,
                                None, rules.restart, said, ctx.register)  # fmt: skip
