"""This week's advice arranged for reading: runs, foundation sessions with their exercises, reasons.

Only arrangement and wording of what the core decided (the names of
:func:`~insideout.core.advise.advice_dict`, plus each exercise's name, protocol and load cue from
the exercise catalogue); no rule, threshold or dose is worked out here. :func:`alert` picks what
must come first on the runner's page (a referral, a stop or a pain cut) from the core's own
verdicts; :func:`so_far` adds up the runs logged, today's included, which the core's advice does
not count until tomorrow (it reads the days before the day advised on).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from insideout.catalogue.labels import load_labels
from insideout.core.advise import Advice, advice_dict
from insideout.core.decision import fmt
from insideout.core.method import Method

__all__ = [
    "PHASES",
    "Alert",
    "DecisionRow",
    "ExerciseRow",
    "RunRow",
    "SessionRow",
    "SoFar",
    "Week",
    "alert",
    "dose",
    "labelled_sites",
    "number",
    "so_far",
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
class Alert:
    """What stops, refers or cuts the runner this week, in plain words: first on their page.

    ``kind`` is ``refer``, ``stop`` or ``cut``; ``words`` say what to do; ``reasons`` are the
    sentences of the decisions behind it (rule ids in them are put into words by the page).
    """

    kind: str
    title: str
    words: str
    reasons: tuple[str, ...]
    urgent: bool = False


STOP_WORDS = (
    "Do not run until the reason below is dealt with. Your foundation sessions go on if they "
    "are pain-free, unless the page says they pause too."
)
CUT_WORDS = (
    "Run only the shorter week below, at an easy effort, and keep your foundation sessions. Log "
    "the pain after every run and answer the next-morning question: if the pain keeps coming "
    "back, running stops and you will be asked to see a physiotherapist or doctor."
)


def _is_cut(d: Mapping[str, Any]) -> bool:
    rule = str(d["rule"])
    return d["verdict"] == "cut" and (
        rule.startswith(("pain.", "programme.regress.")) or rule == "plan.pain_cut"
    )


def alert(doc: Mapping[str, Any]) -> Alert | None:
    """The referral, else the stop, else the pain cut of the advice (``advice_dict``), if any."""
    decisions = doc["decisions"]
    refer = doc.get("refer")
    if refer:
        if refer["urgent"]:
            title = "See a doctor now"
        elif refer["cardiac"]:
            title = "See a doctor before you exercise again"
        else:
            title = "See a physiotherapist or doctor"
        return Alert("refer", title, refer["words"], (refer["reason"],), bool(refer["urgent"]))
    if doc["phase"] == "stop":
        why = tuple(d["text"] for d in decisions if d["verdict"] in ("stop", "refer"))
        return Alert("stop", "Stop running for now", STOP_WORDS, why)
    cuts = tuple(d["text"] for d in decisions if _is_cut(d))
    if cuts:
        return Alert("cut", "Running is cut back this week", CUT_WORDS, cuts)
    return None


@dataclass(frozen=True)
class SoFar:
    """The distance logged today and over the last 7 days (today included)."""

    today_km: float
    today_runs: int
    week_km: float
    week_runs: int


def so_far(runs: Iterable[tuple[dt.date, float]], today: dt.date) -> SoFar:
    """Add up the runs ``(date, km)`` of today and of the 7 days ending today."""
    first = today - dt.timedelta(days=6)
    logged = list(runs)
    week = [km for day, km in logged if first <= day <= today]
    done = [km for day, km in logged if day == today]
    return SoFar(sum(done), len(done), sum(week), len(week))


@dataclass(frozen=True)
class Week:
    """The advice as the runner's page shows it; ``doc`` is the API's JSON, name for name."""

    doc: dict[str, Any]
    phase_text: str
    runs: tuple[RunRow, ...]
    sessions: tuple[SessionRow, ...]
    decisions: tuple[DecisionRow, ...]
    alert: Alert | None = None

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


def labelled_sites(fields: Mapping[str, Any], names: Iterable[str] = ("pain_site", "site")) -> None:
    """Show a form's pain-site choices as their labels ("front of the thigh"); the values stay."""
    labels = load_labels()
    for name in names:
        if name in fields:
            fields[name].choices = [
                (value, labels.of("site", value) if value else text)
                for value, text in fields[name].choices
            ]


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
    phase = PHASES.get(doc["phase"], doc["phase"])
    return Week(doc, phase, runs, sessions, decisions, alert(doc))


def number(value: object) -> str:
    """A decision's value or threshold as people write it (text stays text, none is a dash)."""
    if value is None:
        return "—"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    return fmt(float(value))
