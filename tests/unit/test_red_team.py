"""Red-team scenarios: what a cautious coach or sports physiotherapist would expect.

Every expected answer here is derived from evidence.md (its ids in ``insideout/catalogue/evidence.yaml``) and ``METHOD.md``, not from
the code. Each test builds the plain JSON dict that ``insideout advise RUNNER.json`` reads and
passes it through :func:`parse_history` then :func:`advise`, the same door as the command line.
Failing tests are the point: they name a place where the advice and the evidence disagree.
"""

from __future__ import annotations

from typing import Any

import pytest

from insideout.core import Advice, InputError, Phase, parse_history
from insideout.core.plan import Mode
from tests.history_docs import (
    CATALOGUE,
    DAY,
    EPS,
    METHOD,
    ON,
    advise_doc,
    assert_ready_baseline_unlocks,
    assert_stopped,
    block,
    calm,
    day,
    decision,
    doc,
    exercises,
    follow,
    planned_longest,
    ready,
    report,
    run,
    screen,
    strength,
    verdicts,
    weeks,
)

# === 1. A red flag stops until a clearance, not for 14 days ====================================


def test_chest_pain_15_days_ago_without_a_doctors_clearance_still_stops_all_exercise() -> None:
    """EV-RED-CARDIAC, §4 stop rules: a cardiac sign needs medical clearance before further
    exercise; the passing of 14 days is not a clearance."""
    a = advise_doc(calm([run(15, 3, flags=["chest_pain"])]))
    assert_stopped(a)
    assert a.refer is not None and a.refer.cardiac
    assert "doctor" in a.refer.words
    assert a.foundation.sessions == (), "a cardiac sign pauses all exercise until cleared"


def test_a_focal_bone_tenderness_15_days_ago_never_assessed_still_stops_running() -> None:
    """EV-BSI-SIGNS, §4: any BSI warning feature → stop running and refer; nothing says the
    stop ends by itself after 14 days without an assessment."""
    a = advise_doc(calm([run(15, 3, flags=["focal_bone_tenderness"])]))
    assert_stopped(a)


@pytest.mark.parametrize(
    ("cleared_days_ago", "stops"),
    [(None, True), (0, False), (1, False)],
    ids=["the day before the clearance", "the day of the clearance", "the day after"],
)
def test_a_bone_flag_lifts_on_the_day_a_physiotherapist_clears_it_and_not_before(
    cleared_days_ago: int | None, stops: bool
) -> None:
    """EV-BSI-SIGNS, §4, IO-CLEARANCE: a bone warning sign stops running until a professional
    has assessed it (here 20 days later); from the clearance day on, running may resume. On the
    day before, the clearance is not yet in the history."""
    clearances = []
    if cleared_days_ago is not None:
        clearances = [{"date": day(cleared_days_ago), "by": "physiotherapist", "reason": "no BSI"}]
    flag = run(20, 3, flags=["focal_bone_tenderness"])
    a = advise_doc(
        doc(
            weeks([20, 20, 20, 20], end=21) + [flag],
            screens=[screen(40)],
            sessions=strength(6),
            clearances=clearances,
        )
    )
    assert (a.phase is Phase.STOP) is stops
    assert (a.refer is not None) is stops
    assert (a.running.runs == ()) is stops


@pytest.mark.parametrize(("by", "stops"), [("physiotherapist", True), ("doctor", False)])
def test_only_a_doctors_clearance_lifts_a_cardiac_flag(by: str, stops: bool) -> None:
    """EV-RED-CARDIAC: cardiac signs need *medical* clearance; a physiotherapist cannot clear the
    heart."""
    clear = {"date": day(3), "by": by, "reason": "seen"}
    a = advise_doc(calm([run(20, 3, flags=["chest_pain"])], clearances=[clear]))
    assert (a.phase is Phase.STOP) is stops
    assert (a.foundation.sessions == ()) is stops


# === 2. Pain reported without a run is read =====================================================


