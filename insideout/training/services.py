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
from insideout.catalogue.labels import load_labels
from insideout.catalogue.method import load_method
from insideout.core.availability import Availability, parse_availability
from insideout.core.coach import (
    RunnerSettings,
    SettingsChange,
    parse_settings_change,
)
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
    SETTINGS_CHANGE,
    STRENGTH,
    Kind,
    Record,
    bind,
)
from insideout.core.screen import Side
from insideout.people.models import Runner
from insideout.training.models import (
    ActivityFile,
    CapChange,
    Clearance,
    GateOverride,
    LogChange,
    PainReport,
    Run,
    StrengthSession,
)

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
    "check_edit",
    "check_strength",
    "delete_entry",
    "DEVICE_FIELDS",
    "describe",
    "edit_pain",
    "edit_run",
    "edit_strength",
    "entry_words",
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


def _exists(runner: Runner, run: RunLog, *, besides: int | None = None) -> bool:
    """Whether another stored run has the run's date, distance and duration (``besides``: the
    stored run being edited, which is not a duplicate of itself)."""
    found = Run.objects.filter(
        runner=runner, date=run.date, distance_km=run.distance_km, duration_min=run.duration_min
    )
    return found.exclude(pk=besides).exists() if besides is not None else found.exists()


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


def check_settings(raw: object, runner: Runner | None = None) -> RunnerSettings:
    """A settings body (``{"weekly_increase_pct": 8, "reason": "..."}``, null for the default)
    or InputError; with ``runner``, a cap that differs from the runner's needs a reason."""
    found = _settings_change(raw, runner)
    return found.settings


def _settings_change(raw: object, runner: Runner | None) -> SettingsChange:
    """The body read by the core against the runner's cap now (none given: the default's)."""
    issues: list[Issue] = []
    item = _object(raw, SETTINGS_CHANGE.names, issues)
    current = runner.weekly_increase_pct if runner is not None else None
    found = None if issues else parse_settings_change(item, method(), current, (), issues)
    if issues or found is None:
        raise InputError(issues)
    return found


def update_settings(runner: Runner, raw: object, *, by: Any = None) -> Runner:
    """Store the coach's settings for a runner; nothing changes if any of it is wrong.

    Only the fields given change: ``{}`` changes nothing, ``{"weekly_increase_pct": null}`` goes
    back to the method's default. A cap that changes needs a ``reason`` (3 to 500 characters):
    the change is recorded (:class:`CapChange`: who, when, from what, to what, why) in the same
    transaction as the runner's new cap (IO-CAP-CHANGE).
    """
    with transaction.atomic():
        row = Runner.objects.select_for_update().get(pk=runner.pk)
        found = _settings_change(raw, row)
        if found.changes:
            old = row.weekly_increase_pct
            row.weekly_increase_pct = found.settings.weekly_increase_pct
            row.save(update_fields=["weekly_increase_pct"])
            CapChange.objects.create(
                runner=row,
                changed_by=_author(by),
                old_pct=old,
                new_pct=row.weekly_increase_pct,
                reason=found.reason or "",
            )
    runner.weekly_increase_pct = row.weekly_increase_pct
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


# --- correcting the log: edit or delete a run, a pain report, a strength session -----------------

#: A run's figures that come from the watch file when it was imported: never edited by hand.
DEVICE_FIELDS = ("date", "distance_km", "duration_min", "cadence_spm")

Entry = Run | PainReport | StrengthSession


def _word(record: Record, name: str, value: object) -> str:
    """One stored value in plain words, as the page shows it."""
    if value is None or value == []:
        return "none" if record[name].kind is Kind.FLAGS else "not said"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float | int):
        return f"{value:g}"
    if name in ("pain_site", "site"):
        return load_labels().of("site", str(value))
    if isinstance(value, list):
        flags = method().red_flags
        return ", ".join(flags[v].label if v in flags else str(v) for v in value)
    return str(value)


def describe(record: Record, values: Mapping[str, object], names: tuple[str, ...] = ()) -> str:
    """Some of an entry's values in plain words: "Distance (km): 12; Minutes: 70"."""
    spec = bind(record, method())
    shown = names or record.names
    return "; ".join(f"{spec[n].title}: {_word(record, n, values.get(n))}" for n in shown)


def entry_words(row: Entry) -> str:
    """The whole entry in plain words (what a deletion removes)."""
    record, _entry = _record_of(row)
    return describe(record, _plain(_values(row)))


def _record_of(row: Entry) -> tuple[Record, str]:
    if isinstance(row, Run):
        return RUN, LogChange.Entry.RUN
    if isinstance(row, PainReport):
        return PAIN_REPORT, LogChange.Entry.PAIN
    return STRENGTH, LogChange.Entry.STRENGTH


def _values(row: Entry) -> dict[str, object]:
    if isinstance(row, StrengthSession):
        return {"date": row.date.isoformat(), "completed": row.completed}
    return row.as_input()


