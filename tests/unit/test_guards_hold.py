"""Every guard holds, at its boundary (issue 12): each case derived from evidence.md, its id named.

The histories enter through the same door as ``insideout advise`` (a JSON dict, parsed, advised).
"""

from __future__ import annotations

from typing import Any

import pytest

from insideout.core import InputError, Phase
from insideout.core.plan import Mode
from tests.history_docs import (
    CATALOGUE,
    EPS,
    METHOD,
    ON,
    advise_doc,
    assert_stopped,
    calm,
    day,
    decision,
    doc,
    measures,
    planned_longest,
    ready,
    report,
    run,
    screen,
    strength,
    verdicts,
    weeks,
)

# --- red flags stop until someone qualified clears them ---------------------------------------


@pytest.mark.parametrize("days_ago", [1, 14, 15, 90, 400])
def test_a_bone_stress_sign_never_lapses_without_a_clearance(days_ago: int) -> None:
    """EV-BSI-SIGNS, evidence.md §4: any bone-stress warning means stop running and refer; the
    stop lasts until a clearance (IO-RED-FLAG-UNTIL-CLEARED), however long ago it was logged."""
    flagged = run(days_ago, 5, during=3, site="shin", flags=["focal_bone_tenderness"])
    a = advise_doc(calm([flagged], sessions=strength(6)))
    assert_stopped(a)
    d = decision(a, "red_flag.focal_bone_tenderness")
    assert "until a physiotherapist or a doctor has seen you" in d.text
    assert a.refer is not None and "does not end on its own" in a.refer.words  # what to do


@pytest.mark.parametrize(
    ("cleared_days_ago", "stops"),
    [
        (None, True),
        (21, True),
        (20, False),
        (5, False),
    ],  # flag 20 days ago; before it, on it, after
)
def test_a_physiotherapists_clearance_on_or_after_a_bone_sign_lifts_it(
    cleared_days_ago: int | None, stops: bool
) -> None:
    """IO-CLEARANCE: a clearance dated on or after the red flag ends the stop; one before it
    does not (EV-BSI-SIGNS)."""
    flagged = run(20, 5, flags=["pain_hopping"])
    clearances = []
    if cleared_days_ago is not None:
        clearances = [
            {"date": day(cleared_days_ago), "by": "physiotherapist", "reason": "assessed"}
        ]
    a = advise_doc(calm([flagged], clearances=clearances))
    assert (a.phase is Phase.STOP) is stops


@pytest.mark.parametrize(("by", "stops"), [("physiotherapist", True), ("doctor", False)])
def test_chest_pain_long_ago_waits_for_a_doctors_clearance_whoever_else_cleared(
    by: str, stops: bool
) -> None:
    """EV-RED-CARDIAC: medical clearance before further exercise; a physiotherapist's clearance
    does not lift a cardiac sign, and nothing lapses with time."""
    flagged = run(40, 5, flags=["chest_pain"])
    clearances = [{"date": day(30), "by": by, "reason": "seen"}]
    a = advise_doc(calm([flagged], clearances=clearances))
    assert (a.phase is Phase.STOP) is stops
    if stops:
        assert a.refer is not None and a.refer.cardiac
        assert a.foundation.sessions == ()  # all exercise waits for the doctor
        assert "until a doctor has seen you" in decision(a, "red_flag.chest_pain").text


# --- pain without a run -------------------------------------------------------------------------


@pytest.mark.parametrize(("pain", "stops"), [(1, False), (2, False), (3, True), (6, True)])
def test_pain_reported_without_a_run_is_rest_pain_from_three_of_ten(pain: int, stops: bool) -> None:
    """EV-BSI-SIGNS ("night or rest pain"), IO-PAIN-REST: pain reported on a day without a run is
    pain at rest; from 3/10 (above the 0-2 safe zone, EV-PAIN-MODEL-ZONES) it stops running and
    refers, as if the box had been ticked; below it, it still counts in the pain rules."""
    a = advise_doc(calm(reports=[report(2, pain, "shin")]))
    assert (a.phase is Phase.STOP) is stops
    if stops:
        d = decision(a, "red_flag.rest_pain")
        assert d.verdict.value == "stop" and "IO-PAIN-REST" in d.text
    else:
        # new pain at the shin: 2/10 is a rise of 2 on last week's 0 (EV-PAIN-MODEL-WEEK), 1 is not
        assert verdicts(a)["pain.week_rise"] == ("cut" if pain >= 2 else "progress")


