"""The pain guards: the wrong path of "ignoring pain" and "running through it", refused.

Pain is rated 0-10 (EV-PAIN-NRS) during and after each run and the next morning. Three rules
from the pain-monitoring model hold progression and cut load (evidence.md §4):

* pain during a run above the threshold (EV-PAIN-MODEL-DURING: 5/10 is allowed, 6 breaches);
* pain that has not settled by the next morning (EV-PAIN-MODEL-MORNING);
* pain rising from week to week at one site (EV-PAIN-MODEL-WEEK).

Pain reported on a day without a run counts in every one of these rules like pain during a run
(it was felt at rest or at night, EV-BSI-SIGNS), and from a level in data (IO-PAIN-REST) it is
itself a bone-stress warning: "pain at rest" stops running and refers, as if the box were ticked.
A site with no pain last week had last week's value 0: new pain is rising pain (IO-PAIN-WEEK-RISE).

Running stops and the runner is told plainly to see a professional (the "Stop /
see-a-professional rules" of §4) on any red flag (EV-PAIN-BAD, EV-BSI-SIGNS, EV-RED-CARDIAC),
on pain in a screening test that is a warning sign (pain with hopping), on pain that persists
past a set number of days, or on breaches in consecutive weeks. A red flag stops running until
someone qualified clears it (IO-RED-FLAG-UNTIL-CLEARED): it never lapses on its own.

A clearance (IO-CLEARANCE) ends a stop: when a physiotherapist or doctor has seen the runner, the
latest clearance on or before the day advised on lifts the red flags dated on or before it (a
cardiac sign only by a doctor's clearance), and the persisting-pain and consecutive-weeks rules
count only what was reported after it. A red flag reported after it stops running again. It lifts
a stop, never a cut: the three pain rules still cut load on the days they cover.

Weeks are the 7-day blocks before the day advised on: "this week" is ``on - 7 .. on - 1``. A red
flag is different: it counts from the moment it is logged, the day advised on included, so a
runner who reports night pain this morning is not shown a run for this afternoon, and it counts
however long ago it was logged until a clearance dated on or after it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from insideout.core.decision import Decision, DecisionVerdict, decide, fmt
from insideout.core.evidence import Evidence
from insideout.core.history import Clearance, History, RunLog
from insideout.core.method import FlagKind, Method, RedFlag
from insideout.core.screen import Region

__all__ = [
    "Breach",
    "PainAssessment",
    "PainLevel",
    "Referral",
    "assess_pain",
    "week_breaches",
]

DAY = dt.timedelta(days=1)
UNSPECIFIED = "unspecified site"


class PainLevel(StrEnum):
    CLEAR = "clear"  # nothing fired: progression may go on
    CUT = "cut"  # a pain rule fired: no progression, load cut
    STOP = "stop"  # red flag, persisting pain or repeated breaches: no running, refer


@dataclass(frozen=True)
class Breach:
    rule: str
    value: float
    threshold: float
    evidence: str
    site: str | None
    date: dt.date
    report: bool = False  # from a pain report on a day without a run, not from a run


@dataclass(frozen=True)
class Referral:
    reason: str
    words: str
    urgent: bool = False
    cardiac: bool = False  # all exercise pauses until medical review


@dataclass(frozen=True)
class PainAssessment:
    level: PainLevel
    decisions: tuple[Decision, ...]
    referral: Referral | None
    regions: frozenset[Region]  # where the foundation work regresses this week
    breach_this_week: bool
    breach_last_week: bool
    red_flag_dates: tuple[dt.date, ...] = ()

    @property
    def exercise_paused(self) -> bool:
        return self.referral is not None and self.referral.cardiac


# --- observations ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Obs:
    """One pain observation: a value at a site on a day (a run field or a report)."""

    date: dt.date
    value: float
    site: str | None
    flags: tuple[str, ...]
    free: bool  # an explicit "no pain at all" answer
    report: bool = False  # a pain report on its own (at rest, at night), not a run's answer


def _observations(history: History, first: dt.date, last: dt.date) -> list[_Obs]:
    out: list[_Obs] = []
    for run in history.runs_between(first, last):
        asked = [
            v for v in (run.pain_during, run.pain_after, run.pain_next_morning) if v is not None
        ]
        peak = max(asked, default=0.0)
        out.append(_Obs(run.date, peak, run.pain_site, run.red_flags, bool(asked) and peak == 0))
    for rep in history.reports:
        if first <= rep.date <= last:
            out.append(_Obs(rep.date, rep.pain, rep.site, rep.red_flags, rep.pain == 0, True))
    out.sort(key=lambda o: o.date)
    return out


def _site_peaks(obs: Iterable[_Obs]) -> dict[str, float]:
    peaks: dict[str, float] = {}
    for o in obs:
        if o.value > 0:
            key = o.site or UNSPECIFIED
            peaks[key] = max(peaks.get(key, 0.0), o.value)
    return peaks


def week_breaches(
    history: History, last: dt.date, method: Method, obs: list[_Obs] | None = None
) -> list[Breach]:
    """The pain-rule breaches of the 7 days ending on ``last``.

    ``obs`` may carry the observations already gathered for a window covering the 14 days.
    """
    rules = method.pain
    first = last - 6 * DAY
    found: list[Breach] = []
    runs = history.runs_between(first, last)
    if obs is None:
        obs = _observations(history, first - 7 * DAY, last)
    during = _worst_during(runs, [o for o in obs if o.report and first <= o.date <= last])
    if during is not None and during.value > rules.during_max.value:
        found.append(
            Breach(
                "pain.during",
                during.value,
                rules.during_max.value,
                rules.during_max.evidence,
                during.site,
                during.date,
                during.report,
            )
        )
    morning = _worst(runs, "pain_next_morning")
    if morning is not None and morning[0] > rules.morning_max.value:
        found.append(
            Breach(
                "pain.morning",
                morning[0],
                rules.morning_max.value,
                rules.morning_max.evidence,
                morning[1].pain_site,
                morning[1].date,
            )
        )
    now = _site_peaks(o for o in obs if first <= o.date <= last)
    before = _site_peaks(o for o in obs if first - 7 * DAY <= o.date < first)
    for site, peak in sorted(now.items()):
        prev = before.get(site, 0.0)  # no pain there last week: last week's value is 0
        if peak - prev >= rules.week_rise_min.value:
            found.append(
                Breach(
                    "pain.week_rise",
                    peak - prev,
                    rules.week_rise_min.value,
                    rules.week_rise_min.evidence,
                    None if site == UNSPECIFIED else site,
                    last,
                )
            )
    return found


def _worst_during(runs: Iterable[RunLog], reports: Iterable[_Obs]) -> _Obs | None:
    """The highest pain felt while running or reported on its own (at rest, at night)."""
    best: _Obs | None = None
    for run in runs:
        if run.pain_during is not None and (best is None or run.pain_during > best.value):
            best = _Obs(run.date, run.pain_during, run.pain_site, (), False)
    for o in reports:
        if best is None or o.value > best.value:
            best = o
    return best


def _today(history: History, on: dt.date, method: Method, already: list[Breach]) -> list[Breach]:
    """Pain above the limit during a run (or reported on its own) logged on the day advised on:
    it cuts the plan from that day, as a red flag logged that day stops it. The runner who logs
    8/10 this morning is not shown tomorrow's run at full volume."""
    if any(b.rule == "pain.during" for b in already):
        return []
    alone = [_Obs(p.date, p.pain, p.site, (), False, True) for p in history.reports if p.date == on]
    worst = _worst_during(history.runs_between(on, on), alone)
    limit = method.pain.during_max
    if worst is None or worst.value <= limit.value:
        return []
    return [
        Breach(
            "pain.during", worst.value, limit.value, limit.evidence, worst.site, on, worst.report
        )
    ]


