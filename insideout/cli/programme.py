"""``insideout programme --runner HANDLE --pdf FILE.pdf [--paper letter]``: the printable programme.

The runner's foundation programme for this week, the same PDF as the page
``runners/<handle>/programme.pdf`` (:func:`insideout.site.printing.programme_pdf`), from the
database ``DATABASE_URL`` names (the project's SQLite file by default). Django is set up here, in
this command alone, as ``insideout import`` does. An unknown runner, or a handle two coaches use
without ``--coach``, exits with status 2 and writes nothing; so does a file that cannot be written.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from insideout.cli.common import INPUT_ERROR
from insideout.cli.database import Refused, stored_runner

__all__ = ["programme", "write_programme"]


def _fail(message: str) -> int:
    click.echo(f"insideout programme: {message}", err=True)
    return INPUT_ERROR


def write_programme(handle: str, out: Path, *, paper: str = "a4", coach: str | None = None) -> int:
    """Write the runner's programme to ``out`` as a PDF; return the exit status."""
    try:
        runner = stored_runner(handle, coach)
    except Refused as exc:
        return _fail(str(exc))
    from insideout.site.printing import programme_pdf

    pdf = programme_pdf(runner, paper=paper)
    try:
        out.write_bytes(pdf)
    except OSError as exc:
        return _fail(f"--pdf {out}: cannot write the file ({exc.strerror or exc})")
    click.echo(f"{out}: {runner.name}'s programme, {len(pdf)} bytes", err=True)
    return 0


@click.command("programme")
@click.option("--runner", "handle", required=True, metavar="HANDLE", help="The runner's handle.")
@click.option(
    "--pdf",
    "out",
    required=True,
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    metavar="FILE.pdf",
    help="Where to write the PDF.",
)
@click.option(
    "--paper",
    type=click.Choice(["a4", "letter"], case_sensitive=False),
    default="a4",
    show_default=True,
    help="The paper size.",
)
@click.option(
    "--coach",
    metavar="USERNAME",
    help="The coach's login, when two coaches have a runner with this handle.",
)
def programme(handle: str, out: Path, paper: str, coach: str | None) -> None:
    """Print a runner's foundation programme for this week to a PDF (A4 or Letter)."""
    sys.exit(write_programme(handle, out, paper=paper.lower(), coach=coach))
