"""The core is the method as plain Python: no framework, no database, no file system.

What the core may *import* is checked by import-linter, from the contracts in pyproject.toml
(``[tool.importlinter]``; ``lint-imports`` runs in scripts/test.sh): it follows chains through
other modules, so ``from insideout.training.models import Run`` in the core is caught both as an
app and as Django behind it. The tests here show the contracts catch such lines, on a copy of the
package with one line added, and check what import-linter cannot see: the built-in calls that
reach files, the terminal or arbitrary code.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORE = ROOT / "insideout" / "core"
LINT_IMPORTS = str(Path(sys.executable).with_name("lint-imports"))  # installed beside pytest
FORBIDDEN_CALLS = {"open", "exec", "eval", "__import__", "input", "print"}


def forbidden_calls(source: str) -> list[str]:
    return [
        f"line {node.lineno}: calls {node.func.id}()"
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in FORBIDDEN_CALLS
    ]


@pytest.mark.parametrize("path", sorted(CORE.rglob("*.py")), ids=lambda p: p.name)
def test_core_module_calls_no_file_terminal_or_eval_builtin(path: Path) -> None:
    assert forbidden_calls(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("source", ["x = open('f')", "print(1)", "eval('1')", "input()"])
def test_the_call_check_catches_a_forbidden_line(source: str) -> None:
    assert forbidden_calls(source)


def test_the_core_has_modules_to_check() -> None:
    assert len(list(CORE.rglob("*.py"))) >= 5


# --- the import contracts, shown to bite ---------------------------------------------------------


def lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    """Run import-linter with the project's contracts on the package copied under ``tree``."""
    return subprocess.run(
        [LINT_IMPORTS, "--no-cache", "--no-logo", str(ROOT / "pyproject.toml")],
        cwd=tree,  # lint-imports puts its working directory first on sys.path: the copy is read
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tree = tmp_path_factory.mktemp("tree")
    shutil.copytree(
        ROOT / "insideout", tree / "insideout", ignore=shutil.ignore_patterns("__pycache__")
    )
    return tree


def test_the_package_as_it_is_keeps_every_contract(copy: Path) -> None:
    done = lint_imports(copy)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


BAD_LINES = [
    # (module, the line added, words the report must contain)
    ("core/decision.py", "from insideout.training.models import Run", "not allowed to import insideout.training"),
    ("core/decision.py", "from insideout.catalogue import load_catalogue", "not allowed to import insideout.catalogue"),
    ("core/gate.py", "import django", "not allowed to import django"),
    ("core/plan/week.py", "from pathlib import Path", "not allowed to import pathlib"),
    ("core/history.py", "import yaml", "not allowed to import yaml"),
    ("catalogue/method.py", "from insideout.people.models import Runner", "not allowed to import insideout.people"),
    ("cli/screen.py", "from django.conf import settings", "not allowed to import django"),
]  # fmt: skip


@pytest.mark.parametrize(("module", "line", "words"), BAD_LINES)
def test_a_forbidden_import_breaks_a_contract(
    copy: Path, module: str, line: str, words: str
) -> None:
    path = copy / "insideout" / module
    original = path.read_text(encoding="utf-8")
    try:
        path.write_text(original + f"\n{line}\n", encoding="utf-8")
        done = lint_imports(copy)
    finally:
        path.write_text(original, encoding="utf-8")
    assert done.returncode == 1, done.stdout + done.stderr
    assert words in done.stdout, done.stdout
