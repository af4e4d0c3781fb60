"""Red team, second round: what a cautious coach and sports physiotherapist still expect.

Every expected answer is derived from evidence.md (its ids in ``insideout/catalogue/evidence.yaml``), ``METHOD.md`` and the design
records (``insideout/catalogue/design.yaml``), not from the code. Histories enter through the same
door as ``insideout advise RUNNER.json`` (a JSON dict, parsed, advised). None of these scenarios
repeats ``test_red_team.py`` or ``test_guards_hold.py``; failing tests are the point.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from insideout.core import Phase
from insideout.core.plan import Mode
from tests.history_docs import (
    CATALOGUE,
    DAY,
    EPS,
    METHOD,
    advise_doc,
    assert_stopped,
    block,
    calm,
    day,
    decision,
    doc,
    exercises,
    follow,
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

RESTRICTIVE = {"hold", "cut", "stop", "refer", "lock"}


def _clear(days_ago: int, by: str = "physiotherapist") -> dict[str, Any]:
    return {"date": day(days_ago), "by": by, "reason": "assessed, fit to run"}


def _unlock(days_ago: int) -> dict[str, Any]:
    return {"date": day(days_ago), "verdict": "unlock", "reason": "moves well to my eye"}


def _longest_logged(logged: list[dict[str, Any]], on: dt.date, days: int = 30) -> float:
    first = (on - days * DAY).isoformat()
    return max((r["distance_km"] for r in logged if r["date"] >= first), default=0.0)


# === 1. Red flags and clearances in combination =================================================


def test_a_new_different_red_flag_after_a_clearance_stops_running_again() -> None:
    """IO-CLEARANCE, IO-RED-FLAG-UNTIL-CLEARED, EV-PAIN-BAD: a physiotherapist cleared a bone
    sign; swelling reported a week later is a new warning that nobody has assessed, so running
    stops again and the referral names the new sign."""
    runs = [run(20, 3, flags=["focal_bone_tenderness"]), run(3, 3, flags=["swelling"])]
    a = advise_doc(calm(runs, clearances=[_clear(10)]))
    assert_stopped(a)
    assert a.refer is not None and "Swelling" in a.refer.words
    assert verdicts(a).get("red_flag.swelling") == "stop"
    assert "red_flag.focal_bone_tenderness" not in verdicts(a) or (
        verdicts(a)["red_flag.focal_bone_tenderness"] not in ("stop", "refer")
    )


@pytest.mark.parametrize(("by", "stops"), [("physiotherapist", True), ("doctor", False)])
def test_a_physiotherapists_clearance_of_a_cardiac_and_a_bone_sign_together_leaves_the_cardiac_stop(
    by: str, stops: bool
) -> None:
    """EV-RED-CARDIAC (medical clearance before further exercise), IO-CLEARANCE: a physiotherapist
    may clear the bone sign logged on the same run, never the palpitations; all exercise stays
    paused and the referral sends the runner to a doctor. A doctor clears both."""
    flagged = run(20, 3, flags=["focal_bone_tenderness", "palpitations"])
    a = advise_doc(calm([flagged], clearances=[_clear(10, by)]))
    assert (a.phase is Phase.STOP) is stops
    if stops:
        assert_stopped(a)
        assert a.refer is not None and a.refer.cardiac and "doctor" in a.refer.words
        assert a.foundation.sessions == ()
    else:
        assert a.running.runs and a.foundation.sessions


def test_a_doctors_cardiac_clearance_does_not_cover_a_bone_sign_reported_after_it() -> None:
    """IO-CLEARANCE ("a red flag reported after the clearance stops running again"),
    EV-BSI-SIGNS: pain when hopping after the doctor's visit stops running; it is not cardiac, so
    the pain-free strength sessions continue (plan.yaml words_refer)."""
    runs = [run(20, 3, flags=["dizziness"]), run(3, 3, flags=["pain_hopping"])]
    a = advise_doc(calm(runs, clearances=[_clear(10, "doctor")]))
    assert_stopped(a)
    assert a.refer is not None and not a.refer.cardiac
    assert len(a.foundation.sessions) >= METHOD.programme.min_sessions.value


def test_a_cardiac_sign_ticked_in_a_pain_report_with_calf_pain_goes_to_a_doctor_and_pauses_all_exercise() -> (
    None
):
    """EV-RED-CARDIAC ("calf pain on walking (claudication)"): ticked in a pain report with a calf
    rating of 4/10 it is a cardiac stop first, not only a calf ache: the referral is cardiac, a
    doctor is named and strength sessions pause too."""
    a = advise_doc(calm(reports=[report(2, 4, "calf", ["calf_pain_walking"])]))
    assert_stopped(a)
    assert a.refer is not None and a.refer.cardiac and "doctor" in a.refer.words
    assert a.foundation.sessions == ()


@pytest.mark.parametrize("override_days_ago", [10, 1], ids=["unlock before flag", "unlock after"])
def test_a_coach_unlock_never_opens_technique_while_a_red_flag_stops_running(
    override_days_ago: int,
) -> None:
    """IO-GATE-OVERRIDE ("never unlocks technique while running is stopped"), §5 item 2: swelling
    logged 3 days ago, not assessed; the coach's unlock, before or after it, does not open the
    gate."""
    flagged = run(3, 3, flags=["swelling"], cadence=160)
    a = advise_doc(ready(extra_runs=[flagged], overrides=[_unlock(override_days_ago)]))
    assert_stopped(a)
    assert not a.technique.unlocked and a.technique.prescription is None


@pytest.mark.parametrize(
    ("flag_days_ago", "unlocked"),
    [(10, False), (13, False), (15, False), (16, False), (17, True)],
    ids=["10", "13", "15", "16", "17"],
)
def test_a_coach_unlock_within_14_days_of_a_cleared_red_flag_keeps_technique_locked(
    flag_days_ago: int, unlocked: bool
) -> None:
    """§5 item 2 (no red flag in the last 14 days), IO-GATE-OVERRIDE: a clearance ends the stop,
    not the gate's quiet window; the coach's unlock cannot shorten it. The flag stood until its
    clearance (two days after it), so the 14 days count from the clearance (red team journeys
    F3): cleared 14 days ago is still locked, 15 days ago unlocks."""
    flagged = run(flag_days_ago, 3, flags=["swelling"], cadence=160)
    raw = ready(
        extra_runs=[flagged],
        clearances=[_clear(flag_days_ago - 2)],
        overrides=[_unlock(1)],
    )
    a = advise_doc(raw)
    assert a.phase is not Phase.STOP
    assert a.technique.unlocked is unlocked, a.technique.missing
    if not unlocked:
        assert a.technique.prescription is None


# === 2. The returning runner ====================================================================


@pytest.mark.parametrize("days_off", [35, 56, 182], ids=["5 weeks", "8 weeks", "26 weeks"])
def test_a_runner_back_after_weeks_off_starts_with_three_run_walk_sessions_of_two_km(
    days_off: int,
) -> None:
    """EV-F-SPIKE (no run in 30 days → return to run), IO-PLAN-START (3 run/walk sessions of
    2 km), EV-LOAD-RTR (one rest day between runs), EV-LOAD-RECOVERY: the old 40 km weeks are not
    a base; no speed, no run over 2 km, no two runs on consecutive days."""
    a = advise_doc(
        doc(weeks([40] * 8, end=days_off - 1), screens=[screen(7)], sessions=strength(6))
    )
    assert a.phase is not Phase.STOP
    assert decision(a, "plan.start").evidence == "IO-PLAN-START"
    assert a.running.planned_km <= 3 * 2.0 + EPS
    assert len(a.running.runs) == 3
    assert all(r.distance_km <= 2.0 + EPS and r.kind == "run_walk" for r in a.running.runs)
    dates = sorted(r.date for r in a.running.runs)
    assert all((b - a_).days >= 2 for a_, b in zip(dates, dates[1:], strict=False)), dates


# === 3. The running plan's own limits ===========================================================


def _after_a_return_week() -> dict[str, Any]:
    return doc(weeks([40] * 8, end=63) + weeks([6]), screens=[screen(7)], sessions=strength(6))


def _a_pain_cut_week_of_a_six_run_runner() -> dict[str, Any]:
    return calm(block([6.5, 6.5, 7], 0, during=4))


def _a_runner_who_runs_doubles() -> dict[str, Any]:
    runs = []
    for k in range(5):
        for o in (1, 3, 5):
            runs += [run(7 * (k + 1) - o, 3.0), run(7 * (k + 1) - o, 3.3, minutes=20)]
    return doc(runs, screens=[screen(30)], sessions=strength(6))


@pytest.mark.parametrize(
    "build",
    [_after_a_return_week, _a_pain_cut_week_of_a_six_run_runner, _a_runner_who_runs_doubles],
    ids=["second week back", "pain cut, six runs", "double days"],
)
def test_no_planned_run_is_shorter_than_two_km(build: Callable[[], dict[str, Any]]) -> None:
    """IO-PLAN-LONG-RUN ("no run under 2 km", plan.yaml run_min_km): when the week is small, the
    plan has fewer runs, not 1.5 km jogs."""
    a = advise_doc(build())
    assert a.running.runs
    short = [r.distance_km for r in a.running.runs if r.distance_km < METHOD.plan.run_min_km.value]
    assert not short, [r.distance_km for r in a.running.runs]


def test_in_a_pain_cut_week_no_planned_run_is_longer_than_last_weeks_longest() -> None:
    """IO-PAIN-CUT ("cut to 70% ... with no progression"), §4 ("hold progression, cut load"):
    after 7/10 during a 4 km run, next week's long run may not grow beyond 4 km."""
    runs = [run(7 * (k + 1) - o, 4) for k in range(1, 5) for o in (1, 2, 3, 5, 6)]
    runs += [run(6, 4), run(5, 4), run(4, 4, during=7, site="knee"), run(2, 4), run(1, 4)]
    a = advise_doc(doc(runs, screens=[screen(60)], sessions=strength(10)))
    assert a.running.mode is Mode.CUT
    assert a.running.planned_km <= 20 * METHOD.pain.cut_factor.value + EPS
    assert planned_longest(a) <= 4.0 + EPS, a.running.runs


