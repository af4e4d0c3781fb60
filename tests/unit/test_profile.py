"""The balance profile: needs per region and side, hypermobility, pain, gaps, re-screens."""

from __future__ import annotations

import re
from typing import Any

import pytest

from insideout.core import Catalogue, Need, Region, Side, Verdict, compare, profile_dict
from tests.builders import profile_of

L, R = "left", "right"
COMPLETE = [
    ("knee_to_wall", L, 12.0),
    ("knee_to_wall", R, 12.0),
    ("calf_raise", L, 25),
    ("calf_raise", R, 25),
    ("single_leg_squat", L, 1),
    ("single_leg_squat", R, 1),
    ("y_balance_anterior", L, 65.0),
    ("y_balance_anterior", R, 65.0),
    ("hip_internal_rotation", L, 35.0),
    ("hip_internal_rotation", R, 35.0),
    ("hip_external_rotation", L, 40.0),
    ("hip_external_rotation", R, 40.0),
    ("thomas_test", L, -10.0),
    ("thomas_test", R, -10.0),
    ("single_leg_bridge", L, 28),
    ("single_leg_bridge", R, 28),
    ("side_plank", L, 60.0),
    ("side_plank", R, 60.0),
]


def with_(*changes: tuple[str, str | None, float]) -> list[tuple[str, str | None, float]]:
    keys = {(t, s) for t, s, _ in changes}
    return [m for m in COMPLETE if (m[0], m[1]) not in keys] + list(changes)


def test_a_fully_screened_balanced_runner_needs_nothing_anywhere(catalogue: Catalogue) -> None:
    p = profile_of(catalogue, *COMPLETE)
    assert {r.need for r in p.regions} == {Need.NONE}
    assert p.findings == ()


def test_a_restricted_ankle_needs_mobility_on_that_side_only(catalogue: Catalogue) -> None:
    p = profile_of(catalogue, *with_(("knee_to_wall", L, 7.5)))
    assert p.region(Region.FOOT_ANKLE, Side.LEFT).need is Need.MOBILITY
    assert p.region(Region.FOOT_ANKLE, Side.RIGHT).need is Need.NONE


def test_a_restricted_and_weak_ankle_needs_both(catalogue: Catalogue) -> None:
    p = profile_of(catalogue, *with_(("knee_to_wall", R, 7.5), ("calf_raise", R, 10)))
    assert p.region(Region.FOOT_ANKLE, Side.RIGHT).need is Need.BOTH


def test_missing_tests_make_a_quiet_region_unknown_and_say_which(catalogue: Catalogue) -> None:
    p = profile_of(catalogue, ("knee_to_wall", L, 12.0), ("knee_to_wall", R, 12.0))
    ankle = p.region(Region.FOOT_ANKLE, Side.LEFT)
    assert ankle.need is Need.UNKNOWN
    assert ankle.missing == ("calf_raise",)
    assert "calf_raise" in ankle.reason
    assert "calf_raise" in p.missing


def test_a_finding_sets_the_need_even_when_other_tests_are_missing(catalogue: Catalogue) -> None:
    p = profile_of(catalogue, ("knee_to_wall", L, 7.0), ("knee_to_wall", R, 12.0))
    ankle = p.region(Region.FOOT_ANKLE, Side.LEFT)
    assert ankle.need is Need.MOBILITY
    assert ankle.missing == ("calf_raise",)


def test_hypermobility_turns_restriction_into_a_stability_need_and_says_why(
    catalogue: Catalogue,
) -> None:
    p = profile_of(catalogue, *with_(("knee_to_wall", L, 7.5)), ("beighton", None, 6))
    assert p.hypermobile
    ankle = p.region(Region.FOOT_ANKLE, Side.LEFT)
    assert ankle.need is Need.STABILITY
    redirected = [f for f in ankle.findings if f.rule == "knee_to_wall.restricted"]
    assert redirected[0].redirected_by == "beighton.hypermobile"
    assert "hypermobility" in redirected[0].text
    assert not any(r.need in (Need.MOBILITY, Need.BOTH) for r in p.regions)


def test_below_the_beighton_cut_off_restriction_stays_a_mobility_need(catalogue: Catalogue) -> None:
    p = profile_of(catalogue, *with_(("knee_to_wall", L, 7.5)), ("beighton", None, 4))
    assert not p.hypermobile
    assert p.region(Region.FOOT_ANKLE, Side.LEFT).need is Need.MOBILITY


def test_pain_during_a_test_is_recorded_not_scored(catalogue: Catalogue) -> None:
    from insideout.core import parse_screen, score
    from tests.builders import screen_doc

    doc = screen_doc(*with_(("knee_to_wall", L, 7.5)))
    for m in doc["measures"]:
        if m["test"] == "knee_to_wall" and m["side"] == L:
            m["pain"] = True
    p = score(parse_screen(doc, catalogue), catalogue)
    kinds = {(f.rule, f.kind.value) for f in p.findings}
    assert ("knee_to_wall.pain", "pain") in kinds
    assert not any(f.rule == "knee_to_wall.restricted" for f in p.findings)
    assert not any(f.basis == "asymmetry" and f.test == "knee_to_wall" for f in p.findings)


