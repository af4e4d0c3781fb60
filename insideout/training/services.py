"""Logging runs, next-morning pain, pain reports and strength sessions: checked by the core, stored.
The coach's controls too: a runner's own weekly cap, the technique-gate overrides, and the
clearances a physiotherapist or doctor gave after a stop; and the runner's availability (the days
they can run and for how long), which the runner and their coach may both set.

Each body is read with the core's :func:`~insideout.core.history.parse_history` (the same rules
as ``insideout advise``, with today as the last day), so a negative distance, a pain outside 0-10,
an unknown red flag or a date in the future answers with the same message everywhere. Issues are
reported against the body's own fields (``pain_during``, ``red_flags[1]``), not the history's
(``runs[0].pain_during``). Nothing is stored unless all of it is valid; a duplicate run is an issue
like any other, in the core's words. A value not given stays ``None`` (not said) all the way to the
database: a pain the runner did not give is never stored as 0.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from insideout.catalogue import load_catalogue
from insideout.catalogue.method import load_method
from insideout.core.availability import Availability, parse_availability
from insideout.core.coach import RunnerSettings, parse_settings
from insideout.core.document import loads
from insideout.core.errors import InputError, Issue
from insideout.core.history import Clearance as ClearanceLog
from insideout.core.history import GateOverride as OverrideLog
from insideout.core.history import PainReport as PainLog
from insideout.core.history import RunLog, StrengthLog, duplicate_run, parse_history
from insideout.core.method import Method
from insideout.core.records import (
    CLEARANCE,
    MORNING,
    OVERRIDE,
    PAIN_ANSWERS,
    PAIN_REPORT,
    RUN,
    SETTINGS,
    STRENGTH,
)
from insideout.people.models import Runner
from insideout.training.models import Clearance, GateOverride, PainReport, Run, StrengthSession

__all__ = [
    "MORNING_FIELDS",
    "PAIN_FIELDS",
    "RUN_FIELDS",
    "ANSWER_DAYS",
    "add_morning_pain",
    "answer_pain",
    "check_availability",
    "check_clearance",
    "check_override",
    "check_pain",
    "check_run",
    "check_settings",
    "check_strength",
    "method",
    "parse_json",
    "pending_morning",
    "unanswered_imports",
    "record_clearance",
    "record_override",
    "record_pain",
    "record_run",
    "record_strength",
    "read_run",
    "today",
    "update_availability",
    "update_settings",
]

# The fields of each body, as the core's records define them (insideout.core.records).
RUN_FIELDS = RUN.names
# What may be added to a run once logged: the next-morning pain, or a late detail about the pain.
MORNING_FIELDS = MORNING.names
PAIN_FIELDS = PAIN_REPORT.names


def today() -> dt.date:
    """The day it is where the server runs (tests replace this to move the clock)."""
    return timezone.localdate()


def method() -> Method:
    return load_method()


def parse_json(body: bytes) -> object:
    """A request body as JSON (empty: null), or a :class:`DocumentError` saying why it is not."""
    return loads(body or b"null")


def _object(raw: object, allowed: tuple[str, ...], issues: list[Issue]) -> Mapping[str, Any]:
    """The body as an object; its fields are the core's business (it names unknown ones)."""
    if not isinstance(raw, Mapping):
        issues.append(Issue((), f"expected a JSON object with {', '.join(allowed)}, got {raw!r}"))
        return {}
    return raw


def _core(
    runner: Runner, key: str, item: Mapping[str, Any], issues: list[Issue], on: dt.date | None
) -> Any:
    """The item read by the core's history parser with ``on`` (default today) as its last day;
    its issues re-homed onto the item's fields."""
    body = {"runner": {"id": runner.handle}, key: [dict(item)]}
    try:
        history = parse_history(body, load_catalogue(), method(), on=on or today())
    except InputError as exc:
        for issue in exc.issues:
            loc = issue.loc[2:] if issue.loc[:2] == (key, 0) else issue.loc
            issues.append(Issue(loc, issue.message))
        return None
    found = {
        "runs": history.runs,
        "strength_sessions": history.strength,
        "pain_reports": history.reports,
        "overrides": history.overrides,
        "clearances": history.clearances,
    }
    return found[key][0]


def _author(by: Any) -> Any:
    """Who stored a row: a signed-in user, or nobody (the demo loader, a script)."""
    return by if getattr(by, "is_authenticated", False) else None


