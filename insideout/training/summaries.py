"""The coach's dashboard without advising every runner on every request: stored summaries.

A runner's :class:`~insideout.training.models.AdviceSummary` is what the dashboard shows of their
advice (phase, the holding rule, flagged, the referral's reason, the newest screen and its profile
line) and what the dashboard sorts and filters on (:mod:`insideout.core.glance`: the pain of the
last 7 days and its trend, ready to progress, technique ready, a screen or re-screen asked for,
the newest day anything was logged), so that sorting and filtering are done by the database.
It is a copy of the core's answer, never the answer itself: the runner's page and the API still
advise afresh. A summary is used only while it is current, that is when it was made

* today (:func:`insideout.training.services.today`): the advice is for the week from a day;
* from the runner's data as it is: its ``data_version`` equals the runner's;
* with the method as it is (the core's code and the catalogue files): its ``basis`` equals
  :func:`basis`.

Otherwise it is made again, for all the coach's stale runners at once (seven queries to load their
histories, one to store the summaries), before the page is shown; the dashboard then reads a page
of runners with their summaries, flagged ones first, in one query.

Invalidation has one rule: a write to anything the advice reads renews ``Runner.data_version``
through :meth:`~insideout.people.models.RunnerQuerySet.changed`. Its callers are the signal
receivers below, on ``post_save`` and ``post_delete`` of runners (their settings included) and of
every model the advice reads (:data:`insideout.training.advice.READS`: screens, measures, runs,
strength sessions, pain reports, gate overrides and clearances), which catch every path a row is
written by (the services, the pages' forms, the API, the admin, ``load-demo``, the tests'
builders), plus
``Measure.objects.bulk_create`` (the one bulk write, which sends no signal). Signals rather than
calls in each service function, because the admin and the demo loader write rows without the
services. Not covered: ``QuerySet.update()`` on those models (nothing in insideout updates them so).

The first dashboard of a day remakes every summary (seconds at 1,000 runners);
``manage.py refresh-summaries``, run from cron after midnight, makes them ahead of the coach.

The version is read with the runners, before their histories are loaded; so a write that lands
while a summary is being made leaves that summary at the older version, and it is made again on
the next request.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.db.models import F, QuerySet
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal

import insideout
from insideout.core.glance import last_logged, recent_pain
from insideout.core.plan.model import Mode
from insideout.people.models import Runner, RunnerQuerySet
from insideout.screening.models import Measure
from insideout.screening.presenters import summary
from insideout.training import services
from insideout.training.advice import READS, RunnerAdvice, advice_for_all
from insideout.training.models import ActivityFile, AdviceSummary

__all__ = [
    "RESCREEN",
    "WATCHED",
    "basis",
    "connect",
    "current",
    "is_current",
    "refresh",
    "refresh_stale",
    "summarise",
    "summary_made",
]

# Sent once per runner whenever a summary is stored, with ``runner``, ``previous`` (the summary it
# replaces, or None for a runner's first) and ``summary`` (the new one): how the rest of the site
# learns that a runner's advice changed (a new red flag or referral notifies the coach) without
# advising again.
summary_made = Signal()

_FIELDS = [
    "computed_on",
    "data_version",
    "basis",
    "phase",
    "flagged",
    "referred",
    "refer_reason",
    "rule",
    "verdict",
    "sentence",
    "latest_screen_id",
    "latest_screen_date",
    "profile_line",
    "pain_week",
    "pain_trend",
    "ready_to_progress",
    "technique_ready",
    "needs_screen",
    "last_logged",
]

# The programme's prompt to screen again (due or overdue): a runner it names needs a re-screen.
RESCREEN = "programme.rescreen"


@functools.cache
def basis() -> str:
    """The method a summary was made with: insideout's version, the core's code and the catalogue
    files. A summary made with another is stale, so a changed rule shows at once, not tomorrow."""
    digest = hashlib.sha256(insideout.__version__.encode())
    package = Path(insideout.__file__).parent
    files = [*(package / "core").rglob("*.py"), *(package / "catalogue").rglob("*.yaml")]
    for path in sorted(files):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:32]


def summarise(advised: RunnerAdvice, on: dt.date) -> AdviceSummary:
    """The summary of one runner's advice on ``on``, at the runner's data version as read."""
    advice, rule, screen = advised.advice, advised.holding, advised.latest_screen
    refer = advice.refer
    return AdviceSummary(
        runner=advised.runner,
        computed_on=on,
        data_version=advised.runner.data_version,
        basis=basis(),
        phase=advice.phase.value,
        flagged=advised.flagged,
        referred=refer is not None,
        refer_reason=refer.reason if refer is not None else "",
        rule=rule.rule if rule is not None else "",
        verdict=rule.verdict.value if rule is not None else "",
        sentence=rule.text if rule is not None else "",
        latest_screen_id=screen.pk if screen is not None else None,
        latest_screen_date=screen.date if screen is not None else None,
        # the advice's profile: the latest value of every test, not only the newest screen's
        profile_line=summary(advice.profile) if advice.profile is not None else "",
        **_glance(advised, on),
    )


def _glance(advised: RunnerAdvice, on: dt.date) -> dict[str, Any]:
    """What the dashboard filters on (:mod:`insideout.core.glance`), from the same advice."""
    advice = advised.advice
    pain = recent_pain(advised.history, on, services.method().pain)
    return {
        "pain_week": pain.peak,
        "pain_trend": pain.trend.value,
        "ready_to_progress": advice.running.mode is Mode.PROGRESS and advised.holding is None,
        "technique_ready": advice.technique.unlocked,
        "needs_screen": advice.profile is None or any(d.rule == RESCREEN for d in advice.decisions),
        "last_logged": last_logged(advised.history, on),
    }


def is_current(runner: Runner, on: dt.date) -> bool:
    """Whether the runner's stored summary (loaded with the runner) may be shown on ``on``."""
    found: AdviceSummary | None = getattr(runner, "advice_summary", None)
    return (
        found is not None
        and found.computed_on == on
        and found.data_version == runner.data_version
        and found.basis == basis()
    )


