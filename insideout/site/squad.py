"""The coach's squad as CSV: the dashboard's columns, in its words, for a spreadsheet (issue 16).

One row per runner, with what the dashboard shows (:mod:`insideout.site.dashboard`, from the
stored summaries of :mod:`insideout.training.summaries`): name, handle, phase, the rule that holds
them in plain words and why, stopped or referred, the highest pain of the last 7 days and its
trend, ready to progress, technique ready, a screen due, the latest screen, the profile, the day
of the newest entry and whether they have gone quiet. The dashboard's query string filters and
sorts it the same way (``?show=referred&sort=pain``), so "Download as CSV" downloads the view.

Two choices (IO-SQUAD-CSV):

- **UTF-8 with a byte-order mark.** Excel reads a CSV without one in the machine's legacy code
  page, so "Zoë" would read "ZoÃ«"; with it, Excel, LibreOffice, Numbers and Google Sheets all
  read UTF-8 (Python reads it with ``encoding="utf-8-sig"``).
- **No formulas.** A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
  would be run as a formula by a spreadsheet (CSV injection): such a cell is written with a
  leading ``'``, which spreadsheets show as text. A runner's name is the runner's to type.

Rows are written as they are read (a generator), so a squad of thousands is never held at once.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterator

from django.http import QueryDict

from insideout.catalogue.labels import load_labels
from insideout.people.models import Coach, Runner
from insideout.site import dashboard
from insideout.training import services, summaries
from insideout.training.models import AdviceSummary

__all__ = ["BOM", "COLUMNS", "FORMULA_STARTS", "cell", "filename", "row_of", "rows"]

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
COLUMNS = (
    "Name",
    "Handle",
    "Phase",
    "Held by",
    "Why",
    "Flagged",
    "Referral",
    "Pain, last 7 days (0-10)",
    "Pain trend",
    "Ready to progress",
    "Technique ready",
    "Screen due",
    "Latest screen",
    "Profile",
    "Last logged",
    "Gone quiet",
)


def cell(value: object) -> str:
    """A value as a safe cell: empty for None, yes/no for a boolean, a leading ``'`` before
    anything a spreadsheet would read as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = f"{value:g}" if isinstance(value, float) else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _flag(s: AdviceSummary) -> str:
    if s.referred:
        return "see a professional"
    return "running stopped" if s.flagged else ""


def row_of(runner: Runner) -> list[str]:
    """The dashboard's columns for one runner (with ``advice_summary`` and ``quiet`` loaded)."""
    s: AdviceSummary = runner.advice_summary
    labels = load_labels()
    held = labels.holds(s.rule, s.verdict) if s.rule else "progressing"
    values: list[object] = [
        runner.name,
        runner.handle,
        labels.of("phase", s.phase),
        held,
        labels.plain(s.sentence) if s.rule else "",
        _flag(s),
        labels.plain(s.refer_reason) if s.referred else "",
        s.pain_week,
        "" if s.pain_trend == "none" else s.pain_trend,
        s.ready_to_progress,
        s.technique_ready,
        s.needs_screen,
        s.latest_screen_date.isoformat() if s.latest_screen_date else None,
        s.profile_line if s.latest_screen_id else "no screen yet",
        s.last_logged.isoformat() if s.last_logged else None,
        bool(getattr(runner, "quiet", False)),
    ]
    return [cell(v) for v in values]


def _line(values: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(values)
    return out.getvalue()


CHUNK = 500  # runners read (and, when stale, advised) at a time


def rows(coach: Coach, params: QueryDict) -> Iterator[str]:
    """The CSV's lines (the first with the BOM and the header), as the dashboard selects them."""
    runners = summaries.current(coach.runners.all())
    where = dashboard.Where(services.today(), services.method(), coach)
    chosen = dashboard.select(runners, params, where)
    yield BOM + _line(list(COLUMNS))
    found = chosen.runners.iterator(chunk_size=CHUNK)
    # A stale or missing summary is made afresh in memory, a chunk at a time, as the dashboard
    # shows it (summaries.shown: a GET never writes).
    while chunk := list(itertools.islice(found, CHUNK)):
        for runner in summaries.shown(chunk):
            yield _line(row_of(runner))


def filename() -> str:
    return f"insideout-runners-{services.today().isoformat()}.csv"
