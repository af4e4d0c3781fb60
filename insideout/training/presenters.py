"""This week's advice arranged for reading: runs, foundation sessions with their exercises, reasons.

Only arrangement and wording of what the core decided (the names of
:func:`~insideout.core.advise.advice_dict`, plus each exercise's name, protocol and load cue from
the exercise catalogue); no rule, threshold or dose is worked out here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from insideout.core.advise import Advice, advice_dict
from insideout.core.decision import fmt
from insideout.core.method import Method

__all__ = [
    "PHASES",
    "DecisionRow",
    "ExerciseRow",
    "RunRow",
    "SessionRow",
    "Week",
    "dose",
    "number",
    "this_week",
]

PHASES = {
    "screen_needed": "Screen first: running holds at what you already do until the movement "
    "screen is done.",
    "foundation": "Foundation: mobility and stability work where the screen found a need, while "
    "running grows within its limits.",
    "build": "Build: running grows within its limits; the foundation sessions stay every week.",
    "technique": "Technique: cadence work and drills, with every guard still in force.",
    "stop": "Stop: no running until the reason below is dealt with.",
}


@dataclass(frozen=True)
class ExerciseRow:
    id: str
    name: str
    dose: str
    side: str | None
    protocol: tuple[str, ...]
    load: str


@dataclass(frozen=True)
class SessionRow:
    """The foundation session of one or more days of the week (the same exercises each day)."""

    dates: tuple[dt.date, ...]
    exercises: tuple[ExerciseRow, ...]


@dataclass(frozen=True)
class RunRow:
    date: dt.date
    kind: str
    distance_km: float


@dataclass(frozen=True)
class DecisionRow:
    verdict: str
    rule: str
    value: str
    threshold: str
    evidence: str
    text: str


@dataclass(frozen=True)
class Week:
    """The advice as the runner's page shows it; ``doc`` is the API's JSON, name for name."""

    doc: dict[str, Any]
    phase_text: str
    runs: tuple[RunRow, ...]
    sessions: tuple[SessionRow, ...]
    decisions: tuple[DecisionRow, ...]

    @property
    def on(self) -> dt.date:
        """The day the advice is for: the first day of the week."""
        return dt.date.fromisoformat(self.doc["on"])

    @property
    def today_runs(self) -> tuple[RunRow, ...]:
        """The runs the plan has for the day the advice is for."""
        return tuple(r for r in self.runs if r.date == self.on)

    @property
    def next_run(self) -> RunRow | None:
        """The first planned run after the day the advice is for."""
        return next((r for r in self.runs if r.date > self.on), None)

    @property
    def today_sessions(self) -> tuple[SessionRow, ...]:
        """The foundation session of the day the advice is for, if there is one."""
        return tuple(
            SessionRow((self.on,), s.exercises) for s in self.sessions if self.on in s.dates
        )


def dose(item: Mapping[str, Any]) -> str:
    """``2 × 12 reps`` or ``2 × 30 s``."""
    amount = f"{item['reps']} reps" if "reps" in item else f"{item['seconds']} s"
    return f"{item['sets']} × {amount}"


def _exercise(item: Mapping[str, Any], method: Method) -> ExerciseRow:
    ex = method.exercises.get(item["id"])
    return ExerciseRow(
        id=item["id"],
        name=ex.name if ex else item["id"],
        dose=dose(item),
        side=item["side"],
        protocol=ex.protocol if ex else (),
        load=ex.load if ex else "",
    )


def this_week(advice: Advice, method: Method) -> Week:
    doc = advice_dict(advice)
    week = doc["next_week"]
    runs = tuple(
        RunRow(dt.date.fromisoformat(r["date"]), r["kind"], r["distance_km"]) for r in week["runs"]
    )
    days: dict[tuple[ExerciseRow, ...], list[dt.date]] = {}
    for session in week["strength"]:
        exercises = tuple(_exercise(e, method) for e in session["exercises"])
        days.setdefault(exercises, []).append(dt.date.fromisoformat(session["date"]))
    sessions = tuple(SessionRow(tuple(d), exercises) for exercises, d in days.items())
    decisions = tuple(
        DecisionRow(
            d["verdict"], d["rule"], number(d["value"]), number(d["threshold"]), d["evidence"],
            d["text"],
        )
        for d in doc["decisions"]
    )  # fmt: skip
    return Week(doc, PHASES.get(doc["phase"], doc["phase"]), runs, sessions, decisions)


def number(value: object) -> str:
    """A decision's value or threshold as people write it (text stays text, none is a dash)."""
    if value is None:
        return "—"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    return fmt(float(value))
