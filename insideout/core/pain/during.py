"""Pain during a run above the limit (EV-PAIN-MODEL-DURING; the limit is ``pain.during_max``).

The highest pain felt while running in the week, or just after a run (IO-PAIN-AFTER: judged by
the same limit, so 8/10 after every run is never "steady" enough to progress on), or reported on
its own that week (at rest, at night: it counts like pain during a run), is compared with the
limit; strictly above breaches. Pain
above the limit logged on the day advised on breaches too: the runner who logs 8/10 this morning
is not shown tomorrow's run at full volume.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from insideout.core.decision import fmt
from insideout.core.history import History, RunLog
from insideout.core.method import PainRules

from .model import Breach
from .observations import Observation, reports_alone, worst_during

__all__ = ["RULE", "breach", "quiet_text", "quiet_value", "text", "today"]

RULE = "pain.during"
AFTER_EVIDENCE = "IO-PAIN-AFTER"  # pain just after a run is judged by the during limit
DAY = dt.timedelta(days=1)


def breach(
    runs: Sequence[RunLog], reports: Sequence[Observation], rules: PainRules
) -> Breach | None:
    """The breach of the worst pain among ``runs`` and ``reports``, if above the limit."""
    worst = worst_during(runs, reports)
    limit = rules.during_max
    if worst is None or worst.value <= limit.value:
        return None
    evidence = AFTER_EVIDENCE if worst.after else limit.evidence
    return Breach(RULE, worst.value, limit.value, evidence, worst.site, worst.date, worst.report)


def today(history: History, on: dt.date, rules: PainRules, already: list[Breach]) -> list[Breach]:
    """Pain above the limit logged on the day advised on (unless the week already breached):
    it cuts the plan from that day, as a red flag logged that day stops it."""
    if any(b.rule == RULE for b in already):
        return []
    found = breach(history.runs_between(on, on), reports_alone(history, on, on), rules)
    return [] if found is None else [found]


def text(b: Breach, rules: PainRules) -> str:
    where = f" ({b.site})" if b.site else ""
    cut = f"{rules.cut_factor.value:.0%}"
    if b.report:
        return (
            f"Pain of {fmt(b.value)}/10{where} was reported on {b.date} on its own, without a "
            f"run: it counts like pain during a run, and it is above the {fmt(b.threshold)}/10 "
            "the pain-monitoring model allows: no progression this week, running cut to "
            f"{cut} of last week, re-check in one week."
        )
    when = "just after the run" if b.evidence == AFTER_EVIDENCE else "during a run"
    return (
        f"Pain {when} of {b.date} reached {fmt(b.value)}/10{where}, above the "
        f"{fmt(b.threshold)}/10 the pain-monitoring model allows: no progression this week, "
        f"running cut to {cut} of last week, re-check in one week."
    )


def quiet_value(history: History, on: dt.date) -> float | None:
    """The worst pain during or just after a run (or reported on its own) of the last 7 days."""
    first = on - 7 * DAY
    runs = history.runs_between(first, on - DAY)
    worst = worst_during(runs, reports_alone(history, first, on - DAY))
    return None if worst is None else worst.value


def quiet_text(threshold: float, history: History, on: dt.date) -> str:
    """What the rule saw when it did not fire, never more: a run nobody answered the pain
    questions for is "not answered", not "no pain"."""
    runs = history.runs_between(on - 7 * DAY, on - DAY)
    silent = sum(1 for r in runs if r.pain_during is None and r.pain_after is None)
    said = (
        f"No run in the last 7 days had pain during or just after it above {fmt(threshold)}/10, "
        "and no pain reported without a run was above it."
    )
    if not silent:
        return said
    if silent == len(runs) and quiet_value(history, on) is None:
        return (
            f"No pain was reported for the {_runs(silent)} of the last 7 days: the questions "
            'after each run were not answered, and not answered is not "no pain". Answer them '
            "after every run (pain during, just after, and the next morning)."
        )
    return f"{said} {_runs(silent).capitalize()} had no pain answer (not answered, not counted)."


def _runs(n: int) -> str:
    return f"{n} run" if n == 1 else f"{n} runs"