@pytest.mark.parametrize("pain", [6, 9])
def test_shin_pain_reported_on_a_rest_day_stops_progression_and_keeps_technique_locked(
    pain: float,
) -> None:
    """EV-PAIN-MODEL-DURING / EV-PAIN-MODEL-MORNING, §4: pain above 5/10, or pain that has not
    settled, holds progression and cuts load; a rest day does not make the pain not count."""
    a = advise_doc(ready(reports=[report(3, pain, "shin")]))
    last_week = 20.0
    assert a.running.mode is not Mode.PROGRESS, verdicts(a)
    assert a.running.planned_km <= last_week + EPS
    assert not a.technique.unlocked


@pytest.mark.parametrize("flag", ["rest_pain", "night_pain"])
@pytest.mark.parametrize("days_ago", [0, 3])
def test_pain_at_rest_or_at_night_reported_without_a_run_stops_running_and_refers(
    flag: str, days_ago: int
) -> None:
    """EV-BSI-SIGNS ("night or rest pain"), EV-PAIN-BAD: stop and seek assessment."""
    a = advise_doc(calm(reports=[report(days_ago, 4, "shin", [flag])]))
    assert_stopped(a)


# === 3. New pain is rising pain =================================================================


@pytest.mark.parametrize("first", [1, 0], ids=["1-3-5", "0-3-5"])
def test_knee_pain_rising_over_three_weeks_refers_whether_or_not_it_started_at_zero(
    first: float,
) -> None:
    """EV-PAIN-MODEL-WEEK, §4: pain must not rise week to week; two consecutive weeks of a rise
    refer. Going from no pain to 3/10 is a rise like going from 1/10 to 3/10."""

    def wk(weeks_ago: int, peak: float) -> list[Any]:
        # one run carries the week's knee pain; the others are explicit pain-free answers
        runs = block([6.5, 6.5, 7], weeks_ago)
        if peak:
            runs[1] = run(7 * (weeks_ago + 1) - 3, 6.5, after=peak, site="knee")
        return runs

    raw = doc(
        weeks([20, 20, 20], end=21) + wk(2, first) + wk(1, 3) + wk(0, 5),
        screens=[screen(40)],
        sessions=strength(6),
    )
    a = advise_doc(raw)
    assert a.phase is Phase.STOP, verdicts(a)
    assert a.refer is not None
    assert a.running.runs == ()


def test_four_of_ten_at_a_new_site_on_every_run_of_the_week_is_rising_pain() -> None:
    """EV-PAIN-MODEL-WEEK: 0/10 the week before, 4/10 on every run this week is a week-on-week
    rise; the gate needs no pain-rule breach in the last 14 days (§5 item 2)."""
    last = block([6.5, 6.5, 7], 0, during=4, site="knee")
    raw = doc(
        weeks([20, 20, 17, 20], end=7, cadence=160) + last,
        screens=[screen(30)],
        sessions=strength(6),
    )
    a = advise_doc(raw)
    assert verdicts(a)["pain.week_rise"] != "progress"
    assert a.running.mode is not Mode.PROGRESS
    assert not a.technique.unlocked


# === 4. A spike is never the new base ===========================================================


@pytest.mark.parametrize("days_since", [1, 8], ids=["the next day", "a week later"])
def test_a_marathon_run_by_a_20_km_a_week_runner_is_not_the_new_base(days_since: int) -> None:
    """EV-LOAD-SPIKE-REF/-LARGE, EV-F-SPIKE, EV-LOAD-WEEK30: the plan grows from the highest week
    and longest run that themselves respected the caps, so ≤ 110% of 20 km and of a 6.7 km run —
    never ~38 km weeks built on the marathon."""
    raw = calm(
        weeks([20, 20], end=28) + [run(days_since, 42.2, minutes=250)],
    )
    a = advise_doc(raw)
    assert a.running.planned_km <= 20 * 1.10 + EPS, a.running.planned_km
    assert planned_longest(a) <= 20 / 3 * 1.10 + EPS, a.running.runs


@pytest.mark.parametrize("weeks_after", [0, 1], ids=["right after", "a normal week later"])
def test_an_80_km_week_after_20_km_weeks_does_not_lead_to_bigger_weeks(weeks_after: int) -> None:
    """EV-LOAD-SPIKE-*, EV-LOAD-WEEK30, EV-F-SPIKE: an 80 km week (typo or not) broke every cap;
    the plan must grow from the last week that respected them (20 km), not from 80."""
    end = 7 * weeks_after
    runs = weeks([20, 20, 20, 20], end=end + 7) + block([20, 20, 20, 20], weeks_after)
    if weeks_after:
        runs += weeks([20])
    a = advise_doc(doc(runs, screens=[screen(40)], sessions=strength(6)))
    assert a.running.planned_km <= 20 * 1.10 + EPS, a.running.planned_km
    assert planned_longest(a) <= 20 / 3 * 1.10 + EPS