def refresh(runners: Iterable[Runner], on: dt.date) -> list[AdviceSummary]:
    """Advise these runners (histories loaded together) and store their summaries: two steps."""
    found = list(runners)
    if not found:
        return []
    previous = {s.pk: s for s in AdviceSummary.objects.filter(runner__in=[r.pk for r in found])}
    made = [summarise(a, on) for a in advice_for_all(found, on)]
    AdviceSummary.objects.bulk_create(
        made, update_conflicts=True, unique_fields=["runner"], update_fields=_FIELDS
    )
    for runner, row in zip(found, made, strict=True):
        runner.advice_summary = row
        summary_made.send(
            sender=AdviceSummary, runner=runner, previous=previous.get(runner.pk), summary=row
        )
    return made


def refresh_stale(on: dt.date, batch: int = 200) -> int:
    """Make every stale summary for ``on``, ``batch`` runners at a time (the day's roll-over:
    :mod:`insideout.training.rollover`, ``manage.py refresh-summaries``); how many were made."""
    stale = Runner.objects.exclude(
        advice_summary__computed_on=on,
        advice_summary__data_version=F("data_version"),
        advice_summary__basis=basis(),
    )
    ids = list(stale.order_by("pk").values_list("pk", flat=True))
    size = max(1, batch)
    for start in range(0, len(ids), size):
        refresh(Runner.objects.filter(pk__in=ids[start : start + size]).order_by("pk"), on)
    return len(ids)


def current(runners: QuerySet[Runner]) -> QuerySet[Runner]:
    """These runners with a current summary each (``runner.advice_summary``), flagged ones first.

    The stale summaries are made again first; the answer is a queryset (to be paged) ordered
    flagged first (running stopped, or a professional to see), then by name. Queries: one to find
    the stale runners; when there are some, seven to load their histories and one (a batch per few
    hundred rows on SQLite) to store their summaries.
    """
    on = services.today()
    fresh = runners.filter(
        advice_summary__computed_on=on,
        advice_summary__data_version=F("data_version"),
        advice_summary__basis=basis(),
    )
    refresh(runners.exclude(pk__in=fresh.values("pk")), on)
    ordering = ["-advice_summary__flagged", *(Runner._meta.ordering or ())]
    return runners.select_related("advice_summary").order_by(*ordering)


def _changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    if isinstance(instance, Runner):
        runner_ids: RunnerQuerySet = Runner.objects.filter(pk=instance.pk)
    elif isinstance(instance, Measure):
        runner_ids = Runner.objects.filter(screens=instance.screen_id)
    else:
        runner_ids = Runner.objects.filter(pk=instance.runner_id)
    runner_ids.changed()


# The runner's row (its settings, sex, birth year), every model its advice reads, and the imported
# files: an import is a write like any other, so it marks the advice out of date (issue 14), even
# when it brought only a ride or a swim.
WATCHED = (Runner, *READS, ActivityFile)


def connect() -> None:
    """Watch every model the advice reads (called once, from the app's ``ready``)."""
    for model in WATCHED:
        uid = f"insideout.training.summaries.{model.__name__}"
        post_save.connect(_changed, sender=model, dispatch_uid=f"{uid}.save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"{uid}.delete")
