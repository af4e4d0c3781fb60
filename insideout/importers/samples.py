"""Per-record streams gathered row by row, handed to the core as :class:`Samples` columns.

Every reader adds one row per timed record; a stream the file never filled (every value None) is
handed over as an empty tuple, as :class:`~insideout.core.activity.Samples` asks, so nothing is
invented and a column of Nones costs nothing downstream.
"""

from __future__ import annotations

from dataclasses import fields

from insideout.core.activity import Samples

__all__ = ["Columns", "samples"]

STREAMS = tuple(f.name for f in fields(Samples) if f.name != "t_s")


class Columns:
    """Rows in, columns out: :meth:`add_time` then :meth:`add` for every record."""

    def __init__(self) -> None:
        self.t_s: list[float] = []
        self.streams: dict[str, list[float | None]] = {name: [] for name in STREAMS}

    def add_time(self, t_s: float) -> None:
        self.t_s.append(t_s)

    def add(self, **values: float | None) -> None:
        """The row's values by stream name; a stream not named gets None in this row."""
        for name, column in self.streams.items():
            column.append(values.get(name))

    def column(self, name: str) -> list[float | None]:
        return self.streams[name]

    def samples(self) -> Samples:
        return samples({"t_s": list(self.t_s), **self.streams})


def samples(columns: dict[str, list[float | None]]) -> Samples:
    """Columns by stream name as :class:`Samples`; a column of Nones (or none) is left empty."""
    t_s = tuple(v for v in columns.get("t_s", ()) if v is not None)
    kept = {
        name: tuple(column) if any(v is not None for v in column) else ()
        for name, column in columns.items()
        if name in STREAMS
    }
    return Samples(t_s=t_s, **kept)
