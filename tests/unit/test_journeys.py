"""Whole journeys over 16 simulated weeks: the runner does what the plan says, week after week."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

from insideout.catalogue.method import load_method
from insideout.core.advise import Advice, Phase
from insideout.core.history import History, StrengthLog
from insideout.core.plan import EPS, weekly_km
from tests.advice_builders import DAY, advice, history, run, screen, week_runs

START = dt.date(2026, 3, 2)
WEEKS = 16

# pain(week, run index) -> (during, after, next morning) at the knee
Pain = Callable[[int, int], tuple[float, float, float]]


def no_pain(week: int, i: int) -> tuple[float, float, float]:
    return (0, 0, 0)


def simulate(pain: Pain = no_pain) -> list[tuple[History, Advice]]:
    """A runner with a mobility need who follows every plan and re-screens when asked.

    Returns each week's history (before the advice) with the advice.
    """
    h = history(
        week_runs(START, [15, 15, 15, 15], cadence=162),
        screens=[screen(START, knee_to_wall=(7.5, 12))],
    )
    out: list[tuple[History, Advice]] = []
    for week in range(WEEKS):
        on = START + 7 * week * DAY
        a = advice(h, on)
        out.append((h, a))
        h = follow(h, a, week, pain)
    return out


def follow(h: History, a: Advice, week: int, pain: Pain) -> History:
    runs = list(h.runs)
    for i, r in enumerate(a.running.runs):
        during, after, morning = pain(week, i)
        runs.append(
            run(r.date, r.distance_km, during=during, after=after, morning=morning,
                site="knee" if max(during, after, morning) else None, cadence=162)
        )  # fmt: skip
    strength = list(h.strength) + [StrengthLog(s.date) for s in a.foundation.sessions]
    screens = list(h.screens)
    asked = [d for d in a.decisions if d.rule == "programme.rescreen"]
    if asked:  # the balance came back: the re-screen is clean
        screens.append(screen(a.on + DAY))
    return dataclasses.replace(
        h, runs=tuple(runs), strength=tuple(strength), screens=tuple(screens)
    )


def test_a_runner_who_does_everything_right_reaches_the_gate() -> None:
    weeks = [a for _, a in simulate()]
    phases = [a.phase for a in weeks]
    assert phases[0] is Phase.FOUNDATION
    assert Phase.STOP not in phases
    assert phases[-1] is Phase.TECHNIQUE, phases
    first_open = phases.index(Phase.TECHNIQUE)
    assert all(p is Phase.TECHNIQUE for p in phases[first_open:])
    final = weeks[-1]
    p = final.technique.prescription
    assert p is not None and p.baseline_spm == 162
    assert p.target_low_spm == round(162 * 1.05, 1)
    assert any(a.running.recovery_week for a in weeks), "a recovery week came along the way"
    assert weeks[-1].running.planned_km > weeks[0].running.planned_km, "volume grew"
    for a in weeks:
        assert len(a.foundation.sessions) >= 2
        assert a.refer is None


def test_no_week_along_the_way_breaks_a_cap() -> None:
    planned = 0
    for h, a in simulate():
        ref = max(weekly_km(h, a.on, 1), weekly_km(h, a.on, 2))
        start = load_method().plan.start.runs * load_method().plan.start.run_km
        assert a.running.planned_km <= max(ref * 1.10, start) + EPS
        planned += len(a.running.runs)
        for r in a.running.runs:
            longest = max(
                (x.distance_km for x in h.runs_between(r.date - 30 * DAY, a.on - DAY)),
                default=0,
            )
            assert longest == 0 or r.distance_km <= longest * 1.10 + EPS
    assert planned > 0, "the journey plans runs"


def rising_knee(week: int, i: int) -> tuple[float, float, float]:
    """Knee pain from week 4 that climbs: 2, then 4, then 6 during the runs."""
    level = {4: 2.0, 5: 4.0, 6: 6.0}.get(week, 7.0 if week > 6 else 0.0)
    return (level, level, max(0.0, level - 2))


def test_a_runner_with_rising_knee_pain_is_cut_back_and_then_referred() -> None:
    weeks = [a for _, a in simulate(rising_knee)]
    verdicts = [{d.rule: d.verdict.value for d in a.decisions} for a in weeks]
    cut = next(i for i, v in enumerate(verdicts) if "cut" in v.values())
    stop = next(i for i, a in enumerate(weeks) if a.phase is Phase.STOP)
    assert cut < stop, (cut, stop)
    assert verdicts[cut]["pain.week_rise"] == "cut"
    assert weeks[cut].running.planned_km < weeks[cut - 1].running.planned_km
    assert "programme.regress.knee" in verdicts[cut]
    assert weeks[stop].refer is not None
    assert "physiotherapist" in weeks[stop].refer.words
    assert weeks[stop].running.runs == ()
    assert not any(a.technique.unlocked for a in weeks[cut : stop + 1])
