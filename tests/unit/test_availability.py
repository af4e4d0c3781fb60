"""The runner's availability (which days, how long) and the plan that fits into it.

ON (2026-06-01) is a Monday, so a run's offset from ON is its weekday. The runner of these tests
runs 4 times a week at 6:00/km (the builders' minutes are km x 6), so 54 minutes hold 9 km.
Fitting only ever shortens or drops runs (IO-PLAN-AVAILABILITY): the properties at the end check
it over generated histories and availabilities.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from insideout.catalogue.method import load_method
from insideout.cli.main import cli
from insideout.core.advise import Advice
from insideout.core.availability import Availability, DaySlot, parse_availability
from insideout.core.errors import InputError, Issue
from insideout.core.history import History, parse_history
from insideout.core.plan import EPS
from insideout.core.plan.fit import fit_runs
from insideout.core.plan.model import Ctx, PlannedRun
from insideout.core.records import WEEKDAYS
from insideout.core.reference import judge
from tests.advice_builders import (
    DAY,
    ON,
    advice,
    decision,
    history,
    run,
    screen,
    sessions,
    week_runs,
)
from tests.history_docs import CATALOGUE, advise_doc, calm
from tests.unit.test_plan_properties import histories

METHOD = load_method()
assert ON.weekday() == 0, "these tests read a run's offset from ON as its weekday"


def runner4() -> History:
    """Screened, pain-free, 4 runs a week of 24 km for 4 weeks, 6 weeks of strength work."""
    return history(
        week_runs(ON, [24, 24, 24, 24], per_week=4),
        screens=[screen(ON - 30 * DAY)],
        strength=sessions(ON, 6),
    )


def avail(**days: float | None) -> Availability:
    """``avail(mon=45, sun=None)``: the slots of the days given (None: no time limit)."""
    slots = (DaySlot(WEEKDAYS.index(d), m) for d, m in days.items())
    return Availability(tuple(sorted(slots, key=lambda s: s.weekday)))


def fitted(h: History, a: Availability | None) -> Advice:
    return advice(dataclasses.replace(h, availability=a))


def weekdays(a: Advice) -> list[str]:
    return [WEEKDAYS[r.date.weekday()] for r in a.running.runs]


def long_run(a: Advice) -> Any:
    (found,) = [r for r in a.running.runs if r.kind == "long"]
    return found


def test_the_runner_of_these_tests_is_planned_four_runs_with_a_long_run_on_sunday() -> None:
    a = fitted(runner4(), None)
    assert len(a.running.runs) == 4
    assert long_run(a).date == ON + 6 * DAY
    assert all(d.rule != "plan.availability" for d in a.decisions)


@pytest.mark.parametrize(
    "days",
    [("mon", "wed", "sat"), ("tue", "thu"), ("sun",), ("mon", "tue", "wed", "thu", "fri")],
)
def test_runs_land_only_on_available_days_and_never_more_runs_than_days(
    days: tuple[str, ...],
) -> None:
    a = fitted(runner4(), avail(**dict.fromkeys(days)))
    assert a.running.runs, "a runner of 24 km weeks is planned runs"
    assert len(a.running.runs) <= len(days)
    assert set(weekdays(a)) <= set(days)
    assert ON <= min(r.date for r in a.running.runs)
    assert max(r.date for r in a.running.runs) <= ON + 6 * DAY


@pytest.mark.parametrize(
    ("days", "long_day"),
    [
        ({"mon": 45, "wed": 90, "sat": 60}, "wed"),  # the most time
        ({"tue": 90, "thu": 30, "sat": 90}, "sat"),  # equal time: the latest
        ({"mon": None, "sat": 90}, "mon"),  # no time limit beats any number of minutes
        ({"fri": None, "sun": None}, "sun"),  # no limit on both: the latest
    ],
)
def test_the_long_run_goes_on_the_available_day_with_the_most_time(
    days: dict[str, float | None], long_day: str
) -> None:
    a = fitted(runner4(), avail(**days))
    assert WEEKDAYS[long_run(a).date.weekday()] == long_day


def test_a_run_that_exactly_fits_its_minutes_stays_and_one_km_more_is_shortened() -> None:
    km = long_run(fitted(runner4(), None)).distance_km  # 6:00/km: km x 6 minutes
    exact = fitted(runner4(), avail(sun=km * 6))
    assert long_run(exact).distance_km == km
    assert all("shortened" not in d.text for d in exact.decisions if d.rule == "plan.availability")
    short = fitted(runner4(), avail(sun=(km - 1) * 6))  # the run is one km longer than the time
    assert long_run(short).distance_km == pytest.approx(km - 1)
    assert "shortened to" in decision(short, "plan.availability").text
    just = fitted(runner4(), avail(sun=km * 6 - 0.1))  # 6 seconds short: down to the 0.1 km
    assert long_run(just).distance_km == pytest.approx(km - 0.1)


def test_the_decision_says_where_the_runs_went_and_what_was_shortened_at_which_pace() -> None:
    # runs at 6:40/km (400 s): 60 minutes hold exactly 9.0 km; four weeks of 4 x 10 km (the
    # builder's 4th run of a week falls on the next week's first day, so the first week gets its
    # 4th run on its own day: a first week of 30 km would make the 40 km weeks a spike, IO-PLAN-ABSORBED)
    h = history(
        [run(ON - 28 * DAY, 10), *week_runs(ON, [40, 40, 40, 40], per_week=4)],
        screens=[screen(ON - 30 * DAY)],
        strength=sessions(ON, 6),
    )
    h = dataclasses.replace(
        h, runs=tuple(dataclasses.replace(r, duration_min=r.distance_km * 400 / 60) for r in h.runs)
    )
    assert long_run(fitted(h, None)).distance_km > 9.0, "the long run must be longer than 60 min"
    a = fitted(h, avail(mon=45, wed=45, sat=60))
    d = decision(a, "plan.availability")
    assert d.text.startswith("Runs placed on Mon, Wed, Sat (your available days: Mon 45 min, ")
    assert (
        "Saturday's long run shortened to 9.0 km to fit 60 minutes at your easy pace of 6:40/km"
        in d.text
    )
    assert d.evidence == "IO-PLAN-AVAILABILITY"
    assert d.value == a.running.planned_km and d.threshold is not None
    assert d.value < d.threshold
    assert "short of the" in d.text, "a week that falls short of what the caps allowed says so"


def test_fewer_days_than_runs_drops_runs_and_never_lengthens_the_others() -> None:
    base = fitted(runner4(), None)
    a = fitted(runner4(), avail(tue=None, sun=None))
    assert len(a.running.runs) == 2
    assert long_run(a).distance_km == long_run(base).distance_km
    easy = max(r.distance_km for r in base.running.runs if r.kind != "long")
    assert all(r.distance_km <= easy + EPS for r in a.running.runs if r.kind != "long")
    assert a.running.planned_km < base.running.planned_km
    assert "2 runs left out: you can run on 2 days" in decision(a, "plan.availability").text


def test_a_run_moved_to_a_later_day_keeps_that_days_longest_run_cap() -> None:
    # a 10 km run 29 days ago is the reference of a run on Tuesday (110%: 11 km) but has left the
    # 30-day window by Saturday, where the longest is 7.5 km (110%: 8.25 km): a 9 km Tuesday run
    # moved to Saturday is cut to 8.2 km, the cap of the day it lands on
    runs = [run(ON - 36 * DAY, 9.5), run(ON - 29 * DAY, 10)]
    runs += [run(ON - d * DAY, 7.5) for d in (26, 23, 19, 16, 12, 9, 5, 2)]
    h = history(runs)
    p = METHOD.plan
    refs = judge(h, ON, p.spike_ratio.value, p.weekly_increase_pct.value, p.start.run_km,
                 p.spike_window_days.days)  # fmt: skip
    ctx = Ctx(h, ON, METHOD, CATALOGUE.evidence, refs)
    assert (ctx.long_ref(ON + DAY), ctx.long_ref(ON + 5 * DAY)) == (10, 7.5)
    planned = [PlannedRun(ON + DAY, "easy", 9.0), PlannedRun(ON + 6 * DAY, "long", 8.2)]
    out, said = fit_runs(ctx, planned, avail(sat=None, sun=None), grow=True, ceiling=None)
    assert out == [PlannedRun(ON + 5 * DAY, "easy", 8.2), PlannedRun(ON + 6 * DAY, "long", 8.2)]
    assert said is not None
    assert "Saturday's run shortened to 8.2 km: the longest-run cap of that day" in said.text


def test_a_run_the_minutes_leave_under_the_shortest_run_is_left_out() -> None:
    # 10 minutes at 6:00/km hold 1.6 km, under the shortest run of 2 km: no run that day
    a = fitted(runner4(), avail(wed=10, sun=None))
    assert weekdays(a) == ["sun"]
    assert "Wednesday's run left out: 10 minutes at your easy pace of 6:00/km" in (
        decision(a, "plan.availability").text
    )


def test_with_no_run_on_record_the_minutes_are_read_at_the_cautious_default_pace() -> None:
    # a screened runner without recent runs starts again with run/walk sessions of 2 km; at the
    # default 8:00/km 12 minutes hold 1.5 km: a return's session is shortened, never dropped
    assert METHOD.plan.easy_pace_default.value == 8.0
    h = history([], screens=[screen(ON - 30 * DAY)], strength=sessions(ON, 6))
    a = fitted(h, avail(mon=12, thu=None, sat=None))
    kinds = {r.kind for r in a.running.runs}
    assert kinds == {"run_walk"}
    monday = [r for r in a.running.runs if r.date == ON]
    assert [r.distance_km for r in monday] == [1.5]
    text = decision(a, "plan.availability").text
    assert "a cautious easy pace of 8:00/km (no run with a time in the last 28 days" in text
    assert "IO-PLAN-EASY-PACE" in text


def test_foundation_sessions_go_on_available_days_first_and_never_drop_out() -> None:
    a = fitted(runner4(), avail(tue=None, sat=None))
    days = [WEEKDAYS[s.date.weekday()] for s in a.foundation.sessions]
    assert len(days) == len(fitted(runner4(), None).foundation.sessions) == 2
    assert set(days) == {"tue", "sat"}
    one = fitted(runner4(), avail(sat=None))
    days = [WEEKDAYS[s.date.weekday()] for s in one.foundation.sessions]
    assert len(days) == 2 and "sat" in days, "the foundation never drops out of the week"
    text = decision(one, "programme.availability").text
    assert "not among your available days: the foundation never drops out" in text


def test_a_stop_plans_no_run_and_says_nothing_of_the_days() -> None:
    runs = [*week_runs(ON, [24, 24, 24], per_week=4), run(ON - DAY, 5, flags=["night_pain"])]
    h = history(runs, screens=[screen(ON - 30 * DAY)], strength=sessions(ON, 6))
    a = fitted(h, avail(sat=None))
    assert a.running.runs == ()
    assert all(d.rule != "plan.availability" for d in a.decisions)


# --- the document: parsed once, bad input names the field ------------------------------------


def _parse(raw: object) -> tuple[Availability | None, list[Issue]]:
    issues: list[Issue] = []
    return parse_availability(raw, ("availability",), issues), issues


def test_the_document_reads_days_minutes_and_no_limit() -> None:
    found, issues = _parse({"sun": None, "mon": 45, "sat": 90.5})
    assert issues == []
    assert found == avail(mon=45, sat=90.5, sun=None)
    assert found.describe() == "Mon 45 min, Sat 90.5 min, Sun (no time limit)"
    assert found.as_doc() == {"mon": 45, "sat": 90.5, "sun": None}
    assert _parse(None) == (None, []), "not said is None, with no issue"


@pytest.mark.parametrize(
    ("raw", "loc", "words"),
    [
        ({"monday": 45}, ("availability", "monday"), "unknown day 'monday'; expected one of: mon"),
        ({"mon": 0}, ("availability", "mon"), "expected 1 to 600 minutes"),
        ({"mon": -5}, ("availability", "mon"), "got -5"),
        ({"mon": 600.1}, ("availability", "mon"), "expected 1 to 600 minutes"),
        ({"mon": "45"}, ("availability", "mon"), "got '45'"),
        ({"mon": True}, ("availability", "mon"), "got True"),
        ({"mon": math.nan}, ("availability", "mon"), "got nan"),
        ({"mon": [45]}, ("availability", "mon"), "got [45]"),
        ({}, ("availability",), "at least one day (null: not said), got {}"),
        (["mon"], ("availability",), "expected an object of days"),
        ("mon", ("availability",), "expected an object of days"),
    ],
)
def test_bad_availability_is_an_input_error_naming_the_field(
    raw: object, loc: tuple[str, ...], words: str
) -> None:
    doc = {"runner": {"id": "ana"}, "availability": raw}
    with pytest.raises(InputError) as caught:
        parse_history(doc, CATALOGUE, METHOD, on=ON)
    (issue,) = caught.value.issues
    assert issue.loc == loc
    assert words in issue.message


@pytest.mark.parametrize(("minutes", "ok"), [(1, True), (600, True), (0.9, False), (601, False)])
def test_minutes_are_read_at_their_bounds_and_refused_past_them(minutes: float, ok: bool) -> None:
    found, issues = _parse({"wed": minutes})
    assert (found is not None, not issues) == (ok, ok)


def test_every_day_error_is_reported_at_once() -> None:
    _, issues = _parse({"mon": 0, "tue": 700, "funday": 3, "sun": None})
    assert [i.loc[-1] for i in issues] == ["mon", "tue", "funday"]


def test_the_command_line_reads_availability_from_the_history_file(tmp_path: Path) -> None:
    raw = calm(availability={"tue": 30, "sat": None})
    path = tmp_path / "ana.json"
    path.write_text(json.dumps(raw))
    out = CliRunner().invoke(cli, ["advise", str(path), "--on", ON.isoformat(), "--json"])
    assert out.exit_code == 0, out.output
    doc = json.loads(out.output)
    days = {dt.date.fromisoformat(r["date"]).weekday() for r in doc["next_week"]["runs"]}
    assert days and days <= {1, 5}
    assert any(d["rule"] == "plan.availability" for d in doc["decisions"])
    assert advise_doc(raw).running == advise_doc(raw).running  # the same door, the same answer


def test_the_command_line_names_a_bad_day(tmp_path: Path) -> None:
    path = tmp_path / "ana.json"
    path.write_text(json.dumps(calm(availability={"tue": 30, "someday": 20})))
    out = CliRunner().invoke(cli, ["advise", str(path), "--on", ON.isoformat()])
    assert out.exit_code == 2
    assert "availability.someday: unknown day 'someday'" in out.output


# --- properties over generated histories ------------------------------------------------------

availabilities = st.dictionaries(
    st.sampled_from(WEEKDAYS),
    st.one_of(st.none(), st.integers(1, 180)),
    min_size=1,
).map(lambda d: avail(**d))

PROPS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPS
@given(histories(), availabilities)
def test_availability_never_lengthens_a_run_nor_the_week(h: History, a: Availability) -> None:
    base = fitted(h, None).running
    fit = fitted(h, a).running
    assert fit.planned_km <= base.planned_km + EPS
    assert fit.longest_run_km <= base.longest_run_km + EPS
    # the k-th longest fitted run is never longer than the k-th longest planned one
    ranked = sorted((r.distance_km for r in fit.runs), reverse=True)
    before = sorted((r.distance_km for r in base.runs), reverse=True)
    assert len(ranked) <= len(before)
    for new, old in zip(ranked, before, strict=False):
        assert new <= old + EPS
    assert len(fit.runs) <= len(a.slots)
    for r in fit.runs:
        slot = a.slot(r.date)
        assert slot is not None, f"{r.date} is not an available day"
        assert ON <= r.date <= ON + 6 * DAY


@PROPS
@given(histories(), availabilities)
def test_every_fitted_run_fits_its_minutes_and_its_days_cap(h: History, a: Availability) -> None:
    fit = fitted(h, a)
    for r in fit.running.runs:
        slot = a.slot(r.date)
        assert slot is not None
        if slot.minutes is not None:
            pace = [x.duration_min / x.distance_km for x in h.runs_between(ON - 28 * DAY, ON - DAY)]
            slowest_read = max([*pace, METHOD.plan.easy_pace_default.value])
            fastest_read = min(pace, default=slowest_read)
            assert r.distance_km * fastest_read <= slot.minutes + 1e-6
        window = h.runs_between(r.date - 30 * DAY, ON - DAY)
        longest = max((x.distance_km for x in window), default=0.0)
        start = METHOD.plan.start
        cap = longest * METHOD.plan.spike_ratio.value if longest else start.run_km
        assert r.distance_km <= cap + EPS


@PROPS
@given(histories())
def test_every_day_available_without_a_limit_changes_no_run(h: History) -> None:
    everyday = avail(**dict.fromkeys(WEEKDAYS))
    assert fitted(h, everyday).running.runs == fitted(h, None).running.runs
