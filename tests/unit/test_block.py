"""The block the coach's report looks back on (issue 16, IO-REPORT-CHANGE): screens compared per
region and side, a change called only beyond a known measurement error, pain week by week.

Figures from the catalogue: knee-to-wall's restriction is judged against its MDC of 1.9 cm
(EV-KTW-MDC), its side difference against 1.5 cm (EV-KTW-MDC-DIFF); hip internal rotation has no
published error, only a design margin (IO-NO-ERROR-MARGIN).
"""

from __future__ import annotations

import datetime as dt

import pytest

from insideout.catalogue import load_catalogue
from insideout.core.block import Balance, BlockScreens, ChangeVerdict, block_screens, pain_weeks
from insideout.core.history import History, PainReport
from insideout.core.screen import Measure, Region, Screen, Side
from tests.advice_builders import DAY, RUNNER, run, screen

FIRST = dt.date(2026, 3, 1)  # the block's first day
LATER = dt.date(2026, 4, 15)  # the re-screen inside the block
ON = dt.date(2026, 4, 26)  # the day the report is made


def compared(*screens: Screen) -> BlockScreens:
    return block_screens(History(RUNNER, screens=screens), FIRST, ON, load_catalogue())


def change(block: BlockScreens, rule: str, side: Side | None = Side.LEFT) -> ChangeVerdict:
    found = [c for c in block.changes if c.change.rule == rule and c.change.side is side]
    assert len(found) == 1, [c.change.rule for c in block.changes]
    return found[0].verdict


def side(block: BlockScreens, region: Region, which: Side) -> Balance:
    (found,) = [s for s in block.sides if s.region is region and s.side is which]
    return found.balance


@pytest.mark.parametrize(
    ("left_after", "verdict"),
    [
        (9.8, ChangeVerdict.UNCHANGED),  # 1.8 cm: within the error
        (9.9, ChangeVerdict.UNCHANGED),  # 1.9 cm: exactly the error, no change
        (10.0, ChangeVerdict.IMPROVED),  # 2.0 cm: beyond it
    ],
)
def test_a_change_is_called_only_beyond_the_tests_measurement_error(
    left_after: float, verdict: ChangeVerdict
) -> None:
    block = compared(
        screen(FIRST - 10 * DAY, knee_to_wall=(8.0, 11.0)),
        screen(LATER, knee_to_wall=(left_after, 11.0)),
    )
    assert block.compared
    assert change(block, "knee_to_wall.restricted") is verdict


@pytest.mark.parametrize(
    ("left_after", "balance"),
    [
        (9.4, Balance.STILL),  # 1.6 cm shorter than the right: past the 1.5 cm cut-off
        (9.5, Balance.RESTORED),  # 1.5 cm: at the cut-off, no need (the 10 cm norm is unverified)
    ],
)
def test_balance_is_restored_when_the_first_screens_need_is_gone(
    left_after: float, balance: Balance
) -> None:
    block = compared(
        screen(FIRST - 10 * DAY, knee_to_wall=(8.0, 11.0)),
        screen(LATER, knee_to_wall=(left_after, 11.0)),
    )
    assert side(block, Region.FOOT_ANKLE, Side.LEFT) is balance
    assert side(block, Region.FOOT_ANKLE, Side.RIGHT) is Balance.BALANCED
    assert side(block, Region.HIP, Side.LEFT) is Balance.BALANCED


def test_a_worse_value_beyond_the_error_is_worse_and_a_new_need_is_new() -> None:
    block = compared(
        screen(FIRST - 10 * DAY, knee_to_wall=(11.0, 11.0)),
        screen(LATER, knee_to_wall=(8.9, 11.0)),  # 2.1 cm worse, and 2.1 cm shorter than the right
    )
    assert change(block, "knee_to_wall.restricted") is ChangeVerdict.WORSE
    assert side(block, Region.FOOT_ANKLE, Side.LEFT) is Balance.NEW


@pytest.mark.parametrize("left_after", [24.0, 31.0, 40.0])
def test_without_a_published_error_no_difference_is_called_a_change(left_after: float) -> None:
    """Within the design margin or far beyond it: "no measurement error known", never improved."""
    block = compared(
        screen(FIRST - 10 * DAY, hip_internal_rotation=(20.0, 35.0)),
        screen(LATER, hip_internal_rotation=(left_after, 35.0)),
    )
    assert change(block, "hip_internal_rotation.limited") is ChangeVerdict.NO_KNOWN_ERROR
    assert not any(c.counted for c in block.changes)


def test_a_test_not_measured_again_is_not_called_unchanged() -> None:
    """A re-screen of the ankles keeps the hip's old values: they are not measured again."""
    first = screen(FIRST - 10 * DAY, knee_to_wall=(8.0, 11.0), hip_internal_rotation=(20.0, 35.0))
    ankles = Screen(RUNNER, LATER, (Measure("knee_to_wall", Side.LEFT, 10.5),
                                    Measure("knee_to_wall", Side.RIGHT, 11.0)))  # fmt: skip
    block = compared(first, ankles)
    assert change(block, "hip_internal_rotation.limited") is ChangeVerdict.NOT_MEASURED
    assert change(block, "knee_to_wall.restricted") is ChangeVerdict.IMPROVED


def test_the_first_screen_is_the_one_in_force_when_the_block_began() -> None:
    old = screen(FIRST - 60 * DAY, knee_to_wall=(6.0, 11.0))
    start = screen(FIRST, knee_to_wall=(8.0, 11.0))  # on the first day: in force
    block = compared(old, start, screen(LATER, knee_to_wall=(9.9, 11.0)))
    assert block.first is not None and block.first.date == FIRST
    assert change(block, "knee_to_wall.restricted") is ChangeVerdict.UNCHANGED


def test_with_no_screen_before_the_block_its_first_screen_is_the_start() -> None:
    block = compared(screen(FIRST + DAY, knee_to_wall=(8.0, 11.0)),
                     screen(LATER, knee_to_wall=(10.0, 11.0)))  # fmt: skip
    assert block.first is not None and block.first.date == FIRST + DAY
    assert change(block, "knee_to_wall.restricted") is ChangeVerdict.IMPROVED


@pytest.mark.parametrize("days", [(), (FIRST - 5 * DAY,), (LATER,)])
def test_one_screen_or_none_is_no_comparison(days: tuple[dt.date, ...]) -> None:
    block = compared(*(screen(d, knee_to_wall=(8.0, 11.0)) for d in days))
    assert not block.compared
    assert block.changes == ()
    assert (block.latest is None) == (not days)


def test_pain_weeks_keep_a_week_without_answers_apart_from_a_week_without_pain() -> None:
    history = History(
        RUNNER,
        runs=(
            run(ON - 20 * DAY, 5, during=0, after=0),  # answered: no pain
            run(ON - 6 * DAY, 5, during=2, after=4, site="knee"),
        ),
        reports=(PainReport(ON - 2 * DAY, 3.0, "shin", None),),
    )
    weeks = pain_weeks(history, ON, 4)
    assert [w.first for w in weeks] == [ON - 28 * DAY, ON - 21 * DAY, ON - 14 * DAY, ON - 7 * DAY]
    assert [w.peak for w in weeks] == [None, 0.0, None, 4.0]
    assert weeks[3].sites == (("knee", 4.0), ("shin", 3.0))
    assert [w.answers for w in weeks] == [0, 1, 0, 2]