def _worst(runs: Iterable[RunLog], attr: str) -> tuple[float, RunLog] | None:
    best: tuple[float, RunLog] | None = None
    for run in runs:
        v: float | None = getattr(run, attr)
        if v is not None and (best is None or v > best[0]):
            best = (v, run)
    return best


def _persisting(on: dt.date, method: Method, obs: list[_Obs]) -> tuple[str, int] | None:
    """The site whose current pain episode is longest, if it is longer than allowed.

    An episode at a site runs back from its latest painful observation (in the last 7 days)
    through earlier painful observations at that site no more than 7 days apart, and ends at an
    explicit "no pain" answer.
    """
    limit = method.pain.persist_days.days
    recent = on - 7 * DAY
    worst: tuple[str, int] | None = None
    for site in {o.site or UNSPECIFIED for o in obs if o.value > 0 and o.date >= recent}:
        start = end = None
        for o in reversed(obs):
            if o.free:
                break
            if o.value > 0 and (o.site or UNSPECIFIED) == site:
                if end is None:
                    end = o.date
                elif start is not None and (start - o.date).days > 7:
                    break
                start = o.date
        if start is not None and end is not None:
            days = (end - start).days + 1
            if days > limit and (worst is None or days > worst[1]):
                worst = (site, days)
    return worst


