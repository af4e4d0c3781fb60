"""Given everything known about a runner on a date: what do they do next week, and why?

:func:`advise` ties the method together. Its order is the method's order of precedence:

0. the coach's settings for the runner (:mod:`~insideout.core.coach`) replace the defaults;
1. the pain and red-flag guards (:mod:`~insideout.core.pain`) — a stop overrides everything;
2. the screen and its profile (:mod:`~insideout.core.profile`) — none on record, no progression;
3. the technique gate (:mod:`~insideout.core.gate`), with the coach's latest override (never
   while a pain or red-flag guard holds);
4. the phase: ``stop``, ``screen_needed``, ``technique``, ``foundation`` (a need is open or the
   foundation is young) or ``build``;
5. the running plan (:mod:`~insideout.core.plan`) and the foundation sessions
   (:mod:`~insideout.core.programme`), which never drop out.

:func:`advice_dict` is the JSON contract of ``insideout advise --json`` (issue 4): the names
``phase``, ``profile``, ``next_week``, ``decisions``, ``technique`` and ``refer`` are read by other
tools and must not be renamed. ``load`` is added as context for the coach (never a rule).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from insideout.core.coach import with_settings
from insideout.core.decision import Decision
from insideout.core.evidence import Evidence
from insideout.core.gate import TechniqueGate, technique_gate
from insideout.core.history import History
from insideout.core.load import LoadSummary, load_summary
from insideout.core.method import Method
from insideout.core.pain import PainAssessment, PainLevel, Referral, assess_pain
from insideout.core.plan import RunningWeek, plan_week
from insideout.core.profile import Profile, score
from insideout.core.programme import FoundationWeek, consistent_weeks, foundation_week
from insideout.core.report import profile_dict
from insideout.core.screen import Catalogue, Measure, Need, Runner, Screen, current_screen

__all__ = ["Advice", "Phase", "advice_dict", "advise"]

DAY = dt.timedelta(days=1)


class Phase(StrEnum):
    SCREEN_NEEDED = "screen_needed"
    FOUNDATION = "foundation"
    BUILD = "build"
    TECHNIQUE = "technique"
    STOP = "stop"


@dataclass(frozen=True)
class Advice:
    runner: Runner
    on: dt.date
    phase: Phase
    profile: Profile | None
    running: RunningWeek
    foundation: FoundationWeek
    technique: TechniqueGate
    pain: PainAssessment
    load: LoadSummary
    decisions: tuple[Decision, ...]

    @property
    def refer(self) -> Referral | None:
        return self.pain.referral


def _unscreened(profile: Profile | None) -> str | None:
    """Why there is no screen on record for the plan (IO-PLAN-SCREEN-FIRST), or None when there
    is one: a screen counts only when it judged at least one region (its need is not unknown); a
    screen with no test, or only limb length or the Beighton score, judges none."""
    if profile is None:
        return "No screen on record"
    if any(r.need is not Need.UNKNOWN for r in profile.regions):
        return None
    missing = ", ".join(profile.missing) or "the region tests"
    return (
        f"No screen on record that judges a region: your screen of {profile.date} has not enough "
        f"tests to say what any region needs (missing {missing})"
    )


def _phase(
    profile: Profile | None,
    pain: PainAssessment,
    gate: TechniqueGate,
    young: bool,
) -> Phase:
    if pain.level is PainLevel.STOP:
        return Phase.STOP
    if profile is None or _unscreened(profile) is not None:
        return Phase.SCREEN_NEEDED
    if gate.unlocked:
        return Phase.TECHNIQUE
    if young or any(r.need is not Need.NONE for r in profile.regions):
        return Phase.FOUNDATION
    return Phase.BUILD


def _previous(
    current: Screen | None, screens: Sequence[Screen], method: Method, catalogue: Catalogue
) -> Profile | None:
    """The weak tests' values on the screens before the ones that gave their current values,
    scored (all the gate asks of it): a value carried forward is not a second screen."""
    if current is None:
        return None
    kept: list[Measure] = []
    for test in method.gate.weak_tests:
        now = [current.measured_on(m) for m in current.measures if m.test == test]
        if not now:
            continue
        earlier = current_screen([s for s in screens if s.date < min(now)])
        if earlier is not None:
            kept += [m for m in earlier.measures if m.test == test]
    if not kept:
        return None
    return score(Screen(current.runner, current.date, tuple(kept)), catalogue)


def _young(history: History, on: dt.date, screens: Sequence[Screen], method: Method) -> bool:
    """The foundation is young: fewer than ``foundation_weeks`` weeks of sessions since the first
    screen (or no screen yet)."""
    if not screens:
        return True
    per = method.programme.min_sessions.days
    done = sum(consistent_weeks(history, on, screens[0].date, per))
    return done < method.plan.foundation_weeks.days


def advise(
    history: History,
    on: dt.date,
    catalogue: Catalogue,
    method: Method,
) -> Advice:
    """The advice for the week starting on ``on``, from the history before it.

    The runner's own settings (a weekly cap their coach set) replace the method's defaults.
    """
    method = with_settings(method, history.settings)
    register: Mapping[str, Evidence] = catalogue.evidence
    screens = history.screens_until(on)
    current = current_screen(screens)
    profile = score(current, catalogue) if current is not None else None
    previous = functools.partial(_previous, current, screens, method, catalogue)
    pain = assess_pain(history, on, method, register)
    gate = technique_gate(
        history, on, method, register, profile=profile, previous=previous, pain=pain
    )
    phase = _phase(profile, pain, gate, _young(history, on, screens, method))
    stop = next((d.evidence for d in pain.decisions if d.verdict.value in ("stop", "refer")), None)
    running = plan_week(
        history, on, method, register, unscreened=_unscreened(profile), pain=pain.level,
        pain_last_week=pain.breach_last_week, speed_phase=phase in (Phase.BUILD, Phase.TECHNIQUE),
        stop_evidence=stop,
    )  # fmt: skip
    foundation = foundation_week(
        history, on, method, register, profile=profile,
        first_screen=screens[0].date if screens else None,
        run_days=[(r.date - on).days for r in running.runs], recovery=running.recovery_week,
        regress=pain.regions, paused=pain.exercise_paused,
        available=None if history.availability is None else history.availability.offsets(on),
        no_impact=pain.impact_paused,
    )  # fmt: skip
    decisions = pain.decisions + running.decisions + foundation.decisions + gate.decisions
    load = load_summary(history, on)
    return Advice(history.runner, on, phase, profile, running, foundation, gate, pain, load,
                  decisions)  # fmt: skip


# --- the JSON contract -------------------------------------------------------------------------


def _decision(d: Decision) -> dict[str, Any]:
    return {
        "rule": d.rule,
        "verdict": d.verdict.value,
        "value": d.value,
        "threshold": d.threshold,
        "evidence": d.evidence,
        "text": d.text,
    }


def _next_week(a: Advice) -> dict[str, Any]:
    week = a.running
    strength = []
    for s in a.foundation.sessions:
        items = []
        for p in s.exercises:
            item: dict[str, Any] = {"id": p.exercise, "sets": p.sets}
            if p.reps is not None:
                item["reps"] = p.reps
            else:
                item["seconds"] = p.seconds
            item["side"] = p.side
            items.append(item)
        strength.append({"date": s.date.isoformat(), "exercises": items})
    return {
        "start": week.start.isoformat(),
        "runs": [
            {"date": r.date.isoformat(), "kind": r.kind, "distance_km": r.distance_km}
            for r in week.runs
        ],
        "strength": strength,
        "planned_km": week.planned_km,
        "longest_run_km": week.longest_run_km,
        "recovery_week": week.recovery_week,
    }


def _technique(gate: TechniqueGate) -> dict[str, Any]:
    p = gate.prescription
    return {
        "unlocked": gate.unlocked,
        "missing": list(gate.missing),
        "prescription": None
        if p is None
        else {
            "baseline_spm": p.baseline_spm,
            "target_spm": [p.target_low_spm, p.target_high_spm],
            "sessions": p.sessions,
            "drills": list(p.drills),
            "text": p.text,
            "evidence": list(p.evidence),
        },
    }


def _load(load: LoadSummary) -> dict[str, Any]:
    def r(x: float | str | None) -> float | str | None:
        return round(x, 2) if isinstance(x, float) else x

    return {
        "week_load": round(load.week_load, 1),
        "weekly_loads": [round(w, 1) for w in load.weekly_loads],
        "acwr_rolling": r(load.acwr_rolling),
        "acwr_ewma": r(load.acwr_ewma),
        "ewma_warming_up": load.ewma_warming_up,
        "monotony": r(load.monotony),
        "strain": r(load.strain),
        "runs_without_rpe": load.runs_without_rpe,
        "gates_nothing": True,
        "text": load.text,
        "evidence": list(load.evidence),
    }


def advice_dict(advice: Advice) -> dict[str, Any]:
    """The advice as plain JSON-ready data (the names are a contract)."""
    refer = advice.refer
    return {
        "runner": advice.runner.id,
        "on": advice.on.isoformat(),
        "phase": advice.phase.value,
        "profile": None if advice.profile is None else profile_dict(advice.profile),
        "next_week": _next_week(advice),
        "decisions": [_decision(d) for d in advice.decisions],
        "technique": _technique(advice.technique),
        "refer": None
        if refer is None
        else {
            "reason": refer.reason,
            "words": refer.words,
            "urgent": refer.urgent,
            "cardiac": refer.cardiac,
        },
        "load": _load(advice.load),
    }
