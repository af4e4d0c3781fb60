"""The watch files of ``tests/data`` and what the shared corpus' manifest says about each.

``expected.json`` is the shared ``manifest.json``'s entry for every file copied here (see
``tests/data/MANIFEST.md`` for their sources and licences).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from insideout.core.activity import Activity
from insideout.importers.readers import read_activity

DATA = Path(__file__).resolve().parent / "data"
EXPECTED: list[dict[str, Any]] = json.loads((DATA / "expected.json").read_text("utf-8"))["files"]
BY_PATH = {entry["path"]: entry for entry in EXPECTED}

ACTIVITIES = [e for e in EXPECTED if e["kind"] == "activity"]
NOT_ACTIVITIES = [e for e in EXPECTED if e["kind"] == "not_activity"]
BAD = [e for e in EXPECTED if e["kind"] == "bad"]


def data(path: str) -> bytes:
    return (DATA / path).read_bytes()


@cache  # an Activity is frozen: tests may share one
def read(path: str) -> Activity:
    """The activity in ``tests/data/<path>``, read as the importer reads it (by name and bytes)."""
    return read_activity(Path(path).name, data(path))


def ids(entry: dict[str, Any]) -> str:
    return str(entry["path"])