@pytest.mark.parametrize(
    ("long_run", "cap"),
    [(8.8, 8.8 * 1.10), (8.9, 8.8), (12.0, 8.8), (20.0, 8.8)],
    ids=["at 110%: new base", "just above 110%", "150%", "250%"],
)
def test_the_next_long_run_is_at_most_110_percent_of_the_longest_run_that_respected_the_cap(
    long_run: float, cap: float
) -> None:
    """EV-LOAD-SPIKE-REF, EV-F-SPIKE: ≤ 10% longer than the longest run of the previous 30 days
    is the reference band; a run above it is a spike, and a spike is not the new reference."""
    # 26-km weeks with an 8-km long run; the week two weeks back was a lighter one (18 km, same
    # long run), so next week is a building week, not a recovery week
    runs = [r for k in (1, 3, 4, 5, 6) for r in block([6, 6, 6, 8], k)]
    runs += block([5, 5, 8], 2) + block([6, 6, 6, long_run], 0)
    a = advise_doc(doc(runs, screens=[screen(30)], sessions=strength(6)))
    assert not a.running.recovery_week, "the scenario needs a building week"
    assert planned_longest(a) <= cap + EPS, a.running.runs


@pytest.mark.parametrize(
    ("ratio", "evidence"),
    [
        (1.05, "EV-LOAD-SPIKE-REF"),
        (1.10, "EV-LOAD-SPIKE-REF"),
        (1.20, "EV-LOAD-SPIKE-SMALL"),
        (1.30, "EV-LOAD-SPIKE-SMALL"),
        (1.60, "EV-LOAD-SPIKE-MOD"),
        (2.00, "EV-LOAD-SPIKE-MOD"),
        (2.50, "EV-LOAD-SPIKE-LARGE"),
    ],
)
def test_a_spike_decision_cites_the_band_its_run_falls_in(ratio: float, evidence: str) -> None:
    """EV-F-SPIKE bands: ≤10 ref; >10–30 small; >30–100 moderate; >100 large. A 160% run is in
    the moderate band (EV-LOAD-SPIKE-MOD), so that is the evidence the decision must cite."""
    runs = [r for k in range(1, 7) for r in block([6, 6, 10], k)]
    runs += block([6, 6, round(10 * ratio, 6)], 0)
    a = advise_doc(doc(runs, screens=[screen(30)], sessions=strength(6)))
    d = decision(a, "plan.spike")
    assert d.evidence == evidence, (d.value, d.evidence)


# === 5. Impossible runs are refused =============================================================


@pytest.mark.parametrize(
    ("km", "minutes", "refused"),
    [
        (500, 30, True),  # 1000 km/h
        (100, 60, True),  # 100 km/h
        (42.2, 30, True),  # a marathon in half an hour
        (10, 35, False),  # 3:30/km: fast, possible
        (42.2, 125, False),  # a 2:05 marathon: elite, possible
    ],
)
def test_an_impossible_run_is_refused_as_an_input_error_naming_the_run(
    km: float, minutes: float, refused: bool
) -> None:
    """METHOD.md "bad input gets a clear message naming the field": a pace no human can run is an
    input error, not a load to plan from (it would become a spike base, EV-F-SPIKE)."""
    runs = weeks([20, 20, 20], end=7) + [run(1, km, minutes=minutes)]
    raw = doc(runs, screens=[screen(30)], sessions=strength(6))
    idx = len(raw["runs"]) - 1
    if refused:
        with pytest.raises(InputError) as err:
            parse_history(raw, CATALOGUE, METHOD, on=ON, source="runner.json")
        where = [i.where for i in err.value.issues]
        assert any(w.startswith(f"runs[{idx}]") for w in where), where
    else:
        parse_history(raw, CATALOGUE, METHOD, on=ON, source="runner.json")


# === 6. Pain with hopping on the screen =========================================================