def test_after_a_pain_cut_week_the_plan_grows_from_the_cut_week_only() -> None:
    """IO-PLAN-WEEKLY-REF ("after a pain cut it is measured on the last week only"), IO-PAIN-CUT:
    20 km weeks, a week with 6/10 knee pain, a pain-free 14 km re-check week → at most 15.4 km,
    not back to 22 km."""
    runs = weeks([20, 20, 20], end=14) + block([6.5, 6.5, 7], 1, during=6, site="knee")
    runs += block([4.6, 4.6, 4.8], 0)
    a = advise_doc(doc(runs, screens=[screen(40)], sessions=strength(6)))
    assert a.phase is not Phase.STOP
    assert a.running.planned_km <= 14 * 1.10 + EPS, a.running.planned_km


def test_without_a_screen_the_hold_is_never_stated_at_a_spike_week() -> None:
    """IO-PLAN-SCREEN-FIRST with IO-PLAN-ABSORBED and EV-LOAD-WEEK30: last week jumped 50% (30 km
    after 20 km weeks). Holding "at what you already do" cannot mean the spike: the plan and its
    explanation both stay at the 20 km the runner absorbed (METHOD.md: every decision states its
    reason)."""
    a = advise_doc(doc(weeks([20, 20, 20, 30]), sessions=strength(6)))
    assert a.phase is Phase.SCREEN_NEEDED
    assert a.running.planned_km <= 20 + EPS
    held = decision(a, "plan.screen_first")
    assert held.value is not None and float(held.value) <= 20 + EPS, (held.value, held.text)


