"""Red team "plan" F3 and F2: a spike repeated never becomes the base (IO-PLAN-ABSORBED), and a
screen that judges no region is no screen on record (IO-PLAN-SCREEN-FIRST).

METHOD.md: "a spike never becomes the new base"; "no volume progression without a screen on
record: the plan holds volume and asks for the screen first". Weeks are 7-day blocks before ON,
oldest first; runs are split 3 to a week (tests/advice_builders.py).
"""

from __future__ import annotations

import pytest

from insideout.core import Phase
from insideout.core.plan import Mode
from insideout.core.screen import Measure, Screen, Side
from tests.advice_builders import (
    DAY,
    ON,
    RUNNER,
    advice,
    decision,
    history,
    run,
    screen,
    sessions,
    verdicts,
    week_runs,
)


def weekly(kms: list[float]):  # type: ignore[no-untyped-def]
    return advice(
        history(week_runs(ON, kms), screens=[screen(ON - 20 * DAY)], strength=sessions(ON, 8))
    )


# --- F3, the weekly cap: a week is judged against the last kept base ----------------------------


def test_a_repeated_40_km_week_after_20_km_weeks_is_still_a_spike() -> None:
    """20, 20, 14, 40, 40: the first 40 km week broke the 10% cap (IO-PLAN-WEEKLY-CAP); the
    second is judged against the base the first was judged against (20 km), not against 40 km."""
    a = weekly([20, 20, 14, 40, 40])
    change = decision(a, "plan.weekly_change")
    assert change.verdict.value == "hold"
    assert change.value == pytest.approx(100.0, abs=0.1)  # 40 on 20, not +0% on 40
    assert "reference week of 20 km" in change.text
    ref = decision(a, "plan.reference_week")
    assert ref.value < 40 and ref.value <= 20
    assert "40 km in the week from" in ref.text and "broke it" in ref.text
    assert a.running.mode is Mode.HOLD
    assert a.running.planned_km <= 20 + 1e-9
    spike = decision(a, "plan.spike")  # 13.3 km runs on a 6.7 km base: still a spike
    assert spike.verdict.value == "hold"
    assert spike.value == pytest.approx(200.0, abs=0.1)


@pytest.mark.parametrize("weeks", [[20, 20, 14, 40, 40, 40], [20, 20, 14, 40, 40, 40, 40]])
def test_a_spike_week_repeated_again_and_again_never_becomes_the_base(weeks: list[float]) -> None:
    a = weekly(weeks)
    assert verdicts(a)["plan.weekly_change"] == "hold"
    assert decision(a, "plan.reference_week").value <= 20
    assert a.running.planned_km <= 20 + 1e-9


def test_a_gradual_rise_within_the_cap_becomes_the_base() -> None:
    """Control: 30, 33, 36.3, 39.9 km (each +10% at most, runs of 10, 11, 12.1, 13.3 km): every
    week kept, the plan grows from the last one."""
    a = weekly([30, 33, 36.3, 39.9])
    change = decision(a, "plan.weekly_change")
    assert change.verdict.value == "progress"
    assert "reference week of 36.3 km" in change.text
    assert decision(a, "plan.reference_week").value == pytest.approx(39.9)
    assert verdicts(a)["plan.spike"] == "progress"


@pytest.mark.parametrize(
    ("back_km", "kept"),
    [(22.0, True), (22.1, False), (20.0, True)],  # 10% on the kept base of 20 km: at, above, under
)
def test_back_within_the_caps_of_the_kept_base_after_a_spike(back_km: float, kept: bool) -> None:
    """20, 20, 14, 40, then back to 20 (or 22, 22.1): judged against the kept base (the higher of
    20 and 14, the 40 km week counting only as the 20 km it was judged against)."""
    a = weekly([20, 20, 14, 40, back_km])
    change = decision(a, "plan.weekly_change")
    assert "reference week of 20 km" in change.text
    assert change.verdict.value == ("progress" if kept else "hold")
    ref = decision(a, "plan.reference_week").value
    assert ref == (back_km if kept else 14)


# --- F3, the long run: a run is judged against the last kept base -------------------------------


