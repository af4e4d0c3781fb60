"""The GPX reader: a recorded track (watch, phone, Strava export) as one :class:`Activity`.

GPX holds points, not summaries, so the figures are computed the way gpxpy computes them (and as
shared/data/MANIFEST.md records them): start and end from the time bounds, moving time from gpxpy's
moving data (its defaults), distance as the 2D track length. Heart rate and cadence come from the
points' extensions (Garmin's TrackPointExtension ``hr``/``cad``, a plain ``heartrate``,
cluetrust's ``gpxdata:hr``/``cadence``); a GPX running cadence counts one foot (strides/min), so
steps/min = 2 x cadence, for tracks typed as running only (EV-TECH-FIT-SPM). A track with no real
time (a drawn route, or every point at a placeholder date) is not a recorded activity.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import gpxpy
import gpxpy.gpx

from insideout.core.activity import RUNNING_SPORTS, Activity, ActivityError, mean
from insideout.importers.samples import Columns
from insideout.importers.sports import normalise_sport
from insideout.importers.xmlsafe import XmlError, check_no_dtd, root_name

__all__ = ["read_gpx"]

#: Before this no consumer device recorded a track: such a time is a placeholder (gpxpy's
#: Mojstrovka.gpx puts every point at 1901-12-13, the signed 32-bit epoch minimum).
FIRST_REAL_TIME = dt.datetime(1990, 1, 1, tzinfo=dt.UTC)
HR_NAMES = frozenset({"hr", "heartrate", "heart_rate"})
CADENCE_NAMES = frozenset({"cad", "cadence", "runcadence"})


def read_gpx(name: str, data: bytes) -> Activity:
    """The activity in a GPX file, or :class:`ActivityError` naming ``name`` and what is wrong."""
    gpx = _parse(name, data)
    points = [p for track in gpx.tracks for segment in track.segments for p in segment.points]
    if not points:
        raise ActivityError(name, "no track points (a route or waypoints only)")
    timed = [(t, p) for p in points if (t := _time(p.time)) is not None]
    if not timed:
        raise ActivityError(name, "no real times: a drawn or planned track, not a recorded one")
    try:
        return _activity(gpx, points, timed)
    except Exception as e:  # gpxpy computes on whatever the file held
        raise ActivityError(name, f"cannot compute the track's figures ({e})") from e


def _parse(name: str, data: bytes) -> gpxpy.gpx.GPX:
    root = root_name(data)
    if root != "gpx":
        raise ActivityError(name, f"not a GPX file (root element <{root}>)" if root else "not XML")
    try:
        check_no_dtd(data)
        return gpxpy.parse(data.decode("utf-8-sig"))
    except XmlError as e:
        raise ActivityError(name, e.reason) from e
    except UnicodeDecodeError as e:
        raise ActivityError(name, f"not UTF-8 text ({e})") from e
    except gpxpy.gpx.GPXXMLSyntaxException as e:
        raise ActivityError(name, f"not well-formed XML ({e.__cause__ or e})") from e
    except Exception as e:  # gpxpy raises GPXException, ValueError... on odd values
        raise ActivityError(name, f"not a GPX file we can read ({e})") from e


def _activity(
    gpx: gpxpy.gpx.GPX, points: list[gpxpy.gpx.GPXTrackPoint], timed: list[_Timed]
) -> Activity:
    sport = normalise_sport(gpx.tracks[0].type)
    running = sport in RUNNING_SPORTS
    start, end = min(t for t, _ in timed), max(t for t, _ in timed)
    columns = _samples(timed, start, running)
    moving = gpx.get_moving_data()
    climb = gpx.get_uphill_downhill()
    hr = [v for v in columns.column("hr") if v is not None]
    return Activity(
        source_format="gpx",
        sport=sport,
        sub_sport=None,
        start=start,
        elapsed_s=(end - start).total_seconds(),
        moving_s=moving.moving_time if moving else None,
        distance_m=gpx.length_2d(),
        ascent_m=climb.uphill if any(p.elevation is not None for p in points) else None,
        avg_hr=mean(hr),
        max_hr=max(hr) if hr else None,
        avg_cadence_spm=mean(columns.column("cadence_spm")) if running else None,
        device=gpx.creator or None,
        samples=columns.samples(),
        sessions=len(gpx.tracks),
        records=len(points),
    )


_Timed = tuple[dt.datetime, gpxpy.gpx.GPXTrackPoint]


def _time(t: dt.datetime | None) -> dt.datetime | None:
    """A point's time in UTC (a time without a zone is UTC, as GPX requires); None if absent or
    a placeholder."""
    if t is None:
        return None
    utc = t.replace(tzinfo=dt.UTC) if t.tzinfo is None else t.astimezone(dt.UTC)
    return utc if utc >= FIRST_REAL_TIME else None


def _samples(timed: Iterable[_Timed], start: dt.datetime, running: bool) -> Columns:
    columns = Columns()
    for t, point in timed:
        hr, cadence = _extensions(point)
        columns.add_time((t - start).total_seconds())
        columns.add(
            hr=hr,
            cadence_spm=2 * cadence if running and cadence is not None else None,
            altitude_m=point.elevation,
            lat=point.latitude,
            lon=point.longitude,
        )
    return columns


def _extensions(point: gpxpy.gpx.GPXTrackPoint) -> tuple[float | None, float | None]:
    """The point's heart rate and cadence, wherever its extensions keep them (first one wins)."""
    hr: float | None = None
    cadence: float | None = None
    for extension in point.extensions:
        for element in extension.iter():
            tag = element.tag
            if not isinstance(tag, str):
                continue
            local = tag.rsplit("}", 1)[-1].lower()
            if hr is None and local in HR_NAMES:
                hr = _number(element.text)
            elif cadence is None and local in CADENCE_NAMES:
                cadence = _number(element.text)
    return hr, cadence


def _number(text: str | None) -> float | None:
    try:
        value = float(text) if text else None
    except ValueError:
        return None
    return value if value is not None and value == value else None  # NaN is not a figure
