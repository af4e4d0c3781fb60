"""The programme targets what the screen found (METHOD step 2; evidence.md §1 mappings).

Each finding's test selects the exercise that trains what that test measured, on the side found,
from the first rung that targets it, on top of the maintenance dose (IO-PROG-TARGET). Values at a
cut-off are not findings; equal sides get no per-side extra.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
import yaml

from insideout.catalogue import CatalogueError
from insideout.catalogue.method import load_method
from insideout.core.programme import Prescription
from insideout.core.screen import Measure
from tests.advice_builders import DAY, ON, advice, history, run, screen, sessions, week_runs
from tests.unit.test_programme import copy_catalogue


def week(a: Any) -> dict[tuple[str, str | None], Prescription]:
    return {(p.exercise, p.side): p for p in a.foundation.sessions[0].exercises}


def ids(a: Any) -> set[str]:
    return {p.exercise for p in a.foundation.sessions[0].exercises}


def first_dose(exercise: str) -> tuple[int, int | None, int | None]:
    ex = load_method().exercises[exercise]
    return (ex.sets, ex.reps, ex.seconds)


def targeted(**sides: tuple[float, float]) -> Any:
    """Advice a week after a screen, no sessions done yet: every ladder at its first dose."""
    return advice(history(screens=[screen(ON - 7 * DAY, **sides)]))


# (screen test (left, right) found on the left, the exercise evidence.md §1 asks for)
FOUND = [
    # §1.2 heel raise: calf capacity -> single-leg calf raises (not a balance drill)
    ({"calf_raise": (10, 25)}, "single_calf_raise", "calf_raise"),
    # §1.8 single-leg bridge: posterior-chain strength -> single-leg bridge (not clamshells)
    ({"single_leg_bridge": (30, 45)}, "single_leg_glute_bridge", "single_leg_bridge"),
    # §1.5 ASLR, both low: posterior-chain mobility -> a hamstring stretch (not figure-four)
    ({"active_straight_leg_raise": (1, 3)}, "hamstring_strap_stretch", "active_straight_leg_raise"),
    # §1.4 Thomas (counted because hip ER agrees): hip flexors -> the hip-flexor stretch first
    ({"thomas_test": (1, -8), "hip_external_rotation": (25, 40)},
     "half_kneeling_hip_flexor_stretch", "thomas_test"),  # fmt: skip
    # §1.9 side plank: lateral trunk endurance -> the side plank on that side (not dead bugs)
    ({"side_plank": (56, 60)}, "side_plank_hold", "side_plank"),
    # §1.11 hop: single-leg power and landing control -> hop and stick
    ({"single_leg_hop": (134, 150)}, "hop_and_stick", "single_leg_hop"),
    # §1.1 knee-to-wall -> calf/ankle mobility; §1.10 balance -> balance; §1.7 step-down
    ({"knee_to_wall": (7, 12)}, "calf_wall_stretch", "knee_to_wall"),
    ({"single_leg_balance_eyes_closed": (3, 15)}, "single_leg_stand", "single_leg_balance_eyes_closed"),
    ({"single_leg_squat": (3, 1)}, "supported_single_leg_squat", "single_leg_squat"),
]  # fmt: skip


@pytest.mark.parametrize(("sides", "exercise", "test"), FOUND)
def test_a_finding_adds_the_exercise_that_trains_what_its_test_measured_on_its_side(
    sides: dict[str, tuple[float, float]], exercise: str, test: str
) -> None:
    a = targeted(**sides)
    p = week(a)[(exercise, "left")]
    assert (p.sets, p.reps, p.seconds) == first_dose(exercise)
    d = next(d for d in a.decisions if d.rule == f"programme.target.{test}.left")
    finding = next(f for f in a.profile.findings if f.test == test and f.side.value == "left")
    assert d.evidence == "IO-PROG-TARGET"
    for words in (finding.rule, finding.evidence, load_method().exercises[exercise].name):
        assert words in d.text
    # nothing for the side that was not found
    assert (exercise, "right") not in week(a) and (exercise, "both") not in week(a)


def test_the_calf_deficit_side_does_more_than_the_maintenance_dose() -> None:
    a = targeted(calf_raise=(10, 25))
    assert ("double_calf_raise", None) in week(a)  # every region keeps its maintenance
    assert ("single_calf_raise", "left") in week(a)  # and the left calf gets more
    assert "single_leg_stand" not in ids(a)


# (screen test at its cut-off (no finding), one past it (a finding on both sides))
BOUNDARY = [
    ("calf_raise", (15, 15), (14, 14), "single_calf_raise"),  # < 15 reps (IO-SLHR-LOW)
    ("single_leg_bridge", (20, 20), (19, 19), "single_leg_glute_bridge"),  # < 20 (EV-SLBR-BANDS)
    ("active_straight_leg_raise", (2, 2), (1, 1), "hamstring_strap_stretch"),  # FMS < 2
]


@pytest.mark.parametrize(("test", "at", "past", "exercise"), BOUNDARY)
def test_at_the_cut_off_nothing_is_added_and_past_it_both_sides_get_it_alike(
    test: str, at: tuple[float, float], past: tuple[float, float], exercise: str
) -> None:
    assert exercise not in ids(targeted(**{test: at}))
    a = targeted(**{test: past})
    assert [p.side for p in a.foundation.sessions[0].exercises if p.exercise == exercise] == [
        "both"
    ]


@pytest.mark.parametrize(
    ("sides", "exercise"),
    [
        ({"side_plank": (57, 60)}, "side_plank_hold"),  # LSI 95: inside 0.95-1.05
        ({"single_leg_hop": (135, 150)}, "hop_and_stick"),  # LSI 90: not under 90
        ({"thomas_test": (0, -8), "hip_external_rotation": (25, 40)},
         "half_kneeling_hip_flexor_stretch"),  # 0°: not above horizontal
        ({"calf_raise": (19, 25)}, "single_calf_raise"),  # 6 reps apart: not more than 6
    ],
)  # fmt: skip
def test_an_asymmetry_at_its_cut_off_adds_nothing(
    sides: dict[str, tuple[float, float]], exercise: str
) -> None:
    assert exercise not in ids(targeted(**sides))


def test_thomas_alone_is_supporting_and_adds_no_stretch() -> None:
    # EV-THOMAS-REL: low reliability, it counts only when another hip test agrees
    assert "half_kneeling_hip_flexor_stretch" not in ids(targeted(thomas_test=(5, -10)))


def test_hypermobility_turns_the_hamstring_stretch_into_hip_stability() -> None:
    plain = screen(ON - 7 * DAY, active_straight_leg_raise=(1, 3))
    lax = tuple(m if m.test != "beighton" else Measure("beighton", None, 7) for m in plain.measures)
    a = advice(history(screens=[dataclasses.replace(plain, measures=lax)]))
    assert "hamstring_strap_stretch" not in ids(a)  # EV-BEIGHTON-RULE: no end-range stretching
    assert ("clamshell", "left") in week(a)
    d = next(d for d in a.decisions if d.rule == "programme.target.active_straight_leg_raise.left")
    assert "beighton" in d.text and "no exercise targets" in d.text


def test_pain_at_the_knee_regresses_the_hop_work_to_the_single_leg_squat() -> None:
    h = history(
        week_runs(ON - 7 * DAY, [20, 20]) + [run(ON - 3 * DAY, 6, during=7, site="knee")],
        screens=[screen(ON - 7 * DAY, single_leg_hop=(134, 150))],
    )
    a = advice(h)
    assert ("box_single_leg_squat", "left") in week(a) and "hop_and_stick" not in ids(a)


def test_an_unverified_finding_trains_and_says_it_gates_nothing() -> None:
    a = targeted(single_leg_bridge=(19, 21))  # under 20 (EV-SLBR-BANDS, status U), no asymmetry
    assert ("single_leg_glute_bridge", "left") in week(a)
    d = next(d for d in a.decisions if d.rule == "programme.target.single_leg_bridge.left")
    assert "unverified" in d.text


def test_when_maintenance_reaches_the_targeted_exercise_the_found_side_keeps_its_own_dose() -> None:
    first = ON - 41 * 7 * DAY
    a = advice(history(screens=[screen(first, calf_raise=(10, 25))], strength=sessions(ON, 40)))
    calf = [p for p in a.foundation.sessions[0].exercises if "calf" in p.exercise]
    assert sorted((p.exercise, p.side) for p in calf) == [
        ("weighted_calf_raise", "left"),
        ("weighted_calf_raise", "right"),
    ]


# --- the catalogue: targets are validated at load -------------------------------------------------


def _index(doc: dict[str, Any], ex_id: str) -> int:
    return next(i for i, e in enumerate(doc["exercises"]) if e["id"] == ex_id)


def _change(root: Path, change: Any) -> None:
    doc = yaml.safe_load((root / "exercises.yaml").read_text())
    change(doc)
    (root / "exercises.yaml").write_text(yaml.safe_dump(doc, sort_keys=False))


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda d: d["exercises"][_index(d, "single_calf_raise")].update(targets=["sit_and_reach"]),
         ["single_calf_raise", "targets[0]", "unknown screen test"]),
        (lambda d: d["exercises"][_index(d, "single_calf_raise")].update(targets=["side_plank"]),
         ["single_calf_raise", "shares no region"]),
        (lambda d: d["exercises"][_index(d, "hamstring_strap_stretch")].update(targets=[]),
         ["hip x mobility", "target no screen test"]),
        (lambda d: d["exercises"][_index(d, "clamshell")].update(targets=["calf_raise"]),
         ["shares no region"]),
        (lambda d: d["exercises"][_index(d, "single_leg_deadlift_reach")].update(
            targets=["single_leg_bridge"]), ["'single_leg_bridge'", "two chains"]),
    ],
)  # fmt: skip
def test_a_broken_target_names_the_exercise(tmp_path: Path, change: Any, words: list[str]) -> None:
    root = copy_catalogue(tmp_path)
    _change(root, change)
    with pytest.raises(CatalogueError) as err:
        load_method(root)
    for w in words:
        assert w in str(err.value)


def test_every_test_with_a_training_rule_has_a_targeted_exercise() -> None:
    method = load_method()
    from insideout.catalogue import load_catalogue

    for test in load_catalogue().tests.values():
        if test.regions and any(r.need.value in ("mobility", "stability") for r in test.rules):
            assert any(t == test.id for t, _ in method.targeted), test.id


def test_a_reach_waiting_for_a_restricted_ankle_is_not_trained_until_the_re_test() -> None:
    # evidence.md §1.6: ankle mobility first, then re-test (EV-KTW-YBT): the left reach waits
    a = targeted(knee_to_wall=(8, 12), y_balance_anterior=(60, 65))
    sides = {(e, s) for e, s in week(a)}
    assert ("calf_wall_stretch", "left") in sides
    assert not any(e == "star_reach" for e, _ in sides), sides
    # the same reach on the other side (its ankle free) is trained there
    b = targeted(knee_to_wall=(8, 12), y_balance_anterior=(65, 60))
    assert ("star_reach", "right") in {(e, s) for e, s in week(b)}, week(b)


@pytest.mark.parametrize(
    ("flag", "no_impact"),
    [
        ("focal_bone_tenderness", True),  # bone-stress warnings (EV-BSI-SIGNS)
        ("pain_hopping", True),
        ("prior_bsi", True),
        ("limping", False),  # a stop, but not a bone-stress warning: the landing work may stay
    ],
)
def test_a_bone_stress_warning_stops_every_hop_until_cleared(flag: str, no_impact: bool) -> None:
    # evidence.md §4: any BSI warning feature -> stop running, no hop tests, refer
    runs = week_runs(ON, [20, 20, 20]) + [run(ON - 2 * DAY, 5, flags=[flag])]
    a = advice(history(runs, screens=[screen(ON - 7 * DAY, single_leg_hop=(134, 150))]))
    assert a.running.runs == ()
    hops = [p for s in a.foundation.sessions for p in s.exercises if p.exercise == "hop_and_stick"]
    assert (hops == []) is no_impact
    rules = {d.rule for d in a.foundation.decisions}
    assert ("programme.no_impact" in rules) is no_impact
    assert a.refer is not None
    assert ("no hop tests" in a.refer.words) is no_impact
    if no_impact:  # stepped back to its easier version on the side found, not dropped
        assert ("box_single_leg_squat", "left") in week(a)


def test_a_cleared_bone_stress_warning_lets_the_landing_work_back() -> None:
    from insideout.core.history import Clearance, ClearedBy

    runs = week_runs(ON, [20, 20, 20]) + [run(ON - 9 * DAY, 5, flags=["focal_bone_tenderness"])]
    h = history(runs, screens=[screen(ON - 7 * DAY, single_leg_hop=(134, 150))])
    cleared = dataclasses.replace(
        h, clearances=(Clearance(ON - 3 * DAY, ClearedBy.DOCTOR, "no BSI"),)
    )
    a = advice(cleared)
    assert ("hop_and_stick", "left") in week(a)
    assert "programme.no_impact" not in {d.rule for d in a.foundation.decisions}