def test_pain_while_hopping_on_the_latest_screen_stops_running_and_refers() -> None:
    """EV-BSI-SIGNS ("pain with hopping"), EV-HOP note ("only use after no pain with hopping"):
    hop pain recorded on the screen is the same bone-stress warning as after a run."""
    scr = screen(2, painful=[("single_leg_hop", "left")])
    a = advise_doc(ready(scr=scr))
    assert_stopped(a)


# === 7. Unverified figures don't gate ===========================================================


@pytest.mark.parametrize("cm", [9.0, 9.5, 9.9, 10.0])
def test_a_knee_to_wall_under_the_unverified_cut_off_alone_does_not_lock_technique(
    cm: float,
) -> None:
    """EV-KTW-CUT-CM is U ("must not drive a rule"); the gate's ankle item is the side difference
    ≤ 1.5 cm (EV-KTW-ASYM-RULE), which both sides equal meets."""
    assert_ready_baseline_unlocks()
    a = advise_doc(ready(scr=screen(30, knee_to_wall=(cm, cm))))
    assert a.technique.unlocked, a.technique.missing


@pytest.mark.parametrize(
    "sides",
    [
        {"hip_internal_rotation": (30, 41)},
        {"hip_internal_rotation": (30, 45)},
        {"hip_external_rotation": (35, 46)},
        {"hip_external_rotation": (30, 45)},
    ],
    ids=["IR 11", "IR 15", "ER 11", "ER 15"],
)
def test_a_hip_rotation_side_difference_over_10_degrees_alone_does_not_lock_technique(
    sides: dict[str, tuple[float, float]],
) -> None:
    """EV-HIPROT-ASYM is U (no validated cut-off) and hip IR is unreliable (EV-HIPROT-REL): a
    rotation difference alone must not move the runner's gate."""
    a = advise_doc(ready(scr=screen(30, **sides)))
    assert a.technique.unlocked, a.technique.missing


def test_a_side_plank_imbalance_on_a_single_screen_does_not_lock_technique() -> None:
    """EV-TRUNK-TARGETS is U and EV-WEAK-GATES says the side-plank ratio is too weak to gate on
    one screen."""
    a = advise_doc(ready(scr=screen(30, side_plank=(60, 48))))
    assert a.technique.unlocked, a.technique.missing


# === own scenarios: pain thresholds =============================================================


@pytest.mark.parametrize(("during", "cut"), [(4, False), (5, False), (6, True)])
def test_pain_during_a_run_is_allowed_up_to_five_of_ten_and_cuts_above(
    during: float, cut: bool
) -> None:
    """EV-PAIN-MODEL-DURING: pain during activity may reach 5/10 at most; above → cut. The same
    pain was there the week before, so it is not new (new pain is rising pain,
    EV-PAIN-MODEL-WEEK, tested apart)."""
    # days 15 and 9: two weeks of the same pain, an episode under 14 days (IO-PAIN-PERSIST)
    steady = [run(d, 6.5, during=min(during, 5), site="knee") for d in (15, 9)]
    a = advise_doc(calm(steady + block([6.5, 6.5], 0, during=during, site="knee")))
    assert (verdicts(a)["pain.during"] == "cut") is cut
    assert (a.running.mode is Mode.CUT) is cut
    if cut:
        d = decision(a, "pain.during")
        assert d.evidence == "EV-PAIN-MODEL-DURING"


@pytest.mark.parametrize(("morning", "cut"), [(0, False), (3, True), (5, True)])
def test_pain_not_settled_by_the_next_morning_cuts(morning: float, cut: bool) -> None:
    """EV-PAIN-MODEL-MORNING: pain after activity must have settled by the next morning; pain as
    high the next morning as after the run has not settled. The same pain after a run was there
    the week before, so only the morning differs."""
    steady = [run(d, 6, during=2, after=3, morning=0, site="achilles") for d in (15, 9)]
    a = advise_doc(calm([*steady, run(3, 6, during=2, after=3, morning=morning, site="achilles")]))
    assert (a.running.mode is Mode.CUT) is cut, verdicts(a)


