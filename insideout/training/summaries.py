"""The coach's dashboard without advising every runner on every request: stored summaries.

A runner's :class:`~insideout.training.models.AdviceSummary` is what the dashboard shows of their
advice (phase, the holding rule, flagged, the referral's reason, the newest screen and its profile
line) and what the dashboard sorts and filters on (:mod:`insideout.core.glance`: the pain of the
last 7 days and its trend, ready to progress, technique ready, a screen or re-screen asked for,
the newest day anything was logged), so that sorting and filtering are done by the database.
It is a copy of the core's answer, never the answer itself: the runner's page and the API still
advise afresh. A summary is current when it was made

* today (:func:`insideout.training.services.today`): the advice is for the week from a day;
* from the runner's data as it is: its ``data_version`` equals the runner's;
* with the method as it is (the core's code and the catalogue files): its ``basis`` equals
  :func:`basis`.

Who stores summaries (issue 15, part 6): **writes and the day's roll-over, never a page.**

* A write to anything the advice reads renews ``Runner.data_version`` through
  :meth:`~insideout.people.models.RunnerQuerySet.changed`, which sends
  :data:`~insideout.people.models.runners_changed`; the receiver here collects the runner ids a
  transaction touched and, with ``transaction.on_commit``, makes their summaries once when it
  commits (an import batch of 50 runs refreshes once, not 50 times; :func:`held` makes a whole
  import one refresh). A write that rolls back refreshes nothing; a write outside a transaction
  refreshes at once. A refresh that fails after the commit is logged and leaves the summary stale
  (``robust``): the write stands, and the dashboard shows the advice made afresh.
* :func:`refresh_stale` makes every stale summary: the worker's nightly roll-over
  (:mod:`insideout.training.rollover`) and ``manage.py refresh-summaries``; a method change shows
  at once on the pages and is stored by the next roll-over.
* The dashboard's GET never writes (a read that writes took SQLite's write lock under load, issue
  15, part 8): :func:`current` orders the coach's runners by their *stored* summaries (flagged
  first, then by name) and :func:`shown` gives the runners of the page being shown their current
  summaries, making the stale ones afresh in memory (seven queries for them all) without storing
  them. A stale row is therefore shown with its advice as it is now, at the place its stored
  summary gives it (a runner newly stopped since the last store stays where the older summary put
  them until a write or the roll-over stores it: rare, since every write stores at once).

``changed()`` is called by the signal receivers below, on ``post_save`` and ``post_delete`` of
runners (their settings included) and of every model the advice reads
(:data:`insideout.training.advice.READS`: screens, measures, runs, strength sessions, pain
reports, gate overrides and clearances) and of imported files, which catch every path a row is
written by (the services, the pages' forms, the API, the admin, ``load-demo``, the tests'
builders), plus ``Measure.objects.bulk_create`` (the one bulk write, which sends no save signal
and calls ``changed()`` itself). Signals rather than calls in each service function, because the
admin and the demo loader write rows without the services. Not covered: ``QuerySet.update()`` and
``bulk_create`` of the other models (nothing in insideout writes them so, except the benchmarks'
and ``demo-large``'s builders, which make the summaries themselves).

The version is read with the runners, before their histories are loaded; so a write that lands
while a summary is being made leaves that summary at the older version: the write's own refresh,
after it commits, makes it again.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import logging
import weakref
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from asgiref.local import Local
from django.db import DatabaseError, transaction
from django.db.models import BooleanField, F, QuerySet, Value
from django.db.models.functions import Coalesce
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal

import insideout
from insideout.core.glance import last_logged, recent_pain
from insideout.core.plan.model import Mode
from insideout.people.models import Runner, RunnerQuerySet, runners_changed
from insideout.screening.models import Measure
from insideout.screening.presenters import summary
from insideout.training import services
from insideout.training.advice import READS, RunnerAdvice, advice_for_all
from insideout.training.models import ActivityFile, AdviceSummary

__all__ = [
    "FLAGGED",
    "RESCREEN",
    "WATCHED",
    "basis",
    "connect",
    "current",
    "held",
    "is_current",
    "refresh",
    "refresh_runners",
    "refresh_stale",
    "shown",
    "summarise",
    "summary_made",
]

# Sent once per runner whenever a summary is stored, with ``runner``, ``previous`` (the summary it
# replaces, or None for a runner's first) and ``summary`` (the new one): how the rest of the site
# learns that a runner's advice changed (a new red flag or referral notifies the coach) without
# advising again.
summary_made = Signal()

logger = logging.getLogger(__name__)

BATCH = 200  # runners advised together when many summaries are made (memory stays bounded)

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

# A runner's stored "flagged", a runner without a stored summary counted as not flagged: the
# "flagged first" order of the dashboard (here and in insideout.site.dashboard).
FLAGGED = Coalesce(F("advice_summary__flagged"), Value(False), output_field=BooleanField())

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


def refresh_runners(ids: Iterable[int], on: dt.date | None = None, batch: int = BATCH) -> int:
    """Make the summaries of the runners with these ids, ``batch`` at a time; how many."""
    found = sorted(set(ids))
    on = on or services.today()
    size = max(1, batch)
    for start in range(0, len(found), size):
        refresh(Runner.objects.filter(pk__in=found[start : start + size]).order_by("pk"), on)
    return len(found)


def refresh_stale(on: dt.date, batch: int = BATCH) -> int:
    """Make every stale summary for ``on``, ``batch`` runners at a time (the day's roll-over:
    :mod:`insideout.training.rollover`, ``manage.py refresh-summaries``); how many were made."""
    stale = Runner.objects.exclude(
        advice_summary__computed_on=on,
        advice_summary__data_version=F("data_version"),
        advice_summary__basis=basis(),
    )
    return refresh_runners(stale.values_list("pk", flat=True), on, batch)


def current(runners: QuerySet[Runner]) -> QuerySet[Runner]:
    """These runners with their stored summaries (``runner.advice_summary``), to be paged: flagged
    ones first (running stopped, or a professional to see), then by name. A read: nothing is made
    or stored here; pass the page's runners to :func:`shown` before showing them. A runner with
    no stored summary yet (not written to since summaries were stored) is listed among the ones
    not flagged, by name, on every database (a bare descending sort puts NULL last on SQLite and
    first on PostgreSQL)."""
    ordering = [FLAGGED.desc(), *(Runner._meta.ordering or ())]
    return runners.select_related("advice_summary").order_by(*ordering)


def shown(runners: Iterable[Runner], on: dt.date | None = None) -> list[Runner]:
    """The runners of a page (loaded by :func:`current`), each with a current summary: a stale or
    missing one is made afresh in memory, not stored (a GET never writes). Queries: none when all
    are current, else seven for the stale ones' histories together."""
    found = list(runners)
    on = on or services.today()
    stale = [r for r in found if not is_current(r, on)]
    for advised in advice_for_all(stale, on) if stale else ():
        advised.runner.advice_summary = summarise(advised, on)
    return found


