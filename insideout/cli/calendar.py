"""``insideout calendar --runner HANDLE --out FILE.ics``: a runner's week as an iCalendar file.

The same calendar as the runner's private subscription address and the page's download
(:func:`insideout.training.calendar.calendar_for`): this week's runs and foundation sessions,
from the runner's today where they live, read from the database ``DATABASE_URL`` names (the
project's SQLite file by default; Django is set up by :mod:`insideout.cli.database`). An unknown
runner, or a handle two coaches use without ``--coach``, exits with status 2 and writes nothing;
so does a file that cannot be written. ``--out -`` writes to standard output.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from insideout.cli.common import INPUT_ERROR
from insideout.cli.database import Refused, stored_runner

__all__ = ["calendar", "write_calendar"]


def _fail(message: str) -> int:
    click.echo(message, err=True)
    return INPUT_ERROR


def write_calendar(handle: str, out: Path, *, coach: str | None = None) -> int:
    """Write the runner ``handle``'s calendar to ``out`` (``-``: standard output); the exit
    status."""
    try:
        runner = stored_runner(handle, coach)
    except Refused as exc:
        return _fail(str(exc))
    from insideout.training.calendar import calendar_for

    body = calendar_for(runner)
    if str(out) == "-":
        sys.stdout.buffer.write(body)
        sys.stdout.flush()
        return 0
    try:
        out.write_bytes(body)
    except OSError as exc:
        return _fail(f"--out {out}: cannot write the file ({exc.strerror or exc})")
    click.echo(f"{out}: the week of {runner.name} ({runner.handle}), {len(body)} bytes", err=True)
    return 0


@click.command("calendar")
@click.option("--runner", "handle", required=True, metavar="HANDLE", help="The runner's handle.")
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE.ics",
    help="Where to write the calendar ('-': standard output).",
)
@click.option(
    "--coach",
    metavar="USERNAME",
    help="The coach's login, when two coaches have a runner with this handle.",
)
def calendar(handle: str, out: Path, coach: str | None) -> None:
    """Write a runner's week (runs, foundation sessions, and why) as an iCalendar file."""
    sys.exit(write_calendar(handle, out, coach=coach))
