"""The catalogue files: complete, cited, and a broken file names the file, entry and field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from insideout.catalogue import HERE, CatalogueError, load_catalogue
from insideout.core import Catalogue

ISSUE_TEST_IDS = [
    "knee_to_wall",
    "calf_raise",
    "hip_internal_rotation",
    "hip_external_rotation",
    "active_straight_leg_raise",
    "thomas_test",
    "y_balance_anterior",
    "y_balance_posteromedial",
    "y_balance_posterolateral",
    "limb_length",
    "single_leg_squat",
    "single_leg_bridge",
    "side_plank",
    "single_leg_balance_eyes_closed",
    "single_leg_hop",
    "beighton",
]


def test_the_catalogue_holds_every_test_the_screen_promises(catalogue: Catalogue) -> None:
    assert set(ISSUE_TEST_IDS) <= {t.id for t in catalogue.enterable}


@pytest.mark.parametrize("test_id", ISSUE_TEST_IDS)
def test_each_test_is_complete_enough_to_follow_alone(catalogue: Catalogue, test_id: str) -> None:
    t = catalogue.tests[test_id]
    assert t.unit and t.equipment and len(t.protocol) >= 3 and t.evidence
    assert t.min_value < t.max_value
    assert t.per_side is (test_id != "beighton")
    assert t.rules or t.derived is not None or test_id == "limb_length", "a scored test has rules"
    for rule in t.rules:
        assert rule.evidence in catalogue.evidence and rule.error_evidence in catalogue.evidence


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    root = tmp_path / "catalogue"
    shutil.copytree(HERE, root, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return root


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_a_copy_of_the_catalogue_loads(copy: Path) -> None:
    assert set(load_catalogue(copy).tests) == set(load_catalogue().tests)


@pytest.mark.parametrize(
    ("file", "old", "new", "where", "says"),
    [
        (
            "screen/knee_to_wall.yaml",
            "evidence: EV-KTW-CUT-CM",
            "evidence: EV-NOPE",
            "rules[0].evidence",
            "unknown evidence id 'EV-NOPE'",
        ),
        (
            "screen/knee_to_wall.yaml",
            "    threshold: 10\n",
            "    threshold: ten\n",
            "rules.0.threshold",
            "valid number",
        ),
        ("screen/calf_raise.yaml", "unit: reps", "unit: [reps]", "unit", "valid string"),
        ("screen/beighton.yaml", "per_side: false", "per_side: maybe", "per_side", "boolean"),
        (
            "screen/knee_to_wall.yaml",
            "{Side} ankle: knee",
            "{Sid} ankle: knee",
            "rules[0].text",
            "bad placeholder",
        ),
        (
            "screen/side_plank.yaml",
            "range: {min: 0, max: 600}",
            "range: {min: 600, max: 0}",
            "range",
            "must be below",
        ),
        (
            "regions.yaml",
            "trunk: [side_plank]",
            "trunk: [side_planks]",
            "regions.trunk",
            "unknown test",
        ),
    ],
)
def test_a_broken_file_fails_at_load_naming_file_entry_and_field(
    copy: Path, file: str, old: str, new: str, where: str, says: str
) -> None:
    edit(copy / file, old, new)
    with pytest.raises(CatalogueError) as e:
        load_catalogue(copy)
    message = str(e.value)
    assert message.startswith(str(copy / file))
    assert where.replace("[", ".").replace("]", "") in message.replace("[", ".").replace("]", "")
    assert says in message


def test_a_file_that_is_not_yaml_is_named(copy: Path) -> None:
    (copy / "screen" / "calf_raise.yaml").write_text("id: [unclosed\n")
    with pytest.raises(CatalogueError, match="calf_raise.yaml: not valid YAML"):
        load_catalogue(copy)
