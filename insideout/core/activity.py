"""A recorded activity, as insideout keeps it: our own typed record of a watch or phone file.

Every reader (FIT, GPX, TCX; :mod:`insideout.importers`) turns a file into one :class:`Activity`,
never into the poorest common format: laps and running dynamics survive (STYLE.md, "Converting
everything to the poorest format"). The core only defines the shape and the few facts the method
reads from it (is it a run, on which local day, how long, how far, at what step rate).

Units are fixed and in the names: metres, seconds, beats/min, metres/second, and **steps** per
minute for cadence (a FIT running file counts one foot: steps = 2 x (cadence + fractional cadence),
EV-TECH-FIT-REC, EV-TECH-FIT-SESSION, EV-F-SPM). A figure a file does not hold is ``None``, never 0.
Times are timezone-aware (UTC); the local day is the runner's (:meth:`Activity.local_date`).

Error tree (the project's own import errors)::

    ActivityError            a file (or archive member) could not become an activity; names it
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from zoneinfo import ZoneInfo

__all__ = [
    "RUNNING_SPORTS",
    "Activity",
    "ActivityError",
    "Dynamics",
    "Lap",
    "Leg",
    "Samples",
    "mean",
]

#: The sports whose distance is running load (lower-case, as readers normalise them).
RUNNING_SPORTS = frozenset({"running", "trail_running", "treadmill_running", "track_running"})


class ActivityError(Exception):
    """A file that could not become an activity: which file, and what is wrong with it."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


@dataclass(frozen=True)
class Lap:
    start: dt.datetime | None
    elapsed_s: float | None
    moving_s: float | None
    distance_m: float | None
    avg_hr: float | None = None
    avg_cadence_spm: float | None = None


@dataclass(frozen=True)
class Leg:
    """One session of a multi-sport file (a triathlon's swim, ride and run)."""

    sport: str
    start: dt.datetime | None
    elapsed_s: float | None
    moving_s: float | None
    distance_m: float | None
    avg_cadence_spm: float | None = None  # steps per minute, running legs only


@dataclass(frozen=True)
class Dynamics:
    """Running dynamics summarised over the activity (means of the recorded values)."""

    stance_time_ms: float | None = None  # ground-contact time
    stance_balance_left_pct: float | None = None  # share of contact time on the left foot
    vertical_oscillation_mm: float | None = None
    vertical_ratio_pct: float | None = None
    step_length_mm: float | None = None


@dataclass(frozen=True)
class Samples:
    """The per-record streams, as columns of equal length (a missing value is None).

    ``t_s`` is seconds since the activity's start. A stream the file never records is an empty
    tuple, so a reader need not invent values.
    """

    t_s: tuple[float, ...] = ()
    distance_m: tuple[float | None, ...] = ()
    hr: tuple[float | None, ...] = ()
    cadence_spm: tuple[float | None, ...] = ()
    speed_mps: tuple[float | None, ...] = ()
    altitude_m: tuple[float | None, ...] = ()
    lat: tuple[float | None, ...] = ()
    lon: tuple[float | None, ...] = ()
    stance_time_ms: tuple[float | None, ...] = ()
    stance_balance_left_pct: tuple[float | None, ...] = ()
    vertical_oscillation_mm: tuple[float | None, ...] = ()
    vertical_ratio_pct: tuple[float | None, ...] = ()
    step_length_mm: tuple[float | None, ...] = ()

    def __len__(self) -> int:
        return len(self.t_s)


@dataclass(frozen=True)
class Activity:
    """One activity (the first session of a multi-sport file; ``sessions`` says how many)."""

    source_format: str  # "fit", "gpx" or "tcx"
    sport: str  # lower-case: "running", "cycling", "swimming", "walking", "generic", ...
    sub_sport: str | None
    start: dt.datetime | None  # timezone-aware, UTC; None when the file holds no real time
    elapsed_s: float | None
    moving_s: float | None  # timer time: pauses left out
    distance_m: float | None
    ascent_m: float | None = None
    avg_hr: float | None = None
    max_hr: float | None = None
    avg_speed_mps: float | None = None
    avg_cadence_spm: float | None = None  # steps per minute, running only
    device: str | None = None
    laps: tuple[Lap, ...] = ()
    dynamics: Dynamics | None = None
    samples: Samples = field(default_factory=Samples)
    sessions: int = 1
    utc_offset_s: int | None = None  # the local time offset the device recorded, if any
    records: int = 0  # record messages / track points in the file
    legs: tuple[Leg, ...] = ()  # every session of a multi-sport file (empty for one session)
    # the day on the device's own clock, for a file whose times are all device-relative (no
    # absolute start) but which recorded its local wall-clock time
    wall_day: dt.date | None = None

    @property
    def is_running(self) -> bool:
        """Running load counts only runs; other activities are kept and shown, not counted."""
        return self.sport in RUNNING_SPORTS

    @property
    def run_part(self) -> Activity | None:
        """What of the activity is running load: all of a run; the running legs of a multi-sport
        file (a triathlon's run, summed if there are several), the rest not counted; else None."""
        legs = [leg for leg in self.legs if leg.sport in RUNNING_SPORTS]
        if not legs:
            return self if self.is_running and not self.legs else None
        if len(self.legs) == 1:
            return self if self.is_running else None

        def total(values: Sequence[float | None]) -> float | None:
            return None if any(v is None for v in values) else sum(v for v in values if v)

        dist = total([leg.distance_m for leg in legs])
        paced = [(leg.avg_cadence_spm, leg.distance_m or 0.0) for leg in legs]
        weight = sum(w for c, w in paced if c is not None)
        cadence = sum(c * w for c, w in paced if c is not None) / weight if weight else None
        return replace(
            self,
            sport="running",
            start=legs[0].start or self.start,
            elapsed_s=total([leg.elapsed_s for leg in legs]),
            moving_s=total([leg.moving_s for leg in legs]),
            distance_m=dist,
            avg_cadence_spm=cadence,
            legs=(),
        )

    def local_date(self, zone: str | None) -> dt.date | None:
        """The day of the start in the runner's time zone (IANA name, e.g. "Australia/Sydney").

        Without a zone, the offset the device recorded, else UTC. A 23:30 run in Sydney is that
        day's run, not the next. A file with no absolute time gives the day its device showed.
        """
        if self.start is None:
            return self.wall_day  # the device's own day: its clock was the runner's
        if zone:
            return self.start.astimezone(ZoneInfo(zone)).date()
        if self.utc_offset_s is not None:
            return (self.start + dt.timedelta(seconds=self.utc_offset_s)).date()
        return self.start.astimezone(dt.UTC).date()

    @property
    def duration_s(self) -> float | None:
        """The time that counts as the run's duration: moving time, else elapsed time."""
        return self.moving_s if self.moving_s is not None else self.elapsed_s


def mean(values: Sequence[float | None]) -> float | None:
    """The mean of the recorded values (None where nothing was recorded)."""
    got = [v for v in values if v is not None]
    return sum(got) / len(got) if got else None