@pytest.mark.parametrize("pct", [0, 30])
def test_the_coachs_weekly_cap_at_0_and_30_percent_bounds_the_week_and_never_the_long_run(
    pct: int,
) -> None:
    """IO-COACH-WEEKLY-CAP (0-30%, "the longest-run rule and every pain guard stay in force
    whatever the cap"), EV-LOAD-SPIKE-REF: over eight weeks of following the plan, no week above
    the reference week + the coach's cap, and no run above 110% of the longest of the last 30
    days."""
    for a, logged in follow(calm(settings={"weekly_increase_pct": pct}), 8):
        ref = float(decision(a, "plan.reference_week").value or 0)
        assert a.running.planned_km <= ref * (1 + pct / 100) + EPS, (a.on, ref)
        assert planned_longest(a) <= _longest_logged(logged, a.on) * 1.10 + EPS, a.on


def test_a_recovery_week_keeps_three_foundation_sessions_while_a_need_is_open() -> None:
    """EV-STR-WEEKLY-RULE (volume may drop, frequency should not), IO-PROG-SESSIONS (three while
    a need is open): a stiff left ankle and a recovery week → still three sessions, each with the
    ankle's mobility work."""
    a = advise_doc(calm(screens=[screen(30, knee_to_wall=(8, 12))]))
    assert a.running.recovery_week, "the scenario needs a recovery week"
    assert a.phase is Phase.FOUNDATION
    assert len(a.foundation.sessions) == METHOD.programme.foundation_sessions.value
    for s in a.foundation.sessions:
        assert any(METHOD.exercises[p.exercise].quality.value == "mobility" for p in s.exercises)