def test_an_fms_score_of_zero_means_pain(catalogue: Catalogue) -> None:
    p = profile_of(
        catalogue, ("active_straight_leg_raise", L, 0), ("active_straight_leg_raise", R, 3)
    )
    assert [f.rule for f in p.findings] == ["active_straight_leg_raise.pain"]


def test_a_low_reliability_hip_finding_alone_does_not_move_the_hip_need(
    catalogue: Catalogue,
) -> None:
    p = profile_of(catalogue, *with_(("hip_internal_rotation", L, 20.0)))
    hip = p.region(Region.HIP, Side.LEFT)
    assert hip.need is Need.NONE
    assert sorted(f.rule for f in hip.findings) == [
        "hip_internal_rotation.asymmetry",
        "hip_internal_rotation.limited",
    ]
    assert "alone does not move" in hip.reason


def test_two_hip_tests_agreeing_move_the_hip_need(catalogue: Catalogue) -> None:
    p = profile_of(catalogue, *with_(("hip_internal_rotation", L, 20.0), ("thomas_test", L, 5.0)))
    assert p.region(Region.HIP, Side.LEFT).need is Need.MOBILITY


def test_every_finding_carries_rule_value_threshold_evidence_and_a_sentence(
    catalogue: Catalogue,
) -> None:
    p = profile_of(
        catalogue,
        *with_(("knee_to_wall", L, 7.5), ("calf_raise", R, 10), ("single_leg_squat", R, 5)),
    )
    doc = profile_dict(p)
    assert len(doc["findings"]) >= 3, "three rules fire in this screen"
    for f in doc["findings"]:
        assert set(f) >= {"rule", "test", "side", "value", "threshold", "kind", "evidence", "text"}
        assert f["evidence"] in catalogue.evidence
        assert f["text"].endswith(".")
    assert len(doc["profile"]) == 8  # four regions, two sides
    assert all(set(r) >= {"region", "side", "need", "findings"} for r in doc["profile"])


def test_a_rule_on_unverified_evidence_says_so_in_its_sentence(catalogue: Catalogue) -> None:
    p = profile_of(catalogue, ("knee_to_wall", L, 7.5), ("knee_to_wall", R, 7.5))
    text = next(f.text for f in p.findings if f.rule == "knee_to_wall.restricted")
    assert "unverified" in text and "EV-KTW-CUT-CM" in text


def test_no_sentence_tells_a_runner_they_will_get_hurt(catalogue: Catalogue) -> None:
    bad = re.compile(r"injur|risk|will get hurt|likely to", re.I)
    for test in catalogue.tests.values():
        for rule in test.rules:
            assert not bad.search(rule.text), rule.id


# --- re-screens ---------------------------------------------------------------------------------


def test_a_change_beyond_the_error_is_improved(catalogue: Catalogue) -> None:
    before = profile_of(catalogue, ("knee_to_wall", L, 7.0), ("knee_to_wall", R, 11.0))
    after = profile_of(
        catalogue, ("knee_to_wall", L, 9.5), ("knee_to_wall", R, 11.0), date="2026-04-20"
    )
    change = {c.rule: c for c in compare(after, before, catalogue)}
    assert change["knee_to_wall.restricted"].verdict is Verdict.IMPROVED  # +2.5 cm > 1.9 cm
    assert change["knee_to_wall.asymmetry"].verdict is Verdict.IMPROVED  # 4.0 -> 1.5 cm


def test_crossing_the_cut_off_within_the_error_is_unchanged(catalogue: Catalogue) -> None:
    before = profile_of(catalogue, ("knee_to_wall", L, 9.0), ("knee_to_wall", R, 9.0))
    after = profile_of(
        catalogue, ("knee_to_wall", L, 10.5), ("knee_to_wall", R, 9.0), date="2026-04-20"
    )
    c = next(
        c
        for c in compare(after, before, catalogue)
        if c.rule == "knee_to_wall.restricted" and c.side is Side.LEFT
    )
    assert (c.was_finding, c.is_finding, c.verdict) == (True, False, Verdict.UNCHANGED)
    assert "within the measurement error" in c.text


@pytest.mark.parametrize(
    ("after", "verdict"),
    [
        (5.0, Verdict.WORSE),
        (5.1, Verdict.UNCHANGED),
        (8.9, Verdict.UNCHANGED),
        (9.0, Verdict.IMPROVED),
    ],
)
def test_the_error_boundary_decides_the_verdict(
    catalogue: Catalogue, after: float, verdict: Verdict
) -> None:
    before = profile_of(catalogue, ("knee_to_wall", L, 7.0))
    now = profile_of(catalogue, ("knee_to_wall", L, after), date="2026-04-20")
    (c,) = [c for c in compare(now, before, catalogue) if c.rule == "knee_to_wall.restricted"]
    assert c.verdict is verdict