def test_pain_reported_without_a_run_counts_in_the_during_limit() -> None:
    """EV-PAIN-MODEL-DURING: 6/10 is above the 5/10 limit, whether felt on a run or reported on its
    own; a clearance lifts the stop but never the cut (IO-CLEARANCE)."""
    clearances = [{"date": day(1), "by": "doctor", "reason": "no bone stress injury"}]
    a = advise_doc(calm(reports=[report(2, 6, "knee")], clearances=clearances))
    assert a.phase is not Phase.STOP
    assert verdicts(a)["pain.during"] == "cut"
    assert a.running.mode is Mode.CUT
    assert "without a run" in decision(a, "pain.during").text


@pytest.mark.parametrize(("days_apart", "persists"), [(14, False), (16, True)])
def test_pain_reports_extend_a_persisting_episode(days_apart: int, persists: bool) -> None:
    """IO-PAIN-PERSIST: pain reported at one site over more than 14 days refers, reports counted
    like runs (a report of 2/10, below the rest-pain level, so only persistence decides)."""
    reports = [report(d, 2, "knee") for d in range(days_apart, 0, -4)] + [report(1, 2, "knee")]
    reports.sort(key=lambda r: r["date"])
    unanswered = weeks([20, 20, 20, 20], during=None, after=None, morning=None)  # not asked
    a = advise_doc(doc(unanswered, screens=[screen(30)], sessions=strength(6), reports=reports))
    assert ("pain.persist" in verdicts(a)) is persists


# --- new pain is rising pain ------------------------------------------------------------------


@pytest.mark.parametrize(("pain", "rising"), [(1, False), (2, True), (3, True)])
def test_new_pain_counts_as_a_rise_from_zero(pain: int, rising: bool) -> None:
    """EV-PAIN-MODEL-WEEK, IO-PAIN-WEEK-RISE: a site with no pain last week had 0, so a rise of 2
    points (EV-PAIN-MCID) or more at a new site is rising pain, and technique stays locked."""
    runs = [run(d, 6, during=pain, site="knee") for d in (6, 4, 2)]
    a = advise_doc(ready(extra_runs=runs))
    assert (verdicts(a)["pain.week_rise"] == "cut") is rising
    if rising:
        assert not a.technique.unlocked


# --- a spike is never the base ----------------------------------------------------------------


def test_the_reference_week_decision_names_the_week_and_the_spike_it_left_out() -> None:
    """IO-PLAN-ABSORBED (EV-LOAD-WEEK30, EV-F-SPIKE): the decision says which week the plan grows
    from and that the week that broke the cap is not it."""
    runs = weeks([20, 20, 20], end=7) + [run(6, 7), run(4, 7), run(2, 42.2, minutes=240)]
    a = advise_doc(doc(runs, screens=[screen(30)], sessions=strength(6)))
    d = decision(a, "plan.reference_week")
    assert d.value == pytest.approx(20, abs=0.01)
    assert "broke the cap" in d.text
    assert a.running.planned_km <= 20 + EPS  # held: last week broke the weekly cap
    assert planned_longest(a) <= 20 / 3 * METHOD.plan.spike_ratio.value + EPS
    spike = decision(a, "plan.spike")
    assert spike.verdict.value == "hold" and spike.evidence == "EV-LOAD-SPIKE-LARGE"


@pytest.mark.parametrize(("last", "kept"), [(22.0, True), (22.2, False)])
def test_a_week_up_10_percent_is_a_reference_and_11_percent_is_not(last: float, kept: bool) -> None:
    """IO-PLAN-WEEKLY-CAP at its boundary: +10% on the reference week keeps within the cap and is
    the next reference; +11% holds this week and the plan grows from the week before."""
    a = advise_doc(doc(weeks([20, 20, 20, last]), screens=[screen(40)], sessions=strength(6)))
    assert verdicts(a)["plan.weekly_change"] == ("progress" if kept else "hold")
    ref = decision(a, "plan.reference_week").value
    assert ref == pytest.approx(last if kept else 20, abs=0.01)
    assert a.running.planned_km <= ref * 1.10 + EPS


def test_a_spike_repeated_once_is_still_not_absorbed_in_a_week_that_broke_the_cap() -> None:
    """IO-PLAN-ABSORBED: the second 20 km run of an 80 km week is within 110% of the first, but the
    week broke the weekly cap, so neither is a reference for the long run."""
    runs = weeks([20, 20, 20], end=7) + [run(6, 20), run(4, 20), run(2, 20)]
    a = advise_doc(doc(runs, screens=[screen(30)], sessions=strength(6)))
    assert planned_longest(a) <= 20 / 3 * METHOD.plan.spike_ratio.value + EPS


