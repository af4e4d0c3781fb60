"""The movement screen: what a test is, what a measure is, and how raw input becomes a screen.

A :class:`ScreenTest` is catalogue data (loaded and validated by :mod:`insideout.catalogue`); this
module only defines its shape and the rules for reading a runner's measures against it. Parsing
works on plain dicts (already decoded JSON or form data) so it serves the CLI, the API and the web
pages alike, and it reports every problem at once as an :class:`~insideout.core.errors.InputError`.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from insideout.core.errors import InputError, Issue

__all__ = [
    "Band",
    "Better",
    "Catalogue",
    "Comparison",
    "Derivation",
    "LinearNorm",
    "MobilityFirst",
    "Measure",
    "Need",
    "Quality",
    "Quantity",
    "Region",
    "Rule",
    "RuleKind",
    "Runner",
    "Screen",
    "ScreenTest",
    "Sex",
    "Side",
    "current_screen",
    "parse_date",
    "parse_measures",
    "parse_runner",
    "parse_screen",
]


class Side(StrEnum):
    LEFT = "left"
    RIGHT = "right"

    @property
    def other(self) -> Side:
        return Side.RIGHT if self is Side.LEFT else Side.LEFT


class Region(StrEnum):
    FOOT_ANKLE = "foot_ankle"
    KNEE = "knee"
    HIP = "hip"
    TRUNK = "trunk"


class Quality(StrEnum):
    """What a test measures."""

    MOBILITY = "mobility"
    STABILITY = "stability"
    STRENGTH = "strength"
    CONTROL = "control"
    LAXITY = "laxity"
    ANTHROPOMETRY = "anthropometry"


class Need(StrEnum):
    """What a region and side needs more of."""

    MOBILITY = "mobility"
    STABILITY = "stability"
    BOTH = "both"
    NONE = "none"
    UNKNOWN = "unknown"


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"
    UNSPECIFIED = "unspecified"


class Better(StrEnum):
    """Which way a test's value improves."""

    HIGHER = "higher"
    LOWER = "lower"


class RuleKind(StrEnum):
    NORM = "norm"  # the value against a published norm or cut-off
    ASYMMETRY = "asymmetry"  # one side against the other
    HYPERMOBILITY = "hypermobility"  # a whole-body laxity signal


class Quantity(StrEnum):
    VALUE = "value"  # the measured value itself
    DIFF = "diff"  # absolute left-right difference, in the test's unit
    LSI = "lsi"  # limb symmetry index: worse side / better side x 100 (EV-F-LSI)


class Comparison(StrEnum):
    LT = "<"
    LE = "<="
    GT = ">"
    GE = ">="

    def holds(self, value: float, threshold: float) -> bool:
        if self is Comparison.LT:
            return value < threshold
        if self is Comparison.LE:
            return value <= threshold
        if self is Comparison.GT:
            return value > threshold
        return value >= threshold


@dataclass(frozen=True)
class Band:
    """A threshold that applies to a sex and/or an age range (inclusive)."""

    value: float
    sex: Sex | None = None
    min_age: int | None = None
    max_age: int | None = None

    def applies(self, sex: Sex, age: int | None) -> bool:
        if self.sex is not None and self.sex is not sex:
            return False
        if age is None:
            return self.min_age is None and self.max_age is None
        if self.min_age is not None and age < self.min_age:
            return False
        return not (self.max_age is not None and age > self.max_age)


@dataclass(frozen=True)
class LinearNorm:
    """A norm that moves with age and sex, from a published equation (e.g. hip abductor torque,
    EV-HHD-NORM): ``intercept + per_year_of_age * age + male * (1 for a man)``, with the cut-off
    ``sds_below`` standard deviations (``sd``) under it."""

    intercept: float
    per_year_of_age: float
    male: float
    sd: float
    sds_below: float

    def at(self, sex: Sex, age: int) -> float:
        """The cut-off for a runner of this sex and age (six decimals: no float noise)."""
        norm = self.intercept + self.per_year_of_age * age + (self.male if sex is Sex.MALE else 0)
        return round(norm - self.sds_below * self.sd, 6)


