"""All of a runner's data as one zip: theirs to keep, read, and take elsewhere (issue 16, part 4).

The zip holds:

- ``history.json``: the runner's history exactly as ``insideout advise`` reads it (written by the
  core's :func:`~insideout.core.history_document.history_document` from the history the site
  advises on), so ``insideout advise history.json --on DAY`` gives the site's advice for DAY (any
  day from the export's own on: the file holds nothing after it);
- ``activities/``: every imported watch file, byte for byte as it came, under its original name
  made safe (no folders, no control characters, nothing but letters, digits, ``.``, ``-``, ``_``
  and spaces) and unique (``run.fit``, ``run-2.fit``);
- ``records.json``: what is the runner's but not the advice's: the runner's details, the help
  thread, the weekly cap's changes, the corrections of the log, the imports, the activities'
  summaries and the invitations sent (that they exist, to which address, and their state: never a
  token or its hash);
- ``README.txt``: each file and each field, with units, made from the same record definitions the
  parser reads (:mod:`insideout.core.records`), and the method the advice was made with.

The zip is written into a temporary file, one activity file at a time, and streamed from there
(:func:`stream`), so a runner with thousands of watch files costs disk, not memory.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import tempfile
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from typing import IO, Any

from django.http import StreamingHttpResponse
from django.utils import timezone

import insideout
from insideout.core.coach import RunnerSettings, clamp_cap
from insideout.core.history import History
from insideout.core.history_document import history_document
from insideout.core.records import RECORDS, Record, bind
from insideout.help.models import Message
from insideout.people.models import Runner
from insideout.training import services, summaries
from insideout.training.advice import history_of
from insideout.training.models import ActivityFile

__all__ = [
    "NAME_MAX",
    "activity_names",
    "export_history",
    "filename",
    "readme",
    "records_of",
    "response",
    "safe_name",
    "stream",
    "write_export",
]

NAME_MAX = 100  # characters of an activity's name in the zip (its suffix kept)
CHUNK = 1 << 20  # bytes copied at a time into the zip
_UNSAFE = re.compile(r"[^A-Za-z0-9._ -]+")


# --- history.json ------------------------------------------------------------------------------


def _as_input(history: History) -> History:
    """The history as the advise command will read it: a cap stored before the method's bounds
    narrowed is written clamped into them (the site applies it clamped too; a file holding the old
    value would be refused by the parser)."""
    cap = history.settings.weekly_increase_pct
    if cap is None:
        return dataclasses.replace(history, settings=RunnerSettings())
    bounds = services.method().plan.weekly_increase_bounds
    kept = clamp_cap(cap, bounds) if history.settings.stored else cap
    return dataclasses.replace(history, settings=RunnerSettings(kept))


def export_history(runner: Runner, on: dt.date | None = None) -> dict[str, object]:
    """The runner's history up to ``on`` (default today) as ``insideout advise`` reads it."""
    return history_document(_as_input(history_of(runner, on or services.today())))


# --- records.json ------------------------------------------------------------------------------


