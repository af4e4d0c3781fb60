"""A runner's history written back as the document ``insideout advise`` reads.

:func:`history_document` is the inverse of :func:`~insideout.core.history.parse_history`:
``parse_history(history_document(h), ...) == h`` for every history the parser can return (a
property test holds the two together). The export of a runner's data (issue 16) writes it as
``history.json``, so that ``insideout advise history.json --on DAY`` gives the advice the site
gives for that day.

The writer is made from the same record definitions as the parser
(:mod:`insideout.core.records`): each record's fields, in their order, under its key, read from
the attribute of the same name. A value not said is written as null (the parser reads null as not
said, never 0); a date as YYYY-MM-DD, a choice as its name, a list of red flags as a list. What
the parser never reads is never written: a measure's own date (it belongs to a screen made of
older ones, :func:`~insideout.core.screen.current_screen`) and whether settings came from storage.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from enum import Enum

from insideout.core.history import History
from insideout.core.records import CLEARANCE, OVERRIDE, PAIN_REPORT, RUN, SETTINGS, STRENGTH, Record
from insideout.core.screen import Measure, Runner, Screen

__all__ = ["history_document"]

Json = object


def _value(value: object) -> Json:
    """A field's value as JSON holds it (a date as text, a choice by name, a tuple as a list)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple):
        return [_value(v) for v in value]
    return value


def _record(record: Record, item: object) -> dict[str, Json]:
    """One item of ``record`` as its document: each field, in the record's order."""
    return {f.name: _value(getattr(item, f.name)) for f in record.fields}


def _records(record: Record, items: Sequence[object]) -> list[dict[str, Json]]:
    return [_record(record, item) for item in items]


def _runner(runner: Runner) -> dict[str, Json]:
    return {"id": runner.id, "sex": runner.sex.value, "birth_year": runner.birth_year}


def _measure(m: Measure) -> dict[str, Json]:
    return {"test": m.test, "side": _value(m.side), "value": m.value, "pain": m.pain}


def _screen(screen: Screen) -> dict[str, Json]:
    return {"date": screen.date.isoformat(), "measures": [_measure(m) for m in screen.measures]}


def history_document(history: History) -> dict[str, Json]:
    """The history as the plain document :func:`~insideout.core.history.parse_history` reads
    (JSON-ready: only dicts, lists, text, numbers, booleans and null)."""
    availability = history.availability
    return {
        "runner": _runner(history.runner),
        "screens": [_screen(s) for s in history.screens],
        RUN.key: _records(RUN, history.runs),
        STRENGTH.key: _records(STRENGTH, history.strength),
        PAIN_REPORT.key: _records(PAIN_REPORT, history.reports),
        "settings": _record(SETTINGS, history.settings),
        OVERRIDE.key: _records(OVERRIDE, history.overrides),
        CLEARANCE.key: _records(CLEARANCE, history.clearances),
        "availability": None if availability is None else availability.as_doc(),
    }
