"""Every arrow between the parts of insideout points one way.

    core ← catalogue ← people ← screening ← training ← site ← web

A part imports only the parts to its left: people imports neither screening, training nor site;
screening not training or site; training not site; nothing imports web (the project's settings
and URLs are web's own). The command line (``cli``) stands beside the apps: it reads the core and
the catalogue, and no app imports it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import insideout

ORDER = ["core", "catalogue", "people", "screening", "training", "site", "web"]
PACKAGE = Path(insideout.__file__).parent


def _imports(path: Path) -> set[str]:
    """The insideout parts a file imports (``insideout.training.advice`` -> ``training``)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        found |= {n.split(".")[1] for n in names if n.startswith("insideout.")}
    return found


def _files(part: str) -> list[Path]:
    return sorted((PACKAGE / part).rglob("*.py"))


@pytest.mark.parametrize("part", ORDER)
def test_a_part_imports_only_the_parts_to_its_left(part: str) -> None:
    allowed = set(ORDER[: ORDER.index(part) + 1])
    wrong = {
        f"{path.relative_to(PACKAGE)} imports insideout.{name}"
        for path in _files(part)
        for name in _imports(path)
        if name not in allowed
    }
    assert wrong == set()


def test_the_command_line_reads_only_the_core_and_the_catalogue() -> None:
    found = {name for path in _files("cli") for name in _imports(path)}
    assert found <= {"core", "catalogue", "cli"}


def test_every_part_is_in_the_order() -> None:
    parts = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    assert parts == {*ORDER, "cli"}
