"""The runner page's training blocks: ``{% morning_question %}`` and ``{% training_panel %}``.

The first asks the next-morning pain when the latest run from yesterday or before has no answer
yet; the second holds the "log a run" form, the "report pain (no run)" form, the "strength session
done" button, and the recent runs with their pain and the recent pain reports. On the runner's own
page (``runner_first`` in the context) the "log a run" form sits at the top instead, through
``{% log_run_form %}``, and the panel leaves it out. ``{% so_far as done %}`` adds up the runs
logged today and over the last 7 days. The third,
``{% coach_panel %}``, shows the coach's decisions (the runner's weekly cap, the technique-gate
overrides with their reasons, the clearances to run again) to the coach and the runner, with the
forms for the coach only; the clearance form only while the runner is in ``stop``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template

from insideout.training import presenters, services
from insideout.training.forms import (
    ClearanceForm,
    MorningForm,
    OverrideForm,
    PainForm,
    RunForm,
    SettingsForm,
)

register = template.Library()

RECENT = 10


@register.inclusion_tag("training/morning_question.html", takes_context=True)
def morning_question(context: template.Context) -> dict[str, Any]:
    """The one question at the top of the page, while the latest run's morning is unanswered."""
    runner = context["runner"]
    pending = services.pending_morning(runner)
    return {
        "runner": runner,
        "pending": pending,
        "morning_form": MorningForm(pending) if pending else None,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("training/log_run_section.html", takes_context=True)
def log_run_form(context: template.Context) -> dict[str, Any]:
    """The "log a run" form on its own, for the top of the runner's own page."""
    runner = context["runner"]
    form = RunForm(runner)
    presenters.labelled_sites(form.fields)
    return {
        "runner": runner,
        "run_form": form,
        "top": True,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("training/panel.html", takes_context=True)
def training_panel(context: template.Context) -> dict[str, Any]:
    """Log a run, report pain, mark a strength session done; recent runs and pain reports."""
    runner = context["runner"]
    day = services.today()
    labels = {f.name: f.label for f in services.method().red_flags.values()}
    reports = [
        (p, [labels.get(name, name) for name in p.red_flags])
        for p in runner.pain_reports.all()[:RECENT]
    ]
    runner_first = bool(context.get("runner_first"))
    run_form = None if runner_first else RunForm(runner)
    pain_form = PainForm(runner)
    for form in (run_form, pain_form):
        if form is not None:
            presenters.labelled_sites(form.fields)
    return {
        "runner": runner,
        "runner_first": runner_first,
        "today": day,
        "run_form": run_form,
        "pain_form": pain_form,
        "pain_reports": reports,
        "runs": list(runner.runs.all()[:RECENT]),
        "strength_today": runner.strength_sessions.filter(date=day, completed=True).exists(),
        "strength_recent": list(runner.strength_sessions.filter(completed=True)[:5]),
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag(takes_context=True)
def so_far(context: template.Context) -> presenters.SoFar:
    """The distance logged today and over the 7 days ending today: ``{% so_far as done %}``."""
    runner = context["runner"]
    day = services.today()
    rows = runner.runs.filter(date__gte=day - dt.timedelta(days=6), date__lte=day)
    return presenters.so_far(rows.values_list("date", "distance_km"), day)


@register.inclusion_tag("training/coach_panel.html", takes_context=True)
def coach_panel(context: template.Context) -> dict[str, Any]:
    """The runner's weekly cap, the override and clearance logs; the forms only for the runner's
    coach (the clearance form only while running is stopped)."""
    runner = context["runner"]
    can_edit = bool(context.get("can_edit"))
    week = context.get("week")
    stopped = week is not None and week.doc["phase"] == "stop"
    plan = services.method().plan
    default = plan.weekly_increase_pct.value
    own = runner.weekly_increase_pct
    return {
        "runner": runner,
        "can_edit": can_edit,
        "cap": default if own is None else own,
        "own": own is not None,
        "default": default,
        "low": plan.weekly_increase_bounds.low,
        "high": plan.weekly_increase_bounds.high,
        "overrides": list(runner.gate_overrides.select_related("created_by__coach")),
        "settings_form": SettingsForm(runner) if can_edit else None,
        "override_form": OverrideForm(runner) if can_edit else None,
        "stopped": stopped,
        "clearances": list(runner.clearances.select_related("created_by__coach")),
        "clearance_form": ClearanceForm(runner) if can_edit and stopped else None,
        "csrf_token": context.get("csrf_token"),
    }