@pytest.mark.parametrize(("weeks_in_a_row", "refers"), [(1, False), (2, True)])
def test_pain_breaches_in_two_consecutive_weeks_refer_and_one_week_only_cuts(
    weeks_in_a_row: int, refers: bool
) -> None:
    """§4 stop rules: pain > 5/10 during → hold progression, cut load; two consecutive weeks →
    refer."""
    breach = [run(3, 6, during=6, site="knee")]
    if weeks_in_a_row == 2:
        breach.append(run(10, 6, during=6, site="knee"))
    a = advise_doc(calm(breach))
    assert (a.refer is not None) is refers
    if refers:
        assert a.phase is Phase.STOP and a.running.runs == ()
    else:
        assert a.running.mode is Mode.CUT and a.running.runs


def test_a_clearance_does_not_lift_a_pain_cut() -> None:
    """IO-CLEARANCE ends a *stop*; §4's cut for pain > 5/10 during (EV-PAIN-MODEL-DURING) is a
    training-load decision the same week's pain still calls for."""
    clear = {"date": day(2), "by": "physiotherapist", "reason": "no structural injury"}
    a = advise_doc(calm([run(3, 6, during=7, site="knee")], clearances=[clear]))
    assert a.phase is not Phase.STOP
    assert a.running.mode is Mode.CUT
    last_week = 20 + 6
    assert 0 < a.running.planned_km <= last_week * METHOD.pain.cut_factor.value + EPS


# === own scenarios: cardiac signs pause everything ==============================================


@pytest.mark.parametrize("flag", ["dizziness", "palpitations", "breathless_at_rest"])
def test_a_cardiac_sign_reported_without_a_run_pauses_all_exercise(flag: str) -> None:
    """EV-RED-CARDIAC: medical clearance before *further exercise* — strength sessions too, and
    whether or not the sign came during a run."""
    a = advise_doc(calm(reports=[report(2, 0, None, [flag])]))
    assert_stopped(a)
    assert a.refer is not None and a.refer.cardiac
    assert a.foundation.sessions == ()


# === own scenarios: the technique gate ==========================================================


def test_two_strength_sessions_on_one_day_count_as_one_for_the_six_week_gate() -> None:
    """§5 item 4 / EV-STR-BLAGROVE: 2 sessions a week means two training days; two entries on the
    same day are one training stimulus (the trials spread sessions across the week)."""
    a = advise_doc(ready(sessions=strength(6, same_day=True)))
    assert not a.technique.unlocked
    assert verdicts(a)["gate.strength_weeks"] == "lock"


def test_strength_sessions_not_completed_do_not_count_for_the_gate() -> None:
    """§5 item 4: at least 6 weeks of strength sessions *completed* at ≥ 2 per week."""
    sessions = strength(6)
    for s in sessions[1::2]:
        s["completed"] = False
    a = advise_doc(ready(sessions=sessions))
    assert not a.technique.unlocked


@pytest.mark.parametrize(("n_weeks", "unlocked"), [(5, False), (6, True), (7, True)])
def test_technique_needs_six_weeks_of_two_strength_sessions(n_weeks: int, unlocked: bool) -> None:
    """§5 item 4 (EV-STR-BLAGROVE: interventions of 6–20 weeks at 2–3 per week)."""
    assert advise_doc(ready(sessions=strength(n_weeks))).technique.unlocked is unlocked


@pytest.mark.parametrize(("breach_days_ago", "unlocked"), [(13, False), (15, True)])
def test_a_pain_breach_keeps_technique_locked_for_14_days(
    breach_days_ago: int, unlocked: bool
) -> None:
    """§5 item 2: no pain-rule breach in the last 14 days."""
    extra = [run(breach_days_ago, 3, during=6, site="knee", cadence=160)]
    a = advise_doc(ready(extra_runs=extra))
    assert a.technique.unlocked is unlocked, a.technique.missing


def test_a_coach_override_cannot_unlock_technique_within_14_days_of_a_pain_breach() -> None:
    """§5 item 2 and plan.yaml's own note ("pain guards stay in force"): an override may unlock
    a gate item the coach judges, not the pain rules that protect the runner."""
    extra = [run(10, 3, during=6, site="knee", cadence=160)]
    override = {"date": day(1), "verdict": "unlock", "reason": "looks strong to me"}
    a = advise_doc(ready(extra_runs=extra, overrides=[override]))
    assert not a.technique.unlocked
    assert a.technique.prescription is None