@dataclass(frozen=True)
class Rule:
    """One cut-off applied to one test, with its evidence and its words.

    ``text`` is a sentence template; it may use ``{side}``, ``{Side}``, ``{value}``,
    ``{threshold}``, ``{unit}``, ``{worse}`` and ``{better}`` (the other side's value).
    ``bands`` refine ``threshold`` by sex and age; the first band that applies wins. A ``norm``
    (:class:`LinearNorm`) replaces ``threshold`` with a cut-off computed from age and sex.
    ``also`` is an extra condition that must hold too (e.g. LSI < 90 *and* difference > 6).
    ``error`` is the measurement error of the rule's quantity: a re-screen change smaller than
    it is "unchanged". ``supporting`` rules (low-reliability tests) move a region's need only
    when a finding from another test agrees.
    """

    id: str
    kind: RuleKind
    quantity: Quantity
    op: Comparison
    threshold: float | None  # None only with a ``norm``
    evidence: str
    text: str
    error: float
    error_evidence: str
    need: Need | None = None
    bands: tuple[Band, ...] = ()
    also: tuple[tuple[Quantity, Comparison, float], ...] = ()
    supporting: bool = False
    sources: tuple[str, ...] = ()
    norm: LinearNorm | None = None

    def threshold_for(self, sex: Sex, age: int | None) -> float | None:
        """The cut-off for this runner; None when it cannot be known (a ``norm`` and no age:
        the rule is not applied). With a ``norm`` and no sex given, the cut-off that calls less
        (the lower one for a "below" rule: the rule does not over-call)."""
        if self.norm is not None:
            if age is None:
                return None
            if sex is not Sex.UNSPECIFIED:
                return self.norm.at(sex, age)
            cuts = [self.norm.at(s, age) for s in (Sex.FEMALE, Sex.MALE)]
            return min(cuts) if self.op in (Comparison.LT, Comparison.LE) else max(cuts)
        for band in self.bands:
            if band.applies(sex, age):
                return band.value
        return self.threshold


@dataclass(frozen=True)
class MobilityFirst:
    """A test whose stability finding waits while the same side's ``test`` shows a (verified)
    mobility deficit: treat that mobility first and re-test (e.g. a Y-balance reach after a
    restricted knee-to-wall, EV-KTW-YBT)."""

    test: str
    evidence: str


@dataclass(frozen=True)
class Derivation:
    """How a derived test (e.g. the Y-balance composite) is computed from measured ones."""

    formula: str  # "reach_composite": sum(inputs) / (len(inputs) * per) * 100  (EV-F-YBT-COMP)
    inputs: tuple[str, ...]
    per: str
    evidence: str


@dataclass(frozen=True)
class ScreenTest:
    id: str
    name: str
    regions: tuple[Region, ...]
    quality: Quality
    unit: str
    per_side: bool
    equipment: tuple[str, ...]
    protocol: tuple[str, ...]
    min_value: float
    max_value: float
    integer: bool
    better: Better
    rules: tuple[Rule, ...]
    evidence: tuple[str, ...]
    summary: str = ""
    watch_for: tuple[str, ...] = ()
    pain_value: float | None = None  # a score that itself means "pain" (FMS 0)
    derived: Derivation | None = None
    scored_as: str = ""
    mobility_first: MobilityFirst | None = None
    # another test this one can stand for, the same quality in another unit (a region that
    # requires that test is measured when either is; e.g. the knee-to-wall angle for the distance)
    alternative_to: str | None = None


@dataclass(frozen=True)
class Catalogue:
    """Everything the core needs from the data files, already validated."""

    tests: Mapping[str, ScreenTest]
    evidence: Mapping[str, Any]
    region_tests: Mapping[Region, tuple[str, ...]] = field(default_factory=dict)
    version: str = ""

    def test(self, test_id: str) -> ScreenTest:
        return self.tests[test_id]

    @functools.cached_property
    def enterable(self) -> tuple[ScreenTest, ...]:
        return tuple(t for t in self.tests.values() if t.derived is None)

    def standing_for(self, test_id: str) -> tuple[str, ...]:
        """The test and every test that can stand for it (``alternative_to``), or that it
        stands for: measuring any of them measures what the others measure."""
        return self._standing.get(test_id) or (test_id,)

    @functools.cached_property
    def _standing(self) -> dict[str, tuple[str, ...]]:
        """standing_for of every test, worked out once (the catalogue never changes)."""
        out: dict[str, tuple[str, ...]] = {}
        for test_id, t in self.tests.items():
            root = t.alternative_to or test_id
            alternatives = (a.id for a in self.tests.values() if a.alternative_to == root)
            out[test_id] = (root, *alternatives)
        return out


@dataclass(frozen=True)
class Runner:
    id: str
    sex: Sex = Sex.UNSPECIFIED
    birth_year: int | None = None

    def age_on(self, day: dt.date) -> int | None:
        return None if self.birth_year is None else day.year - self.birth_year


@dataclass(frozen=True)
class Measure:
    test: str
    side: Side | None
    value: float
    pain: bool = False
    date: dt.date | None = None  # when measured, if before the screen it is shown in


