"""The method's settings as the core sees them: thresholds, caps, red flags and exercises.

Every number the guards, the plan, the programme and the technique gate rely on is data
(``insideout/catalogue/plan.yaml`` and ``exercises.yaml``), validated by
:mod:`insideout.catalogue.method` and handed in as a :class:`Method`. Each setting carries the
evidence id it is built from, so a decision can cite it and a coach can see what they change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from insideout.core.screen import Need, Quality, Region

__all__ = [
    "Bounds",
    "CadenceRules",
    "Exercise",
    "FlagKind",
    "GateRules",
    "GlanceRules",
    "Method",
    "PainRules",
    "PlanRules",
    "ProgrammeRules",
    "Range",
    "RedFlag",
    "RunRules",
    "Setting",
    "StartWeek",
]


@dataclass(frozen=True)
class Setting:
    """One number of the method and the evidence id it comes from."""

    value: float
    evidence: str

    @property
    def days(self) -> int:
        return int(self.value)


@dataclass(frozen=True)
class Bounds:
    """The range within which a coach may set a value for one runner, and why."""

    low: float
    high: float
    evidence: str  # why these bounds (EV-LOAD-WEEK30 for the weekly cap)
    coach_evidence: str  # the design record of the coach's control (IO-COACH-WEEKLY-CAP)

    def __contains__(self, value: float) -> bool:
        return self.low <= value <= self.high


class FlagKind(StrEnum):
    """What a red flag points at: the referral words differ."""

    MUSCULOSKELETAL = "musculoskeletal"
    BONE = "bone"
    CARDIAC = "cardiac"


@dataclass(frozen=True)
class RedFlag:
    name: str
    label: str
    kind: FlagKind
    urgent: bool  # emergency services, not an appointment
    evidence: str
    words: str  # what the runner is told, plainly
    # raised only by pain in a screening test (PainRules.screen_flags), never ticked: the run and
    # pain-report forms and the API's choices leave it out; a stored one still reads
    screen_only: bool = False


@dataclass(frozen=True)
class PainRules:
    during_max: Setting  # pain during a run above this breaches (EV-PAIN-MODEL-DURING)
    morning_max: Setting  # next-morning pain above this has "not settled"
    week_rise_min: Setting  # a weekly peak at a site this much above last week's is a rise
    # above this (the model's safe zone), any rise of a point is a rise (EV-PAIN-MODEL-WEEK)
    week_rise_safe_max: Setting
    consecutive_weeks: Setting  # breaches in this many weeks in a row -> refer
    persist_days: Setting  # pain at one site for longer than this -> refer
    persist_gap_days: Setting  # painful days further apart than this are two episodes
    persist_reach_days: Setting  # an episode is measured back persist_days + this at most
    red_flag_evidence: str  # a red flag stops running until cleared (IO-RED-FLAG-UNTIL-CLEARED)
    clearance_evidence: str  # a professional's clearance ends a stop (IO-CLEARANCE)
    cut_factor: Setting  # the share of last week's volume kept after a breach
    sites: Mapping[str, Region | None]
    words_refer: str  # shown when breaches repeat or pain persists
    # pain reported without a run at or above this is "pain at rest" (IO-PAIN-REST) ...
    rest_pain_min: Setting
    rest_flag: str  # ... and raises this red flag
    rest_flags: frozenset[str]  # unless the report ticked one of these: it already says so
    # pain during these screening tests is a warning sign: screen test -> red flag raised
    screen_flags: Mapping[str, str]
    screen_flags_evidence: str  # IO-SCREEN-PAIN-FLAG


@dataclass(frozen=True)
class StartWeek:
    runs: int
    run_km: float
    evidence: str


@dataclass(frozen=True)
class PlanRules:
    # The weekly cap in force, in % of the reference week: one meaning wherever it is read. A
    # method as loaded has its default (plan.yaml's plan.weekly_increase_pct) in force;
    # core.coach.with_settings puts a runner's own cap in its place and keeps the default in
    # weekly_default (use core.coach.default_cap to read the default from either).
    weekly_increase_pct: Setting
    spike_ratio: Setting
    spike_window_days: Setting  # a run's reference is the longest run of these days before it
    recovery_every: Setting
    recovery_factor: Setting
    recovery_detect: Setting
    recovery_detect_weeks: Setting  # a recovery week is judged on this many weeks before it
    long_run_share: Setting
    runs_default: Setting
    runs_min: Setting
    runs_max: Setting
    run_min_km: Setting
    base_weeks: Setting
    base_min_runs: Setting
    foundation_weeks: Setting
    start: StartWeek
    screen_first: str  # evidence id of "no progression without a screen"
    weekly_ref: str  # evidence id of the reference week for the weekly cap
    weekly_increase_bounds: Bounds  # where a coach may set one runner's own cap
    # the spike bands above spike_ratio (EV-LOAD-SPIKE-SMALL / -MOD / -LARGE)
    spike_small_max: Setting
    spike_moderate_max: Setting
    spike_large_evidence: str
    # weeks and runs that broke a cap are never a reference (IO-PLAN-ABSORBED)
    reference_evidence: str
    # weeks without running but runs in the spike window: a restart from the last kept base
    # (IO-PLAN-RESTART), not a return to running
    restart: str
    # ... only within this many days of the last run, and not after a stop cleared since it
    restart_within_days: Setting
    # the runner's availability: a day's minutes hold a run at their easy pace, the median pace
    # of their runs of the last easy_pace_window_days (IO-PLAN-AVAILABILITY); with none, the
    # conservative easy_pace_default in minutes per km (IO-PLAN-EASY-PACE)
    availability_evidence: str
    easy_pace_window_days: Setting
    easy_pace_default: Setting
    # The method's default cap when a coach set this runner's own (see core.coach.with_settings);
    # None when the cap in force is the default itself.
    weekly_default: Setting | None = None
    # What the coach stored for this runner when their cap is in force (None: the default is).
    # It differs from weekly_increase_pct when plan.yaml's bounds narrowed below or above it
    # after it was set: the stored value is then clamped into them and the plan says so.
    weekly_coach_pct: float | None = None

    def spike_band(self, ratio: float) -> str:
        """The evidence id of the band a run of ``ratio`` x its reference falls in."""
        if ratio <= self.spike_ratio.value + 1e-9:
            return self.spike_ratio.evidence
        if ratio <= self.spike_small_max.value + 1e-9:
            return self.spike_small_max.evidence
        if ratio <= self.spike_moderate_max.value + 1e-9:
            return self.spike_moderate_max.evidence
        return self.spike_large_evidence


@dataclass(frozen=True)
class Range:
    """The values a number of an input record may take at all (a typo outside is refused)."""

    low: float
    high: float
    evidence: str


@dataclass(frozen=True)
class RunRules:
    """What a logged run may be: numbers within bounds, a humanly possible pace (IO-RUN-PACE)."""

    records: tuple[tuple[float, float], ...]  # (km, world-record minutes), by distance
    slowest_kmh: float  # slower than this ...
    slow_after_min: float  # ... for longer than this is not a run
    evidence: str  # IO-RUN-PACE
    bounds: Mapping[str, Range]  # a run's field -> its range (see core.records.bind)

    def fastest_minutes(self, km: float) -> float | None:
        """The least time a run of ``km`` can take: at the record pace of the longest record
        distance not longer than it (the shortest record's pace below it)."""
        if not self.records or km <= 0:
            return None
        pace = self.records[0][1] / self.records[0][0]
        for rec_km, minutes in self.records:
            if rec_km <= km:
                pace = minutes / rec_km
        return km * pace


@dataclass(frozen=True)
class ProgrammeRules:
    min_sessions: Setting  # per week, in every phase (EV-STR-WEEKLY-RULE)
    foundation_sessions: Setting  # per week while a need is open
    reps_step: Setting
    seconds_step: Setting
    sets_step: Setting
    recovery_sets_drop: Setting
    rescreen_min_weeks: Setting
    rescreen_max_weeks: Setting
    unscreened_weeks: Setting  # without a screen, dosage counts this many weeks back
    emphasis: Mapping[Need, tuple[Quality, ...]]
    emphasis_evidence: str
    regress_evidence: str
    target_evidence: str  # a finding selects the exercise that trains what its test measured


@dataclass(frozen=True)
class CadenceRules:
    low_pct: Setting
    high_pct: Setting
    sessions: Setting
    lookback_days: Setting  # the baseline is looked for in these days before the day advised
    baseline_runs: Setting  # the first this many easy runs with a step rate: the baseline
    recent_days: Setting  # where the runner is now: the median of these last days
    relative_evidence: str
    drills: tuple[str, ...]
    drills_evidence: str


@dataclass(frozen=True)
class GateRules:
    screen_max_days: Setting
    quiet_days: Setting
    strength_weeks: Setting
    strength_per_week: Setting
    needs_evidence: str
    weak_tests: tuple[str, ...]  # asymmetry findings of these tests train, not lock
    weak_evidence: str
    cadence: CadenceRules
    override_evidence: str  # a coach's unlock or lock, logged with a reason (IO-GATE-OVERRIDE)
    # the evidence of a weak test's own, where it is not weak_evidence's (test -> evidence id)
    weak_evidence_for: Mapping[str, str] = field(default_factory=dict)

    def weak_source(self, test: str) -> str:
        """The evidence that makes this test's asymmetry a weak rule."""
        return self.weak_evidence_for.get(test, self.weak_evidence)


@dataclass(frozen=True)
class GlanceRules:
    """What the coach's dashboard shows at a glance (context, never a rule of the advice)."""

    quiet_days: Setting  # nothing logged for this many days: "gone quiet" (IO-DASH-QUIET)


@dataclass(frozen=True)
class Exercise:
    """A foundation exercise and its dosage form: sets x reps, or sets x seconds."""

    id: str
    name: str
    regions: tuple[Region, ...]
    quality: Quality
    per_side: bool
    protocol: tuple[str, ...]
    sets: int
    max_sets: int
    reps: int | None
    max_reps: int | None
    seconds: int | None
    max_seconds: int | None
    load: str
    regression: str | None
    progression: str | None
    evidence: str
    targets: tuple[str, ...] = ()  # the screen tests whose findings this exercise trains
    impact: bool = False  # hopping or landing: none while a bone-stress warning stands


@dataclass(frozen=True)
class Method:
    """Everything the advice needs besides the screen catalogue."""

    pain: PainRules
    plan: PlanRules
    programme: ProgrammeRules
    gate: GateRules
    red_flags: Mapping[str, RedFlag]
    exercises: Mapping[str, Exercise]
    ladders: Mapping[tuple[Region, Quality], tuple[str, ...]]
    version: str
    runs: RunRules
    glance: GlanceRules
    # (screen test, the finding's kind as a quality: mobility or stability) -> the exercises that
    # train what that test measured, easiest first (strength exercises serve a stability finding)
    targeted: Mapping[tuple[str, Quality], tuple[str, ...]] = field(default_factory=dict)
