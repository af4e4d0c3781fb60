"""The history written as a document reads back as the same history (issue 16, the export).

``history_document`` is the inverse of ``parse_history``: a property over histories built valid
(every field drawn within its record's bounds, dates in order, no run logged twice, a pace a
human can run), so no example is thrown away. The document is JSON: it survives ``json.dumps``
and ``loads`` unchanged.
"""

from __future__ import annotations

import datetime as dt
import json
import string
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from insideout.catalogue import load_catalogue
from insideout.catalogue.method import load_method
from insideout.core import history_document
from insideout.core.availability import Availability, DaySlot
from insideout.core.coach import RunnerSettings
from insideout.core.decision import DecisionVerdict
from insideout.core.document import loads
from insideout.core.history import (
    Clearance,
    ClearedBy,
    GateOverride,
    History,
    PainReport,
    RunLog,
    StrengthLog,
    parse_history,
)
from insideout.core.records import MINUTES_MAX, REASON_MAX, RUN
from insideout.core.screen import Measure, Runner, Screen, Sex, Side

CATALOGUE = load_catalogue()
METHOD = load_method()
SITES = tuple(METHOD.pain.sites)
FLAGS = tuple(METHOD.red_flags)
START = dt.date(2024, 1, 1)
SPAN = 400  # days the histories cover

days = st.integers(0, SPAN).map(lambda n: START + dt.timedelta(days=n))
pain = st.one_of(st.none(), st.floats(0, 10))
sides = st.one_of(st.none(), st.sampled_from(list(Side)))
sites = st.one_of(st.none(), st.sampled_from(SITES))
flags = st.lists(st.sampled_from(FLAGS), max_size=3).map(tuple)
words = st.text(string.ascii_letters + string.digits + " .,'-éü", max_size=60)


def trimmed(max_size: int, min_size: int = 0) -> st.SearchStrategy[str]:
    """Text as the parser keeps it: trimmed, within its length."""
    return (
        st.text(string.ascii_letters + " -'é", min_size=min_size, max_size=max_size)
        .map(str.strip)
        .map(lambda t: t or "x" * min_size)
    )


@st.composite
def runs(draw: Any) -> RunLog:
    distance = draw(st.floats(0.1, 100))
    # minutes per km: a walk to a fast race (the 100 km record is 3.66 min/km: IO-RUN-PACE)
    pace = draw(st.floats(4.0, 20.0))
    return RunLog(
        draw(days),
        distance,
        distance * pace,
        draw(st.one_of(st.none(), st.floats(0, 10))),
        draw(pain),
        draw(pain),
        draw(pain),
        draw(sites),
        draw(sides),
        draw(flags),
        draw(st.one_of(st.none(), st.floats(120, 300))),
        draw(st.one_of(st.none(), trimmed(RUN["kind"].max_length or 40))),
    )


reports = st.builds(PainReport, days, st.floats(0, 10), sites, sides, flags)
strength = st.builds(StrengthLog, days, st.booleans())
reasons = trimmed(REASON_MAX, min_size=1)
overrides = st.builds(
    GateOverride, days, st.sampled_from([DecisionVerdict.UNLOCK, DecisionVerdict.LOCK]), reasons
)
clearances = st.builds(Clearance, days, st.sampled_from(list(ClearedBy)), reasons)
minutes = st.one_of(st.none(), st.floats(1, MINUTES_MAX))
availability = st.one_of(
    st.none(),
    st.dictionaries(st.integers(0, 6), minutes, min_size=1).map(
        lambda d: Availability(tuple(DaySlot(w, m) for w, m in sorted(d.items())))
    ),
)
runners = st.builds(
    Runner,
    st.text(string.ascii_lowercase + string.digits + "_-", min_size=1, max_size=40),
    st.sampled_from(list(Sex)),
    st.one_of(st.none(), st.integers(1900, 2100)),
)


@st.composite
def measures(draw: Any) -> tuple[Measure, ...]:
    tests = draw(
        st.lists(st.sampled_from(CATALOGUE.enterable), min_size=1, unique_by=lambda t: t.id)
    )
    out = []
    for test in tests:
        for side in (Side.LEFT, Side.RIGHT) if test.per_side else (None,):
            if test.integer:
                value = float(draw(st.integers(int(test.min_value), int(test.max_value))))
            else:
                value = draw(st.floats(test.min_value, test.max_value))
            out.append(Measure(test.id, side, value, draw(st.booleans())))
    return tuple(out)


