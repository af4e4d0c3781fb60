"""A runner's advice from what is stored: the core's history built in one place, then advised.

The runner's page, the coach's dashboard and ``GET /api/runners/{handle}/advice`` all come here;
the advice itself is the core's (:func:`insideout.core.advise.advise`, the same call as
``insideout advise``) and is never stored. The rows were checked by the core's parser on the way
in, so they are handed over with their ``to_domain()`` helpers, in the order the core reads them:
measured screens by date (a day screened twice counts its last entry), runs, strength sessions
and pain reports (pain felt without a run) by date, nothing dated after the day advised on; with
the coach's settings for the runner and the runner's availability (fields of the runner), the
technique-gate overrides and the clearances given after a stop.

Queries: a fixed number whatever the number of runners, runs or screens. :func:`advice_for_all`
loads the histories of many runners with seven queries in all (screens, their measures, runs,
strength sessions, pain reports, overrides, clearances), so the dashboard does not ask once per
runner.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Prefetch, prefetch_related_objects

from insideout.catalogue import load_catalogue
from insideout.core.advise import Advice, Phase, advise
from insideout.core.decision import Decision, DecisionVerdict
from insideout.core.errors import InputError, Issue
from insideout.core.history import History
from insideout.core.screen import parse_date
from insideout.people.models import Runner
from insideout.screening.models import Measure, Screen
from insideout.training import services
from insideout.training.models import Clearance, GateOverride, PainReport, Run, StrengthSession

__all__ = [
    "HOLDING",
    "READS",
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
# :mod:`insideout.training.summaries` watches, and what :func:`_prefetches` loads (a test holds
# the two together).
READS = (Screen, Measure, Run, StrengthSession, PainReport, GateOverride, Clearance)

_SCREENS, _RUNS, _STRENGTH = "advice_screens", "advice_runs", "advice_strength"
_REPORTS, _OVERRIDES = "advice_pain_reports", "advice_overrides"
_CLEARANCES = "advice_clearances"


@dataclass(frozen=True)
class RunnerAdvice:
    """One runner's advice, with the newest measured screen and the history it was made from."""

    runner: Runner
    advice: Advice
    latest_screen: Screen | None
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


def _prefetches(on: dt.date) -> tuple[Prefetch[str], ...]:
    # Screens are all loaded (the dashboard shows the newest even if dated later); the history
    # keeps those up to ``on``. Runs, sessions and reports after ``on`` are not its business.
    screens = Screen.objects.measured().prefetch_related("measures").order_by("date", "id")
    runs = Run.objects.filter(date__lte=on).order_by("date", "id")
    sessions = StrengthSession.objects.filter(date__lte=on).order_by("date", "id")
    reports = PainReport.objects.filter(date__lte=on).order_by("date", "id")
    overrides = GateOverride.objects.filter(date__lte=on).order_by("date", "id")
    clearances = Clearance.objects.filter(date__lte=on).order_by("date", "id")
    return (
        Prefetch("screens", queryset=screens, to_attr=_SCREENS),
        Prefetch("runs", queryset=runs, to_attr=_RUNS),
        Prefetch("strength_sessions", queryset=sessions, to_attr=_STRENGTH),
        Prefetch("pain_reports", queryset=reports, to_attr=_REPORTS),
        Prefetch("gate_overrides", queryset=overrides, to_attr=_OVERRIDES),
        Prefetch("clearances", queryset=clearances, to_attr=_CLEARANCES),
    )


def _load(runners: Sequence[Runner], on: dt.date) -> None:
    """Fetch every runner's rows at once (a fresh load: an earlier one may be for another day)."""
    for runner in runners:
        for attr in (_SCREENS, _RUNS, _STRENGTH, _REPORTS, _OVERRIDES, _CLEARANCES):
            runner.__dict__.pop(attr, None)
    prefetch_related_objects(list(runners), *_prefetches(on))


def _history(runner: Runner, on: dt.date) -> History:
    by_day: dict[dt.date, Screen] = {}
    for screen in getattr(runner, _SCREENS):
        if screen.date <= on:
            by_day[screen.date] = screen  # in entry order: the last entry of a day wins
    return History(
        runner=runner.to_domain(),
        screens=tuple(s.to_domain() for s in by_day.values()),
        runs=tuple(r.to_domain() for r in getattr(runner, _RUNS)),
        strength=tuple(s.to_domain() for s in getattr(runner, _STRENGTH)),
        reports=tuple(p.to_domain() for p in getattr(runner, _REPORTS)),
        settings=runner.coach_settings(),
        overrides=tuple(o.to_domain() for o in getattr(runner, _OVERRIDES)),
        clearances=tuple(c.to_domain() for c in getattr(runner, _CLEARANCES)),
        availability=runner.days_available(),
    )


def history_of(runner: Runner, on: dt.date | None = None) -> History:
    """The runner's history as the core reads it, up to and including ``on`` (default today)."""
    on = on or services.today()
    _load([runner], on)
    return _history(runner, on)


def _advise(runner: Runner, on: dt.date) -> RunnerAdvice:
    history = _history(runner, on)
    advice = advise(history, on, load_catalogue(), services.method())
    screens = getattr(runner, _SCREENS)
    return RunnerAdvice(runner, advice, screens[-1] if screens else None, history)


def advice_for(runner: Runner, on: dt.date | None = None) -> Advice:
    """The core's advice for one runner for the week from ``on`` (default today)."""
    on = on or services.today()
    _load([runner], on)
    return _advise(runner, on).advice


def advice_and_history(runner: Runner, on: dt.date | None = None) -> tuple[Advice, History]:
    """The advice for the week from ``on`` and the history it was made from (one load)."""
    on = on or services.today()
    _load([runner], on)
    history = _history(runner, on)
    return advise(history, on, load_catalogue(), services.method()), history


def advice_for_all(runners: Iterable[Runner], on: dt.date | None = None) -> list[RunnerAdvice]:
    """Every runner's advice, their histories loaded together (no query per runner)."""
    on = on or services.today()
    found = list(runners)
    _load(found, on)
    return [_advise(r, on) for r in found]


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
