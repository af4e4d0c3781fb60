"""What every ``insideout`` command shares: reading input files and failing cleanly.

A command never ends in a traceback on bad input: it prints ``FILE: field: message`` on stderr and
exits with status 2, as click does for its own usage errors.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from insideout.catalogue import CatalogueError, load_catalogue
from insideout.catalogue.method import load_method
from insideout.core.document import loads
from insideout.core.errors import DocumentError
from insideout.core.method import Method
from insideout.core.screen import Catalogue

__all__ = ["INPUT_ERROR", "catalogue", "fail", "method", "read_json"]

INPUT_ERROR = 2


def fail(message: str) -> NoReturn:
    click.echo(message, err=True)
    sys.exit(INPUT_ERROR)


def read_json(path: Path) -> Any:
    """Read a JSON file or stop with a message naming the file, line and column (or, for a
    document nested too deep, the limit)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        fail(f"{path}: cannot read file ({e})")
    try:
        return loads(text)
    except DocumentError as e:
        fail("\n".join(f"{path}: {issue.message}" for issue in e.issues))


def catalogue() -> Catalogue:
    try:
        return load_catalogue()
    except CatalogueError as e:
        fail(f"catalogue error: {e}")


def method() -> Method:
    try:
        return load_method()
    except CatalogueError as e:
        fail(f"catalogue error: {e}")
