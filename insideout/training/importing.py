"""Importing watch and phone files (FIT, GPX, TCX) into a runner's history.

:func:`import_sources` takes what an archive yields (a :class:`SourceLike`: a file's name, bytes
and what the archive said of it; or a :class:`SkippedLike`: a member it could not use, and why)
and a reader, ``read(name, data) -> Activity`` raising
:class:`~insideout.core.activity.ActivityError` (the CLI passes ``insideout.importers``' own, a test
its fake). For each file:

1. **Duplicate** (nothing stored again): the same bytes (sha256) as a file the runner already has,
   or the same start time and device as an activity already stored, or the same sport started
   within :data:`SAME_START_S` seconds of one (the same activity recorded or exported twice: FIT
   from the watch and GPX or TCX from a website, whose "device" differs; IO-IMPORT-SAME-START).
   The hash is checked before decoding, so re-importing an export costs little.
2. **Stored** as an :class:`~insideout.training.models.ActivityFile`: the summary in columns, the
   per-record streams as one compressed blob (:mod:`insideout.training.streams`), the file's
   bytes compressed beside it. Any sport: a ride or a swim is kept and shown, never running load.
3. A **running** activity also becomes a :class:`~insideout.training.models.Run`, dated on the day
   it started in the runner's time zone (``Runner.time_zone``: a 23:30 run in Sydney is that day's
   run), with the file's distance, duration (moving time, else elapsed) and step rate, and no
   effort or pain: a run without answers has none. It is checked by the core's parser like any
   run (bounds, a pace no human can run, a date not in the future): a refused run skips the whole
   activity with the core's reason. The one exception is the step rate: a device's average under
   the run's lowest step rate (a run with much walking) is a real figure, not strides typed for
   steps, so the run is kept without it (the activity keeps it; EV-TECH-FIT-SPM).
4. **One run, not two**: a run the runner typed by hand on the same day, with a distance within
   the margin of design record IO-IMPORT-MERGE (10% of the file's distance or 0.5 km, whichever
   is larger; the nearest if several), becomes the imported run: the file's figures, the
   runner's own answers (effort, pain, site, side, red flags, kind) kept.

Atomicity: every activity is written in its own savepoint (its file, its run, a merge): an error
leaves none of it, and the import goes on with the next file, the failure reported as skipped.
Activities are committed in batches (:data:`BATCH` files, or :data:`BATCH_BYTES` of them), decoded
before the batch's transaction opens, so a write lock is never held while decoding. An error that
ends the import (the database gone) loses at most the batch being written, never half an activity.

Every file or run written or merged renews the runner's ``data_version`` (the signals of
:mod:`insideout.training.summaries`); the runner's dashboard summary is made once, when the whole
import is in (:func:`~insideout.training.summaries.held`), not once per batch.

Decoding (:func:`prepare`, in :mod:`insideout.training.decoding`) is a plain function of a file's
name and bytes and the reader, with no database. With ``workers=1`` (the default: a web upload,
tests and their fake readers) each file is decoded in this process when its batch asks for it.
With ``workers=N`` (``insideout import`` passes the machine's cores) files are decoded in N
processes while this one writes: the sources are read a bounded window ahead of the writer (flat
memory), results come back in the order the files came, and everything else is the same: the
same report, the same rows, the same dedupe (a file whose sha256 the runner already has is never
sent to decode), savepoints and batches. The reader must then be picklable (a top-level function).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from insideout.core.activity import Activity
from insideout.core.errors import InputError
from insideout.core.history import RunLog
from insideout.core.records import RUN, bind
from insideout.people.models import Runner
from insideout.training import services, summaries
from insideout.training.decoding import (
    Decoded,
    DecodingUnavailable,
    Duplicate,
    Failed,
    Job,
    Pool,
    Prepared,
    Reader,
    decode_here,
    json_safe,
    prepare,
    sha256,
)
from insideout.training.models import ActivityFile, Run

__all__ = [
    "BATCH",
    "BATCH_BYTES",
    "DecodingUnavailable",
    "MERGE_KM",
    "MERGE_SHARE",
    "SAME_START_S",
    "Duplicate",
    "ImportReport",
    "Imported",
    "Prepared",
    "Reader",
    "SkippedLike",
    "SourceLike",
    "import_sources",
    "merge_margin_km",
    "prepare",
    "runner_for",
]

#: Two activities of one runner starting within this many seconds are the same activity, recorded
#: or exported twice (IO-IMPORT-SAME-START): nobody starts two activities within a minute.
SAME_START_S = 60
UNNAMED_SPORTS = frozenset({"generic", "other"})  # a file that does not say its sport

#: The margin within which an imported run and a run typed by hand on the same day are one run
#: (design record IO-IMPORT-MERGE): the larger of 10% of the file's distance and 0.5 km.
MERGE_SHARE = 0.10
MERGE_KM = 0.5

BATCH = 50  # activities per transaction
BATCH_BYTES = 32 * 1024 * 1024  # ...or fewer, when their files and streams reach this size


class SourceLike(Protocol):
    """A file to import, as ``insideout.importers.archives.Source`` gives it."""

    @property
    def name(self) -> str: ...
    @property
    def data(self) -> bytes: ...
    @property
    def meta(self) -> object: ...


class SkippedLike(Protocol):
    """A member of an archive that is not an activity file, with the reason (``Skipped``)."""

    @property
    def name(self) -> str: ...
    @property
    def reason(self) -> str: ...


@dataclass(frozen=True)
class Imported:
    """A file stored: its activity, and its run when it is a running activity."""

    name: str
    activity_file_id: int
    sport: str
    local_date: dt.date | None
    run_id: int | None = None
    merged: bool = False  # a run the runner had typed by hand, now with the file's figures
    records: int = 0  # record messages / track points read from the file


@dataclass
class ImportReport:
    """What one import did: files stored, files already there, files skipped with the reason, and
    the record messages (track points) of the files stored."""

    imported: list[Imported] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    records: int = 0

    def as_dict(self) -> dict[str, object]:
        """The ``insideout import --json`` document."""
        return {
            "imported": len(self.imported),
            "duplicates": len(self.duplicates),
            "skipped": [{"file": name, "reason": reason} for name, reason in self.skipped],
            "records": self.records,
        }


def _number(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def merge_margin_km(file_km: float) -> float:
    """How far a typed distance may be from the file's for both to be one run (IO-IMPORT-MERGE)."""
    return max(MERGE_KM, MERGE_SHARE * file_km)


