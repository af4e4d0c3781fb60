"""A runner's page, assembled in one place: every query it needs, then plain data for the template.

The page holds the runner's details (with the days they can run and for how long), this week's
advice (:mod:`insideout.site.presenters`), the screens, the next-morning pain question, the pain
questions of runs that came in from watch files without answers, the training log with its forms
(log a run, upload watch files, report pain without a run, strength session done) and its runs a
page at a time, and the coach's decisions (the weekly cap, the technique-gate overrides, the
clearances) with the coach's forms. The templates under ``site/runner/`` only show what
:func:`runner_page` hands them; they run no query.

On the runner's own page (``runner_first``) the "log a run" form sits at the top, after what today
holds; on the coach's it sits in the training panel. The clearance form shows only while running is
stopped, and the coach's forms only to the runner's coach.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count

from insideout.catalogue import load_catalogue
from insideout.core.advise import Phase
from insideout.core.history import History
from insideout.core.trends import trends
from insideout.people.access import can_coach, can_log
from insideout.people.models import Runner
from insideout.screening.models import Screen
from insideout.screening.presenters import summary
from insideout.screening.services import score_of
from insideout.site import profile_chart
from insideout.site.charts import CHARTS, Alternative, ChartData, alternative
from insideout.site.presenters import SoFar, Week, so_far, this_week
from insideout.training import services
from insideout.training.advice import advice_and_history
from insideout.training.forms import (
    AnswersForm,
    ClearanceForm,
    MorningForm,
    OverrideForm,
    PainForm,
    RunForm,
    SettingsForm,
    UploadForm,
)
from insideout.training.models import (
    ActivityFile,
    CalendarFeed,
    CapChange,
    ImportJob,
    LogChange,
    PainReport,
    Run,
    StrengthSession,
)

__all__ = [
    "ANSWERS_SHOWN",
    "EMPTY",
    "RECENT",
    "Answers",
    "CapChangeRow",
    "CoachControls",
    "CoachLog",
    "LogRow",
    "Morning",
    "OverTime",
    "TrainingLog",
    "over_time",
    "runner_page",
]

EMPTY = "nothing measured yet"
CHART_WEEKS = 12  # the weeks the charts show
RECENT = 10  # runs on a page of the runs table, and pain reports listed on the page
RECENT_IMPORTS = 3  # uploads listed beside the upload form
ANSWERS_SHOWN = 5  # runs from watch files whose pain questions are asked at once
RECENT_STRENGTH = 5


@dataclass(frozen=True)
class Morning:
    """The one question at the top of the page, while the latest run's morning is unanswered."""

    pending: Run | None
    form: MorningForm | None


@dataclass(frozen=True)
class Answers:
    """Runs that came in from watch files without any pain answer, newest first, each with its
    compact form (at most ANSWERS_SHOWN; ``more`` says how many wait after them)."""

    runs: list[tuple[Run, AnswersForm]]
    more: int


@dataclass(frozen=True)
class TrainingLog:
    """Log a run, upload watch files, report pain, mark a strength session done; the runs (a page
    of them), recent uploads and pain reports."""

    run_form: RunForm
    upload_form: UploadForm
    imports: list[ImportJob]
    pain_form: PainForm
    runs: Page[Run]
    pain_reports: list[tuple[PainReport, list[str]]]  # each with its red flags in words
    strength_today: bool
    strength_recent: list[StrengthSession]
    # imported activities that are not running load (rides, swims, walks...): kept and shown
    others: list[ActivityFile]


@dataclass(frozen=True)
class LogRow:
    """One entry of a coach's log, as its table shows it."""

    date: dt.date
    choice: str
    reason: str
    author: str | None
    created_at: dt.datetime
    css: str = ""


@dataclass(frozen=True)
class CoachLog:
    """A coach's log on the runner's page (``id`` names its heading and its table)."""

    id: str
    title: str
    choice_header: str
    by_header: str
    empty: str
    rows: tuple[LogRow, ...]


