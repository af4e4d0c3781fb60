"""Evidence ids written in the core's code are known: listed once, checked when the catalogue loads.

The method's data carries most evidence ids and the loaders check them. The few the code cites
itself (a cardiac pause, the load figures, a retired red flag) are gathered in
``insideout.core.evidence.CODE_EVIDENCE``; this test keeps that list exactly the ids the code
writes, and the catalogue refuses to start when one of them is not in the register.
"""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

import pytest

from insideout.catalogue import HERE, CatalogueError, load_catalogue
from insideout.core.evidence import CODE_EVIDENCE, caveat

CORE = Path(__file__).resolve().parents[2] / "insideout" / "core"
ID = re.compile(r"\b(?:EV|IO)-[A-Z0-9]+(?:-[A-Z0-9]+)*\b")


def ids_in_code(source: str) -> set[str]:
    """Evidence ids in the string literals of a module, docstrings left out."""
    tree = ast.parse(source)
    docs = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return {
        found
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs
        for found in ID.findall(node.value)
    }


def test_code_evidence_lists_exactly_the_ids_the_core_writes() -> None:
    written = set()
    for path in sorted(CORE.rglob("*.py")):
        if path.name != "evidence.py":
            written |= ids_in_code(path.read_text(encoding="utf-8"))
    assert written == set(CODE_EVIDENCE)
    assert list(CODE_EVIDENCE) == sorted(CODE_EVIDENCE)


def test_every_id_the_code_cites_is_in_the_register() -> None:
    register = load_catalogue().evidence
    assert [e for e in CODE_EVIDENCE if e not in register] == []


def test_the_catalogue_refuses_to_start_without_an_id_the_code_cites(tmp_path: Path) -> None:
    root = tmp_path / "catalogue"
    shutil.copytree(HERE, root, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    path = root / "design.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("IO-SCREEN-PAIN\n", "IO-GONE\n"))
    with pytest.raises(CatalogueError, match="cited by insideout.core: unknown evidence id "):
        load_catalogue(root)


def test_a_caveat_for_an_unknown_id_raises_instead_of_saying_nothing() -> None:
    with pytest.raises(LookupError, match="EV-NOT-THERE"):
        caveat("EV-NOT-THERE", load_catalogue().evidence)
