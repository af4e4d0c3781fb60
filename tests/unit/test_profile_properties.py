"""Properties of scoring over generated screens (hypothesis)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from insideout.catalogue import load_catalogue
from insideout.core import InputError, Need, Side, parse_screen, score
from insideout.core.profile import needs_of
from insideout.core.screen import RuleKind, ScreenTest

CAT = load_catalogue()
PROPS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def value_for(test: ScreenTest) -> st.SearchStrategy[float]:
    if test.integer:
        return st.integers(int(test.min_value), int(test.max_value)).map(float)
    return st.integers(int(test.min_value * 10), int(test.max_value * 10)).map(lambda v: v / 10)


@st.composite
def screens(draw: st.DrawFn, with_beighton: bool = True) -> dict[str, Any]:
    measures: list[dict[str, Any]] = []
    for test in CAT.enterable:
        if test.id == "beighton" and not with_beighton:
            continue
        sides = (Side.LEFT, Side.RIGHT) if test.per_side else (None,)
        for side in sides:
            if draw(st.booleans()):
                m: dict[str, Any] = {"test": test.id, "value": draw(value_for(test))}
                if side:
                    m["side"] = side.value
                if draw(st.integers(0, 9)) == 0:
                    m["pain"] = True
                measures.append(m)
    return {
        "runner": {
            "id": "r",
            "sex": draw(st.sampled_from(["female", "male", "unspecified"])),
            "birth_year": draw(st.one_of(st.none(), st.integers(1940, 2015))),
        },
        "date": "2026-03-02",
        "measures": measures,
    }


def mirrored(doc: dict[str, Any]) -> dict[str, Any]:
    swap = {"left": "right", "right": "left"}
    return doc | {
        "measures": [
            m | ({"side": swap[m["side"]]} if "side" in m else {}) for m in doc["measures"]
        ]
    }


@PROPS
@given(screens())
def test_swapping_left_and_right_mirrors_the_profile(doc: dict[str, Any]) -> None:
    a = score(parse_screen(doc, CAT), CAT)
    b = score(parse_screen(mirrored(doc), CAT), CAT)
    for r in a.regions:
        m = b.region(r.region, r.side.other)
        assert (r.need, r.missing) == (m.need, m.missing)
        assert sorted(f.rule for f in r.findings) == sorted(f.rule for f in m.findings)
    assert a.hypermobile == b.hypermobile


@PROPS
@given(screens(with_beighton=False), st.data())
def test_moving_a_measure_toward_its_norm_never_makes_a_need_worse(
    doc: dict[str, Any], data: st.DataObject
) -> None:
    runner = parse_screen(doc, CAT).runner
    age = runner.age_on(dt.date(2026, 3, 2))
    candidates = []
    for i, m in enumerate(doc["measures"]):
        test = CAT.tests[m["test"]]
        if m.get("pain") or m["value"] == test.pain_value:
            continue  # pain is recorded, not scored: it has no "toward the norm"
        for rule in test.rules:
            threshold = rule.threshold_for(runner.sex, age)
            if rule.kind is RuleKind.NORM and rule.op.holds(m["value"], threshold):
                candidates.append((i, threshold, test))
    if not candidates:
        return
    i, threshold, test = data.draw(st.sampled_from(candidates))
    old = doc["measures"][i]["value"]
    lo, hi = sorted((old, threshold))
    new = data.draw(st.floats(lo, hi, allow_nan=False))
    if test.integer:
        new = float(round(new))
    moved = doc | {"measures": [dict(m) for m in doc["measures"]]}
    moved["measures"][i]["value"] = new
    before = score(parse_screen(doc, CAT), CAT)
    after = score(parse_screen(moved, CAT), CAT)
    for r in before.regions:
        now = after.region(r.region, r.side)
        # the trained need (unverified findings included): a U cut-off gates nothing, so a U
        # finding moving away can unmask an asymmetry in ``need`` without anything getting worse
        assert needs_of(now.train) <= needs_of(r.train) or r.train is Need.UNKNOWN, (
            f"{test.id} {old}->{new}: {r.region} {r.side} {r.train} -> {now.train}"
        )


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
measure_like = st.fixed_dictionaries(
    {"test": st.sampled_from([*CAT.tests, "nope", ""]) | json_values},
    optional={
        "side": st.sampled_from(["left", "right", "up", None]) | json_values,
        "value": st.floats() | st.integers() | json_values,
        "pain": json_values,
    },
)


@PROPS
@given(
    st.fixed_dictionaries(
        {},
        optional={
            "runner": st.fixed_dictionaries(
                {"id": json_values}, optional={"sex": json_values, "birth_year": json_values}
            ),
            "date": st.dates().map(dt.date.isoformat) | json_values,
            "measures": st.lists(measure_like, max_size=8) | json_values,
        },
    )
)
def test_scoring_never_raises_anything_but_an_input_error(doc: dict[str, Any]) -> None:
    try:
        profile = score(parse_screen(doc, CAT), CAT)
    except InputError as e:
        assert e.issues and all(i.message for i in e.issues)
    else:
        assert len(profile.regions) == 8
