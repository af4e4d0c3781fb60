"""The core's public surface: what ``insideout.core`` re-exports is exactly its ``__all__``."""

from __future__ import annotations

import types

import insideout.core as core


def test_every_name_in_all_is_exported() -> None:
    assert [name for name in core.__all__ if not hasattr(core, name)] == []


def test_every_public_name_is_listed_in_all() -> None:
    public = {
        name
        for name, value in vars(core).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }
    assert public == set(core.__all__)


def test_all_is_sorted_so_a_diff_shows_what_changed() -> None:
    assert core.__all__ == sorted(core.__all__)