def _long_runs(last: float) -> list:  # type: ignore[type-arg]
    """Weeks of 5 + 5 + 10 km, then 4 + 4 + 8, then one 20 km run (200% of 10 km:
    EV-LOAD-SPIKE-MOD), then one run of ``last`` km last week."""
    runs = []
    s = ON - 28 * DAY
    runs += [run(s + 1 * DAY, 5), run(s + 3 * DAY, 5), run(s + 5 * DAY, 10)]
    s = ON - 21 * DAY
    runs += [run(s + 1 * DAY, 4), run(s + 3 * DAY, 4), run(s + 5 * DAY, 8)]
    runs += [run(ON - 9 * DAY, 20), run(ON - 2 * DAY, last)]
    return runs


def test_a_repeated_20_km_run_after_10_km_runs_is_still_a_spike() -> None:
    a = advice(history(_long_runs(20), [screen(ON - 30 * DAY)], sessions(ON, 8)))
    spike = decision(a, "plan.spike")
    assert spike.verdict.value == "hold"
    assert spike.value == pytest.approx(200.0)  # 20 km on the kept 10 km, not 100% of 20 km
    assert "(10 km)" in spike.text
    assert a.running.longest_run_km <= 10 + 1e-9  # no run grows from the 20 km spikes
    assert "of 10 km" in decision(a, "plan.long_run").text


@pytest.mark.parametrize(("last", "within"), [(11.0, True), (11.1, False)])
def test_back_within_the_long_run_cap_of_the_kept_base(last: float, within: bool) -> None:
    """After the 20 km spike, a run of 11 km is 110% of the kept 10 km (within); 11.1 km is not."""
    a = advice(history(_long_runs(last), [screen(ON - 30 * DAY)], sessions(ON, 8)))
    spike = decision(a, "plan.spike")
    assert spike.verdict.value == ("progress" if within else "hold")
    assert "(10 km)" in spike.text


def test_a_gradual_long_run_within_the_cap_becomes_the_reference() -> None:
    """Control: long runs 10, 11, 12.1, 13.3 km (each 110% at most): the last is the reference."""
    runs = []
    for i, km in enumerate([10, 11, 12.1, 13.3]):
        s = ON - 7 * (4 - i) * DAY
        runs += [run(s + 1 * DAY, 5), run(s + 3 * DAY, 5), run(s + 5 * DAY, km)]
    a = advice(history(runs, [screen(ON - 30 * DAY)], sessions(ON, 8)))
    assert verdicts(a)["plan.spike"] == "progress"
    assert "of 13.3 km" in decision(a, "plan.long_run").text


# --- F2: a screen on record judges at least one region ------------------------------------------

W = [20, 14, 20, 20]


def _screened(measures: tuple[Measure, ...]):  # type: ignore[no-untyped-def]
    return advice(history(week_runs(ON, W), [Screen(RUNNER, ON - 3 * DAY, measures)]))


@pytest.mark.parametrize(
    "measures",
    [
        (),
        (Measure("limb_length", Side.LEFT, 90), Measure("limb_length", Side.RIGHT, 90)),
        (Measure("beighton", None, 2),),
    ],
    ids=["empty", "limb_length_only", "beighton_only"],
)
def test_a_screen_that_judges_no_region_holds_as_no_screen(measures: tuple[Measure, ...]) -> None:
    a = _screened(measures)
    none = advice(history(week_runs(ON, W)))
    d = decision(a, "plan.screen_first")
    assert d.verdict.value == "hold"
    assert "judges a region" in d.text and "missing knee_to_wall" in d.text
    assert a.running.mode is Mode.HOLD and a.phase is Phase.SCREEN_NEEDED
    assert a.running.planned_km == none.running.planned_km
    assert "plan.weekly_cap" not in verdicts(a)


def test_a_screen_that_judges_one_region_progresses() -> None:
    """Knee to wall and calf raise on both sides judge the foot/ankle: a screen on record."""
    ms = tuple(
        Measure(t, side, v)
        for t, v in (("knee_to_wall", 12), ("calf_raise", 25))
        for side in (Side.LEFT, Side.RIGHT)
    )
    a = _screened(ms)
    assert any(r.need.value != "unknown" for r in a.profile.regions)  # type: ignore[union-attr]
    assert "plan.screen_first" not in verdicts(a)
    assert verdicts(a)["plan.weekly_cap"] == "progress"
    assert a.running.mode is Mode.PROGRESS