def _when(value: dt.datetime | dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _user_name(user: Any) -> str | None:
    if user is None:
        return None
    coach = getattr(user, "coach", None)
    return str(coach.name) if coach is not None else str(user.get_username())


def _runner(runner: Runner) -> dict[str, object]:
    return {
        "handle": runner.handle,
        "name": runner.name,
        "sex": runner.sex,
        "birth_year": runner.birth_year,
        "time_zone": runner.time_zone,
        "coach": runner.coach.name,
        "login": runner.user.get_username() if runner.user is not None else None,
        "weekly_increase_pct": runner.weekly_increase_pct,
        "availability": runner.availability,
    }


def _messages(runner: Runner) -> list[dict[str, object]]:
    rows = Message.objects.filter(runner=runner).select_related("runner", "author__coach")
    return [
        {
            "at": _when(m.created_at),
            "kind": m.kind,
            "by": m.by,
            "body": m.body,
            "context": m.context,
            "read_by_coach_at": _when(m.read_by_coach_at),
            "read_by_runner_at": _when(m.read_by_runner_at),
        }
        for m in rows.order_by("created_at", "id")
    ]


def _cap_changes(runner: Runner) -> list[dict[str, object]]:
    rows = runner.cap_changes.select_related("changed_by__coach").order_by("changed_at", "id")
    return [
        {
            "at": _when(c.changed_at),
            "by": c.author,
            "old_pct": c.old_pct,
            "new_pct": c.new_pct,
            "reason": c.reason,
        }
        for c in rows
    ]


def _log_changes(runner: Runner) -> list[dict[str, object]]:
    rows = runner.log_changes.select_related("changed_by__coach").order_by("changed_at", "id")
    return [
        {
            "at": _when(c.changed_at),
            "by": c.author,
            "entry": c.entry,
            "entry_date": _when(c.entry_date),
            "action": c.action,
            "before": c.before,
            "after": c.after,
        }
        for c in rows
    ]


def _import_jobs(runner: Runner) -> list[dict[str, object]]:
    rows = runner.import_jobs.select_related("created_by__coach").order_by("created_at", "id")
    return [
        {
            "at": _when(j.created_at),
            "by": _user_name(j.created_by),
            "name": j.name,
            "size_bytes": j.size,
            "status": j.status,
            "files": j.files,
            "imported": j.imported,
            "duplicates": j.duplicates,
            "skipped": j.skipped,
            "report": j.report,
            "error": j.error,
            "started_at": _when(j.started_at),
            "finished_at": _when(j.finished_at),
        }
        for j in rows
    ]


def _invites(runner: Runner) -> list[dict[str, object]]:
    # That an invitation exists, to whom and in which state: never its token or the token's hash.
    return [
        {
            "email": i.email,
            "sent_at": _when(i.created_at),
            "expires_at": _when(i.expires_at),
            "state": i.state(),
        }
        for i in runner.invites.order_by("created_at", "id")
    ]


_ACTIVITY_FIELDS = (
    "format", "sport", "sub_sport", "local_date", "start", "utc_offset_s", "elapsed_s",
    "moving_s", "distance_m", "ascent_m", "avg_hr", "max_hr", "avg_speed_mps", "avg_cadence_spm",
    "device", "sessions", "records", "laps", "dynamics", "meta", "sha256",
)  # fmt: skip


def _activities(rows: Iterable[ActivityFile], names: dict[int, str]) -> list[dict[str, object]]:
    out = []
    for a in rows:
        row: dict[str, object] = {"file": f"activities/{names[a.pk]}", "original_name": a.name}
        for name in _ACTIVITY_FIELDS:
            value = getattr(a, name)
            row[name] = _when(value) if isinstance(value, dt.date) else value
        row["original_size_bytes"] = a.original_size
        row["run_date"] = _when(getattr(getattr(a, "run", None), "date", None))
        out.append(row)
    return out


def records_of(runner: Runner, names: dict[int, str] | None = None) -> dict[str, object]:
    """What is the runner's but not the advice's (``records.json``); ``names``: each activity
    file's name in the zip, by id (:func:`activity_names` when not given)."""
    files = list(
        ActivityFile.objects.filter(runner=runner).select_related("run").order_by("start", "id")
    )
    if names is None:
        names = activity_names((a.pk, a.name) for a in files)
    return {
        "runner": _runner(runner),
        "messages": _messages(runner),
        "cap_changes": _cap_changes(runner),
        "log_changes": _log_changes(runner),
        "import_jobs": _import_jobs(runner),
        "activities": _activities(files, names),
        "invites": _invites(runner),
    }


# --- activities/ -------------------------------------------------------------------------------


def safe_name(name: str) -> str:
    """An original file name as a zip may hold it: the last part of any path (an archive's
    ``export.zip!activities/1.fit`` is ``1.fit``), in plain characters, no leading dot, at most
    :data:`NAME_MAX` characters with its suffix kept; ``activity`` when nothing is left."""
    base = re.split(r"[/\\!:]", name)[-1]
    base = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode()
    base = _UNSAFE.sub("_", base).strip(" .")
    stem, dot, suffix = base.rpartition(".")
    if not dot or not stem:
        stem, suffix = base, ""
    suffix = suffix[:10]
    stem = stem[: NAME_MAX - len(suffix) - 1].rstrip(" .") or "activity"
    return f"{stem}.{suffix}" if suffix else stem


def _unique(name: str, used: set[str]) -> str:
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    candidate, n = name, 1
    while candidate.lower() in used:
        n += 1
        candidate = f"{stem}-{n}.{suffix}" if suffix else f"{stem}-{n}"
    used.add(candidate.lower())
    return candidate


def activity_names(files: Iterable[tuple[int, str]]) -> dict[int, str]:
    """Each activity file's name in the zip, by id: safe, and unique whatever the case."""
    used: set[str] = set()
    return {pk: _unique(safe_name(name), used) for pk, name in files}


# --- README.txt --------------------------------------------------------------------------------

_FILES = """\
insideout: all of {name}'s data ({handle}), exported {made_at}

Files
  history.json   The runner's history exactly as `insideout advise` reads it:
                 `insideout advise history.json --on DAY` gives the advice the site gives for
                 DAY (from {on}, the day of this export, on: the file holds nothing after it).
  records.json   What is the runner's but not part of the advice: their details, the messages
                 with their coach, the weekly cap's changes, the corrections of the log, the
                 uploads, the activities' summaries and the invitations sent (never a token).
  activities/    Every imported watch or phone file, byte for byte as it came, under its
                 original name made safe and unique (records.json "activities" says which is
                 which, and its "original_name").
  README.txt     This file.

In every file a value not given is null: unknown, never 0. Dates are YYYY-MM-DD; times are
ISO 8601 with their offset from UTC.

The method
  Made with insideout {version}; method {basis} (a digest of the rules' code and the catalogue:
  the same digest, the same advice). Every decision of the advice names its evidence id; the
  evidence is listed in the project's catalogue (insideout/catalogue/evidence.yaml, and our own
  design choices, IO-..., in insideout/catalogue/design.yaml).
"""

_HISTORY_TOP = """\
history.json
  runner             id (the handle), sex (female, male or unspecified), birth_year (or null)
  screens            the movement screens, oldest first, one a day: date, and measures, each
                     test (its id in the catalogue), side (left, right, or null for a
                     whole-body test), value (in the test's unit), pain (true: pain during it)
"""

_RECORDS = """\
records.json
  runner             handle, name, sex, birth_year, time_zone (IANA), coach (their name),
                     login (the username, or null), weekly_increase_pct (%, null: the method's
                     default), availability (as history.json's)
  messages           the help thread, oldest first: at, kind (runner, coach or notice), by,
                     body, context (what the runner's page said when they asked),
                     read_by_coach_at, read_by_runner_at
  cap_changes        at, by, old_pct and new_pct (%, null: the default), reason
  log_changes        at, by, entry (run, pain or strength), entry_date, action (edit or
                     delete), before and after (in words)
  import_jobs        at, by, name, size_bytes, status, files, imported, duplicates, skipped,
                     report (the import's table), error, started_at, finished_at
  activities         file (in this zip), original_name, format (fit, gpx, tcx), sport,
                     sub_sport, local_date (in the runner's time zone), start (UTC),
                     utc_offset_s (s), elapsed_s and moving_s (s), distance_m and ascent_m (m),
                     avg_hr and max_hr (beats/min), avg_speed_mps (m/s), avg_cadence_spm
                     (steps/min), device, sessions, records, laps, dynamics, meta, sha256 (of
                     the file), original_size_bytes, run_date (the run it is, or null: not a run)
  invites            email, sent_at, expires_at, state (pending, used, expired or revoked)
"""


def _record_lines(record: Record) -> list[str]:
    where = record.key or "settings"
    lines = [
        f"  {where} (each {record.name})"
        if record.key not in ("", "availability")
        else f"  {where}"
    ]
    for f in record.fields:
        text = f"expected {f.expected}"
        if not f.required:
            text += "; may be null (not said)"
        if f.evidence:
            text += f" [{f.evidence}]"
        if f.help:
            text += f"; {f.help}"
        lines.append(f"    {f.name:<18} {text}")
    return lines


def readme(runner: Runner, made_at: dt.datetime, on: dt.date) -> str:
    """README.txt: each file, each field with its unit and bounds (from the record definitions
    bound to the method), and the method the advice was made with."""
    method = services.method()
    fields: list[str] = []
    for record in RECORDS:
        fields += _record_lines(bind(record, method))
    head = _FILES.format(
        name=runner.name,
        handle=runner.handle,
        made_at=made_at.isoformat(timespec="seconds"),
        on=on.isoformat(),
        version=insideout.__version__,
        basis=summaries.basis(),
    )
    return "\n".join([head, _HISTORY_TOP.rstrip("\n"), *fields, "", _RECORDS])


# --- the zip -----------------------------------------------------------------------------------


def _json(data: object) -> bytes:
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False).encode()