def _check(
    runner: Runner, raw: object, fields: tuple[str, ...], key: str, on: dt.date | None
) -> Any:
    """One dated item (run, session, report, override, clearance) read by the core under ``key``
    of a history (fields, bounds, not after ``on``). Raises InputError with every issue found."""
    issues: list[Issue] = []
    item = _object(raw, fields, issues)
    found = None if issues else _core(runner, key, item, issues, on)
    if issues or found is None:
        raise InputError(issues)
    return found


def read_run(runner: Runner, raw: object, *, on: dt.date | None = None) -> RunLog:
    """A run body read and checked by the core (fields, ranges, red flags, pace, a date not after
    ``on``), not compared with the stored runs; or InputError."""
    run: RunLog = _check(runner, raw, RUN_FIELDS, RUN.key, on)
    return run


def check_run(runner: Runner, raw: object, *, on: dt.date | None = None) -> RunLog:
    """A run body read and checked (fields, ranges, red flags, date, duplicate) or InputError."""
    run = read_run(runner, raw, on=on)
    if _exists(runner, run):
        raise InputError([_duplicate(run)])
    return run


def _exists(runner: Runner, run: RunLog) -> bool:
    return Run.objects.filter(
        runner=runner, date=run.date, distance_km=run.distance_km, duration_min=run.duration_min
    ).exists()


def _duplicate(run: RunLog) -> Issue:
    return duplicate_run(run, ("date",), "a run already logged")


def record_run(runner: Runner, raw: object, *, by: Any = None) -> Run:
    """Check a run body and store it; nothing is stored if any of it is wrong."""
    run = check_run(runner, raw)
    row = Run(
        runner=runner,
        date=run.date,
        distance_km=run.distance_km,
        duration_min=run.duration_min,
        rpe=run.rpe,
        pain_during=run.pain_during,
        pain_after=run.pain_after,
        pain_next_morning=run.pain_next_morning,
        pain_site=run.pain_site,
        pain_side=run.pain_side.value if run.pain_side else None,
        red_flags=list(run.red_flags),
        cadence_spm=run.cadence_spm,
        kind=run.kind,
        created_by=_author(by),
    )
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError as exc:  # the same run logged twice at the same moment
        raise InputError([_duplicate(run)]) from exc
    return row


def add_morning_pain(row: Run, raw: object) -> Run:
    """Add the next-morning pain (and pain details) to a logged run; checked like a new run."""
    return _add_to_run(row, raw, MORNING_FIELDS)


#: How far back the runner's page asks about the pain of runs that came in from watch files.
ANSWER_DAYS = 14
_PAINS = ("pain_during", "pain_after", "pain_next_morning")


def answer_pain(row: Run, raw: object) -> Run:
    """The pain answers of a run that came in without any (from a watch file): during, after,
    the next morning, where, warning signs; checked like a new run. At least one of the three
    pains is needed: an answer left empty is not said, and nothing is assumed."""
    if isinstance(raw, Mapping) and all(raw.get(name) is None for name in _PAINS):
        spec = PAIN_ANSWERS["pain_during"]
        message = f"required: expected {spec.expected} here, after or the next morning, got none"
        raise InputError([Issue(("pain_during",), message)])
    return _add_to_run(row, raw, PAIN_ANSWERS.names)


def _add_to_run(row: Run, raw: object, fields: tuple[str, ...]) -> Run:
    """Add ``fields`` of ``raw`` to a logged run, the whole run checked again by the core."""
    issues: list[Issue] = []
    patch = _object(raw, fields, issues)
    extra = sorted(set(patch) - set(fields))
    if extra:
        issues.append(
            Issue(
                (),
                f"unexpected field(s) {', '.join(map(repr, extra))}; expected {', '.join(fields)}",
            )
        )
    if issues:
        raise InputError(issues)
    merged = row.as_input() | dict(patch)
    run = _core(row.runner, RUN.key, merged, issues, row.date)
    if issues or run is None:
        raise InputError(issues)
    changed = [name for name in fields if name in patch]
    for name in changed:
        value = getattr(run, name)
        if name == "pain_side":
            value = value.value if value else None
        elif name == "red_flags":
            value = list(value)
        setattr(row, name, value)
    row.save(update_fields=changed)
    return row


def check_strength(runner: Runner, raw: object, *, on: dt.date | None = None) -> StrengthLog:
    """A strength-session body (date, completed) checked by the core, or InputError."""
    session: StrengthLog = _check(runner, raw, STRENGTH.names, STRENGTH.key, on)
    return session


def record_strength(runner: Runner, raw: object, *, by: Any = None) -> StrengthSession:
    session = check_strength(runner, raw)
    return StrengthSession.objects.create(
        runner=runner,
        date=session.date,
        completed=session.completed,
        created_by=_author(by),
    )


