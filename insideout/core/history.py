"""A runner's history as the advice reads it: screens, runs with their pain, strength sessions,
what the coach decided for the runner (their own weekly cap, technique-gate overrides), and the
clearances a physiotherapist or doctor gave after a stop (recorded by the coach).

:func:`parse_history` reads the plain dict of ``insideout advise RUNNER.json`` (or an API body) and
reports every problem at once as one :class:`~insideout.core.errors.InputError`, each issue naming
its field (``runs[3].pain_during``). The allowed red-flag names and pain sites are data (the
method), not code. Lists must be in date order and nothing may lie after the day advised on.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol, TypeVar

from insideout.core.availability import Availability, parse_availability
from insideout.core.coach import RunnerSettings, parse_settings
from insideout.core.decision import DecisionVerdict
from insideout.core.errors import InputError, Issue
from insideout.core.method import Method
from insideout.core.records import (
    CLEARANCE,
    OVERRIDE,
    PAIN_REPORT,
    REASON_MAX,
    RUN,
    STRENGTH,
    Field,
    Record,
    bind,
)
from insideout.core.screen import (
    Catalogue,
    Runner,
    Screen,
    Side,
    parse_date,
    parse_measures,
    parse_runner,
)

__all__ = [
    "CLEARANCE_FIELDS",
    "OVERRIDE_FIELDS",
    "OVERRIDE_RULES",
    "OVERRIDE_VERDICTS",
    "REASON_MAX",
    "Clearance",
    "ClearedBy",
    "GateOverride",
    "History",
    "PainReport",
    "PainWhen",
    "RunLog",
    "StrengthLog",
    "duplicate_run",
    "future_date",
    "parse_history",
]

Loc = tuple[str | int, ...]


class PainWhen(StrEnum):
    DURING = "during"
    AFTER = "after"
    NEXT_MORNING = "next_morning"
    REPORT = "report"  # a report on its own, not tied to a run (rest or night pain)


@dataclass(frozen=True)
class RunLog:
    date: dt.date
    distance_km: float
    duration_min: float
    rpe: float | None = None
    pain_during: float | None = None
    pain_after: float | None = None
    pain_next_morning: float | None = None
    pain_site: str | None = None
    pain_side: Side | None = None
    red_flags: tuple[str, ...] = ()
    cadence_spm: float | None = None
    kind: str | None = None

    @property
    def load(self) -> float | None:
        """Session load in arbitrary units: RPE (CR-10) x minutes (EV-F-SRPE)."""
        return None if self.rpe is None else self.rpe * self.duration_min

    @property
    def peak_pain(self) -> float:
        values = (self.pain_during, self.pain_after, self.pain_next_morning)
        return max((v for v in values if v is not None), default=0.0)


@dataclass(frozen=True)
class PainReport:
    """Pain felt on a day, with or without a run."""

    date: dt.date
    pain: float
    site: str | None = None
    side: Side | None = None
    red_flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class StrengthLog:
    date: dt.date
    completed: bool = True


@dataclass(frozen=True)
class GateOverride:
    """A coach's decision to unlock or lock technique work from a day on, and why."""

    date: dt.date
    verdict: DecisionVerdict  # UNLOCK or LOCK
    reason: str
    rule: str = "gate.technique"


class ClearedBy(StrEnum):
    """Who cleared the runner to run again (a doctor's clearance is needed for a cardiac sign)."""

    PHYSIOTHERAPIST = "physiotherapist"
    DOCTOR = "doctor"


@dataclass(frozen=True)
class Clearance:
    """A physiotherapist's or doctor's clearance to run again after a stop, and why."""

    date: dt.date
    by: ClearedBy
    reason: str


