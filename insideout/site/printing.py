"""Paper (issue 16): the runner's foundation programme and the coach's report, as PDF.

Runners tape their week to the fridge and coaches hand out paper, so both documents are HTML
templates (the same ones the pages show) rendered by WeasyPrint. Printing is where a page's
assumptions break, so:

* WeasyPrint fetches nothing: the stylesheets are read from the project's static files and handed
  to it, the charts are inline ``data:`` images, and every other URL is refused. Whatever a runner
  typed (a reason, a name) cannot make the server fetch a file or an address.
* Black and white: nothing is said by colour alone (a verdict is a word, a chart has its table of
  figures beside it), and the print stylesheet prints in black.
* A4 or Letter (``?paper=letter``): a stylesheet of its own per paper size (its ``@page`` rule),
  so the browser's print of the page uses the same size as the PDF.

The programme is this week's (:func:`insideout.site.presenters.this_week`, as the runner's page
shows it): each exercise with its protocol, dosage and side, what it builds to and the harder
exercise after it (its progression), the easier one if it hurts (its regression): the path of the
block, one step per week with the sessions done. It opens with the guards in force (a referral, a
stop or a pain cut, then the rule that holds the plan) and the profile in a few lines.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from insideout.catalogue.labels import load_labels
from insideout.core.advise import Advice
from insideout.core.decision import Decision
from insideout.core.method import Exercise, Method
from insideout.core.profile import Profile
from insideout.core.programme import Prescription
from insideout.core.screen import Need
from insideout.people.models import Runner
from insideout.screening.presenters import region_name, summary
from insideout.site.presenters import Alert, ExerciseRow, Week, dose, this_week
from insideout.training import services
from insideout.training.advice import advice_for, holding

__all__ = [
    "BLOCK_WEEKS",
    "PAPERS",
    "BadQuery",
    "Guards",
    "PrintedExercise",
    "PrintedSession",
    "ProfileLine",
    "fetcher",
    "guards",
    "paper_of",
    "profile_lines",
    "programme_context",
    "programme_pdf",
    "render_pdf",
    "weeks_of",
]

PAPERS = {"a4": "A4", "letter": "Letter"}  # ?paper= (any case) -> the paper's name
BLOCK_WEEKS = (1, 8, 52)  # the coach's report: fewest weeks, default, most (IO-REPORT-CHANGE)
QUERY_ECHO = 40  # characters of a bad query value repeated in its error message
NEEDS = frozenset({Need.MOBILITY, Need.STABILITY, Need.BOTH})
SIDES = {"left": "left", "right": "right", "both": "both sides"}


class BadQuery(ValueError):
    """A query parameter out of its bounds: the page answers 400 naming it (never a 500)."""

    def __init__(self, field: str, expected: str, raw: str) -> None:
        shown = raw if len(raw) <= QUERY_ECHO else raw[:QUERY_ECHO] + "…"
        super().__init__(f"{field}: expected {expected}, got {shown!r}")
        self.field = field


def paper_of(raw: str | None) -> str:
    """``?paper=``: ``a4`` (also when absent) or ``letter``, any case; else :class:`BadQuery`."""
    key = "a4" if raw is None else raw.strip().lower()
    if key not in PAPERS:
        raise BadQuery("paper", "a4 or letter", raw or "")
    return key


def weeks_of(raw: str | None) -> int:
    """``?weeks=``: a whole number of weeks from 1 to 52 (8 when absent); else :class:`BadQuery`."""
    low, default, high = BLOCK_WEEKS
    if raw is None:
        return default
    text = raw.strip()
    whole = len(text) <= len(str(high)) and text.isascii() and text.isdigit()
    if not whole or not low <= int(text) <= high:
        raise BadQuery("weeks", f"a whole number of weeks from {low} to {high}", raw)
    return int(text)


@dataclass(frozen=True)
class Guards:
    """What holds the runner this week: the referral, stop or pain cut first (as the runner's page
    opens with it), then the rule that holds the plan (the dashboard's), in plain words."""

    alert: Alert | None
    holding: Decision | None

    @property
    def said(self) -> bool:
        """The holding rule's sentence is already among the alert's reasons (not said twice)."""
        return bool(self.alert and self.holding and self.holding.text in self.alert.reasons)


def guards(week: Week) -> Guards:
    return Guards(week.alert, holding(week.advice))


@dataclass(frozen=True)
class ProfileLine:
    """A side of a region that needs work: "Left foot/ankle: more mobility", and why."""

    where: str
    need: str
    reason: str


def profile_lines(profile: Profile | None) -> tuple[str | None, tuple[ProfileLine, ...]]:
    """The profile in a few lines: the one-line summary the runner's page gives each screen, and
    each side of a region with a need, with the core's reason (None: no screen yet)."""
    if profile is None:
        return None, ()
    labels = load_labels()
    lines = tuple(
        ProfileLine(
            f"{r.side.value.capitalize()} {region_name(r.region)}",
            labels.of("need", r.need.value),
            r.reason,
        )
        for r in profile.regions
        if r.need in NEEDS
    )
    return summary(profile), lines


@dataclass(frozen=True)
class PrintedExercise:
    """An exercise of the week as paper shows it: the page's row, its side in words, and its
    path: the most it builds to, the harder exercise after it, the easier one before it."""

    row: ExerciseRow
    side: str | None
    builds_to: str
    progression: str | None
    regression: str | None


@dataclass(frozen=True)
class PrintedSession:
    dates: tuple[dt.date, ...]
    exercises: tuple[PrintedExercise, ...]


def _most(ex: Exercise) -> str:
    return dose(Prescription(ex.id, ex.max_sets, ex.max_reps, ex.max_seconds, None))


def _printed(row: ExerciseRow, method: Method) -> PrintedExercise:
    side = None if row.side is None else SIDES.get(row.side, row.side)
    ex = method.exercises.get(row.id)
    if ex is None:
        return PrintedExercise(row, side, row.dose, None, None)
    names = {k: method.exercises[k].name for k in (ex.progression, ex.regression) if k}
    return PrintedExercise(
        row,
        side,
        _most(ex),
        names.get(ex.progression) if ex.progression else None,
        names.get(ex.regression) if ex.regression else None,
    )


def programme_context(runner: Runner, on: dt.date | None = None) -> dict[str, Any]:
    """What the printable programme shows for the week from ``on`` (default today)."""
    day = on or services.today()
    method = services.method()
    advice: Advice = advice_for(runner, day)
    week = this_week(advice, method)
    line, lines = profile_lines(advice.profile)
    sessions = tuple(
        PrintedSession(s.dates, tuple(_printed(e, method) for e in s.exercises))
        for s in week.sessions
    )
    return {
        "runner": runner,
        "week": week,
        "guards": guards(week),
        "profile": advice.profile,
        "profile_line": line,
        "profile_lines": lines,
        "sessions": sessions,
        "printed_on": services.today(),
    }


def _static(name: str) -> str:
    """A stylesheet of the project's static files, read from disk (WeasyPrint fetches nothing)."""
    found = finders.find(name)
    if not isinstance(found, str):
        raise LookupError(f"static file {name!r} not found")
    with open(found, encoding="utf-8") as handle:
        return handle.read()


def fetcher() -> Any:
    """WeasyPrint's fetcher for our documents: ``data:`` URIs only (the inline charts); any other
    address (``http:``, ``file:``...) is refused before it is opened."""
    import weasyprint  # loads Pango and its fonts: only when a PDF is made

    return weasyprint.URLFetcher(allowed_protocols={"data"})


def render_pdf(template: str, context: dict[str, Any], paper: str) -> bytes:
    """The template rendered as a PDF on ``paper`` (a key of :data:`PAPERS`), fetching nothing
    but the inline ``data:`` images it holds (:func:`fetcher`)."""
    import weasyprint

    html = render_to_string(template, context | {"pdf": True, "paper": paper})
    only_data = fetcher()
    sheets = [
        weasyprint.CSS(string=_static(f"insideout/{name}.css"), url_fetcher=only_data)
        for name in ("print", f"paper-{paper}")
    ]
    document = weasyprint.HTML(string=html, url_fetcher=only_data)
    pdf: bytes = document.write_pdf(stylesheets=sheets)
    return pdf


def programme_pdf(runner: Runner, on: dt.date | None = None, paper: str = "a4") -> bytes:
    """The runner's foundation programme for the week from ``on`` (default today) as a PDF."""
    return render_pdf("site/print/programme.html", programme_context(runner, on), paper_of(paper))