@dataclass(frozen=True)
class Screen:
    runner: Runner
    date: dt.date
    measures: tuple[Measure, ...]

    def value(self, test: str, side: Side | None) -> float | None:
        for m in self.measures:
            if m.test == test and m.side == side:
                return m.value
        return None

    def measure(self, test: str, side: Side | None) -> Measure | None:
        return next((m for m in self.measures if m.test == test and m.side == side), None)

    def measured_on(self, m: Measure) -> dt.date:
        return self.date if m.date is None else m.date

    @property
    def oldest(self) -> dt.date:
        """The date of the oldest value in the screen (its own date when all are new)."""
        return min((self.measured_on(m) for m in self.measures), default=self.date)


def current_screen(screens: Sequence[Screen]) -> Screen | None:
    """The runner's current screen: the latest value of every test and side across ``screens``
    (in date order), each measure keeping the date it was measured.

    A re-screen of one test keeps every other test's latest value: re-testing one ankle must not
    make the other twenty measures vanish.
    """
    if len(screens) <= 1:
        return screens[0] if screens else None
    last = screens[-1]
    latest: dict[tuple[str, Side | None], tuple[Measure, Screen]] = {}
    for s in screens:
        for m in s.measures:
            latest[(m.test, m.side)] = (m, s)
    kept = tuple(
        m if s is last or m.date is not None else replace(m, date=s.date)
        for m, s in latest.values()
    )
    return Screen(last.runner, last.date, kept)


# --- parsing -----------------------------------------------------------------------------------

Loc = tuple[str | int, ...]


# The days the method can reason about: a plan looks weeks ahead and a history years back, so the
# calendar's own ends (0001-01-01, 9999-12-31) would overflow; anything outside is refused.
FIRST_DAY = dt.date(1900, 1, 1)
LAST_DAY = dt.date(2999, 12, 31)


def parse_date(raw: object, loc: Loc, issues: list[Issue]) -> dt.date | None:
    """A date as YYYY-MM-DD between :data:`FIRST_DAY` and :data:`LAST_DAY`, or an issue."""
    day: dt.date | None = None
    if isinstance(raw, dt.datetime):
        day = raw.date()
    elif isinstance(raw, dt.date):
        day = raw
    elif isinstance(raw, str):
        try:
            day = dt.date.fromisoformat(raw)
        except ValueError:
            day = None
    if day is None:
        issues.append(Issue(loc, f"expected a date as YYYY-MM-DD, got {raw!r}"))
        return None
    if not FIRST_DAY <= day <= LAST_DAY:
        issues.append(
            Issue(loc, f"expected a date from {FIRST_DAY} to {LAST_DAY}, got {day.isoformat()}")
        )
        return None
    return day


def _number(raw: object) -> float | None:
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        return None
    value = float(raw)
    return value if math.isfinite(value) else None


def parse_runner(raw: object, loc: Loc, issues: list[Issue]) -> Runner | None:
    if not isinstance(raw, Mapping):
        issues.append(Issue(loc, f"expected an object with id, sex, birth_year, got {raw!r}"))
        return None
    rid = raw.get("id")
    if not isinstance(rid, str) or not rid.strip():
        issues.append(Issue((*loc, "id"), f"expected a non-empty text id, got {rid!r}"))
    sex_raw = raw.get("sex", "unspecified")
    sex = Sex.UNSPECIFIED
    if sex_raw is not None:
        try:
            sex = Sex(sex_raw)
        except ValueError:
            allowed = ", ".join(s.value for s in Sex)
            issues.append(Issue((*loc, "sex"), f"expected one of {allowed}, got {sex_raw!r}"))
    by = raw.get("birth_year")
    if by is not None and (
        isinstance(by, bool) or not isinstance(by, int) or not 1900 <= by <= 2100
    ):
        issues.append(Issue((*loc, "birth_year"), f"expected a year such as 1988, got {by!r}"))
        by = None
    if not isinstance(rid, str) or not rid.strip():
        return None
    return Runner(id=rid.strip(), sex=sex, birth_year=by)


def _measured_test(
    raw: Mapping[str, Any], loc: Loc, catalogue: Catalogue, issues: list[Issue]
) -> ScreenTest | None:
    """The catalogue test a measure names; a derived test cannot be entered."""
    test_id = raw.get("test")
    test = catalogue.tests.get(test_id) if isinstance(test_id, str) else None
    if test is None:
        known = ", ".join(t.id for t in catalogue.enterable)
        issues.append(Issue((*loc, "test"), f"unknown test {test_id!r}; expected one of: {known}"))
        return None
    if test.derived is not None:
        issues.append(
            Issue(
                (*loc, "test"),
                f"{test.id} is computed from {', '.join(test.derived.inputs)}"
                " and cannot be entered",
            )
        )
        return None
    return test


