"""The method's settings and exercises: ``plan.yaml`` and ``exercises.yaml``, loaded and checked.

Like the screen catalogue (:mod:`insideout.catalogue`), every entry is validated with pydantic
when loaded, and a broken file stops the program naming the file, the entry and the field. Every
evidence id must exist in the register (``evidence.yaml`` + ``design.yaml``); every regression and
progression must name an exercise that exists; every region x quality needs a ladder of at least
three exercises. An exercise may list the screen ``targets`` whose findings it trains: each must
be a known test sharing a region with it, and a test's exercises for one kind of finding lie in
one chain (its targeted ladder); a short chain outside the region's ladder is allowed only for
such targeted exercises. The result is the core's :class:`~insideout.core.method.Method`.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from insideout.core.evidence import Evidence
from insideout.core.method import (
    Bounds,
    CadenceRules,
    Exercise,
    FlagKind,
    GateRules,
    GlanceRules,
    Method,
    PainRules,
    PlanRules,
    ProgrammeRules,
    Range,
    RedFlag,
    RunRules,
    Setting,
    StartWeek,
)
from insideout.core.records import RUN
from insideout.core.screen import Catalogue, Need, Quality, Region

from . import HERE, CatalogueError, load_catalogue, read_yaml, validate

__all__ = ["load_method"]

Strict = ConfigDict(extra="forbid", frozen=True)
RegionName = Literal["foot_ankle", "knee", "hip", "trunk"]
QualityName = Literal["mobility", "stability", "strength"]
MIN_LADDER = 3


class SettingFile(BaseModel):
    model_config = Strict
    value: float = Field(ge=0)
    evidence: str


class BoundsFile(BaseModel):
    model_config = Strict
    min: float = Field(ge=0)
    max: float = Field(ge=0)
    evidence: str
    coach_evidence: str

    @model_validator(mode="after")
    def _order(self) -> BoundsFile:
        if self.min > self.max:
            raise ValueError("min must not exceed max")
        return self


class StartFile(BaseModel):
    model_config = Strict
    runs: int = Field(ge=1, le=7)
    run_km: float = Field(gt=0)
    evidence: str


class RedFlagFile(BaseModel):
    model_config = Strict
    name: str = Field(pattern=r"^[a-z_]+$")
    label: str = Field(min_length=3)
    kind: Literal["musculoskeletal", "bone", "cardiac"]
    urgent: bool
    evidence: str
    words: str = Field(min_length=20)
    screen_only: bool = False  # raised by a screening test's pain only, never ticked


class PainFile(BaseModel):
    model_config = Strict
    during_max: SettingFile
    morning_max: SettingFile
    week_rise_min: SettingFile
    week_rise_safe_max: SettingFile
    consecutive_weeks: SettingFile
    persist_days: SettingFile
    persist_gap_days: SettingFile
    persist_reach_days: SettingFile
    red_flag_evidence: str
    clearance_evidence: str
    cut_factor: SettingFile
    rest_pain_min: SettingFile
    rest_flag: str
    rest_flags: list[str] = Field(min_length=1)
    screen_flags_evidence: str
    screen_flags: dict[str, str]
    words_refer: str = Field(min_length=20)
    sites_evidence: str
    sites: dict[str, RegionName | None] = Field(min_length=1)

    @model_validator(mode="after")
    def _ranges(self) -> PainFile:
        for name in (
            "during_max",
            "morning_max",
            "week_rise_min",
            "week_rise_safe_max",
            "rest_pain_min",
        ):
            if getattr(self, name).value > 10:
                raise ValueError(f"{name}: a pain rating is 0 to 10")
        if not 0 < self.cut_factor.value < 1:
            raise ValueError("cut_factor: expected a share between 0 and 1")
        return self


class PlanFile(BaseModel):
    model_config = Strict
    weekly_increase_pct: SettingFile
    weekly_increase_bounds: BoundsFile
    weekly_ref_evidence: str
    spike_ratio: SettingFile
    spike_window_days: SettingFile
    recovery_every: SettingFile
    recovery_factor: SettingFile
    recovery_detect: SettingFile
    recovery_detect_weeks: SettingFile
    long_run_share: SettingFile
    runs_default: SettingFile
    runs_min: SettingFile
    runs_max: SettingFile
    run_min_km: SettingFile
    base_weeks: SettingFile
    base_min_runs: SettingFile
    foundation_weeks: SettingFile
    start: StartFile
    screen_first_evidence: str
    spike_small_max: SettingFile
    spike_moderate_max: SettingFile
    spike_large_evidence: str
    reference_evidence: str
    restart_evidence: str
    restart_within_days: SettingFile
    availability_evidence: str
    easy_pace_window_days: SettingFile
    easy_pace_default: SettingFile

    @model_validator(mode="after")
    def _ranges(self) -> PlanFile:
        b = self.weekly_increase_bounds
        if b.max > 100:
            raise ValueError("weekly_increase_bounds: max is a percentage, at most 100")
        if not b.min <= self.weekly_increase_pct.value <= b.max:
            raise ValueError(
                f"weekly_increase_pct: the default ({self.weekly_increase_pct.value:g}) must lie "
                f"within weekly_increase_bounds ({b.min:g} to {b.max:g})"
            )
        if not 1 <= self.spike_ratio.value <= self.spike_small_max.value:
            raise ValueError(
                "spike_ratio: expected 1 or more (1.10 = 110%), at most spike_small_max"
            )
        if self.spike_small_max.value > self.spike_moderate_max.value:
            raise ValueError("spike_small_max must not exceed spike_moderate_max")
        if self.recovery_every.value < 2:
            raise ValueError("recovery_every: expected 2 or more weeks")
        if not self.recovery_factor.value <= self.recovery_detect.value < 1:
            raise ValueError("recovery_factor <= recovery_detect < 1 is required")
        if not self.runs_min.value <= self.runs_default.value <= self.runs_max.value <= 7:
            raise ValueError("runs_min <= runs_default <= runs_max <= 7 is required")
        return self

    @model_validator(mode="after")
    def _easy_pace(self) -> PlanFile:
        if not 3 <= self.easy_pace_default.value <= 20:
            raise ValueError("easy_pace_default: expected minutes per km, from 3 to 20")
        if self.easy_pace_window_days.value < 1:
            raise ValueError("easy_pace_window_days: expected 1 or more days")
        return self


class ProgrammeFile(BaseModel):
    model_config = Strict
    min_sessions: SettingFile
    foundation_sessions: SettingFile
    reps_step: SettingFile
    seconds_step: SettingFile
    sets_step: SettingFile
    recovery_sets_drop: SettingFile
    rescreen_min_weeks: SettingFile
    rescreen_max_weeks: SettingFile
    unscreened_weeks: SettingFile
    regress_evidence: str
    emphasis_evidence: str
    target_evidence: str
    emphasis: dict[Literal["mobility", "stability", "both", "none", "unknown"], list[QualityName]]

    @model_validator(mode="after")
    def _complete(self) -> ProgrammeFile:
        missing = {"mobility", "stability", "both", "none", "unknown"} - set(self.emphasis)
        if missing:
            raise ValueError(f"emphasis: missing need(s) {sorted(missing)}")
        if self.min_sessions.value < 2:
            raise ValueError("min_sessions: at least 2 a week (EV-STR-WEEKLY-RULE)")
        if self.rescreen_min_weeks.value > self.rescreen_max_weeks.value:
            raise ValueError("rescreen_min_weeks must not exceed rescreen_max_weeks")
        return self


class CadenceFile(BaseModel):
    model_config = Strict
    low_pct: SettingFile
    high_pct: SettingFile
    sessions: SettingFile
    lookback_days: SettingFile
    baseline_runs: SettingFile
    recent_days: SettingFile
    relative_evidence: str
    drills_evidence: str
    drills: list[str] = Field(min_length=1)

    @model_validator(mode="after")
    def _windows(self) -> CadenceFile:
        if not 0 < self.low_pct.value <= self.high_pct.value:
            raise ValueError("cadence: 0 < low_pct <= high_pct is required")
        if min(self.baseline_runs.value, self.recent_days.value) < 1:
            raise ValueError("cadence: baseline_runs and recent_days must be 1 or more")
        if self.recent_days.value > self.lookback_days.value:
            raise ValueError("cadence: recent_days must not exceed lookback_days")
        return self


class GateFile(BaseModel):
    model_config = Strict
    screen_max_days: SettingFile
    quiet_days: SettingFile
    strength_weeks: SettingFile
    strength_per_week: SettingFile
    needs_evidence: str
    weak_tests: list[str]
    weak_evidence: str
    weak_evidence_for: dict[str, str] = Field(default_factory=dict)
    override_evidence: str
    cadence: CadenceFile


class GlanceFile(BaseModel):
    model_config = Strict
    quiet_days: SettingFile

    @model_validator(mode="after")
    def _whole_days(self) -> GlanceFile:
        days = self.quiet_days.value
        if days < 1 or days != int(days):
            raise ValueError(f"quiet_days: expected a whole number of days, 1 or more, got {days}")
        return self


class RecordFile(BaseModel):
    model_config = Strict
    km: float = Field(gt=0)
    minutes: float = Field(gt=0)


class RangeFile(BaseModel):
    model_config = Strict
    min: float
    max: float
    evidence: str

    @model_validator(mode="after")
    def _order(self) -> RangeFile:
        if self.min > self.max:
            raise ValueError("min must not exceed max")
        return self


class RunsFile(BaseModel):
    model_config = Strict
    pace_evidence: str
    records: list[RecordFile] = Field(min_length=1)
    slowest_kmh: SettingFile
    slow_after_min: SettingFile
    bounds: dict[str, RangeFile]

    @model_validator(mode="after")
    def _order(self) -> RunsFile:
        kms = [r.km for r in self.records]
        if kms != sorted(set(kms)):
            raise ValueError("records: expected distances in increasing order, each once")
        paces = [r.minutes / r.km for r in self.records]
        if paces != sorted(paces):
            raise ValueError("records: a longer record cannot have a faster pace than a shorter")
        return self


class PlanDoc(BaseModel):
    model_config = Strict
    version: int = Field(ge=1)
    pain: PainFile
    red_flags: list[RedFlagFile] = Field(min_length=1)
    plan: PlanFile
    runs: RunsFile
    programme: ProgrammeFile
    gate: GateFile
    glance: GlanceFile


class DosageFile(BaseModel):
    model_config = Strict
    sets: int = Field(ge=1, le=10)
    max_sets: int = Field(ge=1, le=10)
    reps: int | None = Field(default=None, ge=1)
    max_reps: int | None = Field(default=None, ge=1)
    seconds: int | None = Field(default=None, ge=1)
    max_seconds: int | None = Field(default=None, ge=1)
    load: str = Field(min_length=3)

    @model_validator(mode="after")
    def _form(self) -> DosageFile:
        reps = self.reps is not None and self.max_reps is not None
        secs = self.seconds is not None and self.max_seconds is not None
        if reps == secs:
            raise ValueError("give either reps and max_reps, or seconds and max_seconds")
        if self.max_sets < self.sets:
            raise ValueError("max_sets must be at least sets")
        if reps and self.max_reps < self.reps:  # type: ignore[operator]
            raise ValueError("max_reps must be at least reps")
        if secs and self.max_seconds < self.seconds:  # type: ignore[operator]
            raise ValueError("max_seconds must be at least seconds")
        return self


class ExerciseFile(BaseModel):
    model_config = Strict
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    name: str = Field(min_length=3)
    regions: list[RegionName] = Field(min_length=1)
    quality: QualityName
    per_side: bool
    protocol: list[str] = Field(min_length=3)
    dosage: DosageFile
    regression: str | None
    progression: str | None
    evidence: str
    targets: list[str] = Field(default_factory=list)
    impact: bool = False


class ExercisesDoc(BaseModel):
    model_config = Strict
    version: int = Field(ge=1)
    exercises: list[dict[str, object]] = Field(min_length=1)


def _s(f: SettingFile) -> Setting:
    return Setting(f.value, f.evidence)


def _check(path: Path, where: str, ids: Iterable[str], known: Mapping[str, Evidence]) -> None:
    for ev in ids:
        if ev not in known:
            raise CatalogueError(path, where, f"unknown evidence id {ev!r}")


def _setting_ids(model: BaseModel, prefix: str) -> Iterable[tuple[str, str]]:
    """(where, evidence id) for every evidence reference inside a model, recursively."""
    for name, value in model:
        where = f"{prefix}.{name}"
        if isinstance(value, BaseModel):
            yield from _setting_ids(value, where)
        elif isinstance(value, dict):
            for key, item in value.items():
                if isinstance(item, BaseModel):
                    yield from _setting_ids(item, f"{where}.{key}")
        elif name == "evidence" or name.endswith("_evidence"):
            yield where, str(value)


def _check_screen_only(path: Path, doc: PlanDoc) -> None:
    """A screen-only red flag is never ticked, so a screening test must raise it (else nothing
    ever could); and the rest-pain flag, raised from a pain report, is not screen-only."""
    raised = set(doc.pain.screen_flags.values())
    for i, flag in enumerate(doc.red_flags):
        if flag.screen_only and flag.name not in raised:
            raise CatalogueError(
                path, f"red_flags[{i}].screen_only",
                f"{flag.name!r} is screen-only but no pain.screen_flags test raises it",
            )  # fmt: skip
        if flag.screen_only and flag.name in {doc.pain.rest_flag, *doc.pain.rest_flags}:
            raise CatalogueError(
                path, f"red_flags[{i}].screen_only",
                f"{flag.name!r} is a rest-pain flag, raised from a pain report: not screen-only",
            )  # fmt: skip


def _method_doc(path: Path, cat: Catalogue) -> PlanDoc:
    doc = validate(PlanDoc, read_yaml(path), path)
    for part in ("pain", "plan", "runs", "programme", "gate", "glance"):
        for where, ev in _setting_ids(getattr(doc, part), part):
            _check(path, where, [ev], cat.evidence)
    names: set[str] = set()
    for i, flag in enumerate(doc.red_flags):
        _check(path, f"red_flags[{i}].evidence", [flag.evidence], cat.evidence)
        if flag.name in names:
            raise CatalogueError(path, f"red_flags[{i}].name", f"duplicate name {flag.name!r}")
        names.add(flag.name)
    pain = doc.pain
    for where, name in [
        ("pain.rest_flag", pain.rest_flag),
        *((f"pain.rest_flags[{i}]", n) for i, n in enumerate(pain.rest_flags)),
        *((f"pain.screen_flags.{t}", n) for t, n in pain.screen_flags.items()),
    ]:
        if name not in names:
            raise CatalogueError(path, where, f"unknown red flag {name!r}")
    for test in pain.screen_flags:
        if test not in cat.tests:
            raise CatalogueError(path, f"pain.screen_flags.{test}", f"unknown screen test {test!r}")
    _check_screen_only(path, doc)
    bounded = {f.name for f in RUN if f.bounds_from == "runs"}
    if set(doc.runs.bounds) != bounded:
        raise CatalogueError(
            path, "runs.bounds", f"expected bounds for exactly {sorted(bounded)}, got "
            f"{sorted(doc.runs.bounds)}"
        )  # fmt: skip
    _check_weak(path, doc, cat)
    return doc


def _check_weak(path: Path, doc: PlanDoc, cat: Catalogue) -> None:
    """The gate's weak tests are screen tests; each evidence of its own is a weak test's, and in
    the register."""
    for i, test in enumerate(doc.gate.weak_tests):
        if test not in cat.tests:
            raise CatalogueError(path, f"gate.weak_tests[{i}]", f"unknown screen test {test!r}")
    for test, ev in doc.gate.weak_evidence_for.items():
        if test not in doc.gate.weak_tests:
            raise CatalogueError(path, f"gate.weak_evidence_for.{test}",
                                 "expected a test listed in gate.weak_tests")  # fmt: skip
        _check(path, f"gate.weak_evidence_for.{test}", [ev], cat.evidence)


def _exercise(e: ExerciseFile) -> Exercise:
    d = e.dosage
    return Exercise(
        id=e.id,
        name=e.name,
        regions=tuple(Region(r) for r in e.regions),
        quality=Quality(e.quality),
        per_side=e.per_side,
        protocol=tuple(e.protocol),
        sets=d.sets,
        max_sets=d.max_sets,
        reps=d.reps,
        max_reps=d.max_reps,
        seconds=d.seconds,
        max_seconds=d.max_seconds,
        load=d.load,
        regression=e.regression,
        progression=e.progression,
        evidence=e.evidence,
        targets=tuple(e.targets),
        impact=e.impact,
    )


def _exercises(path: Path, cat: Catalogue) -> dict[str, Exercise]:
    doc = validate(ExercisesDoc, read_yaml(path), path)
    out: dict[str, Exercise] = {}
    where: dict[str, int] = {}
    for i, raw in enumerate(doc.exercises):
        entry = f"exercises[{i}]" + (f" ({raw['id']})" if isinstance(raw.get("id"), str) else "")
        e = validate(ExerciseFile, raw, path, entry)
        if e.id in out:
            raise CatalogueError(path, f"{entry}.id", f"duplicate id {e.id!r}")
        _check(path, f"{entry}.evidence", [e.evidence], cat.evidence)
        _check_targets(path, entry, e, cat)
        out[e.id] = _exercise(e)
        where[e.id] = i
    for ex in out.values():
        for field in ("regression", "progression"):
            target = getattr(ex, field)
            if target is not None and target not in out:
                raise CatalogueError(
                    path,
                    f"exercises[{where[ex.id]}] ({ex.id}).{field}",
                    f"unknown exercise {target!r}",
                )
    return out


def _check_targets(path: Path, entry: str, e: ExerciseFile, cat: Catalogue) -> None:
    """Each target is a known screen test that shares a region with the exercise."""
    for i, test in enumerate(e.targets):
        where = f"{entry}.targets[{i}]"
        if test not in cat.tests:
            raise CatalogueError(path, where, f"unknown screen test {test!r}")
        if not set(cat.tests[test].regions) & set(e.regions):
            raise CatalogueError(path, where, f"{test!r} shares no region with the exercise")


def _chain(path: Path, key: str, root: Exercise, exercises: Mapping[str, Exercise]) -> list[str]:
    """The exercises from ``root`` along the progressions, each linked back to the one before."""
    chain: list[str] = []
    ex: Exercise | None = root
    while ex is not None:
        if ex.id in chain:
            raise CatalogueError(path, key, f"progression loops at {ex.id!r}")
        chain.append(ex.id)
        nxt = exercises[ex.progression] if ex.progression else None
        if nxt is not None and nxt.regression != ex.id:
            raise CatalogueError(
                path, nxt.id,
                f"regression should be {ex.id!r} (it follows it), got {nxt.regression!r}",
            )  # fmt: skip
        ex = nxt
    return chain


def _ladders(
    path: Path, exercises: Mapping[str, Exercise]
) -> dict[tuple[Region, Quality], tuple[str, ...]]:
    """Each region x quality: the chain from its root (no regression) along the progressions.
    A shorter chain beside it may hold only exercises that target a screen test."""
    out: dict[tuple[Region, Quality], tuple[str, ...]] = {}
    for region in Region:
        for quality in (Quality.MOBILITY, Quality.STABILITY, Quality.STRENGTH):
            mine = [
                e for e in exercises.values() if e.regions[0] is region and e.quality is quality
            ]
            key = f"{region.value} x {quality.value}"
            chains = [_chain(path, key, e, exercises) for e in mine if e.regression is None]
            main = [c for c in chains if len(c) >= MIN_LADDER]
            extras = [x for c in chains if len(c) < MIN_LADDER for x in c]
            covered = {x for c in chains for x in c}
            if len(main) != 1 or covered != {e.id for e in mine}:
                raise CatalogueError(
                    path,
                    key,
                    f"expected one ladder of at least {MIN_LADDER} linked exercises, got "
                    f"{chains} of {sorted(e.id for e in mine)}",
                )
            if untargeted := [x for x in extras if not exercises[x].targets]:
                raise CatalogueError(
                    path, key,
                    f"{untargeted} are outside the ladder {main[0]} and target no screen test",
                )  # fmt: skip
            out[(region, quality)] = tuple(main[0])
    return out


def _targeted(
    path: Path, exercises: Mapping[str, Exercise]
) -> dict[tuple[str, Quality], tuple[str, ...]]:
    """(test, kind of finding) -> the exercises that target it, in the order of their chain."""
    kind = {Quality.MOBILITY: Quality.MOBILITY, Quality.STRENGTH: Quality.STABILITY}
    out: dict[tuple[str, Quality], tuple[str, ...]] = {}
    roots = [e for e in exercises.values() if e.regression is None]
    for root in roots:
        for ex_id in _chain(path, root.id, root, exercises):
            ex = exercises[ex_id]
            for test in ex.targets:
                key = (test, kind.get(ex.quality, Quality.STABILITY))
                first = exercises[out[key][0]] if key in out else ex
                if _root_of(first, exercises) is not root:
                    raise CatalogueError(
                        path, f"{ex_id}.targets",
                        f"{test!r} ({key[1].value}) is targeted in two chains: from "
                        f"{_root_of(first, exercises).id!r} and from {root.id!r}",
                    )  # fmt: skip
                out[key] = (*out.get(key, ()), ex_id)
    return out


def _root_of(ex: Exercise, exercises: Mapping[str, Exercise]) -> Exercise:
    while ex.regression is not None:
        ex = exercises[ex.regression]
    return ex


def _build(
    doc: PlanDoc,
    exercises: dict[str, Exercise],
    ladders: Mapping[tuple[Region, Quality], tuple[str, ...]],
) -> Method:
    p, pl, pr, g = doc.pain, doc.plan, doc.programme, doc.gate
    pain = PainRules(
        during_max=_s(p.during_max),
        morning_max=_s(p.morning_max),
        week_rise_min=_s(p.week_rise_min),
        week_rise_safe_max=_s(p.week_rise_safe_max),
        consecutive_weeks=_s(p.consecutive_weeks),
        persist_days=_s(p.persist_days),
        persist_gap_days=_s(p.persist_gap_days),
        persist_reach_days=_s(p.persist_reach_days),
        red_flag_evidence=p.red_flag_evidence,
        clearance_evidence=p.clearance_evidence,
        cut_factor=_s(p.cut_factor),
        sites={k: Region(v) if v else None for k, v in p.sites.items()},
        words_refer=p.words_refer,
        rest_pain_min=_s(p.rest_pain_min),
        rest_flag=p.rest_flag,
        rest_flags=frozenset(p.rest_flags),
        screen_flags=dict(p.screen_flags),
        screen_flags_evidence=p.screen_flags_evidence,
    )
    plan = PlanRules(
        weekly_increase_pct=_s(pl.weekly_increase_pct),
        spike_ratio=_s(pl.spike_ratio),
        spike_window_days=_s(pl.spike_window_days),
        recovery_every=_s(pl.recovery_every),
        recovery_factor=_s(pl.recovery_factor),
        recovery_detect=_s(pl.recovery_detect),
        recovery_detect_weeks=_s(pl.recovery_detect_weeks),
        long_run_share=_s(pl.long_run_share),
        runs_default=_s(pl.runs_default),
        runs_min=_s(pl.runs_min),
        runs_max=_s(pl.runs_max),
        run_min_km=_s(pl.run_min_km),
        base_weeks=_s(pl.base_weeks),
        base_min_runs=_s(pl.base_min_runs),
        foundation_weeks=_s(pl.foundation_weeks),
        start=StartWeek(pl.start.runs, pl.start.run_km, pl.start.evidence),
        screen_first=pl.screen_first_evidence,
        spike_small_max=_s(pl.spike_small_max),
        spike_moderate_max=_s(pl.spike_moderate_max),
        spike_large_evidence=pl.spike_large_evidence,
        reference_evidence=pl.reference_evidence,
        restart=pl.restart_evidence,
        restart_within_days=_s(pl.restart_within_days),
        availability_evidence=pl.availability_evidence,
        easy_pace_window_days=_s(pl.easy_pace_window_days),
        easy_pace_default=_s(pl.easy_pace_default),
        weekly_ref=pl.weekly_ref_evidence,
        weekly_increase_bounds=Bounds(
            pl.weekly_increase_bounds.min,
            pl.weekly_increase_bounds.max,
            pl.weekly_increase_bounds.evidence,
            pl.weekly_increase_bounds.coach_evidence,
        ),
    )
    programme = ProgrammeRules(
        min_sessions=_s(pr.min_sessions),
        foundation_sessions=_s(pr.foundation_sessions),
        reps_step=_s(pr.reps_step),
        seconds_step=_s(pr.seconds_step),
        sets_step=_s(pr.sets_step),
        recovery_sets_drop=_s(pr.recovery_sets_drop),
        rescreen_min_weeks=_s(pr.rescreen_min_weeks),
        rescreen_max_weeks=_s(pr.rescreen_max_weeks),
        unscreened_weeks=_s(pr.unscreened_weeks),
        emphasis={Need(k): tuple(Quality(q) for q in v) for k, v in pr.emphasis.items()},
        emphasis_evidence=pr.emphasis_evidence,
        regress_evidence=pr.regress_evidence,
        target_evidence=pr.target_evidence,
    )
    c = g.cadence
    gate = GateRules(
        screen_max_days=_s(g.screen_max_days),
        quiet_days=_s(g.quiet_days),
        strength_weeks=_s(g.strength_weeks),
        strength_per_week=_s(g.strength_per_week),
        needs_evidence=g.needs_evidence,
        weak_tests=tuple(g.weak_tests),
        weak_evidence=g.weak_evidence,
        weak_evidence_for=dict(g.weak_evidence_for),
        cadence=CadenceRules(
            low_pct=_s(c.low_pct),
            high_pct=_s(c.high_pct),
            sessions=_s(c.sessions),
            lookback_days=_s(c.lookback_days),
            baseline_runs=_s(c.baseline_runs),
            recent_days=_s(c.recent_days),
            relative_evidence=c.relative_evidence,
            drills=tuple(c.drills),
            drills_evidence=c.drills_evidence,
        ),
        override_evidence=g.override_evidence,
    )
    flags = {
        f.name: RedFlag(
            f.name, f.label, FlagKind(f.kind), f.urgent, f.evidence, f.words, f.screen_only
        )
        for f in doc.red_flags
    }
    r = doc.runs
    runs = RunRules(
        records=tuple((x.km, x.minutes) for x in r.records),
        slowest_kmh=r.slowest_kmh.value,
        slow_after_min=r.slow_after_min.value,
        evidence=r.pace_evidence,
        bounds={k: Range(b.min, b.max, b.evidence) for k, b in r.bounds.items()},
    )
    glance = GlanceRules(quiet_days=_s(doc.glance.quiet_days))
    return Method(
        pain, plan, programme, gate, flags, exercises, ladders, str(doc.version), runs, glance
    )


def load_method(root: Path | str | None = None, catalogue: Catalogue | None = None) -> Method:
    """Load and validate ``plan.yaml`` and ``exercises.yaml`` (cached for the default location)."""
    if root is None and catalogue is None:
        return _default()
    base = HERE if root is None else Path(root)
    return _load(base, catalogue if catalogue is not None else load_catalogue())


@functools.cache
def _default() -> Method:
    return _load(HERE, load_catalogue())


def _load(root: Path, cat: Catalogue) -> Method:
    doc = _method_doc(root / "plan.yaml", cat)
    path = root / "exercises.yaml"
    exercises = _exercises(path, cat)
    method = _build(doc, exercises, _ladders(path, exercises))
    return replace(method, targeted=_targeted(path, exercises))
