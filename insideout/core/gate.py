"""The technique gate: the frosting stays locked until the cake is baked (evidence.md §5).

Technique work (cadence, drills) unlocks only when all of these hold (a design choice, status D,
built from the facts it cites; every number is data, ``plan.yaml`` ``gate:``), one function each:

1. a screen is on record and no older than ``screen_max_days``;
2. no red flag and no pain-rule breach in the last ``quiet_days``;
3. no open need in the latest profile. Asymmetries within their cut-offs are not needs. Findings
   from the weak rules (``weak_tests``, EV-WEAK-GATES: hop LSI, side-plank ratio, anterior reach
   asymmetry) are targets to train, not locks, unless the previous screen found them too. A
   finding whose cut-off is unverified (status U) never locks, even on two screens
   (IO-SCREEN-UNVERIFIED);
4. ``strength_weeks`` weeks in a row with at least ``strength_per_week`` strength sessions
   (EV-STR-BLAGROVE: 6-20 weeks).

Locked, the gate lists what is missing. Unlocked, it prescribes cadence ``low_pct`` to
``high_pct`` above the runner's own baseline step rate, read before the change began and a
ceiling on the whole change (IO-TECH-CADENCE-BASELINE, IO-TECH-CADENCE-HOLD; EV-TECH-STEP5,
EV-TECH-STEP10, EV-TECH-WILLY), never a 180 target (EV-TECH-180-VERDICT), with drills
(EV-TECH-DRILLS, unverified convention). Every guard stays on.

A coach may override the gate (IO-GATE-OVERRIDE): the latest override on or before the day advised
on unlocks or locks technique work, and its decision (``gate.override``) carries the coach's reason.
An unlock lapses when a screen is recorded after it (new findings deserve a new look); a lock stays
until the coach lifts it, since it is the cautious direction.
An unlock never applies while running is stopped or a pain rule or red flag fired in the quiet
window: the decision then says the override waits.
"""

from __future__ import annotations

import datetime as dt
import functools
import statistics
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from insideout.core.decision import Decision, DecisionVerdict, decide
from insideout.core.evidence import Evidence
from insideout.core.history import GateOverride, History, RunLog
from insideout.core.method import CadenceRules, GateRules, Method
from insideout.core.pain import PainAssessment, PainLevel
from insideout.core.profile import Finding, Profile, RegionProfile
from insideout.core.programme import consistent_weeks
from insideout.core.screen import Need

__all__ = ["CadencePrescription", "TechniqueGate", "open_needs", "technique_gate"]

DAY = dt.timedelta(days=1)
OPEN = (Need.MOBILITY, Need.STABILITY, Need.BOTH)


@dataclass(frozen=True)
class CadencePrescription:
    baseline_spm: float | None
    target_low_spm: float | None
    target_high_spm: float | None
    sessions: int
    drills: tuple[str, ...]
    text: str
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class TechniqueGate:
    unlocked: bool
    missing: tuple[str, ...]
    prescription: CadencePrescription | None
    decisions: tuple[Decision, ...]


def _weak(f: Finding, method: Method) -> bool:
    return f.basis == "asymmetry" and f.test in method.gate.weak_tests


def _region_locks(
    r: RegionProfile, where: str, method: Method, earlier: Callable[[], Profile | None]
) -> tuple[list[str], list[str]]:
    """(locks, trained) of one region and side with an open need: a finding that sets the need
    (:attr:`RegionProfile.counted`) of a strong rule locks; a weak rule's finding locks only when
    the previous screen found it too."""
    real = list(r.counted)  # a supporting finding alone, or an unverified one, locks nothing
    strong = [f for f in real if not _weak(f, method)]
    if strong:
        rules = ", ".join(sorted({f.rule for f in strong}))
        more = "mobility and stability" if r.need is Need.BOTH else r.need.value
        return [f"{where} needs more {more} ({rules})"], []
    locks: list[str] = []
    trained: list[str] = []
    prior = earlier() if real else None
    for f in real:
        if prior is not None and any(g.rule == f.rule and g.side is f.side for g in prior.findings):
            locks.append(f"{where}: {f.rule} found on two screens in a row")
        else:
            trained.append(
                f"{where}: {f.rule} (a weak rule on one screen, {method.gate.weak_source(f.test)})"
            )
    return locks, trained


