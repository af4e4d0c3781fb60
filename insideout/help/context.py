"""What a runner's message carries: the advice of the day they asked, in plain words.

When a runner asks for help, the coach should not have to open three pages to see why: the message
keeps a copy of what the runner's page said that day (recent pain, this week's planned runs, the
rules that hold them, what stops or refers them), taken from the same advice the page computes
(:func:`insideout.training.advice.advice_and_history`) and worded through the labels. A copy,
because the coach reads it later, when the advice may have moved on. Only strings and numbers (and
lists of strings), so it is stored as JSON and shown escaped like any other text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from insideout.catalogue.labels import Labels, load_labels
from insideout.core.advise import Advice
from insideout.core.decision import fmt
from insideout.core.history import History, PainReport, RunLog
from insideout.people.models import Runner
from insideout.training.advice import HOLDING, advice_and_history

__all__ = ["PAIN_DAYS", "Context", "snapshot"]

PAIN_DAYS = 14  # the days of pain a message carries, the day it is sent included

Context = dict[str, str | float | list[str]]


def _where(site: str | None, side: str | None, labels: Labels) -> str:
    if not site:
        return ""
    words = labels.of("site", site)
    return f" ({words}, {side})" if side else f" ({words})"


def _flags(names: Iterable[str], labels: Labels) -> str:
    found = [labels.of("flag", n) for n in names]
    return f"; warning signs: {', '.join(found)}" if found else ""


def _run_line(run: RunLog, labels: Labels) -> str | None:
    answers = (
        ("during", run.pain_during),
        ("after", run.pain_after),
        ("the next morning", run.pain_next_morning),
    )
    said = [f"{fmt(value)}/10 {when}" for when, value in answers if value]  # 0 is no pain
    if not said and not run.red_flags:
        return None
    side = run.pain_side.value if run.pain_side is not None else None
    pain = ", ".join(said) or "none given"
    where = _where(run.pain_site, side, labels)
    head = f"{run.date.isoformat()}: run of {fmt(run.distance_km)} km, pain {pain}{where}"
    return head + _flags(run.red_flags, labels)


def _report_line(report: PainReport, labels: Labels) -> str:
    side = report.side.value if report.side is not None else None
    where = _where(report.site, side, labels)
    head = f"{report.date.isoformat()}: pain {fmt(report.pain)}/10 without a run{where}"
    return head + _flags(report.red_flags, labels)


def recent_pain(history: History, day: dt.date, labels: Labels) -> list[str]:
    """Every painful run and every pain report of the last :data:`PAIN_DAYS` days, oldest first."""
    first = day - dt.timedelta(days=PAIN_DAYS - 1)
    dated: list[tuple[dt.date, str]] = []
    for run in history.runs:
        line = _run_line(run, labels) if first <= run.date <= day else None
        if line is not None:
            dated.append((run.date, line))
    for report in history.reports:
        if first <= report.date <= day:
            dated.append((report.date, _report_line(report, labels)))
    return [line for _, line in sorted(dated, key=lambda d: d[0])]


def planned(advice: Advice, labels: Labels) -> list[str]:
    """This week's planned runs: "Wed 2026-10-14: easy run, 5 km"."""
    return [
        f"{r.date:%a} {r.date.isoformat()}: {labels.of('kind', r.kind)}, {fmt(r.distance_km)} km"
        for r in advice.running.runs
    ]


def holding(advice: Advice, labels: Labels) -> list[str]:
    """The rules that hold the runner this week, each once, with what it means for them:
    "Recovery week: volume eases this week" (the reasons in full are on the runner's page)."""
    found = (
        labels.holds(d.rule, d.verdict.value) for d in advice.decisions if d.verdict in HOLDING
    )
    return list(dict.fromkeys(found))


def snapshot(runner: Runner, day: dt.date) -> Context:
    """The context a runner's message carries, from their advice for the week from ``day``."""
    labels = load_labels()
    advice, history = advice_and_history(runner, day)
    out: Context = {
        "on": day.isoformat(),
        "phase": labels.of("phase", advice.phase.value),
        "pain": recent_pain(history, day, labels),
        "plan": planned(advice, labels),
        "planned_km": round(advice.running.planned_km, 1),
        "decisions": holding(advice, labels),
    }
    if advice.refer is not None:
        out["referral"] = f"{labels.plain(advice.refer.reason)} {advice.refer.words}"
    return out