def pending_morning(runner: Runner, *, on: dt.date | None = None) -> Run | None:
    """The latest run from before today, if its next-morning pain has not been answered yet."""
    on = on or today()
    latest = runner.runs.filter(date__lt=on).order_by("-date", "-id").first()
    if latest is None or latest.pain_next_morning is not None:
        return None
    return latest


def unanswered_imports(runner: Runner, *, on: dt.date | None = None) -> QuerySet[Run]:
    """Runs that came in from watch files in the last :data:`ANSWER_DAYS` days (to ``on``) with
    no pain answer at all, newest first: the runner's page asks about them."""
    on = on or today()
    return runner.runs.filter(
        activity_file__isnull=False,
        date__gt=on - dt.timedelta(days=ANSWER_DAYS),
        date__lte=on,
        pain_during__isnull=True,
        pain_after__isnull=True,
        pain_next_morning__isnull=True,
    ).order_by("-date", "-id")


def check_pain(runner: Runner, raw: object, *, on: dt.date | None = None) -> PainLog:
    """A pain report body (pain felt without a run) read and checked by the core, or InputError."""
    report: PainLog = _check(runner, raw, PAIN_FIELDS, PAIN_REPORT.key, on)
    return report


def record_pain(runner: Runner, raw: object, *, by: Any = None) -> PainReport:
    """Check a pain report body and store it; nothing is stored if any of it is wrong."""
    report = check_pain(runner, raw)
    return PainReport.objects.create(
        runner=runner,
        date=report.date,
        pain=report.pain,
        site=report.site,
        side=report.side.value if report.side else None,
        red_flags=list(report.red_flags),
        created_by=_author(by),
    )


def check_settings(raw: object) -> RunnerSettings:
    """A settings body (``{"weekly_increase_pct": 8}``, null for the default) or InputError."""
    issues: list[Issue] = []
    item = _object(raw, SETTINGS.names, issues)
    found = None if issues else parse_settings(item, method(), (), issues)
    if issues or found is None:
        raise InputError(issues)
    return found


def update_settings(runner: Runner, raw: object) -> Runner:
    """Store the coach's settings for a runner; nothing changes if any of it is wrong.

    Only the fields given change: ``{}`` changes nothing, ``{"weekly_increase_pct": null}`` goes
    back to the method's default.
    """
    found = check_settings(raw)
    assert isinstance(raw, Mapping)  # check_settings refused anything else
    if "weekly_increase_pct" in raw:
        runner.weekly_increase_pct = found.weekly_increase_pct
        runner.save(update_fields=["weekly_increase_pct"])
    return runner


def check_availability(raw: object) -> Availability | None:
    """An availability body (``{"mon": 45, "sun": null}``; null: not said) read by the core, or
    InputError naming the day."""
    issues: list[Issue] = []
    found = parse_availability(raw, (), issues)
    if issues:
        raise InputError(issues)
    return found


def update_availability(runner: Runner, raw: object) -> Runner:
    """Store the days the runner can run and their minutes (the runner themself or their coach);
    null goes back to not said (every day). Nothing changes if any of it is wrong."""
    found = check_availability(raw)
    runner.availability = None if found is None else found.as_doc()
    with transaction.atomic():
        runner.save(update_fields=["availability"])
    return runner


def check_override(runner: Runner, raw: object, *, on: dt.date | None = None) -> OverrideLog:
    """An override body (date, verdict, reason; rule optional) read by the core, or InputError."""
    found: OverrideLog = _check(runner, raw, OVERRIDE.names, OVERRIDE.key, on)
    return found


def record_override(runner: Runner, raw: object, *, by: Any = None) -> GateOverride:
    """Check an override and append it to the runner's log (overrides are never edited)."""
    found = check_override(runner, raw)
    return GateOverride.objects.create(
        runner=runner,
        date=found.date,
        rule=found.rule,
        verdict=found.verdict.value,
        reason=found.reason,
        created_by=_author(by),
    )


def check_clearance(runner: Runner, raw: object, *, on: dt.date | None = None) -> ClearanceLog:
    """A clearance body (date, by, reason) read by the core, or InputError."""
    found: ClearanceLog = _check(runner, raw, CLEARANCE.names, CLEARANCE.key, on)
    return found


def record_clearance(runner: Runner, raw: object, *, by: Any = None) -> Clearance:
    """Check a clearance and append it to the runner's log (clearances are never edited)."""
    found = check_clearance(runner, raw)
    return Clearance.objects.create(
        runner=runner,
        date=found.date,
        by=found.by.value,
        reason=found.reason,
        created_by=_author(by),
    )
