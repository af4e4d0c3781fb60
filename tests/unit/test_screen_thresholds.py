"""Every cut-off of the screen at its boundary: at the threshold, just below, just above.

The table is written out by hand (not read from the catalogue) so that changing a number in the
data is a visible decision that also changes this table.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from insideout.catalogue import load_catalogue
from insideout.core import Catalogue
from tests.builders import profile_of, screen_doc

L, R = "left", "right"

# (case id, measures, rule expected to fire or None, side it fires on, sex, birth year)
NORM_CASES = [
    ("ktw at 10 cm passes", [("knee_to_wall", L, 10.0)], None, None),
    ("ktw just below 10 fires", [("knee_to_wall", L, 9.9)], "knee_to_wall.restricted", L),
    ("ktw just above 10 passes", [("knee_to_wall", L, 10.1)], None, None),
    ("calf at 15 (female) passes", [("calf_raise", R, 15)], None, None),
    ("calf at 14 (female) fires", [("calf_raise", R, 14)], "calf_raise.low", R),
    ("calf at 16 (female) passes", [("calf_raise", R, 16)], None, None),
    ("hip IR at 25 passes", [("hip_internal_rotation", L, 25.0)], None, None),
    (
        "hip IR at 24.9 fires",
        [("hip_internal_rotation", L, 24.9)],
        "hip_internal_rotation.limited",
        L,
    ),
    ("hip IR at 25.1 passes", [("hip_internal_rotation", L, 25.1)], None, None),
    ("hip ER at 30 passes", [("hip_external_rotation", R, 30.0)], None, None),
    (
        "hip ER at 29.9 fires",
        [("hip_external_rotation", R, 29.9)],
        "hip_external_rotation.limited",
        R,
    ),
    ("hip ER at 30.1 passes", [("hip_external_rotation", R, 30.1)], None, None),
    ("aslr at 2 passes", [("active_straight_leg_raise", L, 2)], None, None),
    (
        "aslr at 1 fires",
        [("active_straight_leg_raise", L, 1)],
        "active_straight_leg_raise.limited",
        L,
    ),
    ("aslr at 3 passes", [("active_straight_leg_raise", L, 3)], None, None),
    ("thomas at 0 passes", [("thomas_test", L, 0.0)], None, None),
    ("thomas at 0.1 fires", [("thomas_test", L, 0.1)], "thomas_test.short_flexors", L),
    ("thomas at -0.1 passes", [("thomas_test", L, -0.1)], None, None),
    ("step-down 4 fires", [("single_leg_squat", R, 4)], "single_leg_squat.poor", R),
    ("step-down 3 passes", [("single_leg_squat", R, 3)], None, None),
    ("step-down 5 fires", [("single_leg_squat", R, 5)], "single_leg_squat.poor", R),
    ("bridge at 20 passes", [("single_leg_bridge", L, 20)], None, None),
    ("bridge at 19 fires", [("single_leg_bridge", L, 19)], "single_leg_bridge.low", L),
    ("bridge at 21 passes", [("single_leg_bridge", L, 21)], None, None),
]


@pytest.mark.parametrize(
    ("case", "measures", "rule", "side"), NORM_CASES, ids=[c[0] for c in NORM_CASES]
)
def test_a_norm_rule_fires_exactly_past_its_cut_off(
    catalogue: Catalogue, case: str, measures: list, rule: str | None, side: str | None
) -> None:
    fired = {
        (f.rule, f.side.value if f.side else None)
        for f in profile_of(catalogue, *measures).findings
    }
    assert fired == ({(rule, side)} if rule else set())


@pytest.mark.parametrize(
    ("sex", "value", "fires"),
    [
        ("male", 18, False),
        ("male", 17, True),
        ("male", 19, False),
        ("female", 15, False),
        ("female", 14, True),
        ("unspecified", 15, False),
        ("unspecified", 14, True),
        ("unspecified", 17, False),
    ],
)
def test_the_calf_raise_cut_off_depends_on_sex(
    catalogue: Catalogue, sex: str, value: int, fires: bool
) -> None:
    p = profile_of(catalogue, ("calf_raise", L, value), sex=sex)
    assert any(f.rule == "calf_raise.low" for f in p.findings) is fires


ASYM_CASES = [
    ("ktw diff 1.5 passes", "knee_to_wall", 12.0, 10.5, None),
    ("ktw diff 1.6 fires on the lower side", "knee_to_wall", 12.0, 10.4, R),
    ("ktw diff 1.4 passes", "knee_to_wall", 12.0, 10.6, None),
    ("calf LSI exactly 90 passes", "calf_raise", 70, 63, None),
    ("calf LSI under 90 and diff 8 fires", "calf_raise", 70, 62, R),
    ("calf LSI 88 but diff 6 passes", "calf_raise", 50, 44, None),
    ("calf LSI 86 and diff 7 fires", "calf_raise", 50, 43, R),
    ("aslr one point apart fires", "active_straight_leg_raise", 2, 3, L),
    ("aslr equal passes", "active_straight_leg_raise", 3, 3, None),
    ("thomas diff 10 passes", "thomas_test", -10.0, 0.0, None),
    ("thomas diff 10.5 fires on the higher thigh", "thomas_test", -10.0, 0.5, R),
    ("hip ER diff 10 passes", "hip_external_rotation", 45.0, 35.0, None),
    ("hip ER diff 10.5 fires", "hip_external_rotation", 45.0, 34.5, R),
    ("ybt anterior diff 4 passes", "y_balance_anterior", 60.0, 56.0, None),
    ("ybt anterior diff 4.1 fires", "y_balance_anterior", 60.0, 55.9, R),
    ("ybt posteromedial diff 4 fires", "y_balance_posteromedial", 96.0, 100.0, L),
    ("ybt posteromedial diff 3.9 passes", "y_balance_posteromedial", 96.1, 100.0, None),
    ("ybt posterolateral diff 4 passes", "y_balance_posterolateral", 96.0, 100.0, None),
    ("ybt posterolateral diff 4.5 fires", "y_balance_posterolateral", 95.5, 100.0, L),
    ("step-down 2 points worse fires", "single_leg_squat", 3, 1, L),
    ("step-down 1 point worse passes", "single_leg_squat", 2, 1, None),
    ("side plank ratio 0.95 passes", "side_plank", 100.0, 95.0, None),
    ("side plank ratio 0.94 fires", "side_plank", 100.0, 94.0, R),
    ("balance LSI 70 passes", "single_leg_balance_eyes_closed", 20.0, 14.0, None),
    ("balance LSI 65 and 7 s fires", "single_leg_balance_eyes_closed", 20.0, 13.0, R),
    ("balance LSI 60 but 4 s passes", "single_leg_balance_eyes_closed", 10.0, 6.0, None),
    ("hop LSI 90 passes", "single_leg_hop", 200.0, 180.0, None),
    ("hop LSI 89.5 fires", "single_leg_hop", 200.0, 179.0, R),
    ("bridge LSI 90 passes", "single_leg_bridge", 50, 45, None),
    ("bridge LSI 88 and 6 apart fires", "single_leg_bridge", 50, 44, R),
    ("bridge LSI 84 but 4 apart passes", "single_leg_bridge", 25, 21, None),
]


@pytest.mark.parametrize(
    ("case", "test", "left", "right", "side"), ASYM_CASES, ids=[c[0] for c in ASYM_CASES]
)
def test_an_asymmetry_rule_fires_exactly_past_its_cut_off_on_the_worse_side(
    catalogue: Catalogue, case: str, test: str, left: float, right: float, side: str | None
) -> None:
    p = profile_of(catalogue, (test, L, left), (test, R, right))
    fired = [(f.side.value if f.side else None) for f in p.findings if f.basis == "asymmetry"]
    assert fired == ([side] if side else [])


@pytest.mark.parametrize(
    ("reaches", "limb", "fires"),
    [
        ((100.0, 91.0, 91.0), 100.0, False),  # exactly 94%
        ((100.0, 91.0, 90.9), 100.0, True),  # just under
        ((100.0, 91.0, 91.1), 100.0, False),
        # whatever the decimals: (55 + 106.4 + 106.5) / 285 is 94.0 % exactly (not 93.99999...)
        ((55.0, 106.4, 106.5), 95.0, False),
        ((55.0, 106.4, 106.4), 95.0, True),  # 93.96 %
    ],
)
def test_the_y_balance_composite_is_judged_against_94_percent_of_limb_length(
    catalogue: Catalogue, reaches: tuple[float, float, float], limb: float, fires: bool
) -> None:
    ant, pm, pl = reaches
    p = profile_of(
        catalogue,
        ("y_balance_anterior", L, ant),
        ("y_balance_posteromedial", L, pm),
        ("y_balance_posterolateral", L, pl),
        ("limb_length", L, limb),
    )
    assert any(f.rule == "y_balance_composite.low" for f in p.findings) is fires


def test_the_composite_needs_the_limb_length(catalogue: Catalogue) -> None:
    p = profile_of(
        catalogue,
        ("y_balance_anterior", L, 10.0),
        ("y_balance_posteromedial", L, 10.0),
        ("y_balance_posterolateral", L, 10.0),
    )
    assert not any(f.test == "y_balance_composite" for f in p.findings)
    assert "limb_length" in p.missing


@pytest.mark.parametrize(
    ("birth_year", "score", "hypermobile"),
    [
        (1988, 5, True),
        (1988, 4, False),
        (1988, 6, True),  # age 38: cut-off 5
        (1976, 4, False),
        (1976, 5, True),  # age 50: still 5
        (1975, 4, True),
        (1975, 3, False),  # age 51: cut-off 4
        (2012, 5, False),
        (2012, 6, True),  # age 14: cut-off 6
        (None, 5, True),
        (None, 4, False),  # unknown age: the adult cut-off
    ],
)
def test_the_beighton_cut_off_follows_age(
    catalogue: Catalogue, birth_year: int | None, score: int, hypermobile: bool
) -> None:
    assert (
        profile_of(catalogue, ("beighton", None, score), birth_year=birth_year).hypermobile
        is hypermobile
    )


# Values a person types, whose difference or ratio floating point does not hold exactly
# (8.3 - 6.8 = 1.5000000000000009): at the cut-off they must be judged as at it, on every pair.
FLOAT_CASES = [
    ("ktw 8.3 vs 6.8 is exactly 1.5: passes", "knee_to_wall", 8.3, 6.8, None),
    ("ktw 8.8 vs 7.3 is exactly 1.5: passes", "knee_to_wall", 8.8, 7.3, None),
    ("ktw 16.1 vs 14.6 is exactly 1.5: passes", "knee_to_wall", 16.1, 14.6, None),
    ("ktw 8.4 vs 6.8 is 1.6: fires", "knee_to_wall", 8.4, 6.8, R),
    ("anterior 64.4 vs 60.4 is exactly 4: passes", "y_balance_anterior", 64.4, 60.4, None),
    ("posteromedial 64.1 vs 60.1 is exactly 4 (>= 4): fires", "y_balance_posteromedial",
     64.1, 60.1, R),
]  # fmt: skip


@pytest.mark.parametrize(
    ("case", "test", "left", "right", "side"), FLOAT_CASES, ids=[c[0] for c in FLOAT_CASES]
)
def test_a_difference_exactly_at_the_cut_off_is_at_it_whatever_the_decimals(
    catalogue: Catalogue, case: str, test: str, left: float, right: float, side: str | None
) -> None:
    p = profile_of(catalogue, (test, L, left), (test, R, right))
    fired = [(f.side.value if f.side else None) for f in p.findings if f.basis == "asymmetry"]
    assert fired == ([side] if side else [])


@given(left=st.integers(0, 250), right=st.integers(0, 250))
def test_the_knee_to_wall_asymmetry_fires_as_decimal_arithmetic_says(left: int, right: int) -> None:
    # tenths of a centimetre, as a tape measure is read; Decimal is the arithmetic on paper
    catalogue = load_catalogue()
    a, b = Decimal(left) / 10, Decimal(right) / 10
    p = profile_of(catalogue, ("knee_to_wall", L, float(a)), ("knee_to_wall", R, float(b)))
    fired = any(f.rule == "knee_to_wall.asymmetry" for f in p.findings)
    assert fired is (abs(a - b) > Decimal("1.5"))


@pytest.mark.parametrize(
    ("measure", "words"),
    [
        ({"test": "beighton", "value": 7, "pain": True}, "Pain during Beighton score"),
        ({"test": "knee_to_wall", "side": "left", "value": 9, "pain": True}, "(left side)"),
    ],
)
def test_pain_during_a_test_is_worded_for_its_side_or_for_none(
    catalogue: Catalogue, measure: dict[str, object], words: str
) -> None:
    from insideout.core import parse_screen, score

    doc = screen_doc()
    doc["measures"] = [measure]
    (pain,) = [f for f in score(parse_screen(doc, catalogue), catalogue).findings]
    assert words in pain.text and "(side)" not in pain.text
