"""``insideout export --runner HANDLE --out FILE.zip``: all of a runner's data, from the database.

The zip the runner's page downloads (:mod:`insideout.site.export`: ``history.json`` as
``insideout advise`` reads it, ``records.json``, the original watch files under ``activities/``,
``README.txt``), written to FILE. Django is set up for this command by :mod:`insideout.cli.database`
(``DATABASE_URL`` names the database, the project's SQLite file by default). An unknown
runner, or a handle two coaches use without ``--coach``, exits with status 2 and writes nothing;
the zip is written beside FILE and renamed into place, so a failure never leaves half a file.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import click

from insideout.cli.common import INPUT_ERROR
from insideout.cli.database import Refused, stored_runner

__all__ = ["export", "run_export"]


def _fail(message: str) -> int:
    click.echo(message, err=True)
    return INPUT_ERROR


def run_export(handle: str, out: Path, *, coach: str | None = None) -> int:
    """Write the runner's export to ``out``; print what was written; return the exit status."""
    try:
        runner = stored_runner(handle, coach)
    except Refused as exc:
        return _fail(str(exc))
    from insideout.site.export import write_export

    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        return _fail(f"--out {out}: the folder {folder} does not exist")
    fd, partial = tempfile.mkstemp(prefix=".insideout-export-", suffix=".zip", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            write_export(runner, f)
        os.replace(partial, out)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    click.echo(f"{out}: all of {runner.name}'s data ({runner.handle}), {out.stat().st_size} bytes")
    return 0


@click.command("export")
@click.option("--runner", "handle", required=True, metavar="HANDLE", help="The runner's handle.")
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    metavar="FILE.zip",
    help="Where to write the zip.",
)
@click.option(
    "--coach",
    metavar="USERNAME",
    help="The coach's login, when two coaches have a runner with this handle.",
)
def export(handle: str, out: Path, coach: str | None) -> None:
    """Export all of a runner's data as a zip (history.json for `insideout advise`, records,
    the original watch files, a README)."""
    sys.exit(run_export(handle, out, coach=coach))
