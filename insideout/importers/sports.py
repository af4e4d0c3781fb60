"""One name per sport, whichever file it came from: FIT's words, lower-case snake.

FIT already writes ``running``, ``cycling``, ``swimming``, ``walking``, ``training``...; TCX writes
``Running``, ``Biking`` or ``Other``; GPX's ``<trk><type>`` is free text (``running``, ``Run``,
``Running``) or, in Strava's exports, Strava's own number (``9`` is a run, ``1`` a ride: the
Strava export's own CSV names the run of ``sportslib__1681613317.gpx``). A sport the file does not
name is ``generic``, FIT's word for "not said"; a name we do not know is kept, lower-case snake,
so nothing is silently counted as running.
"""

from __future__ import annotations

import re

__all__ = ["UNSAID", "normalise_sport", "normalise_sub_sport"]

UNSAID = "generic"

#: Names other than FIT's that mean one of FIT's sports (keys lower-case snake).
SYNONYMS = {
    "run": "running",
    "runs": "running",
    "jogging": "running",
    "trail_run": "trail_running",
    "treadmill": "treadmill_running",
    "virtual_run": "treadmill_running",
    "biking": "cycling",
    "bike": "cycling",
    "ride": "cycling",
    "road_biking": "cycling",
    "virtual_ride": "cycling",
    "walk": "walking",
    "hike": "hiking",
    "swim": "swimming",
    "9": "running",  # Strava's activity type number in its GPX exports
    "1": "cycling",
}


def normalise_sport(raw: object) -> str:
    """``raw`` as a lower-case snake sport name (``generic`` when empty or absent)."""
    if raw is None:
        return UNSAID
    name = _snake(str(raw))
    if not name:
        return UNSAID
    return SYNONYMS.get(name, name)


def normalise_sub_sport(raw: object) -> str | None:
    """A FIT sub-sport (``treadmill``, ``trail``...) as lower-case snake, None when absent."""
    if raw is None:
        return None
    return _snake(str(raw)) or None


def _snake(text: str) -> str:
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", text.strip())  # TrailRun -> Trail_Run
    return re.sub(r"[^a-z0-9]+", "_", spaced.lower()).strip("_")
