"""Referral: pain rules firing in consecutive weeks, and what a clearance lifts.

Breaches in ``pain.consecutive_weeks`` weeks in a row mean cutting back has not settled the pain:
running stops and a physiotherapist or doctor should assess it (IO-PAIN-REFER).

A clearance (IO-CLEARANCE) ends a stop: the latest clearance on or before the day advised on lifts
the red flags dated on or before it (:mod:`.red_flags`), and the persisting-pain and
consecutive-weeks rules count only what was reported after it. It lifts a stop, never a cut: the
three pain rules still cut load on the days they cover.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence

from insideout.core.decision import Decision, DecisionVerdict, decide
from insideout.core.evidence import Evidence
from insideout.core.history import Clearance, History
from insideout.core.method import Method, PainRules

from .model import Breach
from .observations import Observation
from .week import week_breaches

__all__ = ["Counted", "after_clearance", "cleared_decision", "counted", "two_weeks"]

DAY = dt.timedelta(days=1)
Counted = tuple[list[Breach], list[Breach], list[Observation]]  # this week, last week, obs


def after_clearance(history: History, cleared: Clearance | None) -> History:
    """The history the referral rules read: only what was reported after the latest clearance."""
    return history if cleared is None else _after(history, cleared.date)


def _after(history: History, day: dt.date) -> History:
    """The history with only the runs and pain reports dated after ``day``."""
    return dataclasses.replace(
        history,
        runs=tuple(r for r in history.runs if r.date > day),
        reports=tuple(p for p in history.reports if p.date > day),
    )


def counted(
    history: History,
    on: dt.date,
    method: Method,
    cleared: Clearance | None,
    weeks: Counted,
) -> Counted:
    """The breaches of this week and last week, and the observations, that the referral rules
    count: only what was reported after the latest clearance."""
    if cleared is None:
        return weeks
    after = _after(history, cleared.date)
    obs = [o for o in weeks[2] if o.date > cleared.date]
    return (
        week_breaches(after, on - DAY, method, obs),
        week_breaches(after, on - 8 * DAY, method, obs),
        obs,
    )


def two_weeks(
    this_week: Sequence[Breach],
    last_week: Sequence[Breach],
    rules: PainRules,
    register: Mapping[str, Evidence],
) -> Decision:
    """The referral of pain rules that fired in consecutive weeks."""
    return decide(
        "pain.two_weeks",
        DecisionVerdict.REFER,
        rules.consecutive_weeks.value,
        rules.consecutive_weeks.value,
        rules.consecutive_weeks.evidence,
        f"A pain rule fired in each of the last {rules.consecutive_weeks.days} weeks "
        f"({', '.join(sorted({b.rule for b in last_week}))} last week, "
        f"{', '.join(sorted({b.rule for b in this_week}))} this week): cutting back has "
        "not settled it, so running stops and a physiotherapist or doctor should assess it.",
        register,
    )


def _cleared_text(c: Clearance, lifted: Sequence[str], held: Sequence[str]) -> str:
    said = f'A {c.by.value} cleared you to run on {c.date}: "{c.reason}".'
    if lifted:
        said += f" It lifts the stop from {'; '.join(lifted)}."
    if held:
        said += (
            f" It does not lift {'; '.join(held)}: a cardiac sign needs a doctor's clearance, "
            "so running stays stopped until a doctor has cleared you."
        )
    return (
        f"{said} Persisting pain and pain rules in consecutive weeks count only from after "
        f"{c.date}; a red flag reported after it stops running again, and the pain rules still "
        "cut load on the days they cover."
    )


def cleared_decision(
    c: Clearance,
    lifted: Sequence[str],
    held: Sequence[str],
    rules: PainRules,
    register: Mapping[str, Evidence],
) -> Decision:
    """What the latest clearance lifted, and what it did not."""
    return decide(
        "pain.cleared",
        DecisionVerdict.PROGRESS,
        c.date.isoformat(),
        None,
        rules.clearance_evidence,
        _cleared_text(c, lifted, held),
        register,
    )
