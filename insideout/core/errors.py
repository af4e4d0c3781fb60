"""Errors raised by the core when input does not fit the method.

The hierarchy::

    InsideoutError
    └── InputError            bad input, described field by field (CLI exit 2, API 422, form error)
        └── DocumentError     not a readable document at all: not JSON, nested too deep
                              (CLI exit 2, API 400)

An :class:`InputError` carries every problem found, not just the first, so that a runner fixing a
file sees the whole list at once. Each :class:`Issue` names where the problem is (``loc``, a path
such as ``("measures", 2, "value")``) and says what was expected and what was given.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["DocumentError", "InputError", "InsideoutError", "Issue"]


class InsideoutError(Exception):
    """Base of every error the core raises on purpose."""


@dataclass(frozen=True)
class Issue:
    """One problem in the input: where it is and what was expected."""

    loc: tuple[str | int, ...]
    message: str

    @property
    def where(self) -> str:
        """The location as a readable path: ``measures[2].value``."""
        out = ""
        for part in self.loc:
            if isinstance(part, int):
                out += f"[{part}]"
            else:
                out += f".{part}" if out else part
        return out or "(input)"

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class InputError(InsideoutError):
    """The input does not fit: one or more :class:`Issue` describe why."""

    def __init__(self, issues: Sequence[Issue], *, source: str | None = None) -> None:
        self.issues = tuple(issues)
        self.source = source
        super().__init__(self.describe())

    def describe(self) -> str:
        prefix = f"{self.source}: " if self.source else ""
        return "\n".join(f"{prefix}{issue}" for issue in self.issues)

    def as_detail(self) -> list[dict[str, object]]:
        """The shape the API answers with (as django-ninja's validation errors)."""
        return [
            {"loc": list(i.loc), "field": i.where, "msg": i.message, "source": self.source}
            for i in self.issues
        ]


class DocumentError(InputError):
    """The input cannot be read as a document at all (broken JSON, nesting too deep)."""
