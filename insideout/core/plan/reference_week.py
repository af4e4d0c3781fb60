"""The week the weekly cap is measured on, and the decision that names it and says why.

The reference is the higher of the last two weeks (so a recovery week does not reset the build),
or last week's alone when pain cut the week before; a week that broke the weekly cap is never the
reference (IO-PLAN-ABSORBED): then the last week that kept within it is, and the decision names
the week left out.
"""

from __future__ import annotations

from collections.abc import Sequence

from insideout.core.decision import Decision, DecisionVerdict, decide, fmt
from insideout.core.reference import JudgedWeek

from .model import DAY, Ctx

__all__ = ["reference_week"]


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
