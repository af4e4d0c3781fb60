"""The readers are adapters held to the core's habits: small functions, and no Django or apps.

import-linter checks the command line's imports, and the command line imports the readers, so a
Django import in ``insideout/importers`` (even through another module) breaks that contract too;
this test names the module at once. The 50-line limit is the core's (test_core_is_small.py).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

IMPORTERS = Path(__file__).resolve().parents[2] / "insideout" / "importers"
MODULES = sorted(IMPORTERS.glob("*.py"))
MAX_LINES = 50
FORBIDDEN = ("django", "ninja", "insideout.people", "insideout.screening", "insideout.training")
FORBIDDEN += ("insideout.site", "insideout.web", "insideout.cli")


def imported(tree: ast.AST) -> list[str]:
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


def test_the_readers_have_modules_to_check() -> None:
    assert {p.name for p in MODULES} >= {"fit.py", "gpx.py", "tcx.py", "readers.py"}


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_no_reader_function_runs_over_50_lines(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    long = [
        f"{node.name}() is {(node.end_lineno or node.lineno) - node.lineno + 1} lines"
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and (node.end_lineno or node.lineno) - node.lineno + 1 > MAX_LINES
    ]
    assert long == []


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_no_reader_imports_django_or_an_app(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert [m for m in imported(tree) if m.startswith(FORBIDDEN)] == []


def test_the_import_check_catches_a_django_import() -> None:
    found = imported(ast.parse("from django.db import models\nimport insideout.training.models"))
    assert [m for m in found if m.startswith(FORBIDDEN)] == [
        "django.db",
        "insideout.training.models",
    ]
