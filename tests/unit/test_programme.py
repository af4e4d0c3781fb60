"""The foundation programme: emphasis from the profile, dosage by rules in data, and the catalogue."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from insideout.catalogue import HERE, CatalogueError, load_catalogue
from insideout.catalogue.method import load_method
from insideout.core.programme import Dose, dose_at
from insideout.core.screen import Quality, Region
from tests.advice_builders import (
    DAY,
    ON,
    advice,
    decision,
    history,
    run,
    screen,
    sessions,
    verdicts,
    week_runs,
)


def exercises_of(a: Any) -> dict[str, str | None]:
    """Exercise id -> side, from the first session of the week (every session is the same)."""
    return {p.exercise: p.side for p in a.foundation.sessions[0].exercises}


EMPHASIS = [
    # (screen overrides (left, right), expected exercise -> side for the foot/ankle)
    ({}, {"double_calf_raise": None}),  # balanced: maintenance strength only
    ({"knee_to_wall": (7, 12)}, {"calf_wall_stretch": "left", "double_calf_raise": None}),
    ({"calf_raise": (10, 25)}, {"single_calf_raise": "left", "double_calf_raise": None}),
    (
        {"knee_to_wall": (7, 12), "calf_raise": (10, 25)},
        {"calf_wall_stretch": "left", "single_calf_raise": "left", "double_calf_raise": None},
    ),
    (
        {"knee_to_wall": (7, 7)},  # both sides restricted: one entry for both sides
        {"calf_wall_stretch": "both", "double_calf_raise": None},
    ),
]


@pytest.mark.parametrize(("overrides", "expected"), EMPHASIS)
def test_each_need_gets_its_emphasis_on_its_side(
    overrides: dict[str, tuple[float, float]], expected: dict[str, str | None]
) -> None:
    a = advice(history(screens=[screen(ON - 7 * DAY, **overrides)]))
    method = load_method()
    foot = {
        e: s
        for e, s in exercises_of(a).items()
        if method.exercises[e].regions[0] is Region.FOOT_ANKLE
    }
    assert foot == expected
    # every other region keeps its maintenance dose of strength
    for region in (Region.KNEE, Region.HIP, Region.TRUNK):
        assert method.ladders[(region, Quality.STRENGTH)][0] in exercises_of(a)


def test_an_open_need_asks_three_sessions_and_a_balanced_profile_two() -> None:
    need = advice(history(screens=[screen(ON - 7 * DAY, knee_to_wall=(7, 12))]))
    balanced = advice(history(screens=[screen(ON - 7 * DAY)]))
    assert len(need.foundation.sessions) == 3
    assert len(balanced.foundation.sessions) == 2
    assert decision(need, "programme.emphasis.foot_ankle.left").value == "mobility"


def test_sessions_fall_on_days_without_runs_when_there_are_some() -> None:
    a = advice(history(week_runs(ON, [20, 20, 20]), screens=[screen(ON - 7 * DAY)]))
    run_days = {r.date for r in a.running.runs}
    assert not run_days & {s.date for s in a.foundation.sessions}


def test_dosage_adds_reps_then_a_set_then_moves_to_the_progression() -> None:
    method = load_method()
    ladder = method.ladders[(Region.FOOT_ANKLE, Quality.MOBILITY)]
    steps = [dose_at(ladder, k, method) for k in range(10)]
    assert steps[:5] == [
        Dose("calf_wall_stretch", 2, None, 30),
        Dose("calf_wall_stretch", 2, None, 40),
        Dose("calf_wall_stretch", 2, None, 50),
        Dose("calf_wall_stretch", 2, None, 60),
        Dose("calf_wall_stretch", 3, None, 30),
    ]
    assert steps[8] == Dose("knee_to_wall_rocks", 2, 10, None)
    last = dose_at(ladder, 10_000, method)
    assert last.exercise == ladder[-1] and last.sets == method.exercises[ladder[-1]].max_sets


def test_each_week_with_two_sessions_moves_the_dosage_one_step() -> None:
    first = ON - 35 * DAY
    h = history(screens=[screen(first)], strength=sessions(ON, 5))
    a = advice(h)
    assert a.foundation.step == 5
    assert decision(a, "programme.dosage").verdict.value == "progress"
    assert exercises_of(a)["double_calf_raise"] is None
    calf = next(p for p in a.foundation.sessions[0].exercises if p.exercise == "double_calf_raise")
    assert (calf.sets, calf.reps) == (3, 12)  # 12,14,16,18,20 at 2 sets, then 3 x 12


def test_a_week_with_too_few_sessions_holds_the_dosage() -> None:
    h = history(screens=[screen(ON - 35 * DAY)], strength=sessions(ON - 7 * DAY, 4))
    a = advice(h)
    assert a.foundation.step == 4
    assert decision(a, "programme.dosage").verdict.value == "hold"


def test_pain_regresses_the_exercise_to_its_easier_version() -> None:
    h = history(
        week_runs(ON - 7 * DAY, [20, 20]) + [run(ON - 3 * DAY, 6, during=7, site="knee")],
        screens=[screen(ON - 84 * DAY)],
        strength=sessions(ON, 10),
    )
    a = advice(h)
    assert a.foundation.step == 10
    knee = load_method().ladders[(Region.KNEE, Quality.STRENGTH)]
    assert dose_at(knee, 10, load_method()).exercise == knee[1]
    assert knee[0] in exercises_of(a) and knee[1] not in exercises_of(a)
    assert verdicts(a)["programme.regress.knee"] == "cut"


def test_a_recovery_week_drops_a_set_but_keeps_the_sessions() -> None:
    h = history(
        week_runs(ON, [20, 21, 22, 23]), screens=[screen(ON - 63 * DAY)], strength=sessions(ON, 9)
    )
    a = advice(h)
    assert a.running.recovery_week
    assert len(a.foundation.sessions) >= 2
    method = load_method()
    ladder_of = {e: lad for lad in method.ladders.values() for e in lad}
    assert a.foundation.sessions[0].exercises
    for p in a.foundation.sessions[0].exercises:
        usual = dose_at(ladder_of[p.exercise], a.foundation.step, method)
        assert p.sets == max(1, usual.sets - 1)


@pytest.mark.parametrize(
    ("weeks_ago", "verdict"), [(3, None), (5, "progress"), (7, "hold")]
)  # fmt: skip
def test_the_programme_asks_for_a_re_screen_after_its_interval(
    weeks_ago: int, verdict: str | None
) -> None:
    a = advice(history(screens=[screen(ON - 7 * weeks_ago * DAY)]))
    assert verdicts(a).get("programme.rescreen") == verdict


# --- the catalogue -----------------------------------------------------------------------------


def test_every_region_and_quality_has_at_least_three_exercises() -> None:
    method = load_method()
    assert len(method.exercises) >= 36
    for region in Region:
        for quality in (Quality.MOBILITY, Quality.STABILITY, Quality.STRENGTH):
            count = sum(
                1 for e in method.exercises.values() if region in e.regions and e.quality is quality
            )
            assert count >= 3, (region, quality)


def test_every_exercise_is_complete_and_cites_known_evidence() -> None:
    register = load_catalogue().evidence
    method = load_method()
    for e in method.exercises.values():
        assert len(e.protocol) >= 3 and e.load
        assert e.evidence in register
        assert (e.reps is None) != (e.seconds is None)
        for other in (e.regression, e.progression):
            assert other is None or other in method.exercises


def test_every_setting_cites_a_known_evidence_id() -> None:
    register = load_catalogue().evidence
    method = load_method()
    cited = [
        ev
        for part in (method.pain, method.plan, method.programme, method.gate)
        for value in vars(part).values()
        if isinstance(ev := getattr(value, "evidence", None), str)
    ]
    assert len(cited) > 20, "the method's settings cite their evidence"
    assert all(ev in register for ev in cited), sorted(set(cited) - set(register))


def copy_catalogue(tmp_path: Path) -> Path:
    for name in ("plan.yaml", "exercises.yaml"):
        shutil.copy(HERE / name, tmp_path / name)
    return tmp_path


BROKEN = [
    # (file, change to the document, words the error must contain)
    ("exercises.yaml", lambda d: d["exercises"][3].pop("protocol"), ["exercises[3] (single_leg_stand)", "protocol"]),
    ("exercises.yaml", lambda d: d["exercises"][0].update(progression="nope"), ["exercises[0] (calf_wall_stretch).progression", "nope"]),
    ("exercises.yaml", lambda d: d["exercises"][0].update(evidence="EV-NOPE"), ["exercises[0] (calf_wall_stretch).evidence", "EV-NOPE"]),
    ("exercises.yaml", lambda d: d["exercises"][1]["dosage"].update(max_reps=2), ["exercises[1] (knee_to_wall_rocks) dosage", "max_reps"]),
    ("plan.yaml", lambda d: d["pain"]["during_max"].update(evidence="EV-NOPE"), ["pain.during_max.evidence", "EV-NOPE"]),
    ("plan.yaml", lambda d: d["plan"]["spike_ratio"].update(value=0.9), ["plan", "spike_ratio"]),
    ("plan.yaml", lambda d: d["gate"]["weak_tests"].append("sit_and_reach"), ["gate.weak_tests[6]", "sit_and_reach"]),
    ("plan.yaml", lambda d: d["gate"]["weak_evidence_for"].update(calf_raise="EV-WEAK-GATES"), ["gate.weak_evidence_for.calf_raise", "gate.weak_tests"]),
    ("plan.yaml", lambda d: d["gate"]["weak_evidence_for"].update(single_leg_squat="EV-NOPE"), ["gate.weak_evidence_for.single_leg_squat", "EV-NOPE"]),
    # a screen-only red flag no screening test raises could never be raised at all
    ("plan.yaml", lambda d: d["pain"]["screen_flags"].pop("beighton"), ["screen_only", "'beighton_pain'", "no pain.screen_flags test"]),
    # the rest-pain flag is raised from a pain report, so it cannot be screen-only
    ("plan.yaml", lambda d: (d["red_flags"][0].update(screen_only=True), d["pain"]["screen_flags"].update(beighton="night_pain")), ["red_flags[0].screen_only", "'night_pain'", "rest-pain"]),
]  # fmt: skip


@pytest.mark.parametrize(("name", "change", "words"), BROKEN)
def test_a_broken_method_file_names_the_file_entry_and_field(
    tmp_path: Path, name: str, change: Any, words: list[str]
) -> None:
    root = copy_catalogue(tmp_path)
    doc = yaml.safe_load((root / name).read_text())
    change(doc)
    (root / name).write_text(yaml.safe_dump(doc, sort_keys=False))
    with pytest.raises(CatalogueError) as err:
        load_method(root)
    message = str(err.value)
    assert name in message
    for w in words:
        assert w in message
