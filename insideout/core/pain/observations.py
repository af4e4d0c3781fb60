"""Pain observations: every value at a site on a day, from a run's answers or a report on its own.

A run's observation is the highest of the pain values it was given (during, after, next
morning); a value not given is unknown, so a run with no answer at all is not "pain-free"
(``free`` is an explicit "no pain at all"). A report on a day without a run is an observation of
its own (``report``): pain at rest or at night counts in every pain rule like pain during a run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from insideout.core.history import History, RunLog

__all__ = [
    "UNSPECIFIED",
    "Observation",
    "observations",
    "reports_alone",
    "site_of",
    "site_peaks",
    "worst",
    "worst_during",
]

UNSPECIFIED = "unspecified site"


@dataclass(frozen=True)
class Observation:
    """One pain observation: a value at a site on a day (a run field or a report)."""

    date: dt.date
    value: float
    site: str | None
    flags: tuple[str, ...]
    free: bool  # an explicit "no pain at all" answer
    report: bool = False  # a pain report on its own (at rest, at night), not a run's answer
    after: bool = False  # a run's pain just after it (judged with the during limit)


def site_of(o: Observation) -> str:
    return o.site or UNSPECIFIED


def observations(history: History, first: dt.date, last: dt.date) -> list[Observation]:
    """Every run and pain report from ``first`` to ``last``, in date order (runs first)."""
    out: list[Observation] = []
    for run in history.runs_between(first, last):
        asked = [
            v for v in (run.pain_during, run.pain_after, run.pain_next_morning) if v is not None
        ]
        peak = max(asked, default=0.0)
        out.append(
            Observation(run.date, peak, run.pain_site, run.red_flags, bool(asked) and peak == 0)
        )
    for rep in history.reports:
        if first <= rep.date <= last:
            out.append(
                Observation(rep.date, rep.pain, rep.site, rep.red_flags, rep.pain == 0, True)
            )
    out.sort(key=lambda o: o.date)
    return out


def reports_alone(history: History, first: dt.date, last: dt.date) -> list[Observation]:
    """The pain reports from ``first`` to ``last`` as pain felt on its own (at rest, at night)."""
    return [
        Observation(p.date, p.pain, p.site, (), False, True)
        for p in history.reports
        if first <= p.date <= last
    ]


def site_peaks(obs: Iterable[Observation]) -> dict[str, float]:
    """The highest pain at each site (an unnamed site is one site of its own)."""
    peaks: dict[str, float] = {}
    for o in obs:
        if o.value > 0:
            key = site_of(o)
            peaks[key] = max(peaks.get(key, 0.0), o.value)
    return peaks


def worst_during(runs: Iterable[RunLog], reports: Iterable[Observation]) -> Observation | None:
    """The highest pain felt while running or just after (IO-PAIN-AFTER), or reported on its own
    (at rest, at night)."""
    best: Observation | None = None
    for run in runs:
        for value, after in ((run.pain_during, False), (run.pain_after, True)):
            if value is not None and (best is None or value > best.value):
                best = Observation(run.date, value, run.pain_site, (), False, after=after)
    for o in reports:
        if best is None or o.value > best.value:
            best = o
    return best


def worst(runs: Iterable[RunLog], attr: str) -> tuple[float, RunLog] | None:
    """The highest value of one pain field over some runs, and its run."""
    best: tuple[float, RunLog] | None = None
    for run in runs:
        v: float | None = getattr(run, attr)
        if v is not None and (best is None or v > best[0]):
            best = (v, run)
    return best
