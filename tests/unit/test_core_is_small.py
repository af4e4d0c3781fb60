"""A rule is a small function: no function in the core runs over 50 lines.

A 150-line function holding six rules hid which one decided (issue 13, STYLE.md). The length of a
function is counted from its ``def`` to its last line, docstring and comments included, so the
limit is what a newcomer reads on one screen. Complexity is held by ruff's mccabe check on
``insideout/core`` (C901, at most 20: radon's grade C), configured in ``pyproject.toml``.
"""

from __future__ import annotations

import ast
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "insideout" / "core"
MAX_LINES = 50


def long_functions(source: str, name: str = "<source>") -> list[str]:
    """Every function (methods and nested functions too) longer than :data:`MAX_LINES`."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            lines = (node.end_lineno or node.lineno) - node.lineno + 1
            if lines > MAX_LINES:
                found.append(f"{name}:{node.lineno} {node.name}() is {lines} lines")
    return found


def test_no_function_in_the_core_runs_over_50_lines() -> None:
    found = [
        f
        for path in sorted(CORE.rglob("*.py"))
        for f in long_functions(path.read_text(encoding="utf-8"), str(path.relative_to(CORE)))
    ]
    assert not found, "split these into one function per rule:\n" + "\n".join(found)


def test_the_length_check_catches_a_long_function_and_names_it() -> None:
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_LINES))
    (found,) = long_functions(f"def rule():\n{body}\n", "plan.py")
    assert found == f"plan.py:1 rule() is {MAX_LINES + 1} lines"
    assert long_functions(f"def rule():\n{body[: body.rindex(chr(10))]}\n") == []
