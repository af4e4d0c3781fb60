"""Small builders for tests (instead of fixture files)."""

from __future__ import annotations

from typing import Any

from insideout.core import Catalogue, Profile, parse_screen, score


def screen_doc(
    *measures: tuple[str, str | None, float],
    sex: str = "female",
    birth_year: int | None = 1988,
    date: str = "2026-03-02",
) -> dict[str, Any]:
    """A screen document as the CLI and the API read it."""
    return {
        "runner": {"id": "ana", "sex": sex, "birth_year": birth_year},
        "date": date,
        "measures": [{"test": t, "value": v} | ({"side": s} if s else {}) for t, s, v in measures],
    }


def profile_of(
    catalogue: Catalogue, *measures: tuple[str, str | None, float], **kw: Any
) -> Profile:
    return score(parse_screen(screen_doc(*measures, **kw), catalogue), catalogue)
