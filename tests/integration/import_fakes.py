"""Fakes for the import tests: sources as an archive yields them and a reader, passed in (no patch).

A :class:`Shelf` is a reader that knows the activity each file's bytes stand for (the real readers
decode FIT, GPX and TCX on another branch); unknown bytes are not an activity, as a reader says.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from insideout.core.activity import Activity, ActivityError, Dynamics, Lap, Samples

TODAY = dt.date(2026, 10, 14)  # the day the import tests run on (services.today)


@dataclass(frozen=True)
class Source:
    name: str
    data: bytes
    meta: Any = None


@dataclass(frozen=True)
class Skipped:
    name: str
    reason: str


def at(text: str) -> dt.datetime:
    """An aware time: ``"2026-10-09T06:30:00+00:00"``."""
    return dt.datetime.fromisoformat(text)


def samples(n: int = 5) -> Samples:
    return Samples(
        t_s=tuple(float(i) for i in range(n)),
        distance_m=tuple(3.0 * i for i in range(n)),
        hr=(None, *(140.0 + i for i in range(1, n))),  # the strap found the heart a second late
        cadence_spm=tuple(170.0 for _ in range(n)),
        lat=tuple(-33.86 - i * 1e-5 for i in range(n)),
        lon=tuple(151.2093 + i * 1e-5 for i in range(n)),
    )


def run(
    start: str | None = "2026-10-09T06:30:00+00:00",
    km: float = 10.0,
    minutes: float = 52.0,
    *,
    sport: str = "running",
    device: str | None = "Garmin Forerunner 255 (3412345678)",
    cadence: float | None = 172.0,
    **fields: Any,
) -> Activity:
    """An activity as a reader makes it; a run unless ``sport`` says otherwise."""
    values: dict[str, Any] = {
        "source_format": "fit",
        "sport": sport,
        "sub_sport": "road" if sport == "running" else None,
        "start": at(start) if start else None,
        "elapsed_s": minutes * 60 + 95.0,  # a stop at a crossing
        "moving_s": minutes * 60,
        "distance_m": km * 1000,
        "ascent_m": 84.0,
        "avg_hr": 148.0,
        "max_hr": 171.0,
        "avg_speed_mps": km * 1000 / (minutes * 60),
        "avg_cadence_spm": cadence,
        "device": device,
        "laps": (
            Lap(
                at(start) if start else None,
                minutes * 60 + 95.0,
                minutes * 60,
                km * 1000,
                148.0,
                cadence,
            ),
        ),
        "dynamics": Dynamics(stance_time_ms=251.0, vertical_oscillation_mm=88.0),
        "samples": samples(),
        "records": 5,
    }
    return Activity(**(values | fields))


@dataclass
class Shelf:
    """A reader: the activity each file's bytes stand for; other bytes are not an activity."""

    activities: dict[bytes, Activity] = field(default_factory=dict)
    reads: list[str] = field(default_factory=list)

    def add(self, name: str, activity: Activity, data: bytes | None = None) -> Source:
        data = data if data is not None else f"{name}:{len(self.activities)}".encode()
        self.activities[data] = activity
        return Source(name, data, {"title": f"Morning {activity.sport}", "type": activity.sport})

    def __call__(self, name: str, data: bytes) -> Activity:
        self.reads.append(name)
        if data not in self.activities:
            raise ActivityError(name, "not a FIT, GPX or TCX file")
        return self.activities[data]


def without_samples(activity: Activity) -> Activity:
    return dataclasses.replace(activity, samples=Samples())