@dataclass(frozen=True)
class History:
    runner: Runner
    screens: tuple[Screen, ...] = ()
    runs: tuple[RunLog, ...] = ()
    strength: tuple[StrengthLog, ...] = ()
    reports: tuple[PainReport, ...] = ()
    settings: RunnerSettings = field(default_factory=RunnerSettings)
    overrides: tuple[GateOverride, ...] = ()  # in date order
    clearances: tuple[Clearance, ...] = ()  # in date order
    # the days the runner can run and their minutes; None: not said (every day, no limit)
    availability: Availability | None = None
    run_days: tuple[int, ...] = field(init=False, repr=False, compare=False)
    strength_days: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "run_days", tuple(r.date.toordinal() for r in self.runs))
        # one session a day at most: two logged on one day are one day's work (EV-STR-BLAGROVE
        # counts sessions per week on separate days)
        days = sorted({s.date.toordinal() for s in self.strength if s.completed})
        object.__setattr__(self, "strength_days", tuple(days))

    def runs_between(self, first: dt.date, last: dt.date) -> tuple[RunLog, ...]:
        """Runs from ``first`` to ``last`` inclusive (the runs are in date order)."""
        lo = bisect.bisect_left(self.run_days, first.toordinal())
        hi = bisect.bisect_right(self.run_days, last.toordinal())
        return self.runs[lo:hi]

    def screens_until(self, day: dt.date) -> tuple[Screen, ...]:
        return tuple(s for s in self.screens if s.date <= day)

    def override_on(self, day: dt.date, rule: str = "gate.technique") -> GateOverride | None:
        """The latest override of ``rule`` on or before ``day`` (of one day, the last given)."""
        return next((o for o in reversed(self.overrides) if o.date <= day and o.rule == rule), None)

    def clearance_on(self, day: dt.date, *, doctor: bool = False) -> Clearance | None:
        """The latest clearance on or before ``day`` (a doctor's only, with ``doctor``)."""
        return next(
            (
                c
                for c in reversed(self.clearances)
                if c.date <= day and (not doctor or c.by is ClearedBy.DOCTOR)
            ),
            None,
        )


# --- parsing -----------------------------------------------------------------------------------

RUN_FIELDS = frozenset(RUN.names)
TOP_FIELDS = (
    "runner",
    "screens",
    "runs",
    "strength_sessions",
    "pain_reports",
    "settings",
    "overrides",
    "clearances",
    "availability",
)
OVERRIDE_FIELDS = OVERRIDE.names
OVERRIDE_RULES = OVERRIDE["rule"].choices
OVERRIDE_VERDICTS = tuple(DecisionVerdict(v) for v in OVERRIDE["verdict"].choices)
CLEARANCE_FIELDS = CLEARANCE.names


def _number(raw: Mapping[str, object], spec: Field, loc: Loc, issues: list[Issue]) -> float | None:
    """A number within the field's bounds; absent or null is not said (None), never 0."""
    value = raw.get(spec.name)
    if value is None:
        if spec.required:
            issues.append(
                Issue((*loc, spec.name), f"required: expected {spec.expected}, got nothing")
            )
        return None
    ok = not isinstance(value, bool) and isinstance(value, int | float) and math.isfinite(value)
    if not ok or not spec.accepts(float(value)):  # type: ignore[arg-type]
        issues.append(Issue((*loc, spec.name), f"expected {spec.expected}, got {value!r}"))
        return None
    return float(value)  # type: ignore[arg-type]


def _side(raw: object, loc: Loc, issues: list[Issue]) -> Side | None:
    if raw is None:
        return None
    try:
        return Side(str(raw))
    except ValueError:
        issues.append(Issue(loc, f"expected 'left', 'right' or null, got {raw!r}"))
        return None


def _site(raw: object, loc: Loc, method: Method, issues: list[Issue]) -> str | None:
    if raw is None:
        return None
    if isinstance(raw, str) and raw.strip().lower() in method.pain.sites:
        return raw.strip().lower()
    issues.append(
        Issue(loc, f"unknown pain site {raw!r}; expected one of: {', '.join(method.pain.sites)}")
    )
    return None


def _flags(raw: object, loc: Loc, method: Method, issues: list[Issue]) -> tuple[str, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, Sequence) or isinstance(raw, str):
        issues.append(Issue(loc, f"expected a list of red-flag names, got {raw!r}"))
        return ()
    out: list[str] = []
    for i, name in enumerate(raw):
        if isinstance(name, str) and name in method.red_flags:
            out.append(name)
        else:
            allowed = ", ".join(method.red_flags)
            issues.append(
                Issue((*loc, i), f"unknown red flag {name!r}; expected one of: {allowed}")
            )
    return tuple(out)


def future_date(day: dt.date, on: dt.date, loc: Loc) -> Issue:
    """The one message for a date after the last day a history covers (the day advised on, or
    today for an entry being logged)."""
    return Issue(loc, f"{day} is in the future (after {on}); expected {on} or earlier")


def _day(
    raw: Mapping[str, object], loc: Loc, on: dt.date | None, issues: list[Issue]
) -> dt.date | None:
    if raw.get("date") is None:
        issues.append(Issue((*loc, "date"), "required: expected a date as YYYY-MM-DD, got nothing"))
        return None
    day = parse_date(raw["date"], (*loc, "date"), issues)
    if day is not None and on is not None and day > on:
        issues.append(future_date(day, on, (*loc, "date")))
        return None
    return day


