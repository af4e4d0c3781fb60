"""The technique gate: locked with what is missing, or unlocked with cadence relative to the runner."""

from __future__ import annotations

from typing import Any

import pytest

from insideout.core.advise import Phase
from insideout.core.screen import Screen
from tests.advice_builders import DAY, ON, advice, history, run, screen, sessions, week_runs


def ready(
    *,
    screen_days: int = 30,
    strength_weeks: int = 6,
    screens: list[Any] | None = None,
    extra_runs: list[Any] | None = None,
    cadence: float | None = 160,
) -> Any:
    """A runner who meets every condition unless told otherwise."""
    runs = week_runs(ON, [20, 20, 17, 20, 20], cadence=cadence) + (extra_runs or [])
    return history(
        runs,
        screens=screens or [screen(ON - screen_days * DAY)],
        strength=sessions(ON, strength_weeks),
    )


def test_a_runner_who_meets_every_condition_unlocks_technique() -> None:
    a = advice(ready())
    assert a.technique.unlocked and a.technique.missing == ()
    assert a.phase is Phase.TECHNIQUE
    p = a.technique.prescription
    assert p is not None
    assert p.baseline_spm == 160
    assert (p.target_low_spm, p.target_high_spm) == (168, 176)  # +5% and +10% of her own
    assert "180" in p.text and "EV-TECH-180-VERDICT" in p.text
    assert p.drills and "EV-TECH-DRILLS" in p.evidence
    assert "(EV-TECH-DRILLS, status U)" in p.text, "drills rest on convention, and say so"


LOCKS = [
    # (what changes, words in the missing list)
    (dict(screen_days=85), "screen no older than 84 days"),
    (dict(strength_weeks=5), "6 weeks in a row with at least 2 strength sessions (5 so far)"),
    (dict(screens=[screen(ON - 30 * DAY, knee_to_wall=(7, 12))]), "left foot/ankle needs more mobility"),
    (dict(extra_runs=[run(ON - 10 * DAY, 3, during=6, site="knee")]), "14 days without a pain-rule breach"),
]  # fmt: skip


@pytest.mark.parametrize(("change", "words"), LOCKS)
def test_each_unmet_condition_locks_the_gate_and_says_what_is_missing(
    change: dict[str, Any], words: str
) -> None:
    a = advice(ready(**change))
    assert not a.technique.unlocked
    assert a.technique.prescription is None
    assert any(words in m for m in a.technique.missing), a.technique.missing
    locked = [d for d in a.decisions if d.rule.startswith("gate.") and d.verdict.value == "lock"]
    assert {d.rule for d in locked} >= {"gate.technique"}
    assert "design choice" in next(d for d in locked if d.rule == "gate.technique").text


@pytest.mark.parametrize(("days", "unlocked"), [(84, True), (85, False)])
def test_the_screen_may_be_twelve_weeks_old_and_no_more(days: int, unlocked: bool) -> None:
    assert advice(ready(screen_days=days)).technique.unlocked is unlocked


def test_a_weak_finding_on_one_screen_trains_but_does_not_lock() -> None:
    s = screen(ON - 30 * DAY, y_balance_anterior=(62, 67))  # 5 cm: a weak rule (EV-WEAK-GATES)
    a = advice(ready(screens=[s]))
    assert a.technique.unlocked
    needs = next(d for d in a.decisions if d.rule == "gate.needs")
    assert "not locking" in needs.text and "y_balance_anterior.asymmetry" in needs.text


def test_a_weak_finding_confirmed_by_a_second_screen_locks() -> None:
    first = screen(ON - 70 * DAY, y_balance_anterior=(62, 67))
    second = screen(ON - 30 * DAY, y_balance_anterior=(62, 67))
    a = advice(ready(screens=[first, second]))
    assert not a.technique.unlocked
    assert any("two screens in a row" in m for m in a.technique.missing)


def test_an_unmeasured_region_locks_until_it_is_measured() -> None:
    s = screen(ON - 30 * DAY)
    partial = Screen(s.runner, s.date, tuple(m for m in s.measures if m.test != "side_plank"))
    a = advice(ready(screens=[partial]))
    assert not a.technique.unlocked
    assert any("side_plank" in m for m in a.technique.missing)


def test_without_step_rate_data_the_prescription_asks_to_record_it() -> None:
    a = advice(ready(cadence=None))
    p = a.technique.prescription
    assert a.technique.unlocked and p is not None
    assert p.baseline_spm is None and "Record your step rate" in p.text


