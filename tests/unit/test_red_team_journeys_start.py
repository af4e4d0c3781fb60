"""Red team "journeys" F4, F5 and F6: the weeks after a start, a restart after a short stop, and
the week after a recovery week.

evidence.md: EV-F-SPIKE (a run at most 110% of the longest run of the previous 30 days; "no run
in the previous 30 days -> undefined; treat as return-to-run (D)"), EV-F-WEEK (the week-on-week
change), EV-LOAD-WEEK30 (rises above 30% over a 2-week period looked riskier). METHOD.md step 4:
mileage that grows progressively. Weeks are 7-day blocks before the day advised on.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from insideout.catalogue.method import load_method
from insideout.core.advise import Advice
from insideout.core.history import History, RunLog
from insideout.core.plan import EPS, weekly_km
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

METHOD = load_method()
RULES = METHOD.plan


def follow(weeks: int, runs: list[RunLog], first: dt.date = ON) -> list[tuple[History, Advice]]:
    """A runner who runs exactly what the plan says, week after week."""
    out = []
    logged = list(runs)
    for i in range(weeks):
        on = first + 7 * i * DAY
        h = history(logged, screens=[screen(first - DAY)], strength=sessions(on, 8))
        a = advice(h, on)
        out.append((h, a))
        logged += [run(r.date, r.distance_km) for r in a.running.runs]
    return out


def assert_within_caps(h: History, a: Advice) -> None:
    """EV-F-SPIKE on every run (110% of the longest run of the 30 days before it, the start
    distance with none), the weekly cap on the higher of the last two weeks."""
    ref = max(weekly_km(h, a.on, 1), weekly_km(h, a.on, 2))
    start = RULES.start.runs * RULES.start.run_km
    assert a.running.planned_km <= max(ref * 1.10, start) + EPS
    for r in a.running.runs:
        window = h.runs_between(r.date - 30 * DAY, a.on - DAY)
        longest = max((x.distance_km for x in window), default=0.0)
        cap = longest * RULES.spike_ratio.value if longest else RULES.start.run_km
        assert r.distance_km <= cap + EPS, (a.on, r)
        assert r.distance_km >= RULES.run_min_km.value - EPS or r.kind == "run_walk"


def assert_grows_with_three_runs(journey: list[tuple[History, Advice]]) -> None:
    previous = 0.0
    for h, a in journey:
        assert len(a.running.runs) == 3, (a.on, a.running.runs)
        assert_within_caps(h, a)
        if not a.running.recovery_week:  # a recovery week is a planned dip, not a progress
            assert decision(a, "plan.weekly_cap" if previous else "plan.start").verdict.value == (
                "progress"
            )
            assert a.running.planned_km >= previous - EPS, (a.on, a.running.planned_km)
        previous = a.running.planned_km


# --- F4: after a start the plan keeps three runs and grows ----------------------------------------


def test_a_novices_first_six_weeks_have_three_runs_that_grow_within_every_cap() -> None:
    journey = follow(6, [])
    assert_grows_with_three_runs(journey)
    kms = [a.running.planned_km for _, a in journey]
    assert kms[:3] == [6.0, 6.6, 7.2]  # 3 x 2.0 run/walk, then 3 x 2.2, then 3 x 2.4
    assert [r.distance_km for r in journey[1][1].running.runs] == [2.2, 2.2, 2.2]


def test_a_return_after_six_weeks_off_keeps_three_runs() -> None:
    """25 km weeks, then 6 weeks off: a return (IO-PLAN-START), then 6.6 km in 3 runs."""
    old = week_runs(ON - 42 * DAY, [25] * 8)
    journey = follow(6, old)
    assert decision(journey[0][1], "plan.start").evidence == "IO-PLAN-START"
    assert "No run in the last 30 days" in decision(journey[0][1], "plan.start").text
    assert_grows_with_three_runs(journey)
    assert journey[1][1].running.planned_km == pytest.approx(6.6)


@pytest.mark.parametrize(
    ("longest", "runs"),
    # the 40% long run of 6.6 km (2.64 km) is over 110% of a 2.0 km longest run: spread evenly;
    # of a 2.2 km longest run (cap 2.42) the long run takes the cap, the others the rest
    [(2.0, [2.2, 2.2, 2.2]), (2.2, [2.2, 2.2, 2.4])],
)
def test_a_long_run_the_spike_cap_clips_spreads_the_week_evenly(
    longest: float, runs: list[float]
) -> None:
    logged = [run(ON - d * DAY, km) for d, km in ((13, 2.0), (11, 2.0), (9, 2.0))]
    logged += [run(ON - d * DAY, km) for d, km in ((6, 2.0), (4, 2.0), (2, 2.0))]
    logged[-1] = run(ON - 2 * DAY, longest)
    prior = 6.0 - 2.0 + longest
    a = advice(history(logged, screens=[screen(ON - 20 * DAY)], strength=sessions(ON, 8)))
    assert [r.distance_km for r in a.running.runs] == runs
    assert a.running.planned_km <= prior * 1.10 + EPS


def test_the_spike_cap_still_holds_at_its_boundary() -> None:
    """Runs of 2.0 km: 2.2 km (110%) is allowed and nothing above it."""
    logged = week_runs(ON, [6.0, 4.2, 6.0, 6.0])
    a = advice(history(logged, screens=[screen(ON - 40 * DAY)], strength=sessions(ON, 8)))
    assert [r.distance_km for r in a.running.runs] == [2.2, 2.2, 2.2]
    assert decision(a, "plan.long_run").value == pytest.approx(110.0)
    assert decision(a, "plan.weekly_cap").value == pytest.approx(10.0)


def test_a_runner_of_two_runs_comes_back_to_three_when_the_week_holds_them() -> None:
    two = week_runs(ON, [10, 7, 10, 10], per_week=2)  # no recovery week due
    a = advice(history(two, screens=[screen(ON - 20 * DAY)], strength=sessions(ON, 8)))
    assert len(a.running.runs) == RULES.runs_default.days
    assert a.running.planned_km == pytest.approx(11.0)
    assert max(r.distance_km for r in a.running.runs) <= 5.0 * 1.10 + EPS


def test_a_two_run_week_too_small_for_three_runs_keeps_two() -> None:
    """5.4 km: three runs would be 1.8 km each, under the shortest run of 2 km."""
    two = week_runs(ON, [5.0, 3.5, 5.0, 5.0], per_week=2)
    a = advice(history(two, screens=[screen(ON - 20 * DAY)], strength=sessions(ON, 8)))
    assert len(a.running.runs) == 2
    assert all(r.distance_km >= RULES.run_min_km.value for r in a.running.runs)


# --- F5: a restart after a one-week stop grows from the kept base ---------------------------------


def restart_history(gap_days: int, during: float = 0) -> History:
    """20 km weeks, then a cut week (3.7 + 3.7 + 5.0 km, the last run ``gap_days`` before ON,
    with pain ``during`` it), then nothing."""
    last = ON - gap_days * DAY
    old = week_runs(last - 6 * DAY, [20, 20, 20])
    pain = run(last, 5.0, during=during, site="knee")
    cut = [run(last - 5 * DAY, 3.7), run(last - 2 * DAY, 3.7), pain]
    return history([*old, *cut], screens=[screen(ON - 60 * DAY)], strength=sessions(ON, 8))


@pytest.mark.parametrize(
    ("gap_days", "during"),
    [(8, 6)],  # F5: pain cut the week before, last week empty, 8 days off
)
def test_a_restart_after_a_stop_grows_from_the_cut_week_not_from_zero(
    gap_days: int, during: float
) -> None:
    h = restart_history(gap_days, during)
    assert weekly_km(h, ON, 1) == 0
    a = advice(h)
    assert not [d for d in a.decisions if d.rule == "plan.start"], "not a novice start"
    ref = decision(a, "plan.reference_week")
    assert ref.evidence == "IO-PLAN-RESTART"
    assert ref.value == pytest.approx(12.4)
    assert f"you ran on {ON - gap_days * DAY}, {gap_days} days ago" in ref.text
    assert "No run in the last two weeks" not in " ".join(d.text for d in a.decisions)
    assert a.running.planned_km == pytest.approx(12.4, abs=0.3)  # the base, not grown on
    assert a.running.planned_km <= 12.4 + EPS
    assert len(a.running.runs) == 3
    for r in a.running.runs:  # 110% of the longest run of the 30 days before it
        longest = max(x.distance_km for x in h.runs_between(r.date - 30 * DAY, ON - DAY))
        assert r.distance_km <= longest * 1.10 + EPS


def test_the_week_after_the_restart_grows_on_it() -> None:
    h = restart_history(8, 6)
    a = advice(h)
    logged = [*h.runs, *(run(r.date, r.distance_km) for r in a.running.runs)]
    nxt = advice(history(logged, h.screens, sessions(ON + 7 * DAY, 8)), ON + 7 * DAY)
    assert decision(nxt, "plan.weekly_cap").verdict.value == "progress"
    assert nxt.running.planned_km > a.running.planned_km
    assert nxt.running.planned_km <= a.running.planned_km * 1.10 + EPS


@pytest.mark.parametrize(
    ("gap_days", "start", "said"),
    [
        (14, False, ""),  # a run in the two weeks the cap is measured on: it grows on them
        (15, True, "No run in the last 15 days (you last ran on"),  # two weeks off: gently
        (30, True, "No run in the last 30 days (you last ran on"),
        (31, True, "No run in the last 30 days:"),  # EV-F-SPIKE: nothing to compare with
    ],
)
def test_two_weeks_without_running_start_again_gently_and_say_why(
    gap_days: int, start: bool, said: str
) -> None:
    a = advice(restart_history(gap_days))
    starts = [d for d in a.decisions if d.rule == "plan.start"]
    assert bool(starts) is start
    if start:
        assert said in starts[0].text, starts[0].text
        assert a.running.planned_km == pytest.approx(6.0)


def test_a_return_after_a_cleared_stop_starts_again_gently() -> None:
    # a bone-stress warning, stopped, cleared by a physiotherapist: never back at the old volume
    from insideout.core.history import Clearance, ClearedBy

    h = restart_history(8, 0)
    c = Clearance(ON - 2 * DAY, ClearedBy.PHYSIOTHERAPIST, "no bone stress injury")
    a = advice(dataclasses.replace(h, clearances=(c,)))
    (start,) = [d for d in a.decisions if d.rule == "plan.start"]
    assert "cleared you on" in start.text and "the way back is gradual" in start.text
    assert a.running.planned_km == pytest.approx(6.0)


# --- F6: the week after a recovery week says its change on the recovery week ----------------------


def test_the_week_after_a_recovery_week_says_the_change_on_it_and_over_two_weeks() -> None:
    """20, 22, 24.2, then a 17 km recovery week: next week grows 10% on 24.2 km (26.6 km),
    +57% on the 17 km dip and +10% over the two weeks."""
    h = history(week_runs(ON, [20, 22, 24.2, 17]), [screen(ON - 40 * DAY)], sessions(ON, 8))
    a = advice(h)
    cap = decision(a, "plan.weekly_cap")
    planned = a.running.planned_km
    assert cap.verdict.value == "progress"
    assert "Last week was a recovery week (17 km" in cap.text
    assert f"{(planned - 17) / 17 * 100:+.0f}% on it" in cap.text
    assert f"{(planned - 24.2) / 24.2 * 100:+.0f}% over the two weeks" in cap.text
    assert "EV-LOAD-WEEK30" in cap.text


@pytest.mark.parametrize(
    ("last", "dip"),
    # a recovery week is at most 85% of the highest of the three weeks before it (IO-PLAN-RECOVERY)
    [(20.3, True), (24 * 0.85, True), (20.5, False)],
)
def test_the_recovery_sentence_only_after_a_recovery_week(last: float, dip: bool) -> None:
    h = history(week_runs(ON, [20, 22, 24, last]), [screen(ON - 40 * DAY)], sessions(ON, 8))
    cap = decision(advice(h), "plan.weekly_cap")
    assert ("Last week was a recovery week" in cap.text) is dip


def test_no_recovery_sentence_after_a_pain_cut() -> None:
    runs = week_runs(ON, [20, 22, 24.2, 17])
    pained = [run(r.date, r.distance_km, during=6, site="knee") if r.date >= ON - 7 * DAY else r
              for r in runs]  # fmt: skip
    a = advice(history(pained, [screen(ON - 40 * DAY)], sessions(ON, 8)))
    assert all("Last week was a recovery week" not in d.text for d in a.decisions)