def open_needs(
    profile: Profile, method: Method, previous: Callable[[], Profile | None]
) -> tuple[list[str], list[str]]:
    """(needs that lock, weak findings trained but not locking), as readable phrases."""
    locks: list[str] = []
    trained: list[str] = []
    earlier = functools.cache(previous)  # scored at most once, and only when a weak rule asks
    unmeasured: dict[str, None] = {}
    for r in profile.regions:
        where = f"{r.side.value} {r.region.value.replace('_', '/')}"
        guesses = [f for f in r.findings if f.unverified]
        trained += [f"{where}: {f.rule} (unverified cut-off, {f.evidence})" for f in guesses]
        if r.need is Need.UNKNOWN:
            unmeasured.update(dict.fromkeys(r.missing))
        elif r.need in OPEN:
            more_locks, more_trained = _region_locks(r, where, method, earlier)
            locks += more_locks
            trained += more_trained
    if unmeasured:
        locks.append(f"tests not yet measured without pain: {', '.join(unmeasured)}")
    return sorted(set(locks)), sorted(set(trained))


EASY_KINDS = ("easy", "long", "run_walk")


def _easy(runs: Sequence[RunLog]) -> list[RunLog]:
    """The runs at the runner's easy pace, where a cadence change is measured (EV-TECH-STEP5/10:
    at the same speed): those logged as easy or long runs; else the slowest quarter by pace."""
    timed = [r for r in runs if r.cadence_spm is not None and r.distance_km > 0]
    easy = [r for r in timed if r.kind in EASY_KINDS]
    if easy or not timed:
        return easy
    paces = sorted(r.duration_min / r.distance_km for r in timed)
    slow = paces[(3 * (len(paces) - 1)) // 4]  # the slowest quarter starts here
    return [r for r in timed if r.duration_min / r.distance_km >= slow]


def _baseline_runs(easy: Sequence[RunLog], rules: CadenceRules) -> list[RunLog]:
    """The runner's step rate before the change began (IO-TECH-CADENCE-BASELINE): the first
    ``baseline_runs`` easy runs with a step rate (``easy`` is in date order, within the look-back).
    No target is set until there are that many, so none was run at a target; later runs never
    count (re-reading them made the target ratchet, red team F2)."""
    return list(easy[: rules.baseline_runs.days])


def _median(runs: Sequence[RunLog]) -> float | None:
    steps = [r.cadence_spm for r in runs if r.cadence_spm is not None]
    return statistics.median(steps) if steps else None


def _where_now(
    recent: float | None, low: float, high: float, rules: CadenceRules, band: str
) -> str:
    """Raise into the band, hold it there, or ease back: the +``high_pct`` is a ceiling on the
    whole change, not on each re-measurement (IO-TECH-CADENCE-HOLD)."""
    steps = f"at the same easy pace, with a metronome, over about {rules.sessions.days} sessions"
    if recent is None or recent < low:
        return f"Raise it by {band} {steps}"
    if recent <= high:
        return (
            f"That is within {band} of your baseline: hold it there at the same easy pace, no new "
            f"raise; +{rules.high_pct.value:g}% over your baseline is the ceiling of the whole "
            f"change, not of each re-measurement"
        )
    return (
        f"That is more than +{rules.high_pct.value:g}% over your baseline, the ceiling of the "
        f"whole change: ease back to {band} at the same easy pace, no further raise"
    )


def _cadence_text(
    base: list[RunLog], recent: list[RunLog], on: dt.date, rules: CadenceRules
) -> tuple[float, float, float, str]:
    """The baseline, the band and the words: which runs the baseline comes from, where the
    runner is now, and whether to raise, hold or ease back."""
    spm, now = _median(base) or 0.0, _median(recent)  # base holds runs with a step rate
    lo_pct, hi_pct = rules.low_pct.value, rules.high_pct.value
    # rounded as prescribed, so "within the band" means the band the runner was given
    low, high = round(spm * (1 + lo_pct / 100), 1), round(spm * (1 + hi_pct / 100), 1)
    band = f"+{lo_pct:g}% to +{hi_pct:g}% ({low:.0f}-{high:.0f} steps/min)"
    window = f"the last {rules.recent_days.days} days"
    where = (
        f"Your median over {window} is {now:.0f} steps/min ({len(recent)} easy runs). "
        if now is not None
        else f"No easy run with a step rate in {window}. "
    )
    text = (
        f"Your baseline step rate is {spm:.0f} steps/min: the median of your first {len(base)} "
        f"easy runs with a step rate in the {rules.lookback_days.days} days before "
        f"{on.isoformat()}, from {base[0].date.isoformat()} to {base[-1].date.isoformat()} "
        f"({rules.lookback_days.evidence}); runs since do not move it (step rate rises with "
        f"speed, so the baseline is your easy pace's, EV-TECH-180-ELITE). {where}"
        f"{_where_now(now, low, high, rules, band)} ({rules.low_pct.evidence}, "
        f"{rules.high_pct.evidence}, {rules.sessions.evidence}, {rules.recent_days.evidence}); "
        f"your own baseline, not a 180 target ({rules.relative_evidence})."
    )
    return spm, low, high, text


def _record_first(base: Sequence[RunLog], rules: CadenceRules) -> str:
    """No target until the baseline's runs are all in (IO-TECH-CADENCE-BASELINE)."""
    so_far = _median(base)
    seen = "" if so_far is None else f", median {so_far:.0f} steps/min"
    return (
        "Record your step rate (steps per minute) on your easy runs first: your baseline is the "
        f"median of your first {rules.baseline_runs.days} ({len(base)} so far{seen}; "
        f"{rules.baseline_runs.evidence}), and cadence work is set relative to it, "
        f"+{rules.low_pct.value:g}% to +{rules.high_pct.value:g}%, never to a fixed 180 "
        f"({rules.relative_evidence})."
    )


def _cadence(
    history: History, on: dt.date, method: Method, register: Mapping[str, Evidence]
) -> CadencePrescription:
    rules = method.gate.cadence
    runs = history.runs_between(on - rules.lookback_days.days * DAY, on - DAY)
    easy = [r for r in _easy(runs) if r.cadence_spm is not None]
    base = _baseline_runs(easy, rules)
    recent = [r for r in easy if r.date >= on - rules.recent_days.days * DAY]
    evidence = (
        rules.low_pct.evidence,
        rules.high_pct.evidence,
        rules.sessions.evidence,
        rules.lookback_days.evidence,
        rules.recent_days.evidence,
        rules.relative_evidence,
        rules.drills_evidence,
    )
    source = register.get(rules.drills_evidence)
    status = f", status {source.status.value}" if source else ""
    drills = (
        "; ".join(rules.drills) + f". Drills are coaching convention ({rules.drills_evidence}"
        f"{status}): no controlled study shows they prevent injury or durably change form"
    )
    if len(base) < rules.baseline_runs.days:
        return CadencePrescription(
            None, None, None, rules.sessions.days, rules.drills,
            f"{_record_first(base, rules)} Meanwhile, drills: {drills}.", evidence,
        )  # fmt: skip
    base_spm, low, high, text = _cadence_text(base, recent, on, rules)
    return CadencePrescription(
        round(base_spm, 1),
        low,
        high,
        rules.sessions.days,
        rules.drills,
        f"{text} Drills: {drills}.",
        evidence,
    )


def _override(
    o: GateOverride,
    unlocked: bool,
    missing: list[str],
    guard: str | None,
    method: Method,
    register: Mapping[str, Evidence],
) -> tuple[bool, list[str], Decision]:
    """Apply the coach's override: (unlocked, missing, its decision)."""
    said = f'Your coach {o.verdict.value}ed technique work on {o.date}: "{o.reason}".'
    if o.verdict is DecisionVerdict.LOCK:
        missing = [*missing, f"your coach's go-ahead (locked on {o.date}: {o.reason})"]
        verdict, text = (
            DecisionVerdict.LOCK,
            f"{said} Technique work stays locked until they unlock it.",
        )
        unlocked = False
    elif guard is not None:
        verdict = DecisionVerdict.LOCK
        text = (
            f"{said} The override does not apply while {guard}: every pain and red-flag "
            "guard stays in force, and technique work stays locked."
        )
    else:
        verdict = DecisionVerdict.UNLOCK
        before = (
            "the gate is open anyway"
            if unlocked
            else "the gate alone would wait for: " + "; ".join(missing)
        )
        text = f"{said} Technique work is unlocked ({before}); every guard stays in force."
        unlocked, missing = True, []
    ev = method.gate.override_evidence
    return unlocked, missing, decide("gate.override", verdict, o.date.isoformat(), None, ev,
                                     text, register)  # fmt: skip


def _rescreen_after(history: History, on: dt.date, override: GateOverride | None) -> dt.date | None:
    """A screen after a coach's unlock: new findings, so the unlock lapses (a lock does not)."""
    if override is None or override.verdict is not DecisionVerdict.UNLOCK:
        return None
    return next((s.date for s in history.screens_until(on) if s.date > override.date), None)


def _lapsed(
    o: GateOverride,
    rescreen: dt.date,
    unlocked: bool,
    method: Method,
    register: Mapping[str, Evidence],
) -> Decision:
    verdict = DecisionVerdict.UNLOCK if unlocked else DecisionVerdict.LOCK
    text = (
        f'Your coach unlocked technique work on {o.date}: "{o.reason}". The re-screen of '
        f"{rescreen} came after it, so that unlock has lapsed and the gate decides on its own "
        "again; your coach may unlock it anew."
    )
    return decide(
        "gate.override",
        verdict,
        o.date.isoformat(),
        None,
        method.gate.override_evidence,
        text,
        register,
    )


def _check(
    rule: str,
    ok: bool,
    value: float | str | None,
    threshold: float | None,
    evidence: str,
    text: str,
    register: Mapping[str, Evidence],
) -> Decision:
    verdict = DecisionVerdict.UNLOCK if ok else DecisionVerdict.LOCK
    return decide(rule, verdict, value, threshold, evidence, text, register)


Checked = tuple[Decision, list[str]]  # a condition's decision, and what is missing for it


def _screen_age(
    profile: Profile | None, on: dt.date, rules: GateRules, register: Mapping[str, Evidence]
) -> Checked:
    """1. A screen on record, no older than ``screen_max_days`` (its oldest value counts)."""
    max_days, ev = rules.screen_max_days.days, rules.screen_max_days.evidence
    if profile is None:
        text = "No screen on record: technique work waits for the screen."
        return _check("gate.screen_age", False, None, max_days, ev, text, register), [
            "a movement screen on record"
        ]
    age = (on - profile.since).days
    what = "screen" if profile.since == profile.date else "screen's oldest value"
    text = f"Your latest {what} is {age} days old (at most {max_days} allowed)."
    missing = [] if age <= max_days else [
        f"a screen no older than {max_days} days (your {what} is {age} days old)"
    ]  # fmt: skip
    return _check("gate.screen_age", age <= max_days, float(age), float(max_days), ev, text,
                  register), missing  # fmt: skip


def _pain_free(
    pain: PainAssessment, on: dt.date, rules: GateRules, register: Mapping[str, Evidence]
) -> Checked:
    """2. No red flag and no pain-rule breach in the last ``quiet_days``."""
    quiet = rules.quiet_days.days
    flags = [d for d in pain.red_flag_dates if (on - d).days <= quiet]
    breaches = pain.breach_this_week or pain.breach_last_week
    ended = pain.cleared_on if pain.cleared_on and (on - pain.cleared_on).days <= quiet else None
    ok = not flags and not breaches and pain.referral is None and ended is None
    text = (
        f"No pain-rule breach or red flag in the last {quiet} days."
        if ok
        else f"A pain rule or red flag fired in the last {quiet} days."
    )
    if ended is not None:  # a red flag or a referral stands until cleared: it was there till then
        text = (
            f"Running was stopped until a clearance on {ended}: a red flag or a referral stands "
            f"until it is cleared, so the {quiet} quiet days count from then."
        )
    decision = _check("gate.pain_free", ok, float(bool(flags) + breaches), 0.0,
                      rules.quiet_days.evidence, text, register)  # fmt: skip
    missing = f"{quiet} days without a pain-rule breach or red flag"
    if ended is not None:
        missing += f" (counted from the clearance of {ended})"
    return decision, [] if ok else [missing]


def _needs(
    profile: Profile,
    method: Method,
    previous: Callable[[], Profile | None],
    register: Mapping[str, Evidence],
) -> Checked:
    """3. No open need in the latest profile (weak rules train unless two screens agree)."""
    locks, trained = open_needs(profile, method, previous)
    text = (
        "No open mobility or stability need in the latest screen."
        if not locks
        else f"Open needs: {'; '.join(locks)}."
    )
    if trained:
        text += f" Trained but not locking: {'; '.join(trained)}."
    rules = method.gate
    decision = _check("gate.needs", not locks, float(len(locks)), 0.0, rules.needs_evidence, text,
                      register)  # fmt: skip
    return decision, [f"no open need: {x}" for x in locks]


def _strength(
    history: History, on: dt.date, rules: GateRules, register: Mapping[str, Evidence]
) -> Checked:
    """4. ``strength_weeks`` weeks in a row with at least ``strength_per_week`` sessions."""
    need, per = rules.strength_weeks.days, rules.strength_per_week.days
    weeks = consistent_weeks(history, on, on - need * 7 * DAY, per)
    done = next((i for i, w in enumerate(weeks) if not w), len(weeks))
    text = f"{done} of {need} weeks in a row with at least {per} strength sessions."
    missing = [] if done >= need else [
        f"{need} weeks in a row with at least {per} strength sessions ({done} so far)"
    ]  # fmt: skip
    return _check("gate.strength_weeks", done >= need, float(done), float(need),
                  rules.strength_weeks.evidence, text, register), missing  # fmt: skip


def _guard(pain: PainAssessment, quiet_ok: bool, rules: GateRules) -> str | None:
    """Why a coach's unlock cannot apply now (None: it can)."""
    if pain.level is PainLevel.STOP:
        return "running is stopped (see the pain and red-flag decisions)"
    if not quiet_ok or pain.level is not PainLevel.CLEAR:
        return f"a pain rule or red flag fired in the last {rules.quiet_days.days} days"
    return None


def technique_gate(
    history: History,
    on: dt.date,
    method: Method,
    register: Mapping[str, Evidence],
    *,
    profile: Profile | None,
    previous: Callable[[], Profile | None],
    pain: PainAssessment,
) -> TechniqueGate:
    """Open or shut the technique gate, saying what is missing."""
    rules = method.gate
    checks = [_screen_age(profile, on, rules, register), _pain_free(pain, on, rules, register)]
    quiet_ok = not checks[1][1]
    if profile is not None:
        checks.append(_needs(profile, method, previous, register))
    checks.append(_strength(history, on, rules, register))
    decisions = [d for d, _ in checks]
    missing = [m for _, ms in checks for m in ms]
    unlocked = not missing
    decisions.append(
        _check(
            "gate.technique",
            unlocked,
            float(len(missing)),
            0.0,
            rules.needs_evidence,
            "Technique work is unlocked; every guard stays in force."
            if unlocked
            else "Technique work stays locked until: " + "; ".join(missing) + ".",
            register,
        )  # fmt: skip
    )
    override = history.override_on(on)
    rescreen = _rescreen_after(history, on, override)
    if override is not None and rescreen is not None:
        decisions.append(_lapsed(override, rescreen, unlocked, method, register))
    elif override is not None:
        guard = _guard(pain, quiet_ok, rules)
        unlocked, missing, decision = _override(override, unlocked, missing, guard, method,
                                                register)  # fmt: skip
        decisions.append(decision)
    prescription = _cadence(history, on, method, register) if unlocked else None
    return TechniqueGate(unlocked, tuple(missing), prescription, tuple(decisions))
