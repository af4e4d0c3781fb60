"""The day's roll-over of the dashboard's summaries, as background work (issue 15, part 6).

A stored summary is made for a day; at midnight every one goes stale. Rather than the first coach
of the day waiting while they are all made again (seconds at 1,000 runners), the worker makes them
just after midnight: :func:`roll_over` refreshes every stale summary, then enqueues itself for the
next night. ``manage.py schedule-rollover`` (run by ``make run`` before the worker starts, and on a
server once at deploy) starts the chain, and does nothing when a roll-over is already waiting, so
restarting never doubles it. Writes make their runners' summaries themselves when they commit;
a summary still stale when shown (no worker running) is made afresh in memory for the page shown,
never stored by the page (:mod:`insideout.training.summaries`), so it is never wrong, only slower.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import default_task_backend, task

from insideout.training import services
from insideout.training.summaries import refresh_stale

__all__ = ["AFTER_MIDNIGHT", "next_run", "roll_over", "schedule"]

AFTER_MIDNIGHT = dt.timedelta(minutes=5)  # a little after midnight, the server's time zone


@task()
def roll_over() -> int:
    """Make today's stale summaries, then wait for the next night. Returns how many were made."""
    made = refresh_stale(services.today())
    schedule(timezone.now(), now=False)
    return made


def next_run(now: dt.datetime) -> dt.datetime:
    """Just after the next midnight, in the server's time zone."""
    local = timezone.localtime(now)
    midnight = dt.datetime.combine(local.date() + dt.timedelta(days=1), dt.time())
    return timezone.make_aware(midnight, local.tzinfo) + AFTER_MIDNIGHT


def _waiting() -> bool:
    """Is a roll-over already queued (the database backend)?"""
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path=roll_over.module_path, status="READY").exists()


def schedule(at: dt.datetime, *, now: bool = True) -> bool:
    """Queue a roll-over (now, or after the next midnight after ``at``) unless one is waiting;
    whether one was queued. A backend that cannot wait (the immediate one) is not chained."""
    if not default_task_backend.supports_defer:
        if now:
            roll_over.enqueue()
        return now
    if _waiting():
        return False
    task = roll_over if now else roll_over.using(run_after=next_run(at))
    task.enqueue()
    return True