def _acwr_high() -> dict[str, Any]:
    return _after_a_return_week()


def _acwr_low() -> dict[str, Any]:
    return doc(weeks([30, 30, 30, 21] * 3), screens=[screen(30)], sessions=strength(12))


@pytest.mark.parametrize("build", [_acwr_high, _acwr_low], ids=["ACWR 4", "ACWR 0.76"])
def test_load_ratios_never_hold_cut_or_stop_anything(build: Callable[[], dict[str, Any]]) -> None:
    """EV-LOAD-ACWR-DISMISS (ACWR no better than chance), EV-LOAD-ACWR-COUPLING,
    EV-LOAD-SPIKE-WEEK, EV-LOAD-MONOTONY-2 (U): a runner whose weeks and runs kept within the caps
    progresses whatever the ratio shows, and no decision cites a load ratio."""
    a = advise_doc(build())
    assert a.load.acwr_rolling is not None
    assert a.running.mode is Mode.PROGRESS, verdicts(a)
    ratio_ids = {"EV-LOAD-ACWR", "EV-F-ACWR", "EV-LOAD-MONOTONY", "EV-F-MONO", "EV-F-STRAIN"}
    cited = [d for d in a.decisions if any(d.evidence.startswith(p) for p in ratio_ids)]
    assert not cited, [(d.rule, d.evidence) for d in cited]


def test_a_three_year_history_with_a_long_cleared_cardiac_event_builds_from_the_recent_weeks() -> (
    None
):
    """IO-CLEARANCE (a doctor's clearance lifts a cardiac sign), IO-PLAN-ABSORBED,
    EV-LOAD-SPIKE-REF: three years of 30 km weeks with a recovery week every fourth; chest pain
    nearly three years ago was cleared by a doctor. Next week: no stop, at most 33 km, the long
    run at most 110% of the last 30 days' 10 km."""
    runs = weeks(([30, 30, 30, 21] * 40)[:156]) + [run(7 * 150 + 2, 5, flags=["chest_pain"])]
    raw = doc(
        runs,
        screens=[screen(7 * 150), screen(30)],
        sessions=strength(150),
        clearances=[_clear(7 * 149, "doctor")],
    )
    a = advise_doc(raw)
    assert a.phase is not Phase.STOP and a.refer is None
    assert 0 < a.running.planned_km <= 30 * 1.10 + EPS
    assert planned_longest(a) <= 10 * 1.10 + EPS


def test_two_runs_on_one_day_are_two_sessions_and_neither_is_a_spike() -> None:
    """EV-LOAD-SPIKE-REF / EV-F-SPIKE are per session (Frandsen 2025 counted sessions): 5.0 and
    5.4 km on the same day after 5 km runs are both within 110%; the plan's longest run grows from
    5.4 km, not from the 10.4 km day."""
    runs = [r for k in range(1, 5) for r in block([5, 5, 5], k)]
    runs += [run(6, 5), run(2, 5.0, minutes=29), run(2, 5.4)]
    a = advise_doc(doc(runs, screens=[screen(30)], sessions=strength(6)))
    assert verdicts(a)["plan.spike"] == "progress", decision(a, "plan.spike").text
    assert planned_longest(a) <= 5.4 * 1.10 + EPS, a.running.runs


