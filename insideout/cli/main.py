"""Entry point of the ``insideout`` console script: one click group, a sub-group per capability."""

from __future__ import annotations

import click

from insideout import __version__
from insideout.cli.activity import activity
from insideout.cli.advise import advise
from insideout.cli.calendar import calendar
from insideout.cli.exporting import export
from insideout.cli.importing import import_
from insideout.cli.programme import programme
from insideout.cli.screen import screen

__all__ = ["cli", "main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="insideout")
def cli() -> None:
    """insideout: screen first, bake the cake, then build."""


cli.add_command(screen)
cli.add_command(advise)
cli.add_command(import_)
cli.add_command(activity)
cli.add_command(export)
cli.add_command(calendar)
cli.add_command(programme)


def main() -> None:
    cli(prog_name="insideout")