def _stored(value: object) -> object:
    """A value the core read, as its column stores it."""
    if isinstance(value, dt.date):
        return value
    if isinstance(value, Side):
        return value.value
    if isinstance(value, tuple):
        return list(value)
    return value


def _said(value: object) -> bool:
    return value is not None and value != [] and value != ()


def _device_issues(row: Run, patch: Mapping[str, Any]) -> list[Issue]:
    """A run from a watch file keeps the device's figures: a given one that differs is refused."""
    if row.activity_file_id is None:
        return []
    stored = row.as_input()
    issues = []
    for name in DEVICE_FIELDS:
        if name in patch and patch[name] != stored[name]:
            spec = RUN[name]
            issues.append(
                Issue(
                    (name,),
                    f"{spec.title.lower()} comes from the watch file and cannot be changed "
                    f"(stored: {_word(RUN, name, stored[name])}); only the pain answers, the "
                    "effort and the kind of run can; delete the run to remove it",
                )
            )
    return issues


def check_edit(row: Entry, raw: object) -> dict[str, object]:
    """What a change of a stored entry would store, field by field (only the fields that change),
    or InputError: the whole entry is read again by the core as when it was logged (bounds, red
    flags, a date not in the future, a humanly possible pace), a run must not become a duplicate
    of another, and an imported run keeps the device's figures. Nothing is stored."""
    record, _entry = _record_of(row)
    issues: list[Issue] = []
    patch = _object(raw, record.names, issues)
    if isinstance(row, Run):
        issues += _device_issues(row, patch)
    if issues:
        raise InputError(issues)
    found = _core(row.runner, record.key, _values(row) | dict(patch), issues, None)
    if issues or found is None:
        raise InputError(issues)
    if isinstance(row, Run) and _exists(row.runner, found, besides=row.pk):
        raise InputError([_duplicate(found)])
    # The record's fields, the core's attributes and the model's columns share their names.
    after = {n: _stored(getattr(found, n)) for n in record.names}
    return {n: value for n, value in after.items() if value != _column(row, n)}


def _edit(row: Entry, raw: object, *, by: Any) -> Entry:
    """Store a change of an entry checked by :func:`check_edit`, with a :class:`LogChange`
    saying what it was and what it is, in one transaction. Filling in what was not said (the
    next morning's pain) is an answer, not a correction: it is stored without a LogChange;
    changing or clearing anything that was said is recorded."""
    record, entry = _record_of(row)
    before = _values(row)
    try:
        with transaction.atomic():  # checked and written in one transaction (the lock up front)
            changed = check_edit(row, raw)
            if not changed:
                return row
            corrects = any(_said(_column(row, n)) for n in changed)
            for name, value in changed.items():
                setattr(row, name, value)
            row.save(update_fields=list(changed))
            if corrects:
                LogChange.objects.create(
                    runner=row.runner,
                    changed_by=_author(by),
                    entry=entry,
                    entry_id=row.pk,
                    entry_date=_date(before["date"]),
                    action=LogChange.Action.EDIT,
                    before=describe(record, _plain(before), tuple(changed)),
                    after=describe(record, _plain(_values(row)), tuple(changed)),
                )
    except IntegrityError:  # the same run stored by another request meanwhile
        row.refresh_from_db()
        check_edit(row, raw)  # now names the duplicate
        raise
    return row


def _date(value: object) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _plain(values: Mapping[str, object]) -> dict[str, object]:
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in values.items()}


def _column(row: Entry, name: str) -> object:
    value = getattr(row, name)
    return list(value) if isinstance(value, list | tuple) else value


def edit_run(row: Run, raw: object, *, by: Any = None) -> Run:
    """Change a logged run (any of its fields; what is left out stays): checked as a new run is,
    not a duplicate of another, the device's figures of an imported run untouched."""
    edited = _edit(row, raw, by=by)
    assert isinstance(edited, Run)
    return edited


def edit_pain(row: PainReport, raw: object, *, by: Any = None) -> PainReport:
    """Change a pain report; checked as a new one is."""
    edited = _edit(row, raw, by=by)
    assert isinstance(edited, PainReport)
    return edited


def edit_strength(row: StrengthSession, raw: object, *, by: Any = None) -> StrengthSession:
    """Change a strength session (its date, whether it was done)."""
    edited = _edit(row, raw, by=by)
    assert isinstance(edited, StrengthSession)
    return edited


def delete_entry(row: Entry, *, by: Any = None) -> None:
    """Delete an entry of the log, recording what it was (:class:`LogChange`), in one transaction.
    A run imported from a watch file goes with its stored file (nothing of it stays behind as
    another activity; the same file may then be imported again)."""
    record, entry = _record_of(row)
    with transaction.atomic():
        LogChange.objects.create(
            runner=row.runner,
            changed_by=_author(by),
            entry=entry,
            entry_id=row.pk,
            entry_date=row.date,
            action=LogChange.Action.DELETE,
            before=entry_words(row),
        )
        file_id = row.activity_file_id if isinstance(row, Run) else None
        row.delete()
        if file_id is not None:
            ActivityFile.objects.filter(pk=file_id).delete()