def test_the_long_run_is_capped_by_the_last_30_days_not_by_an_older_longer_run() -> None:
    """EV-LOAD-SPIKE-REF, EV-F-SPIKE ("the longest run of the previous 30 days"): a 12 km run 35
    days ago is out of the window; the 6 km runs since are the reference."""
    runs = [r for k in range(4) for r in block([6, 6, 6], k)]
    runs += [run(35, 12), run(37, 6), run(39, 6)]
    a = advise_doc(doc(runs, screens=[screen(30)], sessions=strength(6)))
    assert planned_longest(a) <= 6 * 1.10 + EPS, a.running.runs


# === 4. Pain rules in the corners ===============================================================


@pytest.mark.parametrize("site", [None, "other"], ids=["no site", "other"])
def test_pain_above_five_with_no_site_or_at_other_still_cuts_and_locks_technique(
    site: str | None,
) -> None:
    """EV-PAIN-MODEL-DURING: pain above 5/10 during a run cuts, wherever it is or is not placed;
    no region is regressed when none is named (IO-PAIN-SITES: "other" has no region)."""
    steady = [run(d, 6.5, during=5, site=site) for d in (15, 9)]
    a = advise_doc(calm(steady + block([6.5, 6.5], 0, during=7, site=site)))
    assert verdicts(a)["pain.during"] == "cut"
    assert a.running.mode is Mode.CUT
    assert not a.technique.unlocked
    assert not [r for r in verdicts(a) if r.startswith("programme.regress.")]


def test_new_pain_without_a_site_counts_as_rising_pain() -> None:
    """EV-PAIN-MODEL-WEEK, IO-PAIN-WEEK-RISE (new pain counts from 0): 4/10 on every run this week
    with no site given, none the week before, is a rise; leaving the site empty does not hide it."""
    a = advise_doc(calm(block([6.5, 6.5, 7], 0, during=4, site=None)))
    assert verdicts(a)["pain.week_rise"] == "cut"
    assert a.running.mode is Mode.CUT


@pytest.mark.parametrize(("n_weeks", "refers"), [(2, False), (3, True)])
def test_achilles_pain_that_stays_at_two_of_ten_for_over_14_days_refers(
    n_weeks: int, refers: bool
) -> None:
    """IO-PAIN-PERSIST ("pain reported at one site over more than 14 days without a pain-free
    answer in between"), §4: 2/10 never breaches the during or morning limits, but pain that does
    not go away needs someone who can examine the runner. Two weeks (12 days) is not yet over 14."""
    runs = weeks([20] * (5 - n_weeks), end=7 * n_weeks)
    runs += weeks([20] * n_weeks, during=2, site="achilles")
    a = advise_doc(doc(runs, screens=[screen(40)], sessions=strength(6)))
    assert ("pain.persist" in verdicts(a)) is refers
    if refers:
        assert_stopped(a)
        assert decision(a, "pain.persist").evidence == "IO-PAIN-PERSIST"
        assert a.refer is not None and "physiotherapist" in a.refer.words


def _morning_then_during() -> list[Any]:
    """Not settled next morning in week -1 (knee), 7/10 during in week 0 (achilles)."""
    return [
        run(12, 6, during=2, after=3, morning=4, site="knee"),
        run(10, 7),
        run(8, 7),
        run(5, 6, during=7, site="achilles"),
        run(3, 7),
        run(1, 7),
    ]


def _two_rules_one_week() -> list[Any]:
    return weeks([20], end=7) + [
        run(5, 6, during=7, after=6, morning=4, site="knee"),
        run(3, 7),
        run(1, 7),
    ]


def _weeks_minus_two_and_zero() -> list[Any]:
    return (
        [run(19, 6, during=7, site="knee"), run(17, 7), run(15, 7)]
        + weeks([20], end=7)
        + [
            run(5, 6, during=7, site="knee"),
            run(3, 7),
            run(1, 7),
        ]
    )


@pytest.mark.parametrize(
    ("recent", "refers"),
    [
        (_morning_then_during, True),
        (_two_rules_one_week, False),
        (_weeks_minus_two_and_zero, False),
    ],
    ids=["different rules, consecutive weeks", "two rules, one week", "weeks -2 and 0"],
)
def test_pain_breaches_refer_only_in_two_consecutive_weeks_whatever_rule_or_site(
    recent: Callable[[], list[Any]], refers: bool
) -> None:
    """§4 stop rules, IO-PAIN-REFER ("pain rules breached in two consecutive weeks"): the rule
    and the site do not have to repeat; two rules in the same week are one week; a clean week in
    between breaks the run of weeks."""
    runs = weeks([20, 20], end=21) + recent()
    a = advise_doc(doc(runs, screens=[screen(40)], sessions=strength(6)))
    assert (a.refer is not None) is refers, verdicts(a)
    if refers:
        assert_stopped(a)
    else:
        assert a.running.mode is Mode.CUT and a.running.runs


