"""The foundation programme: the cake, baked from what the screen found.

Every region keeps a maintenance dose of strength on both sides, and a balanced (or not yet
measured) region gets only that. Each finding that sets what a region and side trains (a mobility
or stability need, IO-SCREEN-MAPPING) adds the exercise that trains what its test measured, on the
side found, from the first rung of its chain that targets the test (``targets`` in the exercise
catalogue, IO-PROG-TARGET): a calf deficit single-leg calf raises, an ASLR deficit a hamstring
stretch. A test no exercise targets for the finding's kind (a mobility finding hypermobility turned
into stability) falls back to the region's ladder of that quality. Sessions stay in every week of
every phase, recovery weeks included (at least two, EV-STR-WEEKLY-RULE); the only exception is a
cardiac warning sign, which pauses all exercise until a doctor has cleared it (EV-RED-CARDIAC).

Dosage progresses by rules in data, one step per week in which the runner did the sessions:
more reps (or seconds), then one more set, then the exercise's progression at its starting dose
(EV-STR-ACSM-NOVICE). Pain at a site regresses that region's exercises for the week. The
re-screen interval is data too; when it is due the programme asks for it.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from insideout.core.availability import day_name
from insideout.core.decision import Decision, DecisionVerdict, decide
from insideout.core.evidence import Evidence
from insideout.core.history import History
from insideout.core.method import Exercise, Method, ProgrammeRules
from insideout.core.profile import Finding, FindingKind, Profile
from insideout.core.screen import Need, Quality, Region, Side

__all__ = [
    "Dose",
    "FoundationWeek",
    "Prescription",
    "StrengthSession",
    "consistent_weeks",
    "dose_at",
    "foundation_week",
    "strength_offsets",
]

DAY = dt.timedelta(days=1)
CARDIAC_EVIDENCE = "EV-RED-CARDIAC"  # a cardiac sign pauses all exercise until a doctor clears it
NO_IMPACT_EVIDENCE = "IO-BSI-NO-IMPACT"  # a bone-stress warning: no hopping until cleared
QUALITY_ORDER = (Quality.MOBILITY, Quality.STABILITY, Quality.STRENGTH)
KIND_QUALITY = {FindingKind.MOBILITY: Quality.MOBILITY, FindingKind.STABILITY: Quality.STABILITY}


@dataclass(frozen=True)
class Dose:
    exercise: str
    sets: int
    reps: int | None
    seconds: int | None


@dataclass(frozen=True)
class Prescription:
    exercise: str
    sets: int
    reps: int | None
    seconds: int | None
    side: str | None  # "left", "right", "both", or None for a whole-body exercise


@dataclass(frozen=True)
class StrengthSession:
    date: dt.date
    exercises: tuple[Prescription, ...]


@dataclass(frozen=True)
class FoundationWeek:
    sessions: tuple[StrengthSession, ...]
    decisions: tuple[Decision, ...]
    step: int


def _doses(ex: Exercise, method: Method) -> tuple[Dose, ...]:
    rules = method.programme
    return _dose_steps(ex, rules.sets_step.days, rules.reps_step.days, rules.seconds_step.days)


@functools.lru_cache(maxsize=1024)
def _dose_steps(ex: Exercise, sets_step: int, reps_step: int, secs_step: int) -> tuple[Dose, ...]:
    """Every dose of an exercise in order: reps (or seconds) first, then sets."""
    out: list[Dose] = []
    for sets in range(ex.sets, ex.max_sets + 1, max(1, sets_step)):
        if ex.reps is not None and ex.max_reps is not None:
            for reps in range(ex.reps, ex.max_reps + 1, max(1, reps_step)):
                out.append(Dose(ex.id, sets, reps, None))
        elif ex.seconds is not None and ex.max_seconds is not None:
            for secs in range(ex.seconds, ex.max_seconds + 1, max(1, secs_step)):
                out.append(Dose(ex.id, sets, None, secs))
    return tuple(out)


def dose_at(ladder: Sequence[str], step: int, method: Method) -> Dose:
    """The dose after ``step`` weeks of progression along a ladder of exercises."""
    last: Dose | None = None
    for ex_id in ladder:
        doses = _doses(method.exercises[ex_id], method)
        if step < len(doses):
            return doses[step]
        step -= len(doses)
        last = doses[-1]
    assert last is not None
    return last


def _regress(dose: Dose, ladder: Sequence[str], method: Method) -> Dose:
    """The rung before in the ladder followed (else the exercise's regression) at its start."""
    ex = method.exercises[dose.exercise]
    at = ladder.index(dose.exercise) if dose.exercise in ladder else 0
    easier = ladder[at - 1] if at > 0 else ex.regression
    return _doses(method.exercises[easier] if easier else ex, method)[0]


def consistent_weeks(history: History, on: dt.date, since: dt.date, per_week: int) -> list[bool]:
    """For each 7-day block before ``on`` back to ``since``: were ``per_week`` sessions done?

    Index 0 is the last 7 days; only whole blocks on or after ``since`` count.
    """
    last = on.toordinal() - 1
    n = max(0, (last - since.toordinal() + 1) // 7)
    if n == 0:
        return []
    days = history.strength_days
    lo = bisect.bisect_left(days, last - 7 * n + 1)
    hi = bisect.bisect_right(days, last)
    counts = [0] * n
    for d in days[lo:hi]:
        counts[(last - d) // 7] += 1
    return [c >= per_week for c in counts]


def strength_offsets(
    n: int, run_offsets: Sequence[int], available: Sequence[int] | None = None
) -> list[int]:
    """Days (0-6) for n sessions: free days first, spread out; then easy-run days. With the
    runner's ``available`` days (offsets; None: not said), those come first in the same order,
    then the other days: the sessions never drop out of the week (IO-PLAN-AVAILABILITY)."""
    prefer = (1, 4, 6, 2, 5, 0, 3)
    busy = set(run_offsets)
    long_day = max(run_offsets, default=-1)
    free = [d for d in prefer if d not in busy]
    shared = [d for d in prefer if d in busy and d != long_day]
    order = free + shared + [long_day]
    if available is not None:
        order = [d for d in order if d in available] + [d for d in order if d not in available]
    return sorted(order[:n])


def _on_available_days(
    on: dt.date, offsets: Sequence[int], available: Sequence[int], method: Method,
    register: Mapping[str, Evidence],
) -> Decision:  # fmt: skip
    """Where the sessions went, with the runner's available days: there first, else anyway."""
    inside = [day_name((on + d * DAY).weekday()) for d in offsets if d in available]
    outside = [day_name((on + d * DAY).weekday()) for d in offsets if d not in available]
    text = f"Foundation sessions on {', '.join(inside)} (your available days)" if inside else ""
    if outside:
        least = method.programme.min_sessions
        text += "; " if text else ""
        text += (
            f"{', '.join(outside)} {'is' if len(outside) == 1 else 'are'} not among your "
            f"available days: the foundation never drops out of the week (at least "
            f"{least.days} sessions, {least.evidence}), so fit it in where you can"
        )
    return decide(
        "programme.availability", DecisionVerdict.PROGRESS, float(len(inside)),
        float(len(offsets)), method.plan.availability_evidence, text + ".", register,
    )  # fmt: skip


def _needs(profile: Profile | None, region: Region, side: Side) -> Need:
    return Need.UNKNOWN if profile is None else profile.region(region, side).train


def _paused(rules: ProgrammeRules, register: Mapping[str, Evidence]) -> FoundationWeek:
    """A cardiac warning sign pauses all exercise until a doctor has cleared it."""
    paused = decide(
        "programme.paused",
        DecisionVerdict.STOP,
        0.0,
        rules.min_sessions.value,
        CARDIAC_EVIDENCE,
        "All exercise, foundation sessions included, pauses until a doctor has checked "
        "the warning sign you reported; the programme resumes once you are cleared.",
        register,
    )
    return FoundationWeek((), (paused,), 0)


def _session_count(profile: Profile | None, rules: ProgrammeRules) -> int:
    """At least ``min_sessions``; ``foundation_sessions`` while a need is open."""
    open_need = profile is not None and any(
        r.train in (Need.MOBILITY, Need.STABILITY, Need.BOTH) for r in profile.regions
    )
    return max(rules.min_sessions.days, rules.foundation_sessions.days if open_need else 0)


def _dosage(
    n: int, weeks: Sequence[bool], rules: ProgrammeRules, register: Mapping[str, Evidence]
) -> list[Decision]:
    """How many sessions next week, and the dosage step the weeks of sessions done reached."""
    step, per_week = sum(weeks), rules.min_sessions.days
    moves = (bool(weeks) and weeks[0]) or not weeks
    sessions = decide(
        "programme.sessions",
        DecisionVerdict.PROGRESS,
        float(n),
        rules.min_sessions.value,
        rules.min_sessions.evidence,
        f"{n} foundation sessions next week: strength work stays in every week, recovery "
        f"weeks included (never fewer than {rules.min_sessions.days}).",
        register,
    )
    text = (
        f"{step} week(s) with at least {per_week} sessions done: the dosage moves one step per "
        "such week (more reps or seconds, then a set, then the harder exercise)."
        if moves
        else f"Last week had fewer than {per_week} sessions: the dosage holds at step {step} "
        "until a full week is done."
    )
    verdict = DecisionVerdict.PROGRESS if moves else DecisionVerdict.HOLD
    dosage = decide("programme.dosage", verdict, float(step), float(per_week),
                    rules.reps_step.evidence, text, register)  # fmt: skip
    return [sessions, dosage]


@dataclass(frozen=True)
class _Week:
    """What this week's dose depends on."""

    step: int  # weeks of progression done
    recovery: bool
    regress: frozenset[Region]
    no_impact: bool = False  # a bone-stress warning stands: no hopping or landing work


@dataclass
class _Target:
    """One ladder a finding selected: the sides found, the findings and regions behind it."""

    ladder: tuple[str, ...]
    order: tuple[int, int]  # (region, quality) position, to list the week's exercises in order
    sides: list[Side]
    findings: list[Finding]
    regions: set[Region]


def _targets(profile: Profile | None, method: Method) -> list[_Target]:
    """Each trained finding's ladder: the exercises that target its test, or the region's."""
    out: dict[tuple[str, ...], _Target] = {}
    for r in () if profile is None else profile.regions:
        for f in r.trained:
            quality = KIND_QUALITY[f.kind]
            ladder = method.targeted.get((f.test, quality)) or method.ladders[(r.region, quality)]
            order = (list(Region).index(r.region), QUALITY_ORDER.index(quality))
            t = out.setdefault(ladder, _Target(ladder, order, [], [], set()))
            t.sides += [] if r.side in t.sides else [r.side]
            t.findings += [] if f in t.findings else [f]
            t.regions.add(r.region)
    return list(out.values())


def _prescription(
    ladder: Sequence[str], regions: set[Region], sides: Sequence[Side], week: _Week, method: Method
) -> Prescription:
    """The ladder's exercise at this week's dose, for the sides that need it."""
    dose = dose_at(ladder, week.step, method)
    if week.regress & {*regions, *method.exercises[dose.exercise].regions}:
        dose = _regress(dose, ladder, method)  # it loads a painful region, its own or another
    while week.no_impact and method.exercises[dose.exercise].impact:
        dose = _regress(dose, ladder, method)  # no hopping on a bone under stress
    drop = method.programme.recovery_sets_drop.days
    sets = max(1, dose.sets - drop) if week.recovery else dose.sets
    side = None
    if method.exercises[dose.exercise].per_side:
        side = "both" if len(set(sides)) == 2 else sides[0].value
    return Prescription(dose.exercise, sets, dose.reps, dose.seconds, side)


def _maintenance(
    profile: Profile | None, week: _Week, method: Method
) -> list[tuple[tuple[int, int], Prescription]]:
    """Every region's strength ladder, on the sides its need keeps strength for (all of them)."""
    out = []
    for i, region in enumerate(Region):
        sides = [
            side
            for side in Side
            if Quality.STRENGTH in method.programme.emphasis[_needs(profile, region, side)]
        ]
        if sides:
            ladder = method.ladders[(region, Quality.STRENGTH)]
            rx = _prescription(ladder, {region}, sides, week, method)
            out.append(((i, QUALITY_ORDER.index(Quality.STRENGTH)), rx))
    return out


def _without(rx: Prescription, targeted: Sequence[Prescription]) -> Prescription | None:
    """A maintenance dose of an exercise a finding already prescribes: the sides found take the
    targeted dose, the others keep this one (None when no side is left)."""
    found = {p.side for p in targeted if p.exercise == rx.exercise}
    if not found:
        return rx
    left = {"left", "right"} - found if rx.side == "both" else {rx.side} - found
    if rx.side is None or "both" in found or not left:
        return None
    return Prescription(rx.exercise, rx.sets, rx.reps, rx.seconds, left.pop())


def _prescriptions(
    profile: Profile | None, week: _Week, method: Method
) -> tuple[list[Prescription], list[tuple[_Target, Prescription]]]:
    """The targeted work of each finding, then each region's maintenance strength, in order."""
    chosen = [(t, _prescription(t.ladder, t.regions, t.sides, week, method))
              for t in _targets(profile, method)]  # fmt: skip
    targeted: list[tuple[tuple[int, int], Prescription]] = []
    for t, rx in chosen:
        if all(p.exercise != rx.exercise or p.side != rx.side for _, p in targeted):
            targeted.append((t.order, rx))
    items = list(targeted)
    for order, rx in _maintenance(profile, week, method):
        kept = _without(rx, [p for _, p in targeted])
        items += [] if kept is None else [(order, kept)]
    items.sort(key=lambda item: item[0])
    return [p for _, p in items], chosen


def _target_decisions(
    chosen: Sequence[tuple[_Target, Prescription]], method: Method,
    register: Mapping[str, Evidence],
) -> list[Decision]:  # fmt: skip
    """Per finding's test and side: the finding, its rule and evidence, and the exercise chosen."""
    out: list[Decision] = []
    for t, rx in chosen:
        by_test: dict[tuple[str, Side | None], list[Finding]] = {}
        for f in t.findings:
            by_test.setdefault((f.test, f.side), []).append(f)
        for (test, side), found in by_test.items():
            out.append(_target_decision(test, side, found, t, rx, method, register))
    return out


def _target_decision(
    test: str, side: Side | None, found: Sequence[Finding], t: _Target, rx: Prescription,
    method: Method, register: Mapping[str, Evidence],
) -> Decision:  # fmt: skip
    ex = method.exercises[rx.exercise]
    first = found[0]
    where = side.value if side is not None else "both"
    why = "; ".join(f"{f.rule} ({_num(f.value)} against {_num(f.threshold)}, {f.evidence})"
                    for f in found)  # fmt: skip
    quality = KIND_QUALITY[first.kind]
    targeted = method.targeted.get((test, quality)) == t.ladder
    chose = (
        f"{ex.name} trains what {test} measured, from the first rung that targets it"
        if targeted
        else f"no exercise targets {test} for {quality.value}, so the region's {quality.value} "
        f"ladder: {ex.name}"
    )
    dose = f"{rx.sets} x {rx.reps}" if rx.reps is not None else f"{rx.sets} x {rx.seconds} s"
    on = {None: "", "both": ", each side"}.get(rx.side, f", {rx.side} side")
    text = f"{where.capitalize()} side, {why}: {chose} ({dose}{on}; {ex.evidence})."
    if first.redirected_by:
        text += f" It is a stability target because of {first.redirected_by} (EV-BEIGHTON-RULE)."
    if all(f.unverified for f in found):
        text += " Its cut-off is unverified: trained, it gates nothing (IO-SCREEN-UNVERIFIED)."
    return decide(
        f"programme.target.{test}.{where}", DecisionVerdict.PROGRESS, first.value,
        first.threshold, method.programme.target_evidence, text, register,
    )  # fmt: skip


def _no_impact(register: Mapping[str, Evidence]) -> Decision:
    return decide(
        "programme.no_impact", DecisionVerdict.HOLD, None, None, NO_IMPACT_EVIDENCE,
        "A bone-stress warning stands: no hopping or landing exercise this week; each steps back "
        "to its easier version until someone qualified has cleared the warning.",
        register,
    )  # fmt: skip


def _num(x: float) -> str:
    return f"{x:g}"


def _adjustments(
    n: int, week: _Week, rules: ProgrammeRules, register: Mapping[str, Evidence]
) -> list[Decision]:
    """What pain (a regressed region) and a recovery week change this week."""
    out = [
        decide(
            f"programme.regress.{region.value}",
            DecisionVerdict.CUT,
            region.value,
            None,
            rules.regress_evidence,
            f"Pain at the {region.value.replace('_', '/')} this week: its exercises step "
            "back to the easier version until the pain rules are quiet again.",
            register,
        )
        for region in sorted(week.regress)
    ]
    if week.recovery:
        out.append(
            decide(
                "programme.recovery",
                DecisionVerdict.HOLD,
                float(rules.recovery_sets_drop.value),
                None,
                rules.min_sessions.evidence,
                f"Recovery week: one set fewer per exercise, but still {n} sessions.",
                register,
            )  # fmt: skip
        )
    return out


def foundation_week(
    history: History,
    on: dt.date,
    method: Method,
    register: Mapping[str, Evidence],
    *,
    profile: Profile | None,
    first_screen: dt.date | None,
    run_days: Sequence[int],
    recovery: bool,
    regress: frozenset[Region],
    paused: bool,
    available: Sequence[int] | None = None,
    no_impact: bool = False,
) -> FoundationWeek:
    """Next week's foundation sessions and the decisions behind them; ``available`` are the
    runner's available days as offsets from ``on`` (None: not said)."""
    rules = method.programme
    if paused:
        return _paused(rules, register)
    n = _session_count(profile, rules)
    since = first_screen or on - rules.unscreened_weeks.days * 7 * DAY
    weeks = consistent_weeks(history, on, since, rules.min_sessions.days)
    week = _Week(sum(weeks), recovery, regress, no_impact)
    decisions = _dosage(n, weeks, rules, register)
    if no_impact:
        decisions.append(_no_impact(register))
    items, chosen = _prescriptions(profile, week, method)
    if profile is not None:
        decisions += _emphasis(profile, method, register)
        decisions += _target_decisions(chosen, method, register)
    decisions += _adjustments(n, week, rules, register)
    if profile is not None:
        decisions += _rescreen(profile, on, method, register)
    offsets = strength_offsets(n, run_days, available)
    if available is not None:
        decisions.append(_on_available_days(on, offsets, available, method, register))
    sessions = tuple(StrengthSession(on + d * DAY, tuple(items)) for d in offsets)
    return FoundationWeek(sessions, tuple(decisions), week.step)


def _emphasis(profile: Profile, method: Method, register: Mapping[str, Evidence]) -> list[Decision]:
    out: list[Decision] = []
    for r in profile.regions:
        qualities = method.programme.emphasis[r.train]
        if r.train is Need.NONE:
            continue
        work = " and ".join(q.value for q in qualities)
        out.append(
            decide(
                f"programme.emphasis.{r.region.value}.{r.side.value}",
                DecisionVerdict.PROGRESS,
                r.train.value,
                None,
                method.programme.emphasis_evidence,
                f"{r.reason} So the {r.side.value} {r.region.value.replace('_', '/')} gets "
                f"{work} work"
                + (
                    " (a maintenance dose until the missing tests are done)."
                    if r.train is Need.UNKNOWN
                    else "."
                ),
                register,
            )
        )
    return out


def _rescreen(
    profile: Profile, on: dt.date, method: Method, register: Mapping[str, Evidence]
) -> list[Decision]:
    rules = method.programme
    weeks = (on - profile.since).days / 7
    lo, hi = rules.rescreen_min_weeks.value, rules.rescreen_max_weeks.value
    if weeks < lo:
        return []
    due = weeks > hi
    return [
        decide(
            "programme.rescreen",
            DecisionVerdict.HOLD if due else DecisionVerdict.PROGRESS,
            round(weeks, 1),
            hi,
            rules.rescreen_max_weeks.evidence,
            (
                f"Your last screen was {weeks:.0f} weeks ago: "
                if profile.since == profile.date
                else f"Some of your screen's values were measured {weeks:.0f} weeks ago "
                f"(on {profile.since}): "
            )
            + (
                f"a re-screen is overdue (every {lo:g}-{hi:g} weeks), so the emphasis cannot be "
                "updated; please re-screen this week."
                if due
                else f"re-screen now (every {lo:g}-{hi:g} weeks) to see whether balance came "
                "back and to update the emphasis."
            ),
            register,
        )
    ]
