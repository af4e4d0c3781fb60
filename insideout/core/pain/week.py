"""The three pain rules of a week, together: which breached, and the decision each one gives.

Weeks are the 7-day blocks before the day advised on: "this week" is ``on - 7 .. on - 1``. A rule
that did not fire says so with the value it saw; a rule that fired cuts load (the plan reads it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from insideout.core.decision import Decision, DecisionVerdict, decide
from insideout.core.evidence import Evidence
from insideout.core.history import History
from insideout.core.method import Method, PainRules, Setting
from insideout.core.screen import Region

from . import during, morning, rise
from .model import Breach
from .observations import Observation, observations

__all__ = ["breach_regions", "rule_decisions", "week_breaches"]

DAY = dt.timedelta(days=1)


def week_breaches(
    history: History, last: dt.date, method: Method, obs: list[Observation] | None = None
) -> list[Breach]:
    """The pain-rule breaches of the 7 days ending on ``last``.

    ``obs`` may carry the observations already gathered for a window covering the 14 days.
    """
    rules = method.pain
    first = last - 6 * DAY
    runs = history.runs_between(first, last)
    if obs is None:
        obs = observations(history, first - 7 * DAY, last)
    reports = [o for o in obs if o.report and first <= o.date <= last]
    found = [during.breach(runs, reports, rules), morning.breach(runs, rules)]
    return [b for b in found if b is not None] + rise.breaches(obs, first, last, rules)


def _breach_text(b: Breach, rules: PainRules) -> str:
    if b.rule == during.RULE:
        return during.text(b, rules)
    if b.rule == morning.RULE:
        return morning.text(b)
    return rise.text(b)


def _quiet(
    history: History, on: dt.date, rule: str, setting: Setting, register: Mapping[str, Evidence]
) -> Decision:
    """The decision of a rule that did not fire this week: what it saw, against what."""
    if rule == during.RULE:
        value = during.quiet_value(history, on)
        text = during.quiet_text(setting.value, history, on)
    elif rule == morning.RULE:
        value = morning.quiet_value(history, on)
        text = morning.quiet_text(setting.value, history, on)
    else:
        value, text = None, rise.quiet_text(setting.value)
    return decide(
        rule, DecisionVerdict.PROGRESS, value, setting.value, setting.evidence, text, register
    )


def rule_decisions(
    history: History,
    on: dt.date,
    this_week: Iterable[Breach],
    rules: PainRules,
    register: Mapping[str, Evidence],
) -> list[Decision]:
    """One decision per pain rule that stayed quiet, then one per breach of this week."""
    breaches = list(this_week)
    fired = {b.rule for b in breaches}
    out = [
        _quiet(history, on, rule, setting, register)
        for rule, setting in (
            (during.RULE, rules.during_max),
            (morning.RULE, rules.morning_max),
            (rise.RULE, rules.week_rise_min),
        )
        if rule not in fired
    ]
    for b in breaches:
        out.append(
            decide(
                b.rule,
                DecisionVerdict.CUT,
                b.value,
                b.threshold,
                b.evidence,
                _breach_text(b, rules),
                register,
            )  # fmt: skip
        )
    return out


def breach_regions(breaches: Iterable[Breach], method: Method) -> frozenset[Region]:
    """The regions of the screen where the breaches' sites are (the foundation work regresses)."""
    out = set()
    for b in breaches:
        region = method.pain.sites.get(b.site) if b.site else None
        if region is not None:
            out.add(region)
    return frozenset(out)