@pytest.mark.parametrize(("morning", "cut"), [(2, False), (3, True)])
def test_next_morning_pain_of_two_has_settled_and_three_has_not(morning: int, cut: bool) -> None:
    """EV-PAIN-MODEL-MORNING, IO-PAIN-MORNING (above 2/10 = not settled), at the boundary: 4/10
    after the run both weeks (so nothing rises), then 2 or 3 the next morning."""
    steady = [run(d, 6, during=2, after=4, morning=0, site="achilles") for d in (15, 9)]
    a = advise_doc(calm([*steady, run(3, 6, during=2, after=4, morning=morning, site="achilles")]))
    assert verdicts(a)["pain.morning"] == ("cut" if cut else "progress")
    assert (a.running.mode is Mode.CUT) is cut


@pytest.mark.parametrize(("pain", "stops"), [(1, False), (3, True)])
def test_a_runner_with_only_pain_reports_and_no_runs_starts_or_stops_by_the_rest_pain_level(
    pain: int, stops: bool
) -> None:
    """IO-PAIN-REST (from 3/10 pain without a run is rest pain: stop, refer), IO-PLAN-START: a
    screened runner who has not run yet and reports a 1/10 ache starts the 3 × 2 km run/walk; 3/10
    at rest stops and refers."""
    raw = doc([], screens=[screen(7)], sessions=strength(6), reports=[report(3, pain, "knee")])
    a = advise_doc(raw)
    if stops:
        assert_stopped(a)
    else:
        assert a.phase is not Phase.STOP
        assert len(a.running.runs) == 3 and a.running.planned_km <= 6 + EPS


def test_hamstring_pain_regresses_every_exercise_that_loads_the_hip() -> None:
    """IO-PROG-REGRESS ("that region's exercises step back to their regression at the starting
    dose"), IO-PAIN-SITES (hamstring → hip): the split squat is a hip and knee exercise
    (exercises.yaml), so with 6/10 hamstring pain it steps back to its regression."""
    base = weeks([20] * 10, end=7)
    quiet = advise_doc(
        doc(base + block([6.5, 6.5, 7], 0), screens=[screen(60)], sessions=strength(10))
    )
    assert "split_squat" in exercises(quiet), "the scenario needs a runner at the split squat"
    sore = block([6.5, 6.5, 7], 0, during=6, site="hamstring")
    a = advise_doc(doc(base + sore, screens=[screen(60)], sessions=strength(10)))
    assert verdicts(a).get("programme.regress.hip") == "cut"
    hip_work = {
        e for e in exercises(a) if any(r.value == "hip" for r in METHOD.exercises[e].regions)
    }
    assert "split_squat" not in hip_work, sorted(hip_work)


# === 5. The screen and the technique gate =======================================================


@pytest.mark.parametrize(("age", "unlocked"), [(84, True), (85, False)])
def test_the_technique_gate_takes_a_screen_84_days_old_and_not_85(age: int, unlocked: bool) -> None:
    """§5 item 1 (a screen on record and ≤ 12 weeks old), IO-TECH-GATE."""
    a = advise_doc(ready(scr=screen(age)))
    assert a.technique.unlocked is unlocked, a.technique.missing
    if not unlocked:
        assert verdicts(a)["gate.screen_age"] == "lock"


