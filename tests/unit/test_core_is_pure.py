"""The core is the method as plain Python: no framework, no database, no file system."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

CORE = Path(__file__).resolve().parents[2] / "insideout" / "core"
FORBIDDEN_MODULES = {
    "django",
    "ninja",
    "psycopg",
    "psycopg2",
    "sqlite3",
    "sqlalchemy",
    "yaml",
    "pydantic",
    "os",
    "pathlib",
    "io",
    "shutil",
    "tempfile",
    "glob",
    "socket",
    "urllib",
    "http",
    "requests",
    "subprocess",
    "pickle",
    "shelve",
    "click",
}
FORBIDDEN_PACKAGES = (
    "insideout.catalogue",
    "insideout.web",
    "insideout.cli",
    "insideout.people",
    "insideout.screening",
    "insideout.api",
)
FORBIDDEN_CALLS = {"open", "exec", "eval", "__import__", "input", "print"}


def violations(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        for name in names:
            if name.split(".")[0] in FORBIDDEN_MODULES or name.startswith(FORBIDDEN_PACKAGES):
                found.append(f"line {node.lineno}: imports {name}")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id in FORBIDDEN_CALLS:
                found.append(f"line {node.lineno}: calls {node.func.id}()")
    return found


@pytest.mark.parametrize("path", sorted(CORE.rglob("*.py")), ids=lambda p: p.name)
def test_core_module_imports_no_framework_database_or_file_io(path: Path) -> None:
    assert violations(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "source",
    [
        "import django",
        "from django.db import models",
        "from pathlib import Path",
        "import os.path",
        "from insideout.catalogue import load_catalogue",
        "x = open('f')",
    ],
)
def test_the_purity_check_catches_a_forbidden_line(source: str) -> None:
    assert violations(source)


def test_the_core_has_modules_to_check() -> None:
    assert len(list(CORE.rglob("*.py"))) >= 5