def _overrides(runner: Runner) -> CoachLog:
    rows = tuple(
        LogRow(o.date, o.verdict, o.reason, o.author, o.created_at, f"verdict-{o.verdict}")
        for o in runner.gate_overrides.select_related("created_by__coach")
    )
    return CoachLog(
        "overrides", "Technique gate overrides", "Technique work", "By",
        "No override: the gate decides.", rows,
    )  # fmt: skip


def _clearances(runner: Runner) -> CoachLog:
    rows = tuple(
        LogRow(c.date, c.by, c.reason, c.author, c.created_at)
        for c in runner.clearances.select_related("created_by__coach")
    )
    return CoachLog(
        "clearances", "Cleared to run", "Cleared by", "Recorded by", "No clearance recorded.", rows
    )


@dataclass(frozen=True)
class CapChangeRow:
    """A change of the weekly cap as the page says it: "set to 8%" (or "set back to the
    default, 10%") by whom, when, and why."""

    new_pct: float | None
    default: float
    author: str | None
    changed_at: dt.datetime
    reason: str


def _cap_changes(runner: Runner, default: float) -> tuple[CapChangeRow, ...]:
    rows = CapChange.objects.filter(runner=runner).select_related("changed_by__coach")
    return tuple(
        CapChangeRow(c.new_pct, default, c.author, c.changed_at, c.reason) for c in rows[:RECENT]
    )


def _log_changes(runner: Runner) -> tuple[LogChange, ...]:
    rows = LogChange.objects.filter(runner=runner).select_related("changed_by__coach")
    return tuple(rows[:RECENT])


@dataclass(frozen=True)
class CoachControls:
    """The runner's weekly cap and the override and clearance logs; the forms for the coach; the
    cap's changes and the log's corrections (who, when, what, why)."""

    cap: float
    own: bool
    default: float
    low: float
    high: float
    overrides: CoachLog
    clearances: CoachLog
    cap_changes: tuple[CapChangeRow, ...]
    log_changes: tuple[LogChange, ...]
    stopped: bool
    settings_form: SettingsForm | None
    override_form: OverrideForm | None
    clearance_form: ClearanceForm | None


def _screens(runner: Runner) -> list[tuple[Screen, str]]:
    screens = runner.screens.annotate(n=Count("measures")).select_related("runner")
    found = list(screens.prefetch_related("measures"))
    return [(s, summary(score_of(s)) if s.n else EMPTY) for s in found]


def _answers(runner: Runner, day: dt.date) -> Answers:
    found = list(services.unanswered_imports(runner, on=day)[: ANSWERS_SHOWN + 1])
    if len(found) > ANSWERS_SHOWN:
        more = services.unanswered_imports(runner, on=day).count() - ANSWERS_SHOWN
    else:
        more = 0
    return Answers([(run, AnswersForm(run)) for run in found[:ANSWERS_SHOWN]], more)


def _morning(runner: Runner, answers: Answers) -> Morning:
    pending = services.pending_morning(runner)
    if pending is not None and any(run.pk == pending.pk for run, _ in answers.runs):
        pending = None  # its questions, the next morning's among them, are asked with the others
    return Morning(pending, MorningForm(pending) if pending else None)


def _page_of_runs(runner: Runner, runs_page: str | None) -> Page[Run]:
    """The ``runs_page``-th page of the runs, newest first, read here (not by the template)."""
    page = Paginator(runner.runs.all(), RECENT).get_page(runs_page)
    page.object_list = list(page.object_list)
    return page


def _log(runner: Runner, day: dt.date, runs_page: str | None) -> TrainingLog:
    labels = {f.name: f.label for f in services.method().red_flags.values()}
    reports = [
        (p, [labels.get(name, name) for name in p.red_flags])
        for p in runner.pain_reports.all()[:RECENT]
    ]
    return TrainingLog(
        run_form=RunForm(runner),
        upload_form=UploadForm(),
        imports=list(runner.import_jobs.all()[:RECENT_IMPORTS]),
        pain_form=PainForm(runner),
        runs=_page_of_runs(runner, runs_page),
        pain_reports=reports,
        strength_today=runner.strength_sessions.filter(date=day, completed=True).exists(),
        strength_recent=list(runner.strength_sessions.all()[:RECENT_STRENGTH]),
        others=list(
            ActivityFile.objects.filter(runner=runner, run__isnull=True).order_by(
                "-local_date", "-id"
            )[:RECENT]
        ),
    )