def _regions(breaches: Iterable[Breach], method: Method) -> frozenset[Region]:
    out = set()
    for b in breaches:
        region = method.pain.sites.get(b.site) if b.site else None
        if region is not None:
            out.add(region)
    return frozenset(out)


# --- the assessment ----------------------------------------------------------------------------


def _breach_text(b: Breach, method: Method) -> str:
    where = f" ({b.site})" if b.site else ""
    if b.rule == "pain.during" and b.report:
        return (
            f"Pain of {fmt(b.value)}/10{where} was reported on {b.date} on its own, without a "
            f"run: it counts like pain during a run, and it is above the {fmt(b.threshold)}/10 "
            "the pain-monitoring model allows: no progression this week, running cut to "
            f"{method.pain.cut_factor.value:.0%} of last week, re-check in one week."
        )
    if b.rule == "pain.during":
        return (
            f"Pain during a run reached {fmt(b.value)}/10{where} on {b.date}, above the "
            f"{fmt(b.threshold)}/10 the pain-monitoring model allows: no progression this week, "
            f"running cut to {method.pain.cut_factor.value:.0%} of last week, re-check in one week."
        )
    if b.rule == "pain.morning":
        return (
            f"Pain the morning after the run of {b.date} was {fmt(b.value)}/10{where}, above "
            f"{fmt(b.threshold)}/10: it had not settled by the next morning, so no progression "
            "and running is cut this week."
        )
    return (
        f"Pain{where} rose by {fmt(b.value)} points on last week's peak (a site without pain "
        f"last week counts from 0; a rise of {fmt(b.threshold)} or more counts): pain must not "
        "climb week to week, so no progression and running is cut this week."
    )


def _retired_flag(name: str, method: Method) -> RedFlag:
    """A red flag stored under a name the method no longer lists: still a red flag, never ignored
    (and never a crash); it stops running and refers, in the general words."""
    return RedFlag(name, name.replace("_", " "), FlagKind.MUSCULOSKELETAL, False, "EV-PAIN-BAD",
                   method.pain.words_refer)  # fmt: skip


@dataclass(frozen=True)
class _Hit:
    """The latest report of one red flag, and how it was raised when nobody ticked the box."""

    flag: RedFlag
    date: dt.date
    how: str = ""


def _flag_hits(history: History, on: dt.date, method: Method) -> dict[str, _Hit]:
    """Every red flag on record up to ``on`` (the day included), each at its latest report.

    Nothing lapses with time (IO-RED-FLAG-UNTIL-CLEARED): the caller lifts a flag only with a
    clearance dated on or after it. Two warnings are raised without a ticked box: pain reported
    on its own at or above the rest-pain level (IO-PAIN-REST), and pain in a screening test that
    is itself a warning sign, such as hopping (EV-BSI-SIGNS).
    """
    rules = method.pain
    hits: dict[str, _Hit] = {}

    def add(name: str, day: dt.date, how: str = "") -> None:
        seen = hits.get(name)
        if seen is None or day >= seen.date:
            hits[name] = _Hit(method.red_flags.get(name) or _retired_flag(name, method), day, how)

    for run in history.runs_between(dt.date.min, on):
        for name in run.red_flags:
            add(name, run.date)
    for screen in history.screens_until(on):
        for m in screen.measures:
            raised = rules.screen_flags.get(m.test)
            if raised is not None and m.pain:
                add(raised, screen.date, f" (pain during the {m.test.replace('_', ' ')} test of "
                    f"the screen, {rules.screen_flags_evidence})")  # fmt: skip
    for rep in history.reports:
        if rep.date > on:
            continue
        for name in rep.red_flags:
            add(name, rep.date)
        if rep.pain >= rules.rest_pain_min.value and not set(rep.red_flags) & rules.rest_flags:
            where = f" at the {rep.site}" if rep.site else ""
            add(rules.rest_flag, rep.date,
                f" (pain of {fmt(rep.pain)}/10{where} reported without a run, at rest or at "
                f"night; from {fmt(rules.rest_pain_min.value)}/10 that is a warning sign, "
                f"{rules.rest_pain_min.evidence})")  # fmt: skip
    return hits


