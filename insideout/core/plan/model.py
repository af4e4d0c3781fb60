"""The running week's shape, and the counts the plan reads from a history."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from insideout.core.decision import Decision
from insideout.core.evidence import Evidence
from insideout.core.history import History
from insideout.core.method import Method, PlanRules
from insideout.core.reference import References

__all__ = [
    "DAY",
    "EPS",
    "Ctx",
    "Mode",
    "PlannedRun",
    "RunningWeek",
    "build_weeks",
    "floor_km",
    "run_offsets",
    "weekly_km",
]

DAY = dt.timedelta(days=1)
EPS = 1e-9  # float slack when comparing with a cap: exactly 110% must pass


class Mode(StrEnum):
    PROGRESS = "progress"
    HOLD = "hold"
    CUT = "cut"
    STOP = "stop"


@dataclass(frozen=True)
class PlannedRun:
    date: dt.date
    kind: str  # easy, long, speed, run_walk
    distance_km: float


@dataclass(frozen=True)
class RunningWeek:
    start: dt.date
    runs: tuple[PlannedRun, ...]
    planned_km: float
    longest_run_km: float
    recovery_week: bool
    mode: Mode
    decisions: tuple[Decision, ...]


@dataclass(frozen=True)
class Ctx:
    """What every rule of the plan reads: the history, the day, the method, the references."""

    history: History
    on: dt.date
    method: Method
    register: Mapping[str, Evidence]
    refs: References

    def long_ref(self, day: dt.date) -> float:
        """The reference run's distance for a run on ``day`` (0: none on record)."""
        return self.refs.long_run_km(day) or 0.0

    def longest_logged(self, day: dt.date) -> float:
        """The longest run logged in the spike window before ``day`` (kept within its cap or not):
        EV-F-SPIKE's own reference, which no planned run may pass by more than the ratio."""
        window = self.method.plan.spike_window_days.days
        runs = self.history.runs_between(day - window * DAY, min(day, self.on) - DAY)
        return max((r.distance_km for r in runs), default=0.0)


def weekly_km(history: History, on: dt.date, k: int) -> float:
    """Distance run in the k-th 7-day block before ``on`` (k = 1: the last 7 days)."""
    last = on - (7 * (k - 1) + 1) * DAY
    return sum(r.distance_km for r in history.runs_between(last - 6 * DAY, last))


def build_weeks(weeks: Sequence[float], rules: PlanRules) -> int:
    """How many weeks in a row (ending last week) were loading weeks, not recovery weeks.

    ``weeks[0]`` is last week. A week counts as recovery when it is empty or at most
    ``recovery_detect`` of the highest of the ``recovery_detect_weeks`` weeks before it.
    """
    count = 0
    before = rules.recovery_detect_weeks.days
    for i, w in enumerate(weeks[: rules.recovery_every.days]):
        prior = max(weeks[i + 1 : i + 1 + before], default=0.0)
        if w <= 0 or (prior > 0 and w <= rules.recovery_detect.value * prior + EPS):
            break
        count += 1
    return count


def run_offsets(n: int) -> list[int]:
    """Days of the week (0 = start) for n runs, spread out, the long run on the last day."""
    return sorted({round(6 - i * 7 / n) for i in range(n)})


def floor_km(x: float) -> float:
    """Round down to 0.1 km so that a capped distance stays under its cap."""
    return math.floor(x * 10 + EPS) / 10