def _so_far(runner: Runner, day: dt.date) -> SoFar:
    rows = runner.runs.filter(date__gte=day - dt.timedelta(days=6), date__lte=day)
    return so_far(rows.values_list("date", "distance_km"), day)


def _controls(runner: Runner, week: Week, can_edit: bool) -> CoachControls:
    plan = services.method().plan
    default = plan.weekly_increase_pct.value
    own = runner.weekly_increase_pct
    stopped = week.advice.phase is Phase.STOP
    return CoachControls(
        cap=default if own is None else own,
        own=own is not None,
        default=default,
        low=plan.weekly_increase_bounds.low,
        high=plan.weekly_increase_bounds.high,
        overrides=_overrides(runner),
        clearances=_clearances(runner),
        cap_changes=_cap_changes(runner, default),
        log_changes=_log_changes(runner),
        stopped=stopped,
        settings_form=SettingsForm(runner) if can_edit else None,
        override_form=OverrideForm(runner) if can_edit else None,
        clearance_form=ClearanceForm(runner) if can_edit and stopped else None,
    )


def balance(
    runner: Runner, day: dt.date, weeks: int = CHART_WEEKS
) -> tuple[tuple[dt.date, float], ...]:
    """The left foot's share of ground contact on each imported run of the charts' ``weeks``,
    where the watch recorded it (one query; the per-record streams are not read)."""
    since = day - dt.timedelta(weeks=weeks)
    rows = (
        ActivityFile.objects.filter(runner=runner, local_date__gte=since, local_date__lt=day)
        .exclude(dynamics=None)
        .order_by("local_date")
        .values_list("local_date", "dynamics")
    )
    out = []
    for when, dynamics in rows:
        share = (dynamics or {}).get("stance_balance_left_pct")
        if when is not None and isinstance(share, int | float):
            out.append((when, float(share)))
    return tuple(out)


@dataclass(frozen=True)
class OverTime:
    """The profile over time: how many screens, the chart's words and figures, its size."""

    screens: int
    words: Alternative
    width: int
    height: int

    @property
    def chart(self) -> bool:
        """Two screens or more: a chart (one screen is a table and a sentence)."""
        return self.screens > 1


def over_time(history: History) -> OverTime:
    """The runner's screens (those the advice reads) side by side: per test, each side's value."""
    found = profile_chart.series(history.screens, load_catalogue())
    width, height = profile_chart.size(found)
    words = profile_chart.alternative(found, history.screens)
    return OverTime(len(history.screens), words, width, height)


def runner_page(runner: Runner, user: Any, runs_page: str | None = None) -> dict[str, Any]:
    """Everything the runner's page shows, for ``user`` (who may see the runner), with the
    ``runs_page``-th page of the runs table (the first when not a page number)."""
    can_edit = can_coach(user, runner)
    day = services.today()
    advice, history = advice_and_history(runner, day)
    week = this_week(advice, services.method())
    seen = ChartData(trends(history, day, services.method(), CHART_WEEKS), balance(runner, day))
    answers = _answers(runner, day)
    return {
        "charts": [(name, alternative(name, seen)) for name in CHARTS if seen.shows(name)],
        "over_time": over_time(history),
        "profile_chart": profile_chart.NAME,
        "runner": runner,
        "can_edit": can_edit,
        # the runner themself and their coach: correct or delete the log's entries, say which days
        # the runner can run
        "can_log": can_log(user, runner),
        "available": None if history.availability is None else history.availability.describe(),
        # The runner themself opens their page to log a run: today and the form come first.
        "runner_first": not can_edit and runner.user_id == user.pk,
        "first_step": load_catalogue().enterable[0].id,
        "week": week,
        "done": _so_far(runner, day),
        "screens": _screens(runner),
        "answers": answers,
        "morning": _morning(runner, answers),
        "log": _log(runner, day, runs_page),
        "controls": _controls(runner, week, can_edit),
        # the runner's calendar address, if one was made (insideout.training.calendar_feeds)
        "calendar_feed": CalendarFeed.objects.filter(runner=runner).first(),
    }
