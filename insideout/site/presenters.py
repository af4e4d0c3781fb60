"""This week's advice arranged for reading: runs, foundation sessions with their exercises, reasons.

Only arrangement and wording of what the core decided, read from its typed answer
(:class:`~insideout.core.advise.Advice`: its :class:`~insideout.core.plan.RunningWeek`,
:class:`~insideout.core.programme.FoundationWeek`, :class:`~insideout.core.gate.TechniqueGate`,
:class:`~insideout.core.load.LoadSummary` and :class:`~insideout.core.decision.Decision`s), plus
each exercise's name, protocol and load cue from the exercise catalogue; no rule, threshold or dose
is worked out here. The JSON contract (:func:`~insideout.core.advise.advice_dict`) is the API's
and the CLI's, not the pages'. :func:`alert` picks what must come first on the runner's page (a
referral, a stop or a pain cut) from the core's own verdicts; :func:`so_far` adds up the runs
logged, today's included, which the core's advice does not count until tomorrow (it reads the days
before the day advised on).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from insideout.core.advise import Advice, Phase
from insideout.core.decision import Decision, DecisionVerdict, fmt
from insideout.core.load import LoadSummary
from insideout.core.method import Method
from insideout.core.pain import Referral
from insideout.core.programme import Prescription

__all__ = [
    "PHASES",
    "Alert",
    "DecisionRow",
    "ExerciseRow",
    "LoadRow",
    "RunRow",
    "SessionRow",
    "SoFar",
    "Week",
    "alert",
    "dose",
    "number",
    "so_far",
    "this_week",
]

PHASES = {
    Phase.SCREEN_NEEDED: "Screen first: running holds at what you already do until the movement "
    "screen is done.",
    Phase.FOUNDATION: "Foundation: mobility and stability work where the screen found a need, "
    "while running grows within its limits.",
    Phase.BUILD: "Build: running grows within its limits; the foundation sessions stay every week.",
    Phase.TECHNIQUE: "Technique: cadence work and drills, with every guard still in force.",
    Phase.STOP: "Stop: no running until the reason below is dealt with.",
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
class LoadRow:
    """The load figures as the page shows them: rounded as the advice's JSON rounds them."""

    week_load: float
    weekly_loads: tuple[float, ...]
    acwr_rolling: float | None
    acwr_ewma: float | None
    ewma_warming_up: bool
    monotony: float | str | None
    strain: float | str | None
    text: str
    evidence: tuple[str, ...]

    @classmethod
    def of(cls, load: LoadSummary) -> LoadRow:
        def r2(x: float | str | None) -> float | str | None:
            return round(x, 2) if isinstance(x, float) else x

        rolling, ewma = load.acwr_rolling, load.acwr_ewma
        return cls(
            week_load=round(load.week_load, 1),
            weekly_loads=tuple(round(w, 1) for w in load.weekly_loads),
            acwr_rolling=None if rolling is None else round(rolling, 2),
            acwr_ewma=None if ewma is None else round(ewma, 2),
            ewma_warming_up=load.ewma_warming_up,
            monotony=r2(load.monotony),
            strain=r2(load.strain),
            text=load.text,
            evidence=load.evidence,
        )


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


def _is_cut(d: Decision) -> bool:
    return d.verdict is DecisionVerdict.CUT and (
        d.rule.startswith(("pain.", "programme.regress.")) or d.rule == "plan.pain_cut"
    )


def alert(phase: Phase, decisions: Sequence[Decision], refer: Referral | None) -> Alert | None:
    """The referral, else the stop, else the pain cut of the advice, if any."""
    if refer is not None:
        if refer.urgent:
            title = "See a doctor now"
        elif refer.cardiac:
            title = "See a doctor before you exercise again"
        else:
            title = "See a physiotherapist or doctor"
        return Alert("refer", title, refer.words, (refer.reason,), refer.urgent)
    if phase is Phase.STOP:
        stopping = (DecisionVerdict.STOP, DecisionVerdict.REFER)
        why = tuple(d.text for d in decisions if d.verdict in stopping)
        return Alert("stop", "Stop running for now", STOP_WORDS, why)
    cuts = tuple(d.text for d in decisions if _is_cut(d))
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
    """The advice as the runner's page shows it: the core's typed answer and its rows."""

    advice: Advice
    phase_text: str
    runs: tuple[RunRow, ...]
    sessions: tuple[SessionRow, ...]
    decisions: tuple[DecisionRow, ...]
    alert: Alert | None = None

    @property
    def on(self) -> dt.date:
        """The day the advice is for: the first day of the week."""
        return self.advice.on

    @property
    def phase(self) -> str:
        return self.advice.phase.value

    @functools.cached_property
    def load(self) -> LoadRow:
        return LoadRow.of(self.advice.load)

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


def dose(p: Prescription) -> str:
    """``2 × 12 reps`` or ``2 × 30 s``."""
    amount = f"{p.reps} reps" if p.reps is not None else f"{p.seconds} s"
    return f"{p.sets} × {amount}"


def _exercise(p: Prescription, method: Method) -> ExerciseRow:
    ex = method.exercises.get(p.exercise)
    return ExerciseRow(
        id=p.exercise,
        name=ex.name if ex else p.exercise,
        dose=dose(p),
        side=p.side,
        protocol=ex.protocol if ex else (),
        load=ex.load if ex else "",
    )


def this_week(advice: Advice, method: Method) -> Week:
    runs = tuple(RunRow(r.date, r.kind, r.distance_km) for r in advice.running.runs)
    days: dict[tuple[ExerciseRow, ...], list[dt.date]] = {}
    for session in advice.foundation.sessions:
        exercises = tuple(_exercise(p, method) for p in session.exercises)
        days.setdefault(exercises, []).append(session.date)
    sessions = tuple(SessionRow(tuple(d), exercises) for exercises, d in days.items())
    decisions = tuple(
        DecisionRow(
            d.verdict.value, d.rule, number(d.value), number(d.threshold), d.evidence, d.text
        )
        for d in advice.decisions
    )
    phase = PHASES.get(advice.phase, advice.phase.value)
    found = alert(advice.phase, advice.decisions, advice.refer)
    return Week(advice, phase, runs, sessions, decisions, found)


def number(value: object) -> str:
    """A decision's value or threshold as people write it (text stays text, none is a dash)."""
    if value is None:
        return "—"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    return fmt(float(value))