@pytest.mark.parametrize("baseline", [150, 165, 185])
def test_cadence_targets_are_five_to_ten_percent_above_the_runners_own_step_rate(
    baseline: float,
) -> None:
    """EV-TECH-STEP5/10, EV-TECH-WILLY, EV-TECH-180-VERDICT: +5% to +10% of the runner's own
    baseline, never a 180 target."""
    a = advise_doc(ready(cadence=baseline))
    p = a.technique.prescription
    assert a.technique.unlocked and p is not None
    assert p.baseline_spm == pytest.approx(baseline, abs=0.5)
    assert p.target_low_spm == pytest.approx(baseline * 1.05, abs=1)
    assert p.target_high_spm == pytest.approx(baseline * 1.10, abs=1)
    assert p.target_high_spm != 180 or baseline * 1.10 == pytest.approx(180, abs=1)


def test_a_cadence_in_strides_per_minute_is_not_taken_as_the_step_rate() -> None:
    """EV-TECH-FIT-SPM: a running value < ~120 is almost certainly strides/min; prescribing
    84–88 "steps/min" from it would be nonsense. Either double it or refuse it as bad input."""
    try:
        a = advise_doc(ready(cadence=80))
    except InputError as err:
        assert any("cadence_spm" in i.where for i in err.issues)
        return
    p = a.technique.prescription
    assert p is not None and p.baseline_spm is not None
    assert p.baseline_spm >= 120, p.baseline_spm


@pytest.mark.parametrize(
    ("calf", "unlocked"),
    [((40, 34), True), ((40, 33), False), ((70, 63), True), ((70, 62), False)],
    ids=["diff 6", "diff 7, 82%", "90%", "89%"],
)
def test_heel_raise_asymmetry_locks_only_beyond_the_day_to_day_error(
    calf: tuple[float, float], unlocked: bool
) -> None:
    """EV-SLHR-ASYM-RULE (built on EV-SLHR-LOA ±6 reps): weaker < 90% of stronger AND difference
    > 6 reps; §5 item 3 locks on it."""
    a = advise_doc(ready(scr=screen(30, calf_raise=calf)))
    assert a.technique.unlocked is unlocked, a.technique.missing


@pytest.mark.parametrize(
    ("left", "unlocked"), [(10.5, True), (10.4, False)], ids=["1.5 cm", "1.6 cm"]
)
def test_knee_to_wall_side_difference_locks_only_above_1_5_cm(left: float, unlocked: bool) -> None:
    """EV-KTW-ASYM-RULE (EV-KTW-MDC-DIFF 1.5 cm, EV-KTW-NORM): flag a difference > 1.5 cm."""
    a = advise_doc(ready(scr=screen(30, knee_to_wall=(left, 12))))
    assert a.technique.unlocked is unlocked, a.technique.missing


@pytest.mark.parametrize(("score", "unlocked"), [(3, True), (4, False)])
def test_a_poor_step_down_locks_technique_and_a_moderate_one_does_not(
    score: int, unlocked: bool
) -> None:
    """EV-LSD-SCORE: 0–1 good, 2–3 moderate, ≥ 4 poor; §5 item 3: step-down score ≤ 3."""
    a = advise_doc(ready(scr=screen(30, single_leg_squat=(score, score))))
    assert a.technique.unlocked is unlocked, a.technique.missing


# === own scenarios: volume ======================================================================


def test_without_a_screen_volume_holds_and_technique_stays_locked() -> None:
    """METHOD.md wrong path 1: no volume progression without a screen on record; the plan holds
    and asks for the screen (§5 item 1: no screen, no technique)."""
    a = advise_doc(doc(weeks([20, 20, 20, 20]), sessions=strength(6)))
    assert a.phase is Phase.SCREEN_NEEDED
    assert a.running.planned_km <= 20 + EPS
    assert not a.technique.unlocked


def test_a_runner_back_after_six_weeks_off_does_not_restart_at_the_old_volume() -> None:
    """EV-F-SPIKE: no run in the previous 30 days → no reference, treat as return-to-run
    (EV-LOAD-RTR walk/run ladder, EV-LOAD-RECOVERY); the old 40 km weeks are not the base."""
    runs = weeks([40] * 8, end=42)
    a = advise_doc(doc(runs, screens=[screen(7)], sessions=strength(6)))
    assert a.phase is not Phase.STOP
    assert 0 < a.running.planned_km <= 40 / 2, a.running.planned_km
    assert planned_longest(a) <= 40 / 3 / 2, a.running.runs