def _measured_side(
    raw: Mapping[str, Any], loc: Loc, test: ScreenTest, issues: list[Issue]
) -> Side | None:
    """The side of a per-side test (required), none for a whole-body test."""
    side_raw = raw.get("side")
    if not test.per_side:
        if side_raw is not None:
            issues.append(
                Issue(
                    (*loc, "side"),
                    f"{test.id} is a whole-body test: expected no side, got {side_raw!r}",
                )
            )
        return None
    if side_raw is None:
        issues.append(
            Issue(
                (*loc, "side"),
                f"{test.id} is measured per side: expected 'left' or 'right', got nothing",
            )
        )
        return None
    try:
        return Side(side_raw)
    except ValueError:
        issues.append(Issue((*loc, "side"), f"expected 'left' or 'right', got {side_raw!r}"))
        return None


def _measured_value(
    raw: Mapping[str, Any], loc: Loc, test: ScreenTest, issues: list[Issue]
) -> float | None:
    """A number within the test's range (a whole number for an integer test)."""
    value_raw = raw.get("value")
    value = _number(value_raw)
    rng = f"{test.min_value:g} to {test.max_value:g} {test.unit}"
    if value is None:
        issues.append(
            Issue((*loc, "value"), f"expected a number ({rng}) for {test.id}, got {value_raw!r}")
        )
    elif not test.min_value <= value <= test.max_value:
        issues.append(Issue((*loc, "value"), f"expected {rng} for {test.id}, got {value_raw!r}"))
    elif test.integer and value != int(value):
        issues.append(
            Issue(
                (*loc, "value"), f"expected a whole number ({rng}) for {test.id}, got {value_raw!r}"
            )
        )
    return value


def _parse_measure(
    raw: object, loc: Loc, catalogue: Catalogue, issues: list[Issue]
) -> Measure | None:
    if not isinstance(raw, Mapping):
        issues.append(Issue(loc, f"expected an object with test, side, value, got {raw!r}"))
        return None
    before = len(issues)
    test = _measured_test(raw, loc, catalogue, issues)
    if test is None:
        return None
    side = _measured_side(raw, loc, test, issues)
    value = _measured_value(raw, loc, test, issues)
    pain = raw.get("pain", False)
    if not isinstance(pain, bool):
        issues.append(Issue((*loc, "pain"), f"expected true or false, got {pain!r}"))
    unknown = sorted(set(raw) - {"test", "side", "value", "pain"})
    if unknown:
        issues.append(
            Issue(
                loc,
                f"unexpected field(s) {', '.join(map(repr, unknown))}; expected "
                "test, side, value and optionally pain",
            )
        )
    if len(issues) > before or value is None:
        return None
    return Measure(test=test.id, side=side, value=value, pain=bool(pain))


def parse_measures(
    raw: object, catalogue: Catalogue, issues: list[Issue], loc: Loc = ("measures",)
) -> tuple[Measure, ...]:
    """Read a list of measures; duplicates (same test and side) are an error."""
    if not isinstance(raw, Sequence) or isinstance(raw, str):
        issues.append(Issue(loc, f"expected a list of measures, got {raw!r}"))
        return ()
    out: list[Measure] = []
    seen: dict[tuple[str, Side | None], int] = {}
    for i, item in enumerate(raw):
        m = _parse_measure(item, (*loc, i), catalogue, issues)
        if m is None:
            continue
        key = (m.test, m.side)
        if key in seen:
            where = f"{m.test} ({m.side})" if m.side else m.test
            issues.append(
                Issue(
                    (*loc, i),
                    f"duplicate measure for {where}: already given at "
                    f"{loc[-1]}[{seen[key]}]; enter each test and side once "
                    "(the best trial)",
                )
            )
            continue
        seen[key] = i
        out.append(m)
    return tuple(out)


def parse_screen(raw: object, catalogue: Catalogue, *, source: str | None = None) -> Screen:
    """Read a screen document (runner, date, measures) or raise :class:`InputError`."""
    issues: list[Issue] = []
    if not isinstance(raw, Mapping):
        raise InputError(
            [
                Issue(
                    (),
                    f"expected a JSON object with runner, date and measures, "
                    f"got {type(raw).__name__}",
                )
            ],
            source=source,
        )
    for key in ("runner", "date", "measures"):
        if key not in raw:
            issues.append(Issue((key,), "required field is missing"))
    runner = parse_runner(raw["runner"], ("runner",), issues) if "runner" in raw else None
    day = parse_date(raw["date"], ("date",), issues) if "date" in raw else None
    measures = parse_measures(raw.get("measures", []), catalogue, issues)
    if issues or runner is None or day is None:
        raise InputError(issues, source=source)
    return Screen(runner=runner, date=day, measures=measures)