def _unknown(
    raw: Mapping[str, object], allowed: frozenset[str], loc: Loc, issues: list[Issue]
) -> None:
    extra = sorted(set(raw) - allowed)
    if extra:
        issues.append(
            Issue(
                loc,
                f"unexpected field(s) {', '.join(map(repr, extra))}; expected "
                f"{', '.join(sorted(allowed))}",
            )
        )


def _objects(
    raw: object, loc: Loc, what: str, issues: list[Issue]
) -> list[Mapping[str, object] | None]:
    """The items of a list of objects; a non-object item is an issue and becomes None."""
    if raw is None:
        return []
    if not isinstance(raw, Sequence) or isinstance(raw, str):
        issues.append(Issue(loc, f"expected a list of {what}, got {raw!r}"))
        return []
    out: list[Mapping[str, object] | None] = []
    for i, item in enumerate(raw):
        if isinstance(item, Mapping):
            out.append(item)
        else:
            issues.append(Issue((*loc, i), f"expected an object ({what[:-1]}), got {item!r}"))
            out.append(None)
    return out


def _in_order(
    days: list[tuple[int, dt.date | None]], name: str, issues: list[Issue], *, strict: bool
) -> None:
    last: tuple[int, dt.date] | None = None
    for i, day in days:
        if day is None:
            continue
        if last is not None and (day < last[1] or (strict and day == last[1])):
            rel = "after" if strict else "on or after"
            issues.append(
                Issue(
                    (name, i, "date"),
                    f"out of order: expected a date {rel} {name}[{last[0]}] ({last[1]}), got {day}",
                )
            )
            continue
        last = (i, day)


class _Dated(Protocol):
    @property
    def date(self) -> dt.date: ...


T = TypeVar("T", bound=_Dated)


def _dated(
    raw: Mapping[str, object],
    key: str,
    what: str,
    parse: Callable[[Mapping[str, object], Loc], T | None],
    issues: list[Issue],
    *,
    strict: bool = False,
) -> list[T | None]:
    """A list of dated items under ``key``: each parsed (None where broken), then kept in order."""
    items = [
        parse(item, (key, i)) if item is not None else None
        for i, item in enumerate(_objects(raw.get(key), (key,), what, issues))
    ]
    _in_order(
        [(i, x.date if x is not None else None) for i, x in enumerate(items)],
        key,
        issues,
        strict=strict,
    )
    return items


def _text(raw: Mapping[str, object], spec: Field, loc: Loc, issues: list[Issue]) -> str | None:
    """Free text (trimmed) within the field's length; required text may not be blank."""
    value = raw.get(spec.name)
    if value is None and not spec.required:
        return None
    text = value.strip() if isinstance(value, str) else ""
    if spec.required and not text:
        issues.append(
            Issue((*loc, spec.name), f"required: expected {spec.expected}, got {value!r}")
        )
    elif not isinstance(value, str):
        issues.append(Issue((*loc, spec.name), f"expected {spec.expected}, got {value!r}"))
    elif spec.max_length is not None and len(text) > spec.max_length:
        issues.append(
            Issue(
                (*loc, spec.name),
                f"expected at most {spec.max_length} characters, got {len(text)}",
            )
        )
    return text


def _choice(raw: Mapping[str, object], spec: Field, loc: Loc, issues: list[Issue]) -> str | None:
    """One of the field's fixed choices (its default when absent or null)."""
    value = raw.get(spec.name)
    if value is None:
        value = spec.default
    if value in spec.choices:
        return str(value)
    if value is None and not spec.required:
        return None
    what = "nothing" if value is None else repr(value)
    issues.append(Issue((*loc, spec.name), f"expected {spec.expected}, got {what}"))
    return None