def test_unlocking_leaves_every_guard_in_force() -> None:
    a = advice(ready())
    rules = {d.rule for d in a.decisions}
    assert {"pain.during", "pain.morning", "pain.week_rise", "red_flags"} <= rules
    assert {"plan.weekly_cap", "plan.long_run", "programme.sessions"} <= rules
    assert len(a.foundation.sessions) >= 2


def test_an_unverified_cut_off_never_lifts_a_supporting_finding_into_a_lock() -> None:
    # Hip IR 20 degrees is a supporting finding (poor reliability: not alone, EV-HIPROT-REL); the
    # only other hip finding is an 11 degree ER difference, whose 10 degree cut-off is status U.
    s = screen(ON - 30 * DAY, hip_internal_rotation=(20, 35), hip_external_rotation=(31, 42))
    a = advice(ready(screens=[s]))
    assert a.technique.unlocked, a.technique.missing
    hip = next(r for r in a.profile.regions if r.region.value == "hip" and r.side.value == "left")
    assert hip.counted == ()
    assert "alone does not move this need" in hip.reason


def test_a_verified_agreeing_test_still_lifts_a_supporting_finding() -> None:
    # the same hip IR finding with a verified mobility finding in the hip: it counts and locks
    s = screen(ON - 30 * DAY, hip_internal_rotation=(20, 35), hip_external_rotation=(29.9, 40))
    a = advice(ready(screens=[s]))
    assert not a.technique.unlocked
    assert any("left hip needs more mobility" in m for m in a.technique.missing)


def test_a_supporting_finding_no_test_agrees_with_locks_nothing_beside_a_weak_one() -> None:
    # Thomas (supporting only, a mobility finding) and a hop LSI of 85% (weak, one screen): the
    # hip's need is stability from the hop alone, trained but not locking; Thomas counts for nothing.
    s = screen(ON - 30 * DAY, thomas_test=(5, -12), single_leg_hop=(153, 180))
    a = advice(ready(screens=[s]))
    assert a.technique.unlocked, a.technique.missing
    needs = next(d for d in a.decisions if d.rule == "gate.needs")
    assert "single_leg_hop.asymmetry" in needs.text and "thomas_test" not in needs.text


def test_a_lock_on_both_needs_says_mobility_and_stability() -> None:
    s = screen(ON - 30 * DAY, knee_to_wall=(7, 12), calf_raise=(10, 25))
    a = advice(ready(screens=[s]))
    assert any("left foot/ankle needs more mobility and stability" in m
               for m in a.technique.missing), a.technique.missing  # fmt: skip


def test_a_reach_waiting_for_a_restricted_ankle_locks_as_the_ankles_mobility() -> None:
    s = screen(ON - 30 * DAY, knee_to_wall=(8, 12), y_balance_anterior=(60, 65))
    a = advice(ready(screens=[s]))
    assert not a.technique.unlocked
    assert any("left foot/ankle needs more mobility (knee_to_wall.asymmetry)" in m
               for m in a.technique.missing), a.technique.missing  # fmt: skip
    assert not any("stability" in m for m in a.technique.missing)


@pytest.mark.parametrize(("left", "right"), [(3, 1), (2, 0), (3, 0)])
def test_a_step_down_side_difference_trains_on_one_screen_without_locking(
    left: int, right: int
) -> None:
    # evidence.md §5 item 3: a step-down score of 3 or less passes the gate; the one-sided fault
    # (§1.7) is trained, and locks only when the next screen finds it too (IO-LSD-GATE)
    s = screen(ON - 30 * DAY, single_leg_squat=(left, right))
    a = advice(ready(screens=[s]))
    assert a.technique.unlocked, a.technique.missing
    needs = next(d for d in a.decisions if d.rule == "gate.needs")
    assert "single_leg_squat.asymmetry" in needs.text and "IO-LSD-GATE" in needs.text
    hip = next(r for r in a.profile.regions if r.region.value == "hip" and r.side.value == "left")
    assert hip.need.value == "stability"  # the profile still says what to train


def test_a_step_down_side_difference_found_twice_locks() -> None:
    first = screen(ON - 70 * DAY, single_leg_squat=(3, 1))
    second = screen(ON - 30 * DAY, single_leg_squat=(3, 1))
    a = advice(ready(screens=[first, second]))
    assert not a.technique.unlocked
    assert any("single_leg_squat.asymmetry found on two screens in a row" in m
               for m in a.technique.missing), a.technique.missing  # fmt: skip


def test_a_poor_step_down_score_locks_at_once() -> None:
    a = advice(ready(screens=[screen(ON - 30 * DAY, single_leg_squat=(4, 4))]))
    assert not a.technique.unlocked
    assert any("single_leg_squat.poor" in m for m in a.technique.missing), a.technique.missing
