"""Training load, the runner's own numbers: session RPE load, weekly load, ACWR, monotony, strain.

These figures are **context for the coach, never a rule that gates**. A re-analysis found that
dividing acute load by fixed or random numbers predicted injury about as well as the real
acute:chronic ratio, and neither beat chance meaningfully (EV-LOAD-ACWR-DISMISS); the usual
rolling ratio is also mathematically coupled (EV-LOAD-ACWR-COUPLING). So nothing in the plan or
the guards reads this module's output; the advice only shows it.

Formulas (evidence.md §6): session load = RPE x minutes (EV-F-SRPE); ACWR rolling "coupled"
(EV-F-ACWR-ROLL) and EWMA with lambda = 2/(N+1), N = 7 and 28 (EV-F-ACWR-EWMA); monotony = mean /
SD of the 7 daily loads with rest days counted as zero (EV-F-MONO); strain = weekly load x
monotony (EV-F-STRAIN). The SD is the sample SD (n - 1), as in the spreadsheets Foster's method
is usually run in; when it is zero, monotony is reported as "max" (or absent with no load at all).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

from insideout.core.history import History

__all__ = [
    "LoadSummary",
    "acwr_ewma",
    "acwr_rolling",
    "daily_loads",
    "load_summary",
    "monotony",
    "strain",
]

EVIDENCE = (
    "EV-F-SRPE",
    "EV-F-ACWR-ROLL",
    "EV-F-ACWR-EWMA",
    "EV-F-MONO",
    "EV-F-STRAIN",
    "EV-LOAD-ACWR-DISMISS",
)
ACUTE_DAYS, CHRONIC_DAYS = 7, 28


@dataclass(frozen=True)
class LoadSummary:
    week_load: float  # the last 7 days, arbitrary units
    weekly_loads: tuple[float, ...]  # the last four 7-day blocks, oldest first
    acwr_rolling: float | None
    acwr_ewma: float | None
    ewma_warming_up: bool
    monotony: float | str | None  # "max" when every day carried the same non-zero load
    strain: float | str | None
    runs_without_rpe: int
    text: str
    evidence: tuple[str, ...] = EVIDENCE


def daily_loads(history: History, first: dt.date, last: dt.date) -> list[float]:
    """One load per day from ``first`` to ``last``; days without a run count as zero."""
    base = first.toordinal()
    out = [0.0] * (last.toordinal() - base + 1)
    for run in history.runs_between(first, last):
        if run.rpe is not None:
            out[run.date.toordinal() - base] += run.rpe * run.duration_min
    return out


def monotony(days: Sequence[float]) -> float | str | None:
    """Mean / SD of the daily loads (EV-F-MONO): "max" when SD is 0, None with no load."""
    n = len(days)
    mean = sum(days) / n
    if mean == 0:
        return None
    sd = math.sqrt(sum((d - mean) ** 2 for d in days) / (n - 1))
    return "max" if sd == 0 else mean / sd


def strain(days: Sequence[float]) -> float | str | None:
    """Weekly load x monotony (EV-F-STRAIN)."""
    mono = monotony(days)
    if mono is None or isinstance(mono, str):
        return mono
    return sum(days) * mono


def acwr_rolling(daily: Sequence[float]) -> float | None:
    """Acute (last 7 days) over chronic (last 28 days / 4), coupled (EV-F-ACWR-ROLL)."""
    if len(daily) < CHRONIC_DAYS:
        return None
    chronic = sum(daily[-CHRONIC_DAYS:]) / 4
    return None if chronic == 0 else sum(daily[-ACUTE_DAYS:]) / chronic


def acwr_ewma(daily: Sequence[float]) -> tuple[float | None, bool]:
    """EWMA acute / EWMA chronic seeded with the first day (EV-F-ACWR-EWMA), and "warming up"."""
    if not daily:
        return None, True
    la, lc = 2 / (ACUTE_DAYS + 1), 2 / (CHRONIC_DAYS + 1)
    acute = chronic = daily[0]
    for load in daily[1:]:
        acute = la * load + (1 - la) * acute
        chronic = lc * load + (1 - lc) * chronic
    ratio = None if chronic == 0 else acute / chronic
    return ratio, len(daily) < CHRONIC_DAYS


def _show(x: float | str | None) -> str:
    if x is None:
        return "n/a"
    return x if isinstance(x, str) else f"{x:.2f}"


def load_summary(history: History, on: dt.date) -> LoadSummary:
    """The runner's load up to the day before ``on``, shown as context only."""
    last = on - dt.timedelta(days=1)
    start = history.runs[0].date if history.runs else last
    if start > last:
        start = last
    raw = daily_loads(history, start, last)
    daily = [0.0] * max(0, CHRONIC_DAYS - len(raw)) + raw
    week = daily[-ACUTE_DAYS:]
    weeks = tuple(
        sum(daily[len(daily) - 7 * (k + 1) : len(daily) - 7 * k]) for k in range(3, -1, -1)
    )
    rolling = acwr_rolling(daily)
    ewma, warming = acwr_ewma(raw)
    mono = monotony(week)
    no_rpe = sum(
        1 for r in history.runs_between(on - dt.timedelta(days=CHRONIC_DAYS), last) if r.rpe is None
    )
    text = (
        f"Your load over the last 7 days: {sum(week):.0f} (RPE x minutes); acute:chronic "
        f"{_show(rolling)} rolling, {_show(ewma)} EWMA"
        + (
            " (both still warming up: under 28 days of data, the missing days count as 0)"
            if warming
            else ""
        )
        + f"; monotony {_show(mono)}, strain {_show(strain(week))}. These are context for the "
        "coach, not rules: the acute:chronic ratio predicted injury no better than chance in a "
        "re-analysis (EV-LOAD-ACWR-DISMISS), so no decision here depends on them."
    )
    if no_rpe:
        text += f" {no_rpe} run(s) in the last 28 days have no RPE and count as zero load."
    return LoadSummary(sum(week), weeks, rolling, ewma, warming, mono, strain(week), no_rpe, text)