def _follow_the_plan(n_weeks: int) -> list[tuple[Advice, list[dict[str, Any]]]]:
    """A runner who does exactly what each week's advice says, for ``n_weeks`` weeks."""
    return follow(calm(), n_weeks)


def test_recovery_weeks_come_and_keep_at_least_two_strength_sessions() -> None:
    """METHOD.md step 4 (recovery weeks; strength stays in the week), EV-STR-WEEKLY-RULE:
    frequency must not go to zero, or below the programme minimum, in recovery weeks."""
    advices = [a for a, _ in _follow_the_plan(9)]
    assert any(a.running.recovery_week for a in advices), "no recovery week in 9 weeks"
    for a in advices:
        assert len(a.foundation.sessions) >= METHOD.programme.min_sessions.value, a.on


def test_a_runner_following_the_plan_is_never_planned_a_run_beyond_110_percent() -> None:
    """EV-LOAD-SPIKE-REF: no planned run more than 10% longer than the longest run of the 30
    days before the week."""
    for a, logged in _follow_the_plan(9):
        first = (a.on - 30 * DAY).isoformat()
        ref = max(r["distance_km"] for r in logged if r["date"] >= first)
        assert a.running.runs, a.on
        assert planned_longest(a) <= ref * 1.10 + EPS, (a.on, planned_longest(a), ref)


def test_a_coach_cannot_set_a_weekly_increase_above_30_percent() -> None:
    """EV-LOAD-WEEK30: rises > 30% looked riskier for distance-related injuries; the coach's own
    cap is bounded by it."""
    for pct, ok in [(0, True), (30, True), (31, False), (-1, False)]:
        raw = calm(settings={"weekly_increase_pct": pct})
        if ok:
            parse_history(raw, CATALOGUE, METHOD, on=ON)
        else:
            with pytest.raises(InputError):
                parse_history(raw, CATALOGUE, METHOD, on=ON)


# === own scenarios: the foundation programme ====================================================


@pytest.mark.parametrize(
    ("birth_year", "beighton", "hypermobile"),
    [(1988, 4, False), (1988, 5, True), (1988, 6, True), (1970, 3, False), (1970, 4, True)],
    ids=["38y 4/9", "38y 5/9", "38y 6/9", "56y 3/9", "56y 4/9"],
)
def test_a_hypermobile_runner_is_given_no_static_stretching(
    birth_year: int, beighton: int, hypermobile: bool
) -> None:
    """EV-BEIGHTON-2017 (≥ 5 to age 50, ≥ 4 over 50), EV-BEIGHTON-RULE: no end-range static
    stretching targets for a hypermobile runner, even with an ankle side difference."""
    scr = screen(20, beighton=beighton, knee_to_wall=(8, 12))
    a = advise_doc(calm(screens=[scr], birth_year=birth_year))
    stretches = {e for e in exercises(a) if "stretch" in e}
    if hypermobile:
        assert not stretches, stretches
    else:
        mobility = {e for e in exercises(a) if METHOD.exercises[e].quality.value == "mobility"}
        assert mobility, "a non-hypermobile runner with a stiff ankle trains its mobility"


def test_a_painful_knee_to_wall_is_not_answered_with_a_calf_stretch() -> None:
    """§1.1: pain at the front of the ankle at end range → record and consider referral rather
    than stretching; §1 general rule: pain during a test is not scored as a deficit."""
    scr = screen(20, knee_to_wall=(8, 12), painful=[("knee_to_wall", "left")])
    a = advise_doc(calm(screens=[scr]))
    left_ankle_mobility = {
        p.exercise
        for s in a.foundation.sessions
        for p in s.exercises
        if METHOD.exercises[p.exercise].quality.value == "mobility"
        and p.side in ("left", "both")
        and any(r.value == "foot_ankle" for r in METHOD.exercises[p.exercise].regions)
    }
    assert not left_ankle_mobility, left_ankle_mobility
