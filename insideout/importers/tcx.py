"""The TCX reader: a Garmin Training Center activity as one :class:`Activity`.

TCX keeps a summary per lap and the points under it, so the figures are the laps' (as
shared/data/MANIFEST.md records them): start = the first lap's StartTime, moving time = the sum of
TotalTimeSeconds, distance = the sum of DistanceMeters, heart rate = the laps' averages weighted by
their time (else the points' mean); elapsed time runs from the first lap's start to the last point.
Cadence counts one foot (strides/min): steps/min = 2 x the points' RunCadence (or Cadence), for
Sport="Running" only (EV-TECH-FIT-SPM). Only the first ``<Activity>`` is read; ``sessions`` says
how many the file holds. Parsed with lxml without entities, DTD or network (:mod:`.xmlsafe`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from lxml.etree import _Element as Element

from insideout.core.activity import RUNNING_SPORTS, Activity, ActivityError, Lap, mean
from insideout.importers.samples import Columns
from insideout.importers.sports import normalise_sport
from insideout.importers.xmlsafe import XmlError, parse

__all__ = ["read_tcx"]


class _Bad(Exception):
    """A value the file holds that is not what TCX says it is (a word where a number goes)."""


def read_tcx(name: str, data: bytes) -> Activity:
    """The activity in a TCX file, or :class:`ActivityError` naming ``name`` and what is wrong."""
    try:
        root = parse(data)
    except XmlError as e:
        raise ActivityError(name, e.reason) from e
    if not isinstance(root.tag, str) or not root.tag.endswith("TrainingCenterDatabase"):
        raise ActivityError(name, f"not a TCX file (root element <{root.tag}>)")
    activities = root.findall("{*}Activities/{*}Activity")
    if not activities:
        has_course = root.find("{*}Courses/{*}Course") is not None
        raise ActivityError(
            name, "a TCX course (a planned route), not an activity" if has_course else "no Activity"
        )
    try:
        return _activity(name, activities[0], len(activities))
    except _Bad as e:
        raise ActivityError(name, str(e)) from e
    except (ArithmeticError, ValueError, TypeError) as e:  # e.g. a time too far out to add to
        raise ActivityError(name, f"TCX values that make no sense ({e})") from e


def _activity(name: str, activity: Element, sessions: int) -> Activity:
    laps = activity.findall("{*}Lap")
    if not laps:
        raise ActivityError(name, "an Activity without a Lap")
    sport = normalise_sport(activity.get("Sport"))
    running = sport in RUNNING_SPORTS
    start = _time(laps[0].get("StartTime"), "Lap StartTime")
    points = activity.findall("{*}Lap/{*}Track/{*}Trackpoint")
    columns = _samples(points, start, running)
    return Activity(
        source_format="tcx",
        sport=sport,
        sub_sport=None,
        start=start,
        elapsed_s=max(columns.t_s) if columns.t_s else None,  # from the first lap's start
        moving_s=_sum(_number(lap, "{*}TotalTimeSeconds") for lap in laps),
        distance_m=_sum(_number(lap, "{*}DistanceMeters") for lap in laps),
        avg_hr=_lap_hr(laps) or mean(columns.column("hr")),
        max_hr=_max_hr(laps, columns),
        avg_cadence_spm=mean(columns.column("cadence_spm")) if running else None,
        device=_text(activity, "{*}Creator/{*}Name"),
        laps=tuple(_lap(lap, running) for lap in laps),
        samples=columns.samples(),
        sessions=sessions,
        records=len(points),
    )


# --- values ---------------------------------------------------------------------------------------


def _text(element: Element, path: str) -> str | None:
    found = element.find(path)
    text = found.text.strip() if found is not None and found.text else ""
    return text or None


def _number(element: Element, path: str) -> float | None:
    text = _text(element, path)
    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        raise _Bad(f"{path.replace('{*}', '')} is not a number: {text[:40]!r}") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise _Bad(f"{path.replace('{*}', '')} is not a number: {text[:40]!r}")
    return value


def _time(text: str | None, what: str) -> dt.datetime | None:
    """An ISO 8601 time in UTC (a time without a zone is taken as UTC)."""
    if not text:
        return None
    try:
        t = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise _Bad(f"{what} is not a time: {text[:40]!r}") from None
    return t.replace(tzinfo=dt.UTC) if t.tzinfo is None else t.astimezone(dt.UTC)


def _sum(values: Iterable[float | None]) -> float | None:
    got = [v for v in values if v is not None]
    return sum(got) if got else None


# --- laps -----------------------------------------------------------------------------------------


def _lap(lap: Element, running: bool) -> Lap:
    cadence = _number(lap, "{*}Extensions/{*}LX/{*}AvgRunCadence")
    if cadence is None:
        cadence = _number(lap, "{*}Cadence")
    return Lap(
        start=_time(lap.get("StartTime"), "Lap StartTime"),
        elapsed_s=None,  # TCX gives a lap's timer time only
        moving_s=_number(lap, "{*}TotalTimeSeconds"),
        distance_m=_number(lap, "{*}DistanceMeters"),
        avg_hr=_number(lap, "{*}AverageHeartRateBpm/{*}Value") or None,
        avg_cadence_spm=2 * cadence if running and cadence else None,
    )


def _lap_hr(laps: list[Element]) -> float | None:
    """The laps' average heart rates weighted by their time."""
    pairs = [
        (hr, _number(lap, "{*}TotalTimeSeconds") or 0.0)
        for lap in laps
        if (hr := _number(lap, "{*}AverageHeartRateBpm/{*}Value"))
    ]
    total = sum(seconds for _, seconds in pairs)
    return sum(hr * seconds for hr, seconds in pairs) / total if total else None


def _max_hr(laps: list[Element], columns: Columns) -> float | None:
    found = [_number(lap, "{*}MaximumHeartRateBpm/{*}Value") for lap in laps]
    found += columns.column("hr")
    got = [v for v in found if v]
    return max(got) if got else None


# --- points ---------------------------------------------------------------------------------------


def _samples(points: list[Element], start: dt.datetime | None, running: bool) -> Columns:
    columns = Columns()
    for point in points:
        t = _time(_text(point, "{*}Time"), "Trackpoint Time")
        if t is None:
            continue
        start = start or t
        columns.add_time((t - start).total_seconds())
        columns.add(
            distance_m=_number(point, "{*}DistanceMeters"),
            hr=_number(point, "{*}HeartRateBpm/{*}Value") or None,
            cadence_spm=_point_spm(point) if running else None,
            speed_mps=_number(point, "{*}Extensions/{*}TPX/{*}Speed"),
            altitude_m=_number(point, "{*}AltitudeMeters"),
            lat=_number(point, "{*}Position/{*}LatitudeDegrees"),
            lon=_number(point, "{*}Position/{*}LongitudeDegrees"),
        )
    return columns


def _point_spm(point: Element) -> float | None:
    strides = _number(point, "{*}Extensions/{*}TPX/{*}RunCadence")
    if strides is None:
        strides = _number(point, "{*}Cadence")
    return 2 * strides if strides is not None else None