def in_order(items: list[Any]) -> tuple[Any, ...]:
    return tuple(sorted(items, key=lambda x: x.date))


@st.composite
def histories(draw: Any) -> History:
    runner = draw(runners)
    screen_days = sorted(draw(st.sets(days, max_size=4)))
    logged = draw(
        st.lists(runs(), max_size=12, unique_by=lambda r: (r.date, r.distance_km, r.duration_min))
    )
    cap = draw(st.one_of(st.none(), st.floats(0, 30)))
    return History(
        runner=runner,
        screens=tuple(Screen(runner, d, draw(measures())) for d in screen_days),
        runs=in_order(logged),
        strength=in_order(draw(st.lists(strength, max_size=8))),
        reports=in_order(draw(st.lists(reports, max_size=6))),
        settings=RunnerSettings(cap),
        overrides=in_order(draw(st.lists(overrides, max_size=3))),
        clearances=in_order(draw(st.lists(clearances, max_size=3))),
        availability=draw(availability),
    )


@settings(max_examples=150, deadline=None)
@given(histories())
def test_a_history_written_as_a_document_reads_back_as_the_same_history(h: History) -> None:
    doc = history_document(h)
    assert parse_history(doc, CATALOGUE, METHOD) == h


@settings(max_examples=50, deadline=None)
@given(histories())
def test_the_document_is_json_and_reads_back_through_json_unchanged(h: History) -> None:
    doc = history_document(h)
    text = json.dumps(doc, ensure_ascii=False, allow_nan=False)
    assert loads(text) == doc
    assert parse_history(loads(text), CATALOGUE, METHOD) == h


def test_a_value_not_said_is_written_as_null_never_zero() -> None:
    runner = Runner("ana")
    h = History(runner, runs=(RunLog(START, 5.0, 30.0),))
    (run,) = history_document(h)["runs"]  # type: ignore[misc]
    assert run["pain_during"] is None and run["rpe"] is None and run["red_flags"] == []
    assert run == {name: run[name] for name in RUN.names}  # every field of the record, in order


def test_every_part_of_the_history_has_its_place_in_the_document() -> None:
    runner = Runner("ana", Sex.FEMALE, 1990)
    h = History(
        runner,
        screens=(Screen(runner, START, (Measure("beighton", None, 3.0),)),),
        runs=(RunLog(START, 5.0, 30.0, 4.0, 2.0, None, None, "knee", Side.LEFT),),
        strength=(StrengthLog(START, False),),
        reports=(PainReport(START, 3.0, "heel", Side.RIGHT, ("night_pain",)),),
        settings=RunnerSettings(8.0),
        overrides=(GateOverride(START, DecisionVerdict.UNLOCK, "good form"),),
        clearances=(Clearance(START, ClearedBy.DOCTOR, "all clear"),),
        availability=Availability((DaySlot(0, 45.0), DaySlot(6, None))),
    )
    doc = history_document(h)
    assert doc == {
        "runner": {"id": "ana", "sex": "female", "birth_year": 1990},
        "screens": [
            {
                "date": "2024-01-01",
                "measures": [{"test": "beighton", "side": None, "value": 3.0, "pain": False}],
            }
        ],
        "runs": [
            {
                "date": "2024-01-01",
                "distance_km": 5.0,
                "duration_min": 30.0,
                "rpe": 4.0,
                "pain_during": 2.0,
                "pain_after": None,
                "pain_next_morning": None,
                "pain_site": "knee",
                "pain_side": "left",
                "red_flags": [],
                "cadence_spm": None,
                "kind": None,
            }
        ],  # fmt: skip
        "strength_sessions": [{"date": "2024-01-01", "completed": False}],
        "pain_reports": [
            {
                "date": "2024-01-01",
                "pain": 3.0,
                "site": "heel",
                "side": "right",
                "red_flags": ["night_pain"],
            }
        ],  # fmt: skip
        "settings": {"weekly_increase_pct": 8.0},
        "overrides": [
            {
                "date": "2024-01-01",
                "rule": "gate.technique",
                "verdict": "unlock",
                "reason": "good form",
            }
        ],  # fmt: skip
        "clearances": [{"date": "2024-01-01", "by": "doctor", "reason": "all clear"}],
        "availability": {"mon": 45, "sun": None},
    }
    assert parse_history(doc, CATALOGUE, METHOD) == h