@dataclass(frozen=True)
class _Figures:
    """What a file says of a run: its day, distance, duration and step rate."""

    date: dt.date
    distance_km: float
    duration_min: float
    cadence_spm: float | None

    def body(self) -> dict[str, object]:
        """As a run's body for the core's parser."""
        return {
            "date": self.date.isoformat(),
            "distance_km": self.distance_km,
            "duration_min": self.duration_min,
            "cadence_spm": self.cadence_spm,
        }


class _Refused(Exception):
    """An activity that cannot be stored as it is, with the reason for the report."""


class _Importer:
    """One import for one runner: what is known of their files, and the batch being written."""

    def __init__(
        self, runner: Runner, read: Reader, by: Any, progress: Callable[[str, str], None] | None
    ) -> None:
        self.runner = runner
        self.read = read
        self.by = by if getattr(by, "is_authenticated", False) else None
        self.progress = progress
        self.report = ImportReport()
        # the last day a run may be on: today where the runner is, which is the server's today
        # (services.today, which tests set) or the day before or after it
        now = timezone.now()
        shift = now.astimezone(ZoneInfo(runner.time_zone)).date() - timezone.localdate(now)
        self.on = services.today() + shift
        cadence = bind(RUN, services.method())["cadence_spm"]
        self.cadence = (cadence.low, cadence.high)
        self._load()

    def _load(self) -> None:
        """What the runner already has: file hashes, (start, device) pairs, runs typed by hand."""
        self.hashes: dict[str, str] = {}
        self.starts: dict[tuple[dt.datetime, str | None], str] = {}
        self.minutes: dict[int, list[tuple[dt.datetime, str, str]]] = {}
        rows = ActivityFile.objects.filter(runner=self.runner).values_list(
            "sha256", "start", "device", "name", "sport"
        )
        for digest, start, device, name, sport in rows:
            self.hashes[digest] = name
            if start is not None:
                self._started(start, device, name, sport)
        self.typed: dict[dt.date, list[Run]] = {}
        for run in Run.objects.filter(runner=self.runner, activity_file__isnull=True):
            self.typed.setdefault(run.date, []).append(run)

    # --- reading (no database) ------------------------------------------------------------------

    def triage(self, item: SourceLike | SkippedLike) -> Job | Duplicate | Failed:
        """A file to decode, or what is known of it without decoding it."""
        data = getattr(item, "data", None)  # a source has bytes; a skipped member has a reason
        if not isinstance(data, bytes):
            return Failed(item.name, str(getattr(item, "reason", "not a file")))
        digest = sha256(data)
        if digest in self.hashes:  # known before decoding: no need to read it
            return Duplicate(item.name, f"same file as {self.hashes[digest]}")
        return Job(item.name, data, getattr(item, "meta", None), digest)

    # --- writing (one savepoint per activity, one transaction per batch) ------------------------

    def write(self, batch: list[Decoded]) -> None:
        done: list[Imported | Duplicate | Failed] = []
        with transaction.atomic():
            for item in batch:
                outcome = self._store(item) if isinstance(item, Prepared) else item
                self._tell(item.name, outcome)
                done.append(outcome)
        for outcome in done:  # committed: now it is true
            if isinstance(outcome, Imported):
                self.report.imported.append(outcome)
                self.report.records += outcome.records
            elif isinstance(outcome, Duplicate):
                self.report.duplicates.append(outcome)
            else:
                self.report.skipped.append((outcome.name, outcome.reason))

    def _store(self, item: Prepared) -> Imported | Duplicate | Failed:
        activity = item.activity
        start = activity.start
        if item.sha256 in self.hashes:
            outcome: Imported | Duplicate | Failed = Duplicate(
                item.name, f"same file as {self.hashes[item.sha256]}"
            )
        elif start is not None and (start, activity.device) in self.starts:
            found = self.starts[(start, activity.device)]
            outcome = Duplicate(item.name, f"same start and device as {found}")
        elif start is not None and (near := self._near(start, activity.sport)) is not None:
            outcome = Duplicate(
                item.name, f"the same activity as {near} (started within {SAME_START_S} s of it)"
            )
        else:
            outcome = self._save(item, start)
        return outcome

    def _tell(self, name: str, outcome: Imported | Duplicate | Failed) -> None:
        if self.progress is not None:
            kind = {Imported: "imported", Duplicate: "duplicate", Failed: "skipped"}
            self.progress(name, kind[type(outcome)])

    def _save(self, item: Prepared, start: dt.datetime | None) -> Imported | Duplicate | Failed:
        activity = item.activity
        day = activity.local_date(self.runner.time_zone)
        part = activity.run_part  # a run, or a multi-sport file's running legs; else None
        try:
            with transaction.atomic():
                row = self._file_row(item, start, day)
                row.save()
                run, merged = (None, False)
                if part is not None:
                    run, merged = self._run(row, part, part.local_date(self.runner.time_zone))
        except _Refused as exc:
            return self._undone(Failed(item.name, str(exc)))
        except IntegrityError as exc:  # another import stored it meanwhile, or a run's twin
            return self._undone(self._conflict(item, start, exc))
        except DatabaseError as exc:
            reason = f"could not be stored ({exc}); nothing of it was kept"
            return self._undone(Failed(item.name, reason))
        self.hashes[item.sha256] = item.name
        if start is not None:
            self._started(start, activity.device, item.name, activity.sport)
        return Imported(
            item.name,
            row.pk,
            activity.sport,
            day,
            run_id=run.pk if run is not None else None,
            merged=merged,
            records=activity.records,
        )

    def _started(self, start: dt.datetime, device: str | None, name: str, sport: str) -> None:
        """Remember a stored activity's start, by device and by minute."""
        self.starts[(start, device)] = name
        self.minutes.setdefault(int(start.timestamp()) // 60, []).append((start, name, sport))

    def _near(self, start: dt.datetime, sport: str) -> str | None:
        """A stored activity of the same sport (or of an unnamed one) that started within
        :data:`SAME_START_S` seconds of ``start``, if any."""
        minute = int(start.timestamp()) // 60
        for m in (minute - 1, minute, minute + 1):
            for other, name, kind in self.minutes.get(m, ()):
                alike = kind == sport or {kind, sport} & UNNAMED_SPORTS
                if alike and abs((other - start).total_seconds()) <= SAME_START_S:
                    return name
        return None

    def _undone(self, outcome: Duplicate | Failed) -> Duplicate | Failed:
        """After a savepoint rolled back: what is known is read again (a typed run may have been
        changed in memory by a merge the database undid)."""
        self._load()
        return outcome

    def _conflict(
        self, item: Prepared, start: dt.datetime | None, exc: IntegrityError
    ) -> Duplicate | Failed:
        same = ActivityFile.objects.filter(runner=self.runner)
        if same.filter(sha256=item.sha256).exists():
            return Duplicate(item.name, "same file as one stored by another import")
        if start is not None and same.filter(start=start, device=item.activity.device).exists():
            return Duplicate(item.name, "same start and device as one stored by another import")
        return Failed(item.name, f"could not be stored ({exc}); nothing of it was kept")

    def _file_row(
        self, item: Prepared, start: dt.datetime | None, day: dt.date | None
    ) -> ActivityFile:
        a = item.activity
        return ActivityFile(
            runner=self.runner,
            sha256=item.sha256,
            name=item.name[:255],
            format=a.source_format,
            sport=a.sport,
            sub_sport=a.sub_sport,
            start=start,
            utc_offset_s=a.utc_offset_s,
            local_date=day,
            elapsed_s=_number(a.elapsed_s),
            moving_s=_number(a.moving_s),
            distance_m=_number(a.distance_m),
            ascent_m=_number(a.ascent_m),
            avg_hr=_number(a.avg_hr),
            max_hr=_number(a.max_hr),
            avg_speed_mps=_number(a.avg_speed_mps),
            avg_cadence_spm=_number(a.avg_cadence_spm),
            device=a.device,
            sessions=a.sessions,
            records=a.records,
            laps=json_safe([dataclasses.asdict(lap) for lap in a.laps]),
            dynamics=json_safe(dataclasses.asdict(a.dynamics)) if a.dynamics else None,
            meta=item.meta,
            samples=item.samples,
            original=item.original,
            original_size=item.original_size,
            created_by=self.by,
        )

    # --- the run ----------------------------------------------------------------------------------

    def _figures(self, activity: Activity, day: dt.date | None) -> _Figures:
        """The run's fields the file gives: day, distance, duration, step rate."""
        km = _number(activity.distance_m)
        seconds = _number(activity.duration_s)
        if day is None:
            raise _Refused("a run without a start time: its day is unknown, so it is not a run")
        if km is None:
            raise _Refused("a run without a distance: type it by hand to count it")
        if seconds is None:
            raise _Refused("a run without a duration: type it by hand to count it")
        cadence = _number(activity.avg_cadence_spm)
        low, high = self.cadence
        if cadence is not None and not (low or 0) <= cadence <= (high or math.inf):
            cadence = None  # a real average with much walking, not strides (module docstring)
        return _Figures(
            day,
            round(km / 1000, 3),
            round(seconds / 60, 2),
            None if cadence is None else round(cadence, 1),
        )

    def _check(self, body: dict[str, object], *, new: bool) -> RunLog:
        try:
            if new:
                return services.check_run(self.runner, body, on=self.on)
            return services.read_run(self.runner, body, on=self.on)
        except InputError as exc:
            raise _Refused("; ".join(str(issue) for issue in exc.issues)) from exc

    def _run(self, row: ActivityFile, activity: Activity, day: dt.date | None) -> tuple[Run, bool]:
        figures = self._figures(activity, day)
        typed = self._typed_twin(figures.date, figures.distance_km)
        if typed is not None:
            return self._merge(typed, row, figures), True
        run = self._check(figures.body(), new=True)
        saved = Run.objects.create(
            runner=self.runner,
            date=run.date,
            distance_km=run.distance_km,
            duration_min=run.duration_min,
            cadence_spm=run.cadence_spm,
            activity_file=row,
            created_by=self.by,
        )
        return saved, False

    def _typed_twin(self, day: dt.date, km: float) -> Run | None:
        """The run typed by hand that day nearest in distance, within IO-IMPORT-MERGE's margin."""
        margin = merge_margin_km(km)
        near = [r for r in self.typed.get(day, []) if abs(r.distance_km - km) <= margin]
        return min(near, key=lambda r: (abs(r.distance_km - km), r.pk), default=None)

    def _merge(self, typed: Run, row: ActivityFile, figures: _Figures) -> Run:
        """The typed run with the file's figures; the runner's answers stay (IO-IMPORT-MERGE)."""
        if figures.cadence_spm is None:  # the runner's own count, if they gave one
            figures = dataclasses.replace(figures, cadence_spm=typed.cadence_spm)
        run = self._check(typed.as_input() | figures.body(), new=False)
        typed.distance_km = run.distance_km
        typed.duration_min = run.duration_min
        typed.cadence_spm = run.cadence_spm
        typed.activity_file = row
        typed.save(update_fields=["distance_km", "duration_min", "cadence_spm", "activity_file"])
        self.typed[typed.date].remove(typed)
        return typed


def _batches(
    decoded: Iterable[Decoded],
) -> Iterator[list[Decoded]]:
    """The files decoded, in batches of BATCH files or BATCH_BYTES."""
    batch: list[Decoded] = []
    size = 0
    for found in decoded:
        batch.append(found)
        size += found.size if isinstance(found, Prepared) else 0
        if len(batch) >= BATCH or size >= BATCH_BYTES:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def runner_for(handle: str, coach: str | None = None) -> Runner:
    """The runner with this handle (among the runners of the coach with login ``coach``, if
    given); LookupError saying why when there is none, or more than one."""
    found = Runner.objects.filter(handle=handle).select_related("coach__user")
    if coach is not None:
        found = found.filter(coach__user__username=coach)
    runners = list(found[:10])
    if not runners:
        whose = f" coached by {coach!r}" if coach is not None else ""
        raise LookupError(f"no runner with handle {handle!r}{whose}")
    if len(runners) > 1:
        logins = ", ".join(sorted(str(r.coach.user.get_username()) for r in runners))
        raise LookupError(
            f"{len(runners)} coaches have a runner with handle {handle!r} (logins {logins}); "
            "name the coach"
        )
    return runners[0]


def import_sources(
    runner: Runner,
    sources: Iterable[SourceLike | SkippedLike],
    *,
    read: Reader,
    by: Any = None,
    progress: Callable[[str, str], None] | None = None,
    workers: int = 1,
) -> ImportReport:
    """Import the files ``sources`` yields into the runner's history, decoding each with ``read``.

    ``by`` is who imports (a signed-in user is stored as the author; anything else, nobody);
    ``progress(name, outcome)`` is called for each file as it is handled, with ``"imported"``,
    ``"duplicate"`` or ``"skipped"``. Returns what was done; a file that fails is reported as
    skipped with the reason, and the import goes on. ``workers`` above 1 decodes in that many
    processes while this one writes (``read`` must then be picklable; the outcome is the same).
    """
    importer = _Importer(runner, read, by, progress)
    triaged = (importer.triage(item) for item in sources)
    with summaries.held():  # the runner's summary made once, when the last batch is in
        if workers <= 1:
            _write_all(importer, decode_here(triaged, read))
            return importer.report
        with Pool(read, workers) as pool, closing(pool.decoded(triaged)) as decoded:
            _write_all(importer, decoded)
    return importer.report


def _write_all(importer: _Importer, decoded: Iterable[Decoded]) -> None:
    for batch in _batches(decoded):
        importer.write(batch)
