"""Uploaded watch files: kept until a background task imports them, the request answered at once.

A runner (or their coach) uploads a file or an account export on the runner's page or through
``POST /api/runners/{handle}/imports``. :func:`accept` refuses what cannot be an import before
anything is stored (an empty file, one over ``INSIDEOUT_UPLOAD_MAX_BYTES``, a name that is not a
``.fit``, ``.gpx``, ``.tcx``, a ``.gz`` of one, or a ``.zip``), writes the upload under
``INSIDEOUT_UPLOAD_DIR``, records an :class:`~insideout.training.models.ImportJob` and enqueues
:func:`import_upload`; the request then answers with the job.

The task (Django's tasks framework, the ``django_tasks`` backport; run by the database backend's
worker, ``manage.py db_worker``, and at once in the tests) calls :func:`run` with the job's id:
``iter_sources`` walks the stored upload, ``import_sources`` stores its activities exactly as
``insideout import`` does (duplicates, skipped files and their reasons alike), and the job's
counts are saved every :data:`PROGRESS_EVERY` files so its page can show how far it got. The
final table is kept on the job; the upload is deleted when the job ends, done or failed (what it
held is in the database; a failed import is uploaded again, and what it had already stored then
counts as duplicates).

Why a task and not the request: an account export holds hundreds of files and takes minutes to
decode, longer than a request should wait (and than a proxy lets it).
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django_tasks import task

from insideout.core.errors import InputError, Issue
from insideout.importers.archives import Skipped, Source, iter_sources
from insideout.importers.readers import read_activity
from insideout.people.models import Runner
from insideout.training.importing import import_sources
from insideout.training.models import ImportJob

__all__ = [
    "PROGRESS_EVERY",
    "SUFFIXES",
    "TooBig",
    "accept",
    "import_upload",
    "max_bytes",
    "run",
    "suffix_of",
    "upload_dir",
]

#: What an upload's name may end with (case aside): what ``iter_sources`` reads.
SUFFIXES = (".fit", ".gpx", ".tcx", ".fit.gz", ".gpx.gz", ".tcx.gz", ".zip")
#: The job's counts are saved every this many files (and at the end): a page that polls sees
#: progress, and a 2,000-file export costs 80 small updates, not 2,000.
PROGRESS_EVERY = 25


class TooBig(InputError):
    """An upload over ``INSIDEOUT_UPLOAD_MAX_BYTES`` (the API answers 413, the page says so)."""


def max_bytes() -> int:
    return int(settings.INSIDEOUT_UPLOAD_MAX_BYTES)


def upload_dir() -> Path:
    return Path(settings.INSIDEOUT_UPLOAD_DIR)


def suffix_of(name: str) -> str | None:
    """The accepted suffix the name ends with (``.fit.gz`` before ``.gz``), or None."""
    lower = name.lower()
    return next((s for s in SUFFIXES if lower.endswith(s)), None)


def _refusal(name: str, size: int) -> InputError | None:
    limit = max_bytes()
    if size > limit:
        return TooBig([Issue(("file",), f"expected at most {limit} bytes, got {size} ({name})")])
    if suffix_of(name) is None:
        expected = ", ".join(SUFFIXES)
        return InputError([Issue(("file",), f"expected a file ending {expected}, got {name!r}")])
    if size == 0:
        return InputError([Issue(("file",), f"expected a file with something in it, got {name!r}")])
    return None


def accept(runner: Runner, upload: UploadedFile[bytes], *, by: Any = None) -> ImportJob:
    """Store the upload and enqueue its import; :class:`TooBig` or :class:`InputError` (nothing
    stored) when it cannot be one. Returns the job as it is after enqueueing (with an immediate
    backend, already done)."""
    name = Path(str(upload.name or "upload")).name[:255]  # a browser may send a path
    refused = _refusal(name, upload.size or 0)
    if refused is not None:
        raise refused
    folder = upload_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stored = f"{uuid.uuid4().hex}{suffix_of(name)}"
    size = _write(upload, folder / stored, name)
    job = ImportJob.objects.create(
        runner=runner,
        name=name,
        size=size,
        stored=stored,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    try:
        result = import_upload.enqueue(job.pk)
    except Exception as exc:  # the queue is unreachable: the job says so, the file goes
        _end(job.pk, folder / stored, error=f"could not be queued ({type(exc).__name__}: {exc})")
        raise
    # An update, not job.save(): an immediate backend has already run the task and changed the row.
    ImportJob.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
    job.refresh_from_db()
    return job


def _write(upload: UploadedFile[bytes], path: Path, name: str) -> int:
    """The upload's bytes into ``path``; refused (and removed) if it holds more than announced."""
    limit, size = max_bytes(), 0
    with path.open("xb") as out:
        for chunk in upload.chunks():
            size += len(chunk)
            if size > limit:
                break
            out.write(chunk)
    if size > limit:
        path.unlink(missing_ok=True)
        raise TooBig([Issue(("file",), f"expected at most {limit} bytes, got more ({name})")])
    return size


class _Progress:
    """Counts the files as ``import_sources`` handles them; saves them every PROGRESS_EVERY."""

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        self.counts = {"imported": 0, "duplicate": 0, "skipped": 0}

    def __call__(self, name: str, outcome: str) -> None:
        self.counts[outcome] = self.counts.get(outcome, 0) + 1
        if sum(self.counts.values()) % PROGRESS_EVERY == 0:
            self.save()

    def save(self) -> None:
        c = self.counts
        ImportJob.objects.filter(pk=self.job_id).update(
            files=sum(c.values()),
            imported=c["imported"],
            duplicates=c["duplicate"],
            skipped=c["skipped"],
        )


def _named(items: Iterable[Source | Skipped], path: Path, name: str) -> Iterator[Source | Skipped]:
    """The sources named after the upload (``export.zip!activities/1.fit``), not the stored path."""
    prefix = str(path)
    for item in items:
        if item.name.startswith(prefix):
            item = dataclasses.replace(item, name=name + item.name[len(prefix) :])
        yield item


@task()
def import_upload(job_id: int) -> dict[str, object] | None:
    """The background task: import an uploaded file or archive (:func:`run`)."""
    return run(job_id)


def run(job_id: int) -> dict[str, object] | None:
    """Import a queued job's upload (the task's body); returns the final table, or None when the
    job is not queued (a job runs once)."""
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.QUEUED).update(
        status=ImportJob.Status.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return None
    job = ImportJob.objects.select_related("runner", "created_by").get(pk=job_id)
    path = upload_dir() / job.stored
    progress = _Progress(job_id)
    try:
        sources = _named(iter_sources([path]), path, job.name)
        report = import_sources(
            job.runner, sources, read=read_activity, by=job.created_by, progress=progress
        )
    except BaseException as exc:
        progress.save()
        _end(job_id, path, error=f"the import stopped ({type(exc).__name__}: {exc})")
        raise
    table = report.as_dict()
    ImportJob.objects.filter(pk=job_id).update(
        files=len(report.imported) + len(report.duplicates) + len(report.skipped),
        imported=len(report.imported),
        duplicates=len(report.duplicates),
        skipped=len(report.skipped),
        report=table,
    )
    _end(job_id, path)
    return table


def _end(job_id: int, path: Path, *, error: str = "") -> None:
    """Done (or failed, with why); the upload deleted."""
    path.unlink(missing_ok=True)
    ImportJob.objects.filter(pk=job_id).update(
        status=ImportJob.Status.FAILED if error else ImportJob.Status.DONE,
        error=error,
        stored="",
        finished_at=timezone.now(),
    )
