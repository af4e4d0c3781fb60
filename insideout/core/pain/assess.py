"""Every pain guard applied in the method's order: the week's rules, red flags, referral."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from insideout.core.decision import Decision
from insideout.core.evidence import Evidence
from insideout.core.history import History
from insideout.core.method import Method
from insideout.core.screen import Region

from . import during, persist, refer, standing
from .model import Breach, PainAssessment, PainLevel, Referral
from .observations import observations
from .red_flags import Flags, assess_flags
from .week import breach_regions, rule_decisions, week_breaches

__all__ = ["assess_pain"]

DAY = dt.timedelta(days=1)
# The week rules read three weeks: this week, last week and, for last week's rise, the one before.
WEEKS_READ = 3


def assess_pain(
    history: History, on: dt.date, method: Method, register: Mapping[str, Evidence]
) -> PainAssessment:
    """Apply every pain guard to the history before ``on``."""
    rules = method.pain
    span = max(rules.persist_days.days + rules.persist_reach_days.days, 7 * WEEKS_READ)
    obs = observations(history, on - span * DAY, on - DAY)
    this_week = week_breaches(history, on - DAY, method, obs)
    this_week += during.today(history, on, rules, this_week)
    last_week = week_breaches(history, on - 8 * DAY, method, obs)
    decisions = rule_decisions(history, on, this_week, rules, register)
    flags = assess_flags(history, on, method, register)
    decisions += flags.decisions
    cleared = history.clearance_on(on)
    counted = refer.counted(history, on, method, cleared, (this_week, last_week, obs))
    refer_this, refer_last, refer_obs = counted
    reasons, words = list(flags.reasons), list(flags.words)
    persisting = persist.persisting(on, rules, refer_obs)
    if persisting is not None:
        decisions.append(persist.decision(persisting, rules, register))
        reasons.append(f"pain at the {persisting[0]} for {persisting[1]} days")
    repeated = bool(refer_this) and bool(refer_last)
    if repeated:
        decisions.append(refer.two_weeks(refer_this, refer_last, rules, register))
        reasons.append("pain rules fired in two consecutive weeks")
    earlier = None
    if persisting is None and not repeated:
        since = refer.after_clearance(history, cleared)
        earlier = standing.standing(since, on, method, refer_obs)
    if earlier is not None:
        decisions.append(standing.decision(earlier, register))
        reasons.append(f"{earlier[1]} (referred on {earlier[0]}, not yet cleared)")
    if persisting is not None or repeated or earlier is not None:
        words.append(rules.words_refer)
    if cleared is not None:
        decisions.append(refer.cleared_decision(cleared, flags.lifted, flags.held, rules, register))
    return _assessment(
        decisions,
        reasons,
        words,
        flags,
        (this_week, last_week),
        breach_regions([*this_week, *(refer_last if repeated else [])], method),
        None if cleared is None else cleared.date,
    )


def _assessment(
    decisions: Sequence[Decision],
    reasons: Sequence[str],
    words: Sequence[str],
    flags: Flags,
    weeks: tuple[Sequence[Breach], Sequence[Breach]],
    regions: frozenset[Region],
    cleared_on: dt.date | None = None,
) -> PainAssessment:
    """The level and the referral: any reason to refer stops running; a breach cuts load."""
    this_week, last_week = weeks
    referral = None
    if reasons:
        joined = "; ".join(reasons)  # first letter raised, the rest as written ("Beighton")
        reason = joined[:1].upper() + joined[1:] + "."
        referral = Referral(reason, " ".join(words), flags.urgent, flags.cardiac, flags.bone)
        level = PainLevel.STOP
    else:
        level = PainLevel.CUT if this_week else PainLevel.CLEAR
    return PainAssessment(
        level,
        tuple(decisions),
        referral,
        regions,
        bool(this_week),
        bool(last_week),
        flags.dates,
        cleared_on,
    )