def _run(
    raw: Mapping[str, object],
    loc: Loc,
    method: Method,
    on: dt.date | None,
    issues: list[Issue],
    spec: Record = RUN,
) -> RunLog | None:
    """One run, every check of a run in this one function (fields, then across fields);
    ``spec`` is :data:`RUN` bound to the method (its bounds)."""
    before = len(issues)
    _unknown(raw, RUN_FIELDS, loc, issues)
    day = _day(raw, loc, on, issues)
    dist = _number(raw, spec["distance_km"], loc, issues)
    dur = _number(raw, spec["duration_min"], loc, issues)
    rpe = _number(raw, spec["rpe"], loc, issues)
    during = _number(raw, spec["pain_during"], loc, issues)
    after = _number(raw, spec["pain_after"], loc, issues)
    morning = _number(raw, spec["pain_next_morning"], loc, issues)
    site = _site(raw.get("pain_site"), (*loc, "pain_site"), method, issues)
    side = _side(raw.get("pain_side"), (*loc, "pain_side"), issues)
    flags = _flags(raw.get("red_flags"), (*loc, "red_flags"), method, issues)
    cadence = _number(raw, spec["cadence_spm"], loc, issues)
    kind = _text(raw, spec["kind"], loc, issues)
    if len(issues) > before or day is None or dist is None or dur is None:
        return None
    run = RunLog(day, dist, dur, rpe, during, after, morning, site, side, flags, cadence, kind)
    _pace(run, loc, method, issues)  # across fields: a pace a human can run
    return None if len(issues) > before else run


def duplicate_run(run: RunLog, loc: Loc, already: str) -> Issue:
    """The one message for a run logged twice (same date, distance and duration as ``already``:
    ``runs[3]`` in a file, a stored run through the API or a page)."""
    return Issue(
        loc,
        f"duplicate run: same date, distance and duration as {already} ({run.date}, "
        f"{run.distance_km:g} km, {run.duration_min:g} min); log each run once",
    )


def _minutes(x: float) -> str:
    """Minutes as h:mm:ss or m:ss."""
    total = round(x * 60)
    h, rest = divmod(total, 3600)
    m, sec = divmod(rest, 60)
    return f"{h}:{m:02d}:{sec:02d}" if h else f"{m}:{sec:02d}"


def _pace(run: RunLog, loc: Loc, method: Method, issues: list[Issue]) -> None:
    """A run whose pace no human can run is an input error naming the run (IO-RUN-PACE)."""
    rules = method.runs
    fastest = rules.fastest_minutes(run.distance_km)
    what = f"{run.distance_km:g} km in {run.duration_min:g} min"
    if fastest is not None and run.duration_min < fastest:
        issues.append(
            Issue(
                loc,
                f"impossible pace: {what} is faster than the world record allows for that "
                f"distance (at least {_minutes(fastest)} for {run.distance_km:g} km, "
                f"{rules.evidence}); expected a distance in km and a duration in minutes",
            )
        )
    slow = run.duration_min > rules.slow_after_min and (
        run.distance_km / (run.duration_min / 60) < rules.slowest_kmh
    )
    if slow:
        issues.append(
            Issue(
                loc,
                f"impossible pace: {what} is slower than {rules.slowest_kmh:g} km/h (a slow walk) "
                f"for more than {rules.slow_after_min:g} min ({rules.evidence}); expected a "
                "distance in km and a duration in minutes",
            )
        )


def _report(
    raw: Mapping[str, object], loc: Loc, method: Method, on: dt.date | None, issues: list[Issue]
) -> PainReport | None:
    before = len(issues)
    _unknown(raw, frozenset(PAIN_REPORT.names), loc, issues)
    day = _day(raw, loc, on, issues)
    pain = _number(raw, PAIN_REPORT["pain"], loc, issues)
    site = _site(raw.get("site"), (*loc, "site"), method, issues)
    side = _side(raw.get("side"), (*loc, "side"), issues)
    flags = _flags(raw.get("red_flags"), (*loc, "red_flags"), method, issues)
    if len(issues) > before or day is None or pain is None:
        return None
    return PainReport(day, pain, site, side, flags)


def _strength(
    raw: Mapping[str, object], loc: Loc, on: dt.date | None, issues: list[Issue]
) -> StrengthLog | None:
    before = len(issues)
    _unknown(raw, frozenset(STRENGTH.names), loc, issues)
    day = _day(raw, loc, on, issues)
    spec = STRENGTH["completed"]
    done = raw.get(spec.name, spec.default)
    if not isinstance(done, bool):
        issues.append(Issue((*loc, spec.name), f"expected {spec.expected}, got {done!r}"))
    if len(issues) > before or day is None:
        return None
    return StrengthLog(day, bool(done))


def _override(
    raw: Mapping[str, object], loc: Loc, on: dt.date | None, issues: list[Issue]
) -> GateOverride | None:
    before = len(issues)
    _unknown(raw, frozenset(OVERRIDE_FIELDS), loc, issues)
    day = _day(raw, loc, on, issues)
    rule = _choice(raw, OVERRIDE["rule"], loc, issues)
    verdict = _choice(raw, OVERRIDE["verdict"], loc, issues)
    text = _text(raw, OVERRIDE["reason"], loc, issues)
    if len(issues) > before or day is None or verdict is None or rule is None or text is None:
        return None
    return GateOverride(day, DecisionVerdict(verdict), text, rule)