@pytest.mark.parametrize(
    ("old", "new", "unlocked"),
    [((8, 12), (11.5, 12), True), ((12, 12), (9, 12), False), ((12, 12), (12, 12), True)],
    ids=["partial re-screen fixes the ankle", "partial re-screen breaks it", "80 days + partial"],
)
def test_a_partial_re_screen_of_the_ankle_decides_the_ankle_and_keeps_the_rest(
    old: tuple[float, float], new: tuple[float, float], unlocked: bool
) -> None:
    """§5 item 3 (knee-to-wall difference ≤ 1.5 cm, EV-KTW-ASYM-RULE), item 1 (values no older
    than 12 weeks): a re-test of the ankle 5 days ago replaces the old ankle values; the rest of a
    50- or 80-day-old screen stands."""
    raw = ready()
    first = 80 if old == new else 50
    raw["screens"] = [
        screen(first, knee_to_wall=old),
        {"date": day(5), "measures": measures(knee_to_wall=new)[:2]},
    ]
    a = advise_doc(raw)
    assert a.technique.unlocked is unlocked, a.technique.missing


@pytest.mark.parametrize(
    ("test", "sides", "two_screens", "unlocked"),
    [
        ("y_balance_anterior", (61.0, 65.0), True, True),
        ("y_balance_anterior", (60.5, 65.0), False, True),
        ("y_balance_anterior", (60.5, 65.0), True, False),
        ("single_leg_hop", (135.0, 150.0), True, True),
        ("single_leg_hop", (134.0, 150.0), False, True),
        ("single_leg_hop", (134.0, 150.0), True, False),
    ],
    ids=[
        "YBT 4.0 twice",
        "YBT 4.5 once",
        "YBT 4.5 twice",
        "hop 90% twice",
        "hop 89% once",
        "hop 89% twice",
    ],
)
def test_a_weak_asymmetry_locks_technique_only_when_two_screens_agree(
    test: str, sides: tuple[float, float], two_screens: bool, unlocked: bool
) -> None:
    """EV-WEAK-GATES, EV-YBT-DIFF-ERR (4 cm sits inside the error of a difference), EV-HOP-RULE
    (LSI < 90% only if it repeats), EV-YBT-ASYM-RULE (> 4 cm): one screen trains, two lock."""
    raw = ready()
    raw["screens"] = [screen(30, **{test: sides})]
    if two_screens:
        raw["screens"].insert(0, screen(60, **{test: sides}))
    a = advise_doc(raw)
    assert a.technique.unlocked is unlocked, a.technique.missing


def test_the_cadence_target_is_relative_to_the_step_rate_at_the_easy_pace() -> None:
    """EV-TECH-STEP5/10 and EV-TECH-WILLY (+5-10% at the *same* speed), EV-TECH-180-ELITE
    (cadence rises with speed), EV-TECH-180-VERDICT ("relative change from the runner's own
    baseline at a given speed"): the runner steps 160/min at their easy 6:30/km and 175/min on
    faster runs. The prescription says "at the same easy pace", so its target may be at most 10%
    above 160 (176), not 10% above a median that mixes in the faster runs."""
    runs = []
    for k in range(5):
        start = 7 * (k + 1)
        runs += [
            run(start - 1, 6, minutes=39, cadence=160),
            run(start - 3, 6, minutes=30, cadence=175),
            run(start - 5, 7, minutes=35, cadence=175),
        ]
    a = advise_doc(doc(runs, screens=[screen(30)], sessions=strength(6)))
    p = a.technique.prescription
    assert a.technique.unlocked and p is not None
    if p.baseline_spm is not None:
        assert p.target_high_spm is not None
        assert p.target_high_spm <= 160 * 1.10 + 0.5, (p.baseline_spm, p.target_high_spm)


def test_a_heel_raise_that_hurt_is_not_read_as_a_balanced_calf_and_keeps_technique_locked() -> None:
    """§1.2 ("pain in the Achilles during the test → pain rules, not a strength score"),
    IO-SCREEN-PAIN, §5 item 3 (the heel-raise rule must be judged): the left calf could not be
    scored five days ago because it hurt, so its need is not "none" and the gate cannot say the
    calf is balanced."""
    scr = screen(5, calf_raise=(10, 25), painful=[("calf_raise", "left")])
    a = advise_doc(ready(scr=scr))
    assert a.profile is not None
    from insideout.core.screen import Region, Side

    left_ankle = a.profile.region(Region.FOOT_ANKLE, Side.LEFT)
    assert left_ankle.need.value != "none", left_ankle
    assert not a.technique.unlocked


