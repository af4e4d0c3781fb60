"""Reading a runner's history: every bad field named at once, in one InputError."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest

from insideout.catalogue import load_catalogue
from insideout.catalogue.method import load_method
from insideout.core import InputError
from insideout.core.history import parse_history
from insideout.core.screen import Side

ON = dt.date(2026, 3, 9)
GOOD: dict[str, Any] = {
    "runner": {"id": "ana", "sex": "female", "birth_year": 1988},
    "screens": [
        {"date": "2026-03-02", "measures": [{"test": "knee_to_wall", "side": "left", "value": 7.5}]}
    ],
    "runs": [
        {"date": "2026-03-03", "distance_km": 5.0, "duration_min": 31, "rpe": 4,
         "pain_during": 0, "pain_after": 0, "pain_next_morning": 0,
         "pain_site": None, "pain_side": None, "red_flags": [], "cadence_spm": 164},
        {"date": "2026-03-05", "distance_km": 6.0, "duration_min": 38, "rpe": 5,
         "pain_during": 3, "pain_site": "knee", "pain_side": "left"},
    ],
    "strength_sessions": [{"date": "2026-03-04", "completed": True}],
}  # fmt: skip


def parse(doc: Any, on: dt.date = ON) -> Any:
    return parse_history(doc, load_catalogue(), load_method(), on=on, source="ana.json")


def broken(path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    doc = copy.deepcopy(GOOD)
    target: Any = doc
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return doc


def test_a_good_history_is_read_into_runs_screens_and_sessions() -> None:
    h = parse(GOOD)
    assert [r.distance_km for r in h.runs] == [5.0, 6.0]
    assert h.runs[1].pain_site == "knee" and h.runs[1].pain_side is Side.LEFT
    assert h.runs[0].load == 4 * 31
    assert h.screens[0].date == dt.date(2026, 3, 2)
    assert h.strength[0].completed


BAD = [
    # (path to the field, bad value, loc printed, words in the message)
    (("runs", 0, "date"), "2026-13-01", "runs[0].date", "YYYY-MM-DD"),
    (("runs", 1, "date"), "2026-03-10", "runs[1].date", "in the future"),
    (("runs", 1, "date"), "2026-03-01", "runs[1].date", "out of order"),
    (("runs", 0, "distance_km"), -1, "runs[0].distance_km", "0 to 500"),
    (("runs", 0, "duration_min"), -5, "runs[0].duration_min", "duration"),
    (("runs", 0, "rpe"), 11, "runs[0].rpe", "0 to 10"),
    (("runs", 0, "pain_during"), 11, "runs[0].pain_during", "0 to 10"),
    (("runs", 0, "pain_after"), -1, "runs[0].pain_after", "0 to 10"),
    (("runs", 0, "pain_next_morning"), "bad", "runs[0].pain_next_morning", "0 to 10"),
    (("runs", 0, "red_flags"), ["shin_splints"], "runs[0].red_flags[0]", "unknown red flag"),
    (("runs", 0, "pain_site"), "elbow", "runs[0].pain_site", "unknown pain site"),
    (("runs", 0, "pain_side"), "middle", "runs[0].pain_side", "'left', 'right'"),
    (("runs", 0, "speed"), 12, "runs[0]", "unexpected field"),
    (("strength_sessions", 0, "completed"), "yes", "strength_sessions[0].completed", "true"),
    (("screens", 0, "date"), "2027-01-01", "screens[0].date", "in the future"),
    (("screens", 0, "measures", 0, "test"), "sit_and_reach", "screens[0].measures[0].test", "unknown test"),
    (("runner", "id"), "", "runner.id", "non-empty"),
]  # fmt: skip


@pytest.mark.parametrize(("path", "value", "loc", "words"), BAD)
def test_a_bad_field_is_named_with_its_location(
    path: tuple[Any, ...], value: Any, loc: str, words: str
) -> None:
    with pytest.raises(InputError) as err:
        parse(broken(path, value))
    where = {i.where: i.message for i in err.value.issues}
    assert loc in where, where
    assert words in where[loc]
    assert err.value.source == "ana.json"


def test_a_duplicate_run_is_refused_naming_the_first() -> None:
    doc = copy.deepcopy(GOOD)
    doc["runs"].append(dict(doc["runs"][1]))
    with pytest.raises(InputError) as err:
        parse(doc)
    (issue,) = err.value.issues
    assert issue.where == "runs[2]"
    assert "duplicate run" in issue.message and "runs[1]" in issue.message


def test_every_problem_is_listed_in_one_error() -> None:
    doc = copy.deepcopy(GOOD)
    doc["runs"][0]["pain_during"] = 12
    doc["runs"][0]["red_flags"] = ["night_pain", "wobbly"]
    doc["runs"][1]["distance_km"] = -3
    doc["strength_sessions"][0]["date"] = "2030-01-01"
    with pytest.raises(InputError) as err:
        parse(doc)
    assert {i.where for i in err.value.issues} == {
        "runs[0].pain_during",
        "runs[0].red_flags[1]",
        "runs[1].distance_km",
        "strength_sessions[0].date",
    }


def test_the_allowed_red_flags_come_from_the_data() -> None:
    doc = broken(("runs", 0, "red_flags"), ["nope"])
    with pytest.raises(InputError) as err:
        parse(doc)
    message = err.value.issues[0].message
    for name in load_method().red_flags:
        assert name in message


def test_pain_at_the_scale_ends_is_accepted() -> None:
    doc = broken(("runs", 0, "pain_during"), 10)
    doc["runs"][1]["pain_during"] = 0
    assert parse(doc).runs[0].pain_during == 10


def test_a_non_object_history_is_refused() -> None:
    with pytest.raises(InputError) as err:
        parse([1, 2])
    assert "JSON object" in err.value.issues[0].message


def test_a_run_that_is_not_an_object_is_named() -> None:
    doc = broken(("runs", 1), "five km")
    with pytest.raises(InputError) as err:
        parse(doc)
    assert [i.where for i in err.value.issues] == ["runs[1]"]


def test_pain_reports_without_a_run_are_read() -> None:
    doc = copy.deepcopy(GOOD)
    doc["pain_reports"] = [
        {"date": "2026-03-06", "pain": 4, "site": "shin", "red_flags": ["night_pain"]}
    ]
    h = parse(doc)
    assert h.reports[0].red_flags == ("night_pain",)
