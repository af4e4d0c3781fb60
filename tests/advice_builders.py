"""Small builders for the advice tests: screens, runs, strength sessions and histories."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from insideout.catalogue import load_catalogue
from insideout.catalogue.method import load_method
from insideout.core.advise import Advice, advise
from insideout.core.history import History, PainReport, RunLog, StrengthLog
from insideout.core.screen import Measure, Runner, Screen, Side

ON = dt.date(2026, 6, 1)
DAY = dt.timedelta(days=1)
RUNNER = Runner("ana", birth_year=1988)

# Both sides equal and inside every norm: every region's need is "none".
BALANCED: dict[str, float] = {
    "knee_to_wall": 12,
    "calf_raise": 25,
    "single_leg_balance_eyes_closed": 15,
    "hip_internal_rotation": 35,
    "hip_external_rotation": 40,
    "thomas_test": -10,
    "active_straight_leg_raise": 3,
    "single_leg_bridge": 25,
    "limb_length": 90,
    "y_balance_anterior": 65,
    "y_balance_posteromedial": 100,
    "y_balance_posterolateral": 95,
    "single_leg_squat": 1,
    "single_leg_hop": 150,
    "side_plank": 60,
    # the optional tests (knee_to_wall_angle stands for knee_to_wall, so it is not repeated)
    "hip_abductor_strength": 1.6,
    "triple_hop": 450,
    "crossover_hop": 400,
    "timed_hop": 2.0,
}


def measures(**sides: tuple[float, float]) -> tuple[Measure, ...]:
    """A balanced screen; ``knee_to_wall=(7.5, 12)`` sets (left, right) for one test."""
    out = []
    for test, value in BALANCED.items():
        left, right = sides.get(test, (value, value))
        out += [Measure(test, Side.LEFT, left), Measure(test, Side.RIGHT, right)]
    out.append(Measure("beighton", None, 2))
    return tuple(out)


def screen(day: dt.date, **sides: tuple[float, float]) -> Screen:
    return Screen(RUNNER, day, measures(**sides))


def run(
    day: dt.date,
    km: float,
    *,
    minutes: float | None = None,
    rpe: float | None = 4,
    during: float | None = 0,
    after: float | None = 0,
    morning: float | None = 0,
    site: str | None = None,
    flags: Sequence[str] = (),
    cadence: float | None = None,
) -> RunLog:
    return RunLog(
        day,
        km,
        km * 6 if minutes is None else minutes,
        rpe,
        during,
        after,
        morning,
        site,
        None,
        tuple(flags),
        cadence,
    )


def week_runs(
    on: dt.date, weekly_km: Sequence[float], per_week: int = 3, **kw: Any
) -> list[RunLog]:
    """Runs for the weeks before ``on``: ``weekly_km[-1]`` is the last 7 days.

    Each week's distance is split over ``per_week`` equal runs on days 1, 3, 5 of the block.
    """
    out: list[RunLog] = []
    n = len(weekly_km)
    for i, km in enumerate(weekly_km):
        start = on - 7 * (n - i) * DAY
        for j in range(per_week):
            if km > 0:
                out.append(run(start + (1 + 2 * j) * DAY, round(km / per_week, 3), **kw))
    return out


def sessions(on: dt.date, weeks: int, per_week: int = 2) -> list[StrengthLog]:
    """``per_week`` completed strength sessions in each of the ``weeks`` weeks before ``on``."""
    out = []
    for k in range(weeks, 0, -1):
        start = on - 7 * k * DAY
        out += [StrengthLog(start + (2 + 2 * j) * DAY) for j in range(per_week)]
    return out


def history(
    runs: Iterable[RunLog] = (),
    screens: Iterable[Screen] = (),
    strength: Iterable[StrengthLog] = (),
    reports: Iterable[PainReport] = (),
) -> History:
    return History(
        RUNNER,
        tuple(sorted(screens, key=lambda s: s.date)),
        tuple(sorted(runs, key=lambda r: r.date)),
        tuple(sorted(strength, key=lambda s: s.date)),
        tuple(sorted(reports, key=lambda p: p.date)),
    )


def advice(h: History, on: dt.date = ON) -> Advice:
    return advise(h, on, load_catalogue(), load_method())


def decision(a: Advice, rule: str) -> Any:
    """The one decision with this rule id (fails the test if absent)."""
    found = [d for d in a.decisions if d.rule == rule]
    assert found, f"no decision {rule}; got {[d.rule for d in a.decisions]}"
    return found[0]


def verdicts(a: Advice) -> dict[str, str]:
    return {d.rule: d.verdict.value for d in a.decisions}