# --- impossible runs ------------------------------------------------------------------------


PACES = [
    # (km, minutes, refused): IO-RUN-PACE, world records (World Athletics)
    (42.195, 120.58, True),  # just under the marathon record, 2:00:35
    (42.195, 120.6, False),  # just over it
    (5, 12.5, True),  # under the 5000 m record, 12:35.36
    (5, 12.6, False),
    (7, 17.6, True),  # a 7 km run is held to the 5 km record's pace (17.625 min)
    (7, 17.7, False),
    (3.9, 120, False),  # 1.95 km/h for exactly two hours: a slow walk with stops
    (3.9, 121, True),  # slower than 2 km/h for more than two hours
    (4.1, 121, False),
    (500, 30, True),
]


@pytest.mark.parametrize(("km", "minutes", "refused"), PACES)
def test_a_run_faster_than_the_world_record_or_slower_than_walking_for_hours_is_refused(
    km: float, minutes: float, refused: bool
) -> None:
    raw = calm([run(2, km, minutes=minutes)])
    if not refused:
        advise_doc(raw)
        return
    with pytest.raises(InputError) as err:
        advise_doc(raw)
    issue = next(i for i in err.value.issues if "impossible pace" in i.message)
    assert issue.where.startswith("runs[") and "IO-RUN-PACE" in issue.message


def test_a_cadence_in_strides_per_minute_is_refused_with_what_to_do() -> None:
    """EV-TECH-FIT-SPM: a running cadence under about 120 is strides per minute (one foot)."""
    with pytest.raises(InputError) as err:
        advise_doc(calm([run(2, 5, cadence=84)]))
    assert any("double it" in i.message for i in err.value.issues)
    advise_doc(calm([run(2, 5, cadence=168)]))


# --- pain in a screening test ----------------------------------------------------------------


@pytest.mark.parametrize("painful", [True, False])
def test_pain_with_hopping_on_a_screen_stops_running_like_the_same_words_after_a_run(
    painful: bool,
) -> None:
    """EV-BSI-SIGNS ("pain with hopping"), IO-SCREEN-PAIN-FLAG: pain in the single-leg hop test is
    the red flag pain_hopping on the screen's day; it stops until a clearance."""
    pain = [("single_leg_hop", "left")] if painful else []
    a = advise_doc(ready(scr=screen(20, painful=pain)))
    assert (a.phase is Phase.STOP) is painful
    if painful:
        assert "single leg hop test" in decision(a, "red_flag.pain_hopping").text
        cleared = ready(
            scr=screen(20, painful=pain),
            clearances=[{"date": day(10), "by": "physiotherapist", "reason": "no stress injury"}],
        )
        assert advise_doc(cleared).phase is not Phase.STOP


# --- unverified figures suggest, never gate ------------------------------------------------


def test_an_unverified_knee_to_wall_cut_off_suggests_ankle_work_and_gates_nothing() -> None:
    """EV-KTW-CUT-CM is status U: "must not drive a rule" (IO-SCREEN-UNVERIFIED). 9.5 cm both
    sides may suggest mobility work; it does not lock technique or keep the runner in foundation."""
    a = advise_doc(ready(scr=screen(30, knee_to_wall=(9.5, 9.5))))
    assert a.technique.unlocked, a.technique.missing
    assert a.phase is Phase.TECHNIQUE
    region = a.profile.region(*_left_ankle()) if a.profile else None
    assert region is not None and region.need.value == "none" and region.train.value == "mobility"
    assert "programme.emphasis.foot_ankle.left" in verdicts(a)
    f = next(f for f in a.profile.findings if f.rule == "knee_to_wall.restricted")  # type: ignore[union-attr]
    assert f.unverified and "locks, stops or cuts nothing" in f.text


def _left_ankle() -> tuple[Any, Any]:
    from insideout.core.screen import Region, Side

    return Region.FOOT_ANKLE, Side.LEFT


def test_a_weak_unverified_finding_never_locks_even_on_two_screens() -> None:
    """EV-TRUNK-TARGETS is U: a side-plank imbalance found on two screens in a row still trains
    without locking (IO-SCREEN-UNVERIFIED over EV-WEAK-GATES' two-screen rule)."""
    raw = ready(scr=screen(30, side_plank=(60, 48)))
    raw["screens"] = [screen(60, side_plank=(60, 48)), screen(30, side_plank=(60, 48))]
    a = advise_doc(raw)
    assert a.technique.unlocked, a.technique.missing