def _copy_files(zf: zipfile.ZipFile, runner: Runner, names: dict[int, str], stamp: Any) -> None:
    """Each activity file into the zip, one at a time (its bytes only while it is written)."""
    for pk in names:
        row = ActivityFile.objects.with_blobs().only("original").get(pk=pk)
        data = row.file_bytes()
        info = zipfile.ZipInfo(f"activities/{names[pk]}", date_time=stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        with zf.open(info, "w") as out:
            for start in range(0, len(data), CHUNK):
                out.write(data[start : start + CHUNK])
        del data, row


def write_export(runner: Runner, out: IO[bytes], on: dt.date | None = None) -> None:
    """The runner's export, written as a zip into ``out``."""
    on = on or services.today()
    made_at = timezone.localtime()
    stamp = made_at.timetuple()[:6]
    files = ActivityFile.objects.filter(runner=runner).order_by("start", "id")
    names = activity_names(files.values_list("pk", "name"))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in (
            ("README.txt", readme(runner, made_at, on).encode()),
            ("history.json", _json(export_history(runner, on))),
            ("records.json", _json(records_of(runner, names))),
        ):
            zf.writestr(zipfile.ZipInfo(name, date_time=stamp), data, zipfile.ZIP_DEFLATED)
        _copy_files(zf, runner, names, stamp)


def stream(runner: Runner, on: dt.date | None = None) -> Iterator[bytes]:
    """The export's bytes, for a streamed response: the zip is written into a temporary file
    (deleted when closed) when the first bytes are asked for, then read back a chunk at a time.
    A response never read opens nothing."""
    with tempfile.TemporaryFile() as tmp:
        write_export(runner, tmp, on)
        tmp.seek(0)
        while chunk := tmp.read(CHUNK):
            yield chunk


def response(runner: Runner) -> StreamingHttpResponse:
    """The download of the export (the page's and the API's)."""
    answer = StreamingHttpResponse(stream(runner), content_type="application/zip")
    answer["Content-Disposition"] = f'attachment; filename="{filename(runner)}"'
    answer["Cache-Control"] = "private, no-store"
    return answer


def filename(runner: Runner, on: dt.date | None = None) -> str:
    """The download's name: ``insideout-ana-2026-11-20.zip``."""
    return f"insideout-{runner.handle}-{(on or services.today()).isoformat()}.zip"
