"""Pain that has not settled by the next morning (EV-PAIN-MODEL-MORNING; ``pain.morning_max``).

The highest next-morning pain after the week's runs is compared with the limit; strictly above
means the pain had not settled, and the week breaches.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from insideout.core.decision import fmt
from insideout.core.history import History, RunLog
from insideout.core.method import PainRules

from .model import Breach
from .observations import worst

__all__ = ["RULE", "breach", "quiet_text", "quiet_value", "text"]

RULE = "pain.morning"
DAY = dt.timedelta(days=1)


def breach(runs: Sequence[RunLog], rules: PainRules) -> Breach | None:
    found = worst(runs, "pain_next_morning")
    limit = rules.morning_max
    if found is None or found[0] <= limit.value:
        return None
    value, run = found
    return Breach(RULE, value, limit.value, limit.evidence, run.pain_site, run.date)


def text(b: Breach) -> str:
    where = f" ({b.site})" if b.site else ""
    return (
        f"Pain the morning after the run of {b.date} was {fmt(b.value)}/10{where}, above "
        f"{fmt(b.threshold)}/10: it had not settled by the next morning, so no progression "
        "and running is cut this week."
    )


def quiet_value(history: History, on: dt.date) -> float | None:
    """The worst next-morning pain after the runs of the last 7 days."""
    found = worst(history.runs_between(on - 7 * DAY, on - DAY), "pain_next_morning")
    return None if found is None else found[0]


def quiet_text(threshold: float, history: History, on: dt.date) -> str:
    """What the rule saw when it did not fire: a morning nobody answered for is not "settled"."""
    runs = history.runs_between(on - 7 * DAY, on - DAY)
    silent = sum(1 for r in runs if r.pain_next_morning is None)
    if not runs:
        return "No run in the last 7 days, so no next-morning pain to judge."
    if silent == len(runs):
        n = f"the {len(runs)} run" if len(runs) == 1 else f"any of the {len(runs)} runs"
        return (
            f"The next morning after {n} of the last 7 days was not answered, so whether the "
            'pain settled is not known (not answered is not "settled"). Answer the morning '
            "question after every run."
        )
    said = f"Pain had settled (at most {fmt(threshold)}/10) every morning"
    if silent:
        return f"{said} that was answered; {silent} of {len(runs)} mornings were not answered."
    return f"{said} after a run."