def test_the_straight_leg_raise_cut_off_cites_its_own_design_not_the_combined_score() -> None:
    """EV-ASLR-FMS-RUN is about deep squat + ASLR together (<= 3 of 6): it is not the evidence of a
    threshold on the ASLR alone (IO-ASLR-LIMITED)."""
    rule = next(
        r for r in CATALOGUE.tests["active_straight_leg_raise"].rules if r.id.endswith("limited")
    )
    assert rule.evidence == "IO-ASLR-LIMITED"


def test_no_setting_that_holds_cuts_or_stops_rests_on_an_unverified_figure() -> None:
    """evidence.md: a U figure must not drive a rule. Every evidence id a plan.yaml number cites,
    but the drills' (suggested work only), is V, S or D."""
    from insideout.catalogue.method import HERE, PlanDoc, _setting_ids, read_yaml, validate

    plan = validate(PlanDoc, read_yaml(HERE / "plan.yaml"), HERE / "plan.yaml")
    suggest_only = {plan.gate.cadence.drills_evidence}
    assert len(list(_setting_ids(plan.plan, "plan"))) > 10  # the walk finds the settings
    for part in ("pain", "plan", "runs", "programme", "gate"):
        for where, ev in _setting_ids(getattr(plan, part), part):
            if ev in suggest_only:
                continue
            assert CATALOGUE.evidence[ev].status.value != "U", f"{where} rests on {ev} (status U)"


# --- a re-screen of one test keeps every other value -------------------------------------------


def test_a_re_screen_of_one_ankle_keeps_every_other_test_with_its_date() -> None:
    """A coach who re-tests one ankle expects the profile to keep the latest value of every other
    test (the hypermobile runner stays hypermobile), each shown with its date."""
    full = screen(40, beighton=6)
    ankle = {
        "date": day(10),
        "measures": [
            {"test": "knee_to_wall", "side": "left", "value": 12.5},
            {"test": "knee_to_wall", "side": "right", "value": 12.0},
        ],
    }
    a = advise_doc(doc(weeks([20, 20, 20]), screens=[full, ankle], sessions=strength(6)))
    p = a.profile
    assert p is not None and p.date.isoformat() == day(10)
    assert p.hypermobile and not p.missing
    assert all(r.need.value != "unknown" for r in p.regions)
    carried = {(t, s.value if s else None): d.isoformat() for t, s, d in p.carried}
    assert carried[("beighton", None)] == day(40)
    assert ("knee_to_wall", "left") not in carried
    assert p.since.isoformat() == day(40)


def test_a_re_screen_does_not_refresh_the_age_of_values_it_did_not_measure() -> None:
    """evidence.md §5 gate item 1: a screen on record no older than 12 weeks. Values carried from
    a screen 100 days old are 100 days old, whatever was re-tested since."""
    raw = ready()
    raw["screens"] = [
        screen(100),
        {"date": day(5), "measures": measures(knee_to_wall=(12, 12))[:2]},
    ]
    a = advise_doc(raw)
    assert not a.technique.unlocked
    assert verdicts(a)["gate.screen_age"] == "lock"


# --- dates the method cannot reason about ---------------------------------------------------


@pytest.mark.parametrize("on", ["0001-01-01", "1899-12-31", "3000-01-01", "9999-12-31"])
def test_a_day_outside_the_calendar_the_method_reasons_about_is_an_input_error(on: str) -> None:
    from insideout.core.history import parse_history

    raw: dict[str, Any] = calm()
    raw["runs"].append(run(0, 5) | {"date": on})
    with pytest.raises(InputError) as err:
        parse_history(raw, CATALOGUE, METHOD, on=ON)
    assert any("expected a date from 1900-01-01" in i.message for i in err.value.issues)


@pytest.mark.parametrize(("during", "cut"), [(5, False), (6, True)])
def test_pain_above_the_limit_logged_today_cuts_the_plan_from_today(during: int, cut: bool) -> None:
    """EV-PAIN-MODEL-DURING: a run logged on the day advised on with pain above 5/10 cuts the week
    shown that day, as a red flag logged that day stops it (the same pain at 5/10 is allowed;
    it was there last week too, so it is not rising)."""
    steady = [run(d, 6, during=5, site="knee") for d in (15, 9, 5)]  # no rise, under 14 days
    raw = calm(steady + [run(0, 6, during=during, site="knee")])
    a = advise_doc(raw)
    assert (a.running.mode is Mode.CUT) is cut, verdicts(a)
    if cut:
        assert decision(a, "pain.during").value == during
