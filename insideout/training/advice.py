"""A runner's advice from what is stored: the core's history built in one place, then advised.

The runner's page, the coach's dashboard and ``GET /api/runners/{handle}/advice`` all come here;
the advice itself is the core's (:func:`insideout.core.advise.advise`, the same call as
``insideout advise``) and is never stored. The rows were checked by the core's parser on the way
in, so they are read as plain values (``values_list``, no model instance per row) and handed over
through each model's ``domain_of`` (the one definition its ``to_domain()`` uses too), in the order
the core reads them: measured screens by date (a day screened twice counts its last entry), runs,
strength sessions and pain reports (pain felt without a run) by date, nothing dated after the day
advised on; with the coach's settings for the runner and the runner's availability (fields of the
runner), the technique-gate overrides and the clearances given after a stop.

Queries: a fixed number whatever the number of runners, runs or screens. :func:`advice_for_all`
loads the histories of many runners with six queries in all (the measured screens with their
measures, runs, strength sessions, pain reports, overrides, clearances), so the dashboard does not
ask once per runner.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from insideout.catalogue import load_catalogue
from insideout.core.advise import Advice, Phase, advise
from insideout.core.decision import Decision, DecisionVerdict
from insideout.core.errors import InputError, Issue
from insideout.core.history import Clearance as CoreClearance
from insideout.core.history import GateOverride as CoreGateOverride
from insideout.core.history import History, RunLog, StrengthLog
from insideout.core.history import PainReport as CorePainReport
from insideout.core.screen import Measure as CoreMeasure
from insideout.core.screen import Screen as CoreScreen
from insideout.core.screen import parse_date
from insideout.people.models import Runner
from insideout.screening.models import Measure, Screen
from insideout.training import services
from insideout.training.models import Clearance, GateOverride, PainReport, Run, StrengthSession

__all__ = [
    "HOLDING",
    "READS",
    "LatestScreen",
    "RunnerAdvice",
    "advice_and_history",
    "advice_for",
    "advice_for_all",
    "history_of",
    "holding",
    "parse_on",
]

# The verdicts that keep a runner where they are (or send them back); the rest let them progress.
HOLDING = frozenset(
    {
        DecisionVerdict.HOLD,
        DecisionVerdict.CUT,
        DecisionVerdict.STOP,
        DecisionVerdict.REFER,
        DecisionVerdict.LOCK,
    }
)
# How hard each holding verdict holds: the dashboard names the hardest (lower first).
SEVERITY = {
    DecisionVerdict.STOP: 0,
    DecisionVerdict.REFER: 0,
    DecisionVerdict.CUT: 1,
    DecisionVerdict.HOLD: 2,
    DecisionVerdict.LOCK: 3,
}

# Every model a runner's advice reads besides the runner's own row (its coach's settings): what
# :mod:`insideout.training.summaries` watches, and the tables :func:`_load` reads (a test holds
# the two together).
READS = (Screen, Measure, Run, StrengthSession, PainReport, GateOverride, Clearance)


@dataclass(frozen=True)
class LatestScreen:
    """The runner's newest measured screen, as the dashboard's summary names it."""

    pk: int
    date: dt.date


@dataclass(frozen=True)
class RunnerAdvice:
    """One runner's advice, with the newest measured screen and the history it was made from."""

    runner: Runner
    advice: Advice
    latest_screen: LatestScreen | None
    history: History

    @property
    def holding(self) -> Decision | None:
        return holding(self.advice)

    @property
    def flagged(self) -> bool:
        """Running stopped or a professional to see: the coach is told first."""
        return self.advice.phase is Phase.STOP or self.advice.refer is not None


def parse_on(raw: str | None) -> dt.date:
    """The ``on`` query parameter as a date (today when absent), or an InputError naming it."""
    if raw is None:
        return services.today()
    issues: list[Issue] = []
    day = parse_date(raw, ("on",), issues)
    if day is None:
        raise InputError(issues)
    return day


@dataclass
class _Rows:
    """One runner's stored history as the core's records, oldest first (see :func:`_load`)."""

    # measured screens by date, then entry order: (id, date, measures)
    screens: list[tuple[int, dt.date, list[CoreMeasure]]] = field(default_factory=list)
    runs: list[RunLog] = field(default_factory=list)
    strength: list[StrengthLog] = field(default_factory=list)
    reports: list[CorePainReport] = field(default_factory=list)
    overrides: list[CoreGateOverride] = field(default_factory=list)
    clearances: list[CoreClearance] = field(default_factory=list)


