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


def quiet_text(threshold: float) -> str:
    return f"Pain had settled (at most {fmt(threshold)}/10) every morning after a run."
