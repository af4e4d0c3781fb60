"""The runner's availability: the days of the week they can run and, per day, the minutes they have.

A runner's week is not the plan's to choose: work, children and light decide which days are free
and for how long. The plan fits into it (:mod:`insideout.core.plan.fit`): runs only on available
days, the long run on the day with the most time, a run no longer than its day's minutes allow at
the runner's easy pace (IO-PLAN-AVAILABILITY). Fitting only ever shortens or drops runs, so no
guard is loosened by it.

The value is part of the runner's history (``availability`` in the document, defined once in
:data:`insideout.core.records.AVAILABILITY`): ``{"mon": 45, "wed": 45, "sat": 90, "sun": null}``.
A day left out is not available; a day given as null is available without a time limit. Not said
at all (the field left out, or null) is :data:`None` in :class:`~insideout.core.history.History`:
the plan then uses every day of the week, exactly as it did before availability existed.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass

from insideout.core.errors import Issue
from insideout.core.records import AVAILABILITY, WEEKDAYS

__all__ = [
    "Availability",
    "DaySlot",
    "day_name",
    "parse_availability",
]

Loc = tuple[str | int, ...]
NAME_SHOWN = 40  # characters of an unknown day's name repeated in its message (and its place)
_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def day_name(weekday: int, *, short: bool = True) -> str:
    """The weekday (0 = Monday) in words: "Mon", or "Monday" when not ``short``."""
    name = _NAMES[weekday]
    return name[:3] if short else name


@dataclass(frozen=True)
class DaySlot:
    """One available day: its weekday (0 = Monday, as :meth:`datetime.date.weekday`) and the
    minutes the runner has that day (None: no time limit)."""

    weekday: int
    minutes: float | None = None


@dataclass(frozen=True)
class Availability:
    """The days a runner can run, Monday first; at least one (see :func:`parse_availability`)."""

    slots: tuple[DaySlot, ...]

    def slot(self, day: dt.date) -> DaySlot | None:
        """The slot of ``day``'s weekday, or None when the runner cannot run that day."""
        return next((s for s in self.slots if s.weekday == day.weekday()), None)

    def offsets(self, on: dt.date) -> tuple[int, ...]:
        """The available days of the week from ``on``, as offsets from it (0-6), in order."""
        return tuple(d for d in range(7) if self.slot(on + dt.timedelta(days=d)) is not None)

    def as_doc(self) -> dict[str, float | None]:
        """The document's form: ``{"mon": 45, "sun": null}`` (a whole number stays whole)."""
        out: dict[str, float | None] = {}
        for s in self.slots:
            m = s.minutes
            out[WEEKDAYS[s.weekday]] = int(m) if m is not None and m.is_integer() else m
        return out

    def describe(self) -> str:
        """In words: "Mon 45 min, Wed 45 min, Sat 90 min, Sun (no time limit)"."""
        return ", ".join(
            f"{day_name(s.weekday)} "
            + ("(no time limit)" if s.minutes is None else f"{s.minutes:g} min")
            for s in self.slots
        )


def _minutes(value: object, day: str, loc: Loc, issues: list[Issue]) -> float | None:
    spec = AVAILABILITY[day]
    ok = not isinstance(value, bool) and isinstance(value, int | float) and math.isfinite(value)
    if not ok or not spec.accepts(float(value)):  # type: ignore[arg-type]
        issues.append(Issue((*loc, day), f"expected {spec.expected}, got {value!r}"))
        return None
    return float(value)  # type: ignore[arg-type]


def _day_slots(raw: Mapping[object, object], loc: Loc, issues: list[Issue]) -> list[DaySlot]:
    """One slot per day given; an unknown day name or a bad number is an issue naming it."""
    slots: list[DaySlot] = []
    for key, value in raw.items():
        if key not in WEEKDAYS:
            name = str(key) if len(str(key)) <= NAME_SHOWN else str(key)[:NAME_SHOWN] + "…"
            issues.append(
                Issue((*loc, name), f"unknown day {name!r}; expected one of: {', '.join(WEEKDAYS)}")
            )
            continue
        day = str(key)
        minutes = None if value is None else _minutes(value, day, loc, issues)
        if value is None or minutes is not None:
            slots.append(DaySlot(WEEKDAYS.index(day), minutes))
    return slots


def parse_availability(raw: object, loc: Loc, issues: list[Issue]) -> Availability | None:
    """Read ``{"mon": 45, "sun": null}``; None (with no issue) when not said (``raw`` is None).

    Every problem is an issue at ``loc`` or under it: not an object, no day at all, an unknown
    day (``availability.monday``), minutes that are not a number or not within 1 to 600.
    """
    if raw is None:
        return None
    expected = f"an object of days ({', '.join(WEEKDAYS)}) and their minutes"
    if not isinstance(raw, Mapping):
        issues.append(Issue(loc, f"expected {expected}, got {raw!r}"))
        return None
    if not raw:
        issues.append(
            Issue(loc, f"expected {expected}: at least one day (null: not said), got {{}}")
        )
        return None
    before = len(issues)
    slots = _day_slots(raw, loc, issues)
    if len(issues) > before:
        return None
    return Availability(tuple(sorted(slots, key=lambda s: s.weekday)))
