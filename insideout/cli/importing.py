"""``insideout import PATH... --runner HANDLE``: watch and phone files into a runner's history.

It works on the database (Django set up for this command alone by
:mod:`insideout.cli.database`: ``DATABASE_URL`` names the database, the project's SQLite file by
default) and hands the files to
:func:`insideout.training.importing.import_sources`. PATH may be a file, a folder or an archive
(``insideout.importers.archives.iter_sources`` reads them); each file is decoded by
``insideout.importers.readers.read_activity``.

Files are decoded in ``--workers`` processes (default: the machine's cores) while this one writes
them to the database; ``--workers 1`` decodes here, one file after another. A progress bar goes
to stderr; then a table (imported, duplicates, skipped with the reason per
file), or with ``--json`` ``{"imported": n, "duplicates": n, "skipped": [{"file", "reason"}],
"records": n}``. An unknown runner, or a handle two coaches use without ``--coach``, exits with
status 2 before any file is read.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from insideout.cli.common import INPUT_ERROR
from insideout.cli.database import Refused, stored_runner

if TYPE_CHECKING:
    from insideout.core.activity import Activity
    from insideout.training.importing import ImportReport

__all__ = ["import_", "render_table", "run_import"]

Reader = Callable[[str, bytes], "Activity"]
Sources = Callable[[Sequence[Path]], Iterable[Any]]


# The real reader and archive walker, imported when the command runs (tests pass fakes instead).
def _real_reader() -> Reader:
    from insideout.importers.readers import read_activity

    reader: Reader = read_activity
    return reader


def _real_sources() -> Sources:
    from insideout.importers.archives import iter_sources

    sources: Sources = iter_sources
    return sources


def _fail(message: str) -> int:
    click.echo(message, err=True)
    return INPUT_ERROR


def _name(item: Any) -> str | None:
    return None if item is None else str(item.name)


def _bar(items: Iterable[Any]) -> Any:
    return click.progressbar(
        items, label="Importing", file=sys.stderr, show_pos=True, item_show_func=_name
    )


def run_import(
    paths: Sequence[Path],
    handle: str,
    *,
    coach: str | None = None,
    as_json: bool = False,
    read: Reader | None = None,
    sources: Sources | None = None,
    workers: int = 1,
) -> int:
    """Import the files under ``paths`` for the runner ``handle``; print the outcome; return the
    exit status. ``read`` and ``sources`` default to insideout's readers and archive walker
    (tests pass their own); ``workers`` processes decode (1: this one; the command passes the
    machine's cores)."""
    try:
        runner = stored_runner(handle, coach)
    except Refused as exc:
        return _fail(str(exc))
    from insideout.training.importing import DecodingUnavailable, import_sources

    read = read or _real_reader()
    walk = sources or _real_sources()
    try:
        with _bar(walk(paths)) as items:
            report = import_sources(runner, items, read=read, workers=workers)
    except DecodingUnavailable as exc:
        click.echo(f"insideout import: {exc}; try --workers 1", err=True)
        return 1
    if as_json:
        click.echo(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(render_table(report))
    return 0


def render_table(report: ImportReport) -> str:
    """The outcome as a person reads it: the counts, then every file skipped with its reason."""
    lines = [
        f"{'imported':<12}{len(report.imported):>6}",
        f"{'duplicates':<12}{len(report.duplicates):>6}",
        f"{'skipped':<12}{len(report.skipped):>6}",
        f"{'records':<12}{report.records:>6}",
    ]
    if report.skipped:
        width = max(len(name) for name, _ in report.skipped)
        lines += ["", f"{'file':<{width}}  reason", f"{'-' * width}  ------"]
        lines += [f"{name:<{width}}  {reason}" for name, reason in report.skipped]
    return "\n".join(lines)


@click.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--runner", "handle", required=True, metavar="HANDLE", help="The runner's handle.")
@click.option(
    "--coach",
    metavar="USERNAME",
    help="The coach's login, when two coaches have a runner with this handle.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the outcome as JSON.")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=lambda: os.cpu_count() or 1,
    show_default="the machine's cores",
    metavar="N",
    help="Processes that decode files while this one stores them (1: decode here).",
)
def import_(
    paths: tuple[Path, ...], handle: str, coach: str | None, as_json: bool, workers: int
) -> None:
    """Import watch files (FIT, GPX, TCX; folders and archives too) into a runner's history."""
    sys.exit(run_import(list(paths), handle, coach=coach, as_json=as_json, workers=workers))
