"""Decoding the files of an import, in this process or in a pool of processes, with no database.

The importer (:mod:`insideout.training.importing`) hands over each file it has not seen (its
sha256 is not among the runner's files) as a :class:`Job`; what comes back, in the order the files
came, is a :class:`Prepared` (decoded by the reader, the streams packed, the file compressed: all
that is stored) or a :class:`Failed` with the reason it cannot be imported. Nothing here imports
Django: a decoding process imports this module and the reader's, never the apps.

:func:`decode_here` decodes in this process, one file when it is asked for (the default: tests,
fakes, a single upload). :class:`Pool` decodes in ``workers`` processes while the caller writes,
keeping a bounded window ahead of it (:data:`WINDOW_FILES` per worker and :data:`WINDOW_BYTES`
of file bytes, whichever comes first), so memory stays flat however large the archive: the sources
are read no faster than the writer takes their results. The reader is sent to the processes by
pickling: it must be a top-level function (``read_activity``) or an object pickle can copy.

A decoding process that dies (killed for memory, a crash in a native decoder) takes the files it
held with it: each of them is decoded again alone in a process of its own, so the file that kills
its process is the only one skipped ("its decoding process stopped"), and the pool is renewed for
the files after it. If a process that reads no file dies too, no file is to blame: the import
stops with :class:`DecodingUnavailable` (the batches written stay; importing again skips them).

Processes start from a fork server (``forkserver``, where the platform has it, else ``spawn``),
never by forking the importing process itself, which may hold a database connection or threads.
The server preloads the reader's module, so the first pool costs a fraction of a second and later
ones almost nothing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import math
import multiprocessing
import pickle
import zlib
from collections import deque
from collections.abc import Callable, Generator, Iterable, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

from insideout.core.activity import Activity, ActivityError, Samples
from insideout.training.streams import pack

__all__ = [
    "WINDOW_BYTES",
    "WINDOW_FILES",
    "Decoded",
    "DecodingUnavailable",
    "Duplicate",
    "Failed",
    "Job",
    "Known",
    "Pool",
    "Prepared",
    "Reader",
    "decode",
    "decode_here",
    "json_safe",
    "prepare",
    "sha256",
]

Reader = Callable[[str, bytes], Activity]
_Sent = tuple[Future["Prepared | Failed"], ProcessPoolExecutor]

#: Files handed to the pool ahead of the writer, per worker, and their bytes at most.
WINDOW_FILES = 8
WINDOW_BYTES = 64 * 1024 * 1024

_ZLIB_LEVEL = 1  # the original file: ~140 MB/s for 22% of the size on the shared FIT/GPX/TCX
# corpus, where level 6 takes 2.4 times as long for 20%

_STOPPED = "could not be read: its decoding process stopped ({})"


class DecodingUnavailable(RuntimeError):
    """No decoding process can run at all: the import stops (what was written stays)."""


@dataclass(frozen=True)
class Prepared:
    """A file decoded and packed for storage (no database needed): what :func:`prepare` makes."""

    name: str
    sha256: str
    activity: Activity  # its streams are already in ``samples``; kept for the summary figures
    samples: bytes
    original: bytes
    original_size: int
    meta: dict[str, Any]

    @property
    def size(self) -> int:
        return len(self.samples) + len(self.original) + self.original_size


@dataclass(frozen=True)
class Failed:
    """A file that is not imported, and why."""

    name: str
    reason: str


@dataclass(frozen=True)
class Duplicate:
    """A file not stored again, and which stored file (or earlier one of this import) it repeats."""

    name: str
    reason: str


Known = Duplicate | Failed  # what is known of a file without decoding it
Decoded = Prepared | Duplicate | Failed


@dataclass(frozen=True)
class Job:
    """A file to decode: its name, bytes, what the archive said of it, and its sha256."""

    name: str
    data: bytes
    meta: object
    digest: str


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def prepare(name: str, data: bytes, meta: object, read: Reader, digest: str = "") -> Prepared:
    """Decode one file with ``read`` and pack what is stored (raises ActivityError if it is not
    an activity). A plain function of its arguments: it may run in another process."""
    activity = read(name, data)
    device = activity.device[:120] if activity.device else None  # as the column keeps it
    return Prepared(
        name=name,
        sha256=digest or sha256(data),
        # the streams go packed; the start in UTC even from a reader that left it naive
        activity=dataclasses.replace(
            activity, samples=Samples(), start=_utc(activity.start), device=device
        ),
        samples=pack(activity.samples),
        original=zlib.compress(data, _ZLIB_LEVEL),
        original_size=len(data),
        meta=_meta(meta),
    )


def decode(job: Job, read: Reader) -> Prepared | Failed:
    """One file decoded, or the reason it is not imported (top-level: a decoding process runs
    it)."""
    try:
        return prepare(job.name, job.data, job.meta, read, job.digest)
    except ActivityError as exc:
        return Failed(job.name, exc.reason)
    except Exception as exc:  # a reader's bug on one file must not end a 2,000-file import
        return Failed(job.name, f"could not be read ({type(exc).__name__}: {exc})")


def decode_here(items: Iterable[Job | Known], read: Reader) -> Generator[Decoded, None, None]:
    """Each job decoded in this process when it is asked for; anything else passed on as it is."""
    for item in items:
        yield decode(item, read) if isinstance(item, Job) else item


class Pool:
    """Jobs decoded in ``workers`` processes, yielded in the order they came (module docstring).

    Use as a context manager: leaving it stops the processes (what was not decoded is dropped).
    """

    def __init__(self, read: Reader, workers: int) -> None:
        if workers < 1:
            raise ValueError(f"workers: expected a whole number >= 1, got {workers!r}")
        try:
            pickle.dumps(read)
        except Exception as exc:
            raise TypeError(
                f"the reader {read!r} cannot be sent to a decoding process ({exc}): pass a "
                "top-level function, or decode in this process (workers=1)"
            ) from exc
        self.read = read
        self.workers = workers
        self._context = _context(read)
        self._executor: ProcessPoolExecutor | None = None

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def decoded(self, items: Iterable[Job | Known]) -> Generator[Decoded, None, None]:
        """Each job decoded, anything else passed on, in the order ``items`` gave them; at most
        a window of jobs is read ahead of what the caller has taken."""
        window: deque[tuple[Job | Known, _Sent | None]] = deque()
        ahead = 0  # bytes of the jobs in the window
        for item in items:
            if isinstance(item, Job):
                window.append((item, self._submit(item)))
                ahead += len(item.data)
            else:
                window.append((item, None))
            while len(window) >= WINDOW_FILES * self.workers or ahead >= WINDOW_BYTES:
                done, sent = window.popleft()
                ahead -= len(done.data) if isinstance(done, Job) else 0
                yield self._result(done, sent)
        while window:
            yield self._result(*window.popleft())

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            self._executor = ProcessPoolExecutor(self.workers, mp_context=self._context)
        return self._executor

    def _submit(self, job: Job) -> _Sent:
        pool = self._pool()
        try:
            return pool.submit(decode, job, self.read), pool
        except BrokenProcessPool:  # a process died since: the files after it go to a new pool
            self._renew(pool)
            pool = self._pool()
            return pool.submit(decode, job, self.read), pool

    def _result(self, item: Job | Known, sent: _Sent | None) -> Decoded:
        if not isinstance(item, Job):
            return item
        if sent is None:  # never so: a job is always sent
            return decode(item, self.read)
        future, pool = sent
        try:
            return future.result()
        except BrokenProcessPool:
            self._renew(pool)
            return self._alone(item)
        except Exception as exc:  # the job or its result could not be sent (pickle)
            return Failed(item.name, f"could not be read ({type(exc).__name__}: {exc})")

    def _renew(self, broken: ProcessPoolExecutor) -> None:
        """A pool is broken: if it is the current one, the next job starts a new one (the jobs
        sent to it fail, and each is decoded again alone)."""
        if self._executor is broken:
            broken.shutdown(wait=False, cancel_futures=True)
            self._executor = None

    def _alone(self, job: Job) -> Prepared | Failed:
        """A job its pool dropped, decoded again in a process of its own: if it kills that one
        too, it is the file that does it, and it is skipped (unless no process works at all)."""
        with ProcessPoolExecutor(1, mp_context=self._context) as alone:
            try:
                return alone.submit(decode, job, self.read).result()
            except BrokenProcessPool as exc:
                stopped = exc
        self._check_processes_work()
        return Failed(job.name, _STOPPED.format(stopped))

    def _check_processes_work(self) -> None:
        """DecodingUnavailable if a process that does nothing dies too (it cannot start: a main
        module without ``if __name__ == "__main__"``, no memory...): then no file is to blame."""
        with ProcessPoolExecutor(1, mp_context=self._context) as probe:
            try:
                probe.submit(_alive).result()
            except BrokenProcessPool as exc:
                raise DecodingUnavailable(
                    f"the decoding processes stop before any file is read ({exc})"
                ) from exc


def _alive() -> bool:
    return True


def _context(read: Reader) -> multiprocessing.context.BaseContext:
    """Processes started from a fork server that has the reader's module loaded (else spawned)."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    module = getattr(read, "__module__", None) or type(read).__module__
    context.set_forkserver_preload([__name__, module])  # used when the server first starts
    return context


def _meta(meta: object) -> dict[str, Any]:
    """What the archive said of a file (a title, a type...) as a JSON object."""
    if dataclasses.is_dataclass(meta) and not isinstance(meta, type):
        meta = dataclasses.asdict(meta)
    if meta is None:
        return {}
    if not isinstance(meta, Mapping):
        return {"value": str(meta)}
    return {str(k): json_safe(v) for k, v in meta.items()}


def json_safe(value: Any) -> Any:
    """A value as JSON keeps it: mappings with text keys, lists, text, finite numbers, null (a
    PostgreSQL ``jsonb`` refuses NaN)."""
    if isinstance(value, Mapping):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(v) for v in value]
    if isinstance(value, bool | int | str) or value is None:
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)


def _utc(start: dt.datetime | None) -> dt.datetime | None:
    if start is None:
        return None
    return start.replace(tzinfo=dt.UTC) if start.tzinfo is None else start.astimezone(dt.UTC)