def _load(runners: Sequence[Runner], on: dt.date) -> dict[int, _Rows]:
    """Every runner's rows at once, read as plain values (no model instance per row) and turned
    into the core's records by each model's ``domain_of``: six queries whatever the number of
    runners or rows. Screens are all loaded (the dashboard shows the newest even if dated later;
    the history keeps those up to ``on``); runs, sessions, reports, overrides and clearances
    after ``on`` are not its business."""
    found = {r.pk: _Rows() for r in runners}
    if not found:
        return found
    ids = list(found)
    # A measured screen is a screen with measures: its measures, with its id and date, in order.
    measures = (
        Measure.objects.filter(screen__runner_id__in=ids)
        .order_by("screen__date", "screen_id", "id")
        .values_list("screen__runner_id", "screen_id", "screen__date", *Measure.DOMAIN)
    )
    for runner_id, screen_id, day, *measure in measures:
        screens = found[runner_id].screens
        if not screens or screens[-1][0] != screen_id:
            screens.append((screen_id, day, []))
        screens[-1][2].append(Measure.domain_of(tuple(measure)))
    for model, attr in (
        (Run, "runs"),
        (StrengthSession, "strength"),
        (PainReport, "reports"),
        (GateOverride, "overrides"),
        (Clearance, "clearances"),
    ):
        rows = (
            model._default_manager.filter(runner_id__in=ids, date__lte=on)
            .order_by("date", "id")
            .values_list("runner_id", *model.DOMAIN)
        )
        make = model.domain_of
        for runner_id, *values in rows:
            getattr(found[runner_id], attr).append(make(tuple(values)))
    return found


def _history(runner: Runner, rows: _Rows, on: dt.date) -> History:
    me = runner.to_domain()
    by_day: dict[dt.date, list[CoreMeasure]] = {}
    for _, day, measures in rows.screens:
        if day <= on:
            by_day[day] = measures  # in entry order: the last entry of a day wins
    return History(
        runner=me,
        screens=tuple(CoreScreen(me, day, tuple(m)) for day, m in by_day.items()),
        runs=tuple(rows.runs),
        strength=tuple(rows.strength),
        reports=tuple(rows.reports),
        settings=runner.coach_settings(),
        overrides=tuple(rows.overrides),
        clearances=tuple(rows.clearances),
        availability=runner.days_available(),
    )


def history_of(runner: Runner, on: dt.date | None = None) -> History:
    """The runner's history as the core reads it, up to and including ``on`` (default today)."""
    on = on or services.today()
    return _history(runner, _load([runner], on)[runner.pk], on)


def _advise(runner: Runner, rows: _Rows, on: dt.date) -> RunnerAdvice:
    history = _history(runner, rows, on)
    advice = advise(history, on, load_catalogue(), services.method())
    latest = LatestScreen(rows.screens[-1][0], rows.screens[-1][1]) if rows.screens else None
    return RunnerAdvice(runner, advice, latest, history)


def advice_for(runner: Runner, on: dt.date | None = None) -> Advice:
    """The core's advice for one runner for the week from ``on`` (default today)."""
    on = on or services.today()
    return _advise(runner, _load([runner], on)[runner.pk], on).advice


def advice_and_history(runner: Runner, on: dt.date | None = None) -> tuple[Advice, History]:
    """The advice for the week from ``on`` and the history it was made from (one load)."""
    on = on or services.today()
    history = history_of(runner, on)
    return advise(history, on, load_catalogue(), services.method()), history


def advice_for_all(runners: Iterable[Runner], on: dt.date | None = None) -> list[RunnerAdvice]:
    """Every runner's advice, their histories loaded together (no query per runner)."""
    on = on or services.today()
    found = list(runners)
    rows = _load(found, on)
    return [_advise(r, rows[r.pk], on) for r in found]


def holding(advice: Advice) -> Decision | None:
    """The rule that holds the runner: the most severe decision that does not let them progress
    (a stop or a referral before a cut, a cut before a hold, a hold before a lock), the first of
    them when several are as severe. A stopped runner is shown as stopped, not as cut back.

    Once technique work is unlocked (by the gate or by the coach's override) the gate's own
    checks hold nothing.
    """
    unlocked = advice.technique.unlocked
    found = [
        d
        for d in advice.decisions
        if d.verdict in HOLDING and not (unlocked and d.rule.startswith("gate."))
    ]
    return min(found, key=lambda d: SEVERITY[d.verdict], default=None)  # min keeps the first