def _clearance(
    raw: Mapping[str, object], loc: Loc, on: dt.date | None, issues: list[Issue]
) -> Clearance | None:
    before = len(issues)
    _unknown(raw, frozenset(CLEARANCE_FIELDS), loc, issues)
    day = _day(raw, loc, on, issues)
    by = _choice(raw, CLEARANCE["by"], loc, issues)
    text = _text(raw, CLEARANCE["reason"], loc, issues)
    if len(issues) > before or day is None or by is None or text is None:
        return None
    return Clearance(day, ClearedBy(by), text)


def _screen(
    raw: Mapping[str, object],
    loc: Loc,
    runner: Runner | None,
    catalogue: Catalogue,
    on: dt.date | None,
    issues: list[Issue],
) -> Screen | None:
    before = len(issues)
    _unknown(raw, frozenset({"date", "measures"}), loc, issues)
    day = _day(raw, loc, on, issues)
    if "measures" not in raw:
        issues.append(Issue((*loc, "measures"), "required: expected a list of measures"))
    measures = parse_measures(raw.get("measures", []), catalogue, issues, (*loc, "measures"))
    if len(issues) > before or day is None or runner is None:
        return None
    return Screen(runner, day, measures)


def _not_a_history(raw: object, source: str | None) -> InputError:
    return InputError(
        [
            Issue(
                (),
                f"expected a JSON object with {', '.join(TOP_FIELDS)}, got {type(raw).__name__}",
            )
        ],
        source=source,
    )


def _runner(raw: Mapping[str, object], issues: list[Issue]) -> Runner | None:
    if "runner" not in raw:
        issues.append(Issue(("runner",), "required field is missing"))
        return None
    return parse_runner(raw["runner"], ("runner",), issues)


def _runs(
    raw: Mapping[str, object], method: Method, on: dt.date | None, issues: list[Issue]
) -> list[RunLog | None]:
    """The runs, in date order, each logged once (same date, distance and duration: twice)."""
    spec = bind(RUN, method)
    runs = _dated(
        raw, "runs", "runs", lambda r, loc: _run(r, loc, method, on, issues, spec), issues
    )
    seen: dict[tuple[dt.date, float, float], int] = {}
    for i, r in enumerate(runs):
        if r is None:
            continue
        key = (r.date, r.distance_km, r.duration_min)
        if key in seen:
            issues.append(duplicate_run(r, ("runs", i), f"runs[{seen[key]}]"))
        else:
            seen[key] = i
    return runs


def _kept(items: Sequence[T | None]) -> tuple[T, ...]:
    return tuple(x for x in items if x is not None)


def parse_history(
    raw: object,
    catalogue: Catalogue,
    method: Method,
    *,
    on: dt.date | None = None,
    source: str | None = None,
) -> History:
    """Read a runner's history or raise one :class:`InputError` listing every issue.

    ``on`` is the day advised on: nothing in the history may come after it.
    """
    if not isinstance(raw, Mapping):
        raise _not_a_history(raw, source)
    issues: list[Issue] = []
    _unknown(raw, frozenset(TOP_FIELDS), (), issues)
    runner = _runner(raw, issues)
    screens = _dated(
        raw, "screens", "screens",
        lambda s, loc: _screen(s, loc, runner, catalogue, on, issues), issues, strict=True,
    )  # fmt: skip
    runs = _runs(raw, method, on, issues)
    strength = _dated(
        raw, "strength_sessions", "sessions", lambda s, loc: _strength(s, loc, on, issues), issues
    )
    reports = _dated(
        raw, "pain_reports", "reports", lambda p, loc: _report(p, loc, method, on, issues), issues
    )
    settings = parse_settings(raw.get("settings"), method, ("settings",), issues)
    overrides = _dated(
        raw, "overrides", "overrides", lambda o, loc: _override(o, loc, on, issues), issues
    )
    clearances = _dated(
        raw, "clearances", "clearances", lambda c, loc: _clearance(c, loc, on, issues), issues
    )
    availability = parse_availability(raw.get("availability"), ("availability",), issues)
    if issues or runner is None or settings is None:
        raise InputError(issues, source=source)
    return History(
        runner, _kept(screens), _kept(runs), _kept(strength), _kept(reports), settings,
        _kept(overrides), _kept(clearances), availability,
    )  # fmt: skip
