"""Training load as context: sRPE, weekly load, ACWR (rolling, EWMA), monotony and strain."""

from __future__ import annotations

import dataclasses
import math

import pytest

from insideout.core.load import acwr_ewma, acwr_rolling, daily_loads, load_summary, monotony, strain
from tests.advice_builders import DAY, ON, advice, history, run, screen, sessions, week_runs


def test_session_load_is_rpe_times_minutes() -> None:
    assert run(ON, 5, minutes=30, rpe=4).load == 120
    assert run(ON, 5, rpe=None).load is None


def test_daily_loads_count_rest_days_as_zero_and_add_two_runs_on_one_day() -> None:
    h = history([run(ON - 3 * DAY, 5, minutes=30, rpe=4), run(ON - 3 * DAY, 2, minutes=10, rpe=2)])
    assert daily_loads(h, ON - 7 * DAY, ON - DAY) == [0, 0, 0, 0, 140, 0, 0]


MONOTONY = [
    # (daily loads over 7 days, monotony, strain)
    ([100, 0, 100, 0, 100, 0, 100], 400 / 7 / 53.45224838, 400 * (400 / 7 / 53.45224838)),
    ([50] * 7, "max", "max"),  # SD = 0: monotony is reported as "max"
    ([0] * 7, None, None),  # no load at all: nothing to report
]


@pytest.mark.parametrize(("days", "mono", "strained"), MONOTONY)
def test_monotony_and_strain_count_zero_days(
    days: list[float], mono: float | str | None, strained: float | str | None
) -> None:
    got = monotony(days)
    if isinstance(mono, float):
        assert isinstance(got, float) and math.isclose(got, mono, rel_tol=1e-6)
        assert math.isclose(strain(days), strained, rel_tol=1e-6)  # type: ignore[arg-type]
    else:
        assert got == mono and strain(days) == strained


def test_rolling_acwr_is_acute_week_over_a_quarter_of_28_days() -> None:
    daily = [10.0] * 21 + [20.0] * 7
    assert acwr_rolling(daily) == pytest.approx(140 / ((210 + 140) / 4))
    assert acwr_rolling([10.0] * 27) is None
    assert acwr_rolling([0.0] * 28) is None


def test_ewma_acwr_uses_lambda_two_over_n_plus_one() -> None:
    ratio, warming = acwr_ewma([100.0, 0.0])
    acute = 2 / 8 * 0 + (1 - 2 / 8) * 100
    chronic = 2 / 29 * 0 + (1 - 2 / 29) * 100
    assert ratio == pytest.approx(acute / chronic)
    assert warming  # fewer than 28 days of data
    assert acwr_ewma([10.0] * 40) == (pytest.approx(1.0), False)


def test_the_summary_says_load_is_context_and_cites_the_dismissal() -> None:
    h = history(week_runs(ON, [20, 20, 20, 20]))
    s = load_summary(h, ON)
    assert s.week_load == pytest.approx(20 * 6 * 4, rel=1e-3)
    assert len(s.weekly_loads) == 4
    assert "EV-LOAD-ACWR-DISMISS" in s.text and "not rules" in s.text
    assert "EV-LOAD-ACWR-DISMISS" in s.evidence


def test_load_never_gates_a_decision() -> None:
    """The same runs with wildly different RPEs give the same plan and the same decisions."""
    runs = week_runs(ON, [20, 22, 24, 24], rpe=2)
    hard = [dataclasses.replace(r, rpe=10, duration_min=r.duration_min * 3) for r in runs]
    base = dict(screens=[screen(ON - 20 * DAY)], strength=sessions(ON, 4))
    easy_advice, hard_advice = advice(history(runs, **base)), advice(history(hard, **base))
    assert easy_advice.running == hard_advice.running
    assert easy_advice.decisions == hard_advice.decisions
    assert easy_advice.load != hard_advice.load
    assert easy_advice.decisions, "the advice has decisions to check"
    for d in easy_advice.decisions:
        assert not d.evidence.startswith(("EV-F-ACWR", "EV-LOAD-ACWR", "EV-F-MONO"))


@pytest.mark.parametrize(("days", "warming"), [(27, True), (28, False)])
def test_both_ratios_are_said_to_be_warming_up_under_28_days_of_data(
    days: int, warming: bool
) -> None:
    # a new runner's rolling ratio pads the missing days with 0 (4.0 after one steady week)
    runs = [run(ON - d * DAY, 5) for d in range(days, 0, -1)]
    summary = load_summary(history(runs), ON)
    assert summary.ewma_warming_up is warming
    assert ("both still warming up" in summary.text) is warming