# --- a write makes its runners' summaries once, when its transaction commits ---------------------

_local = Local()  # per thread (and per async context), as Django's connections are


class _Pending:
    """The runners one transaction wrote to; made once, by the first of its on-commit hooks."""

    def __init__(self) -> None:
        self.ids: set[int] = set()
        self.done = False

    def flush(self) -> None:
        if self.done:
            return
        self.done = True
        _made_after_commit(self.ids)


def _made_after_commit(ids: set[int]) -> None:
    """Make these runners' summaries now (or at the end of the :func:`held` block)."""
    holding: set[int] | None = getattr(_local, "held", None)
    if holding is not None:
        holding.update(ids)
        return
    refresh_runners(ids)


def _pending() -> _Pending:
    """This transaction's pending refresh. Django drops a rolled-back transaction's on-commit hooks,
    the only strong references to it, so a rolled-back one is gone and never reused; one whose
    hooks ran is done."""
    ref: weakref.ref[_Pending] | None = getattr(_local, "pending", None)
    found = ref() if ref is not None else None
    if found is None or found.done:
        found = _Pending()
        _local.pending = weakref.ref(found)
    return found


def _schedule(sender: Any, runner_ids: frozenset[int], **kwargs: Any) -> None:
    """After the transaction writing to these runners commits, make their summaries (once)."""
    if not transaction.get_connection().in_atomic_block:
        _made_after_commit(set(runner_ids))  # autocommit: the write is already stored
        return
    pending = _pending()
    pending.ids.update(runner_ids)
    # a hook per write, all calling the one flush: a savepoint rolled back drops its own hooks,
    # not the others (a runner written only in it is then made again needlessly, never wrongly)
    transaction.on_commit(pending.flush, robust=True)


@contextmanager
def held() -> Iterator[None]:
    """Writes committed inside the block make their summaries once, when it ends (an import
    commits a batch at a time: one refresh for the whole import). Nested blocks are one."""
    if getattr(_local, "held", None) is not None:
        yield
        return
    _local.held = set()
    try:
        yield
    finally:
        ids: set[int] = _local.held
        _local.held = None
        try:
            refresh_runners(ids)
        except DatabaseError:  # the writes stand; the roll-over or the next write makes them
            logger.exception("advice summaries not made after an import")


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
    runners_changed.connect(_schedule, sender=Runner, dispatch_uid=f"{__name__}.schedule")