def test_a_lower_is_better_test_improves_when_its_score_falls(catalogue: Catalogue) -> None:
    before = profile_of(catalogue, ("single_leg_squat", R, 5))
    after = profile_of(catalogue, ("single_leg_squat", R, 2), date="2026-04-20")
    (c,) = [c for c in compare(after, before, catalogue) if c.rule == "single_leg_squat.poor"]
    assert c.verdict is Verdict.IMPROVED


@pytest.mark.parametrize(
    ("test", "before", "after", "margin"),
    [
        ("hip_external_rotation", 25.0, 31.0, True),  # no published error (EV-NO-ERR)
        ("single_leg_bridge", 15, 22, True),
        ("single_leg_squat", 5, 2, True),  # ordinal: no published smallest change
        ("knee_to_wall", 7.0, 9.5, False),  # a published error (EV-KTW-MDC)
    ],
)
def test_a_change_judged_by_our_margin_says_it_is_ours_not_a_published_error(
    catalogue: Catalogue, test: str, before: float, after: float, margin: bool
) -> None:
    was = profile_of(catalogue, (test, L, before), (test, R, before))
    now = profile_of(catalogue, (test, L, after), (test, R, after), date="2026-04-20")
    changes = [c for c in compare(now, was, catalogue) if c.side is Side.LEFT]
    assert changes
    for c in changes:
        assert ("our design margin" in c.text) is margin, c.text
        assert ("no published measurement error" in c.text) is margin
        assert ("the measurement error of" in c.text) is not margin


# --- a reach after a restricted ankle: ankle mobility first (evidence.md §1.6, EV-KTW-YBT) -------


def _need(p: Any, region: str, side: Side) -> str:
    return next(r.need.value for r in p.regions if r.region.value == region and r.side is side)


def test_a_reach_asymmetry_on_the_side_of_a_restricted_ankle_waits_for_the_ankle(
    catalogue: Catalogue,
) -> None:
    p = profile_of(
        catalogue,
        ("knee_to_wall", L, 8.0), ("knee_to_wall", R, 12.0),  # 4 cm: left ankle restricted
        ("y_balance_anterior", L, 60.0), ("y_balance_anterior", R, 65.0),  # 5 cm, left worse
    )  # fmt: skip
    reach = next(f for f in p.findings if f.rule == "y_balance_anterior.asymmetry")
    assert reach.side is Side.LEFT and reach.waits_for == "knee_to_wall"
    assert "treat that first and re-test" in reach.text and "EV-KTW-YBT" in reach.text
    assert _need(p, "foot_ankle", Side.LEFT) == "mobility"  # not "both"
    assert _need(p, "knee", Side.LEFT) != "stability"


def test_a_reach_asymmetry_on_the_other_side_is_a_stability_need_as_ever(
    catalogue: Catalogue,
) -> None:
    p = profile_of(
        catalogue,
        ("knee_to_wall", L, 8.0), ("knee_to_wall", R, 12.0),  # left ankle restricted
        ("y_balance_anterior", L, 65.0), ("y_balance_anterior", R, 60.0),  # right reach worse
    )  # fmt: skip
    reach = next(f for f in p.findings if f.rule == "y_balance_anterior.asymmetry")
    assert reach.side is Side.RIGHT and reach.waits_for is None
    assert _need(p, "knee", Side.RIGHT) == "stability"


def test_an_ankle_within_its_cut_offs_lets_the_reach_count(catalogue: Catalogue) -> None:
    # knee-to-wall 10.5 vs 12: a 1.5 cm difference is at the cut-off (> 1.5 fires), not a deficit
    p = profile_of(
        catalogue,
        ("knee_to_wall", L, 10.5), ("knee_to_wall", R, 12.0),
        ("y_balance_anterior", L, 60.0), ("y_balance_anterior", R, 65.0),
    )  # fmt: skip
    reach = next(f for f in p.findings if f.rule == "y_balance_anterior.asymmetry")
    assert reach.waits_for is None
    assert _need(p, "foot_ankle", Side.LEFT) == "stability"


def test_a_waiting_reach_is_said_to_wait_in_its_regions_reason(catalogue: Catalogue) -> None:
    p = profile_of(
        catalogue,
        ("knee_to_wall", L, 8.0), ("knee_to_wall", R, 12.0),
        ("y_balance_anterior", L, 60.0), ("y_balance_anterior", R, 65.0),
    )  # fmt: skip
    knee = next(r for r in p.regions if r.region is Region.KNEE and r.side is Side.LEFT)
    assert "y_balance_anterior.asymmetry waits for knee_to_wall" in knee.reason
    assert "none fired" not in knee.reason