def _after(history: History, day: dt.date) -> History:
    """The history with only the runs and pain reports dated after ``day``."""
    return dataclasses.replace(
        history,
        runs=tuple(r for r in history.runs if r.date > day),
        reports=tuple(p for p in history.reports if p.date > day),
    )


def _lifted_by(history: History, on: dt.date, flag: RedFlag, day: dt.date) -> Clearance | None:
    """The clearance that lifts a red flag reported on ``day``: the latest on or before ``on``
    dated on or after it (a doctor's, for a cardiac sign)."""
    found = history.clearance_on(on, doctor=flag.kind is FlagKind.CARDIAC)
    return found if found is not None and day <= found.date else None


def _cleared_text(c: Clearance, lifted: list[str], held: list[str]) -> str:
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


def assess_pain(
    history: History, on: dt.date, method: Method, register: Mapping[str, Evidence]
) -> PainAssessment:
    """Apply every pain guard to the history before ``on``."""
    rules = method.pain
    decisions: list[Decision] = []
    span = max(rules.persist_days.days + 60, 21)
    obs = _observations(history, on - span * DAY, on - DAY)
    this_week = week_breaches(history, on - DAY, method, obs)
    this_week += _today(history, on, method, this_week)
    last_week = week_breaches(history, on - 8 * DAY, method, obs)
    fired = {b.rule for b in this_week}
    for rule, setting in (
        ("pain.during", rules.during_max),
        ("pain.morning", rules.morning_max),
        ("pain.week_rise", rules.week_rise_min),
    ):
        if rule not in fired:
            decisions.append(
                decide(
                    rule,
                    DecisionVerdict.PROGRESS,
                    _quiet_value(history, on, rule),
                    setting.value,
                    setting.evidence,
                    _quiet_text(rule, setting.value),
                    register,
                )
            )
    for b in this_week:
        decisions.append(
            decide(
                b.rule,
                DecisionVerdict.CUT,
                b.value,
                b.threshold,
                b.evidence,
                _breach_text(b, method),
                register,
            )
        )

    reasons: list[str] = []
    words: list[str] = []
    urgent = cardiac = False
    cleared = history.clearance_on(on)
    lifted: list[str] = []
    held: list[str] = []
    hits = _flag_hits(history, on, method)
    for name, hit in sorted(hits.items()):
        flag, day = hit.flag, hit.date
        if _lifted_by(history, on, flag, day) is not None:
            lifted.append(f"{flag.label} ({day})")
            continue
        who = "a doctor" if flag.kind is FlagKind.CARDIAC else "a physiotherapist or a doctor"
        text = (
            f"Red flag on {day}: {flag.label}{hit.how}. Running stops now. {flag.words} Running "
            f"stays stopped until {who} has seen you and cleared you to run; your coach records "
            f"that clearance ({rules.red_flag_evidence})."
        )
        if cleared is not None and day <= cleared.date:  # a physiotherapist's, on a cardiac sign
            held.append(f"{flag.label} ({day})")
            text += (
                f" The {cleared.by.value}'s clearance of {cleared.date} does not lift a cardiac "
                "sign: only a doctor's clearance does."
            )
        stop = decide(f"red_flag.{name}", DecisionVerdict.STOP, name, None, flag.evidence, text,
                      register)  # fmt: skip
        decisions.append(stop)
        reasons.append(f"red flag: {flag.label} ({day})")
        if flag.words not in words:
            words.append(flag.words)
        urgent |= flag.urgent
        cardiac |= flag.kind is FlagKind.CARDIAC
    if len(lifted) < len(hits):
        who = "a doctor" if cardiac else "a physiotherapist or a doctor"
        words.append(
            f"Running stays stopped until {who} has seen you and cleared you; then ask your "
            "coach to record that clearance. It does not end on its own."
        )
    if len(lifted) == len(hits):
        quiet = "No red flag on record."
        if lifted:
            quiet = (
                f"No red flag stops running: {'; '.join(lifted)} came before a clearance "
                "(see the clearance decision)."
            )
        decisions.append(
            decide(
                "red_flags",
                DecisionVerdict.PROGRESS,
                0,
                None,
                rules.red_flag_evidence,
                quiet,
                register,
            )  # fmt: skip
        )

    # The referral rules count only what was reported after the latest clearance.
    refer_this, refer_last, refer_obs = this_week, last_week, obs
    if cleared is not None:
        after = _after(history, cleared.date)
        refer_obs = [o for o in obs if o.date > cleared.date]
        refer_this = week_breaches(after, on - DAY, method, refer_obs)
        refer_last = week_breaches(after, on - 8 * DAY, method, refer_obs)
    persisting = _persisting(on, method, refer_obs)
    if persisting is not None:
        site, days = persisting
        decisions.append(
            decide(
                "pain.persist",
                DecisionVerdict.REFER,
                days,
                rules.persist_days.value,
                rules.persist_days.evidence,
                f"Pain at the {site} has been reported for {days} days, longer than "
                f"{rules.persist_days.days}: running stops and a professional should look at it.",
                register,
            )
        )
        reasons.append(f"pain at the {site} for {days} days")
    repeated = bool(refer_this) and bool(refer_last)
    if repeated:
        decisions.append(
            decide(
                "pain.two_weeks",
                DecisionVerdict.REFER,
                rules.consecutive_weeks.value,
                rules.consecutive_weeks.value,
                rules.consecutive_weeks.evidence,
                f"A pain rule fired in each of the last {rules.consecutive_weeks.days} weeks "
                f"({', '.join(sorted({b.rule for b in refer_last}))} last week, "
                f"{', '.join(sorted({b.rule for b in refer_this}))} this week): cutting back has "
                "not settled it, so "
                "running stops and a physiotherapist or doctor should assess it.",
                register,
            )
        )
        reasons.append("pain rules fired in two consecutive weeks")
    if persisting is not None or repeated:
        words.append(rules.words_refer)
    if cleared is not None:
        decisions.append(
            decide(
                "pain.cleared",
                DecisionVerdict.PROGRESS,
                cleared.date.isoformat(),
                None,
                rules.clearance_evidence,
                _cleared_text(cleared, lifted, held),
                register,
            )
        )

    referral = None
    if reasons:
        referral = Referral("; ".join(reasons).capitalize() + ".", " ".join(words), urgent, cardiac)
        level = PainLevel.STOP
    else:
        level = PainLevel.CUT if this_week else PainLevel.CLEAR
    return PainAssessment(
        level,
        tuple(decisions),
        referral,
        _regions([*this_week, *(refer_last if repeated else [])], method),
        bool(this_week),
        bool(last_week),
        tuple(sorted({h.date for h in hits.values()})),
    )


def _quiet_value(history: History, on: dt.date, rule: str) -> float | None:
    runs = history.runs_between(on - 7 * DAY, on - DAY)
    if rule == "pain.during":
        first = on - 7 * DAY
        alone = [
            _Obs(p.date, p.pain, p.site, (), False, True)
            for p in history.reports
            if first <= p.date < on
        ]
        during = _worst_during(runs, alone)
        return None if during is None else during.value
    attr = {"pain.during": "pain_during", "pain.morning": "pain_next_morning"}.get(rule)
    if attr is None:
        return None
    worst = _worst(runs, attr)
    return None if worst is None else worst[0]


def _quiet_text(rule: str, threshold: float) -> str:
    if rule == "pain.during":
        return (
            f"No run in the last 7 days had pain during above {fmt(threshold)}/10, and no pain "
            "reported without a run was above it."
        )
    if rule == "pain.morning":
        return f"Pain had settled (at most {fmt(threshold)}/10) every morning after a run."
    return "Pain is not rising from week to week at any site."
