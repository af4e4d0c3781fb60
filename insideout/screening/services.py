"""What the pages and the API both do with screens: read input through the core, store, judge.

Input is always checked by the core's parser (:func:`insideout.core.screen.parse_measures`) before
anything is written, and every write runs in one transaction, so bad input changes nothing. Profiles
are never stored: :func:`profile_of` scores a screen and compares it with the one before.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q

from insideout.catalogue import load_catalogue
from insideout.catalogue.method import load_method
from insideout.core.document import loads
from insideout.core.errors import InputError, Issue
from insideout.core.method import RedFlag
from insideout.core.pain.red_flags import screen_warnings
from insideout.core.profile import Change, Profile, compare, score
from insideout.core.screen import Measure as CoreMeasure
from insideout.core.screen import Screen as CoreScreen
from insideout.core.screen import current_screen, parse_date, parse_measures
from insideout.people.models import Runner
from insideout.screening.models import Measure, Screen

__all__ = [
    "ScreenInput",
    "Judged",
    "latest_screen",
    "parse_screen_body",
    "profile_of",
    "record_screen",
    "replace_all",
    "replace_test",
    "score_of",
]


@dataclass(frozen=True)
class ScreenInput:
    """A screen read from a request: a date and measures the core has accepted."""

    date: dt.date
    measures: tuple[CoreMeasure, ...]


@dataclass(frozen=True)
class Judged:
    """A screen's profile and, when there is an earlier screen, what changed since."""

    screen: Screen
    profile: Profile
    previous: Screen | None
    changes: tuple[Change, ...] | None


def parse_screen_body(body: bytes) -> ScreenInput:
    """Read ``{"date": ..., "measures": [...]}`` from a request body, or raise InputError."""
    raw = loads(body or b"null")  # not JSON, or nested too deep: a DocumentError (400)
    if not isinstance(raw, Mapping):
        raise InputError(
            [Issue(("body",), f"expected a JSON object with date and measures, got {raw!r}")]
        )
    issues: list[Issue] = []
    for key in ("date", "measures"):
        if key not in raw:
            issues.append(Issue((key,), "required field is missing"))
    extra = sorted(set(raw) - {"date", "measures"})
    if extra:
        issues.append(Issue((extra[0],), f"unexpected field(s) {', '.join(map(repr, extra))}"))
    day = parse_date(raw["date"], ("date",), issues) if "date" in raw else None
    measures = parse_measures(raw.get("measures", []), load_catalogue(), issues)
    if issues or day is None:
        raise InputError(issues)
    return ScreenInput(day, measures)


def record_screen(runner: Runner, data: ScreenInput, *, by: Any) -> Screen:
    """Store a whole screen at once (the API's POST)."""
    with transaction.atomic():
        screen = Screen.objects.create(runner=runner, date=data.date, created_by=by)
        Measure.objects.bulk_create(Measure.from_domain(screen, m) for m in data.measures)
    return screen


def replace_test(screen: Screen, test_id: str, measures: tuple[CoreMeasure, ...]) -> None:
    """Store one test's measures in a screen, replacing what was entered for it before."""
    with transaction.atomic():
        screen.measures.filter(test=test_id).delete()
        Measure.objects.bulk_create(Measure.from_domain(screen, m) for m in measures)


def replace_all(
    runner: Runner, day: dt.date, measures: tuple[CoreMeasure, ...], *, by: Any
) -> Screen:
    """Make the runner's screen on a day hold exactly these measures (used by the demo loader)."""
    with transaction.atomic():
        runner.screens.filter(date=day).delete()
        return record_screen(runner, ScreenInput(day, measures), by=by)


def latest_screen(runner: Runner) -> Screen | None:
    """The runner's newest screen with something measured in it."""
    return runner.screens.measured().order_by("-date", "-id").first()


def score_of(screen: Screen) -> Profile:
    """Score one screen with the core (no comparison)."""
    return score(screen.to_domain(), load_catalogue())


def as_of(screen: Screen) -> CoreScreen:
    """The runner's current screen as of this one: its measures, and the latest value of every
    test it did not re-measure from the screens before it (each with its date)."""
    earlier = (
        Screen.objects.measured()
        .filter(runner_id=screen.runner_id)
        .filter(Q(date__lt=screen.date) | Q(date=screen.date, id__lt=screen.pk))
        .order_by("date", "id")
        .prefetch_related("measures")
        .select_related("runner")
    )
    found = current_screen([*(s.to_domain() for s in earlier), screen.to_domain()])
    assert found is not None  # the list holds at least this screen
    return found


def warnings_of(screen: Screen) -> list[tuple[str, RedFlag]]:
    """(test name, red flag) for each test of this screen whose pain is itself a warning sign:
    running stops until someone qualified has looked (the advice stops on the same)."""
    method, catalogue = load_method(), load_catalogue()
    return [
        (catalogue.tests[test].name, method.red_flags[name])
        for test, name in screen_warnings(screen.to_domain(), method.pain)
        if name in method.red_flags
    ]


def profile_of(screen: Screen) -> Judged:
    """Score the runner's screen as of this one with the core (a re-screen of one test keeps the
    others' latest values) and compare it with the same as of the screen before it."""
    catalogue = load_catalogue()
    profile = score(as_of(screen), catalogue)
    previous = screen.previous()
    changes = None
    if previous is not None:
        changes = compare(profile, score(as_of(previous), catalogue), catalogue)
    return Judged(screen, profile, previous, changes)
