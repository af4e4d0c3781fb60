"""Each input record is defined once (``insideout.core.records``) and the parser reads it.

Every bounded number of every record is tried at its bounds and just past them through
``parse_history``: accepted at the bound, refused just past it with the record's own words. A value
left out or sent as null is not said (None), never 0. A JSON document is decoded with a depth limit.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from insideout.catalogue import load_catalogue
from insideout.catalogue.method import load_method
from insideout.core.document import MAX_DEPTH, loads
from insideout.core.errors import DocumentError, InputError
from insideout.core.history import parse_history
from insideout.core.records import (
    AVAILABILITY,
    PAIN_REPORT,
    RECORDS,
    RUN,
    SETTINGS,
    Kind,
    Record,
    bind,
)

ON = dt.date(2026, 3, 9)
METHOD = load_method()
CATALOGUE = load_catalogue()
VALID: dict[str, dict[str, Any]] = {
    "runs": {"date": "2026-03-03", "distance_km": 5, "duration_min": 30},
    "pain_reports": {"date": "2026-03-03", "pain": 2},
}


def _history(record: Record, item: dict[str, Any]) -> Any:
    doc: dict[str, Any] = {"runner": {"id": "ana"}}
    if record is SETTINGS:
        doc["settings"] = item
    elif record is AVAILABILITY:  # one object of days, not a list
        doc["availability"] = item
    else:
        doc[record.key] = [item]
    return parse_history(doc, CATALOGUE, METHOD, on=ON)


def _cases() -> list[Any]:
    out = []
    for record in (RUN, PAIN_REPORT, SETTINGS, AVAILABILITY):
        bound = bind(record, METHOD)
        for f in bound:
            if f.kind is not Kind.NUMBER:
                continue
            assert f.low is not None and f.high is not None
            for value, ok in [(f.low, True), (f.high, True), (f.low - 0.1, False),
                              (f.high + 0.1, False)]:  # fmt: skip
                out.append(pytest.param(record, f.name, value, ok, id=f"{f.name}={value:g}"))
    return out


def _plausible_pace(record: Record, name: str, value: float) -> dict[str, float]:
    """The other of distance and duration, so that the run's pace is one a human can run (10
    km/h) and only the field under test can be wrong (IO-RUN-PACE is tested on its own)."""
    if record is not RUN or name not in ("distance_km", "duration_min"):
        return {}
    if name == "distance_km":
        return {"duration_min": min(max(value, 0) * 6, 3000)}
    return {"distance_km": min(max(value, 0) / 6, 500)}


@pytest.mark.parametrize(("record", "name", "value", "ok"), _cases())
def test_every_bounded_number_is_read_at_its_bounds_and_refused_past_them_in_its_words(
    record: Record, name: str, value: float, ok: bool
) -> None:
    item = VALID.get(record.key, {}) | {name: value} | _plausible_pace(record, name, value)
    if ok:
        _history(record, item)
        return
    with pytest.raises(InputError) as caught:
        _history(record, item)
    (issue,) = caught.value.issues
    assert issue.loc[-1] == name
    assert issue.message.startswith(f"expected {bind(record, METHOD)[name].expected}")


@pytest.mark.parametrize("how", ["left out", "null"])
def test_a_pain_not_given_is_not_said_never_zero(how: str) -> None:
    run = dict(VALID["runs"])
    if how == "null":
        run |= {"pain_during": None, "pain_after": None, "pain_next_morning": None, "rpe": None}
    (parsed,) = _history(RUN, run).runs
    assert (parsed.pain_during, parsed.pain_after, parsed.pain_next_morning, parsed.rpe) == (
        None,
    ) * 4


def test_the_parser_knows_exactly_the_fields_of_each_record() -> None:
    for record in RECORDS:
        if record is SETTINGS:
            continue
        item = VALID.get(record.key, {"date": "2026-03-03"}) | {"surprise": 1}
        with pytest.raises(InputError) as caught:
            _history(record, item)
        message = next(i.message for i in caught.value.issues if "surprise" in i.message)
        # the days of a week are named in the week's order, every other record's fields sorted
        names = record.names if record is AVAILABILITY else sorted(record.names)
        assert message.endswith(", ".join(names))


def test_the_weekly_cap_bounds_are_the_methods() -> None:
    cap = bind(SETTINGS, METHOD)["weekly_increase_pct"]
    b = METHOD.plan.weekly_increase_bounds
    assert (cap.low, cap.high) == (b.low, b.high)
    assert cap.expected == f"a weekly increase of {b.low:g} to {b.high:g} (%)"


@pytest.mark.parametrize(
    "text",
    ["[" * 100_000, '{"a": ' * 50_000, "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)],
    ids=["100,000 brackets", "50,000 objects", "one level too deep"],
)
def test_a_document_nested_too_deep_is_a_document_error(text: str) -> None:
    with pytest.raises(DocumentError) as caught:
        loads(text)
    assert f"nested at most {MAX_DEPTH} levels deep" in str(caught.value)


def test_a_document_at_the_depth_limit_is_read() -> None:
    text = "[" * MAX_DEPTH + "]" * MAX_DEPTH
    assert loads(text) is not None


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("{", "line 1, column 2: not valid JSON"),
        (b"\xff", "not valid JSON"),
        ("1" * 5000, "not valid JSON"),
    ],  # fmt: skip
    ids=["broken", "not UTF-8", "a number too long"],
)
def test_text_that_is_not_json_is_a_document_error(text: str | bytes, words: str) -> None:
    with pytest.raises(DocumentError) as caught:
        loads(text)
    assert words in str(caught.value)
