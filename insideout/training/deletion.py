"""What the training app does when a runner's account is deleted
(:data:`insideout.people.deletion.runner_deleting`), inside the deletion's transaction.

- The activity files are deleted a batch at a time, without their blobs: a deletion loads the
  rows it deletes, and all of a runner's watch files at once could be gigabytes.
- Uploads still waiting under ``INSIDEOUT_UPLOAD_DIR`` are removed once the deletion is committed
  (a file cannot be rolled back); their jobs go with the runner, so a worker that picks one up
  finds nothing to do.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db import transaction

from insideout.people.deletion import runner_deleting
from insideout.people.models import Runner
from insideout.training.models import ActivityFile, ImportJob
from insideout.training.uploads import upload_dir

__all__ = ["BATCH", "connect", "forget_files"]

BATCH = 100  # activity files deleted at a time


def _uploads(runner: Runner) -> list[Path]:
    stored = ImportJob.objects.filter(runner=runner).exclude(stored="")
    folder = upload_dir()
    return [folder / Path(name).name for name in stored.values_list("stored", flat=True)]


def _remove(paths: list[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


def forget_files(sender: Any, runner: Runner, **kwargs: Any) -> int:
    """Delete the runner's activity files (batch by batch) and, once committed, their uploads."""
    paths = _uploads(runner)
    transaction.on_commit(lambda: _remove(paths))
    ids = list(ActivityFile.objects.filter(runner=runner).values_list("pk", flat=True))
    count = 0
    for start in range(0, len(ids), BATCH):
        count += ActivityFile.objects.filter(pk__in=ids[start : start + BATCH]).delete()[0]
    return count


def connect() -> None:
    runner_deleting.connect(forget_files, dispatch_uid="insideout.training.deletion")