@pytest.mark.parametrize("beighton", [5, 6, 9])
def test_a_hypermobile_runner_with_an_ankle_under_the_unverified_cut_off_is_given_no_stretch(
    beighton: int,
) -> None:
    """EV-BEIGHTON-RULE (hypermobile → no end-range static stretching targets),
    EV-BEIGHTON-2017 (≥ 5 to age 50), EV-KTW-CUT-CM (U): a 9 cm knee-to-wall both sides may not
    even suggest stretching to a hypermobile runner; the ankle trains stability instead."""
    a = advise_doc(calm(screens=[screen(20, beighton=beighton, knee_to_wall=(9, 9))]))
    assert not {e for e in exercises(a) if "stretch" in e}, sorted(exercises(a))
    assert a.profile is not None and a.profile.hypermobile
    from insideout.core.screen import Region, Side

    for side in (Side.LEFT, Side.RIGHT):
        assert a.profile.region(Region.FOOT_ANKLE, side).train.value != "mobility"


def test_hop_pain_on_one_side_is_recorded_and_never_scored_as_a_hop_asymmetry() -> None:
    """§1 general rule (pain during a test → record, do not score as a deficit), §1.11 (hop only
    without pain), EV-BSI-SIGNS: the painful left hop of 100 cm is not a 67% LSI finding, and
    running stops."""
    scr = screen(5, single_leg_hop=(100, 150), painful=[("single_leg_hop", "left")])
    a = advise_doc(ready(scr=scr))
    assert_stopped(a)
    assert a.profile is not None
    rules = {f.rule for f in a.profile.findings}
    assert "single_leg_hop.pain" in rules
    assert "single_leg_hop.asymmetry" not in rules, rules


# === 6. Every decision's evidence =============================================================


SWEEP: dict[str, Callable[[], dict[str, Any]]] = {
    "calm": calm,
    "ready": ready,
    "no screen, spike": lambda: doc(weeks([20, 20, 20, 30]), sessions=strength(6)),
    "ankle asymmetry": lambda: calm(screens=[screen(20, knee_to_wall=(8, 12))]),
    "hypermobile, stiff": lambda: calm(screens=[screen(20, beighton=6, knee_to_wall=(9, 9))]),
    "side plank": lambda: ready(scr=screen(30, side_plank=(60, 40))),
    "bridge low": lambda: ready(scr=screen(30, single_leg_bridge=(15, 15))),
    "balance": lambda: ready(scr=screen(30, single_leg_balance_eyes_closed=(5, 15))),
    "calf low": lambda: ready(scr=screen(30, calf_raise=(12, 12))),
    "hip rotation": lambda: ready(
        scr=screen(30, hip_internal_rotation=(20, 20), hip_external_rotation=(25, 25))
    ),
    "thomas": lambda: ready(scr=screen(30, thomas_test=(5, 5))),
    "step-down": lambda: ready(scr=screen(30, single_leg_squat=(5, 5))),
    "y-balance": lambda: ready(scr=screen(30, y_balance_anterior=(50, 65))),
    "pain": lambda: calm([run(3, 6, during=7, after=5, morning=4, site="knee")]),
    "flags": lambda: calm([run(3, 6, flags=["night_pain", "chest_pain"])]),
    "return": _after_a_return_week,
    "spike": lambda: calm([run(1, 30, minutes=200)]),
    "recovery": lambda: calm(),
}


@pytest.mark.parametrize("name", list(SWEEP))
def test_every_decision_cites_a_registered_id_and_none_that_restricts_rests_on_status_u(
    name: str,
) -> None:
    """evidence.md "How to read this file": a U figure must not drive a rule; METHOD.md: every
    decision traces to a published source. Every decision's and finding's evidence id is in
    evidence.yaml or design.yaml; none that holds, cuts, stops, refers or locks is status U."""
    a = advise_doc(SWEEP[name]())
    for d in a.decisions:
        ev = CATALOGUE.evidence.get(d.evidence)
        assert ev is not None, (d.rule, d.evidence)
        if d.verdict.value in RESTRICTIVE:
            assert ev.status.value != "U", (d.rule, d.verdict.value, d.evidence)
    for f in a.profile.findings if a.profile else ():
        assert f.evidence in CATALOGUE.evidence, (f.rule, f.evidence)
    if a.technique.prescription is not None:
        assert all(e in CATALOGUE.evidence for e in a.technique.prescription.evidence)
