"""The pain guards at their boundaries: hold and cut, or stop and refer."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from insideout.catalogue.method import load_method
from insideout.core.advise import Phase, advice_dict
from insideout.core.history import PainReport, RunLog
from insideout.core.method import FlagKind
from insideout.core.plan import Mode
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

BASE_WEEKS = [20, 20, 20]  # three calm weeks before the last one


def calm(
    last_week: list[RunLog],
    *,
    weeks: list[float] | None = None,
    steady: dict[str, Any] | None = None,
) -> Any:
    """A screened runner with calm history and the given runs in the last 7 days.

    ``steady`` gives every earlier run the same pain, so that pain is not new (not rising).
    """
    earlier = week_runs(ON - 7 * DAY, weeks or BASE_WEEKS, **(steady or {}))
    return history(earlier + last_week, screens=[screen(ON - 30 * DAY)], strength=sessions(ON, 6))


def last_week(**pain: Any) -> list[RunLog]:
    """Three 6-7 km runs in the last 7 days; the middle one carries the pain given."""
    return [
        run(ON - 6 * DAY, 6.5),
        run(ON - 4 * DAY, 6.5, **pain),
        run(ON - 2 * DAY, 7),
    ]


PAIN_RULES = [
    # (pain fields of one run, rule, verdict, evidence)
    (dict(during=5, site="knee"), "pain.during", "progress", "EV-PAIN-MODEL-DURING"),  # at 5: ok
    (dict(during=6, site="knee"), "pain.during", "cut", "EV-PAIN-MODEL-DURING"),  # one above
    (dict(morning=2, site="shin"), "pain.morning", "progress", "IO-PAIN-MORNING"),  # settled
    (dict(morning=3, site="shin"), "pain.morning", "cut", "IO-PAIN-MORNING"),  # not settled
    # pain just after a run is judged by the during limit (IO-PAIN-AFTER), settled or not
    (dict(after=5, site="knee"), "pain.during", "progress", "EV-PAIN-MODEL-DURING"),  # at 5: ok
    (dict(after=6, site="knee"), "pain.during", "cut", "IO-PAIN-AFTER"),  # one above
    (dict(during=3, after=8, morning=0, site="knee"), "pain.during", "cut", "IO-PAIN-AFTER"),
]


@pytest.mark.parametrize(("pain", "rule", "verdict", "evidence"), PAIN_RULES)
def test_pain_rules_fire_only_above_their_threshold(
    pain: dict[str, Any], rule: str, verdict: str, evidence: str
) -> None:
    # the allowed cases keep the same pain as the weeks before: new pain would be rising pain
    a = advice(calm(last_week(**pain), steady=pain if verdict == "progress" else None))
    assert verdicts(a)[rule] == verdict
    d = decision(a, rule)
    assert d.evidence == evidence
    if verdict == "cut":
        assert a.running.mode is Mode.CUT
        assert d.value > d.threshold
        assert "no progression" in d.text or "not settled" in d.text
    else:
        assert a.running.mode is Mode.PROGRESS


def test_a_cut_week_runs_at_most_the_cut_share_of_last_week() -> None:
    a = advice(calm(last_week(during=6, site="knee")))
    assert a.running.planned_km <= 20 * load_method().pain.cut_factor.value + 1e-9
    assert decision(a, "plan.pain_cut").verdict.value == "cut"
    assert a.running.runs, "a cut is not a stop"


def test_pain_at_a_site_regresses_that_regions_exercises() -> None:
    a = advice(calm(last_week(during=7, site="knee")))
    assert verdicts(a)["programme.regress.knee"] == "cut"
    assert "programme.regress.hip" not in verdicts(a)


RISE = [
    # (peak last week, peak this week, fires)
    (2, 4, True),  # +2 at the knee: a rise
    (2, 3, True),  # +1 to above the 0-2 safe zone: pain must not climb (EV-PAIN-MODEL-WEEK)
    (3, 4, True),  # +1 above the safe zone
    (1, 2, False),  # +1 inside the safe zone: noise
    (4, 4, False),  # steady
    (0, 1, False),  # new pain of 1: a rise of 1 from 0, within noise
    (0, 2, True),  # new pain of 2: no pain last week counts as 0 (EV-PAIN-MODEL-WEEK)
    (0, 4, True),  # new pain is rising pain
]


@pytest.mark.parametrize(("before", "now", "fires"), RISE)
def test_pain_rising_week_to_week_at_a_site_cuts(before: float, now: float, fires: bool) -> None:
    prior = week_runs(ON - 14 * DAY, [20, 20])
    week2 = [run(ON - 12 * DAY, 6.5, after=before, site="knee" if before else None),
             run(ON - 10 * DAY, 6.5), run(ON - 9 * DAY, 7)]  # fmt: skip
    h = history(
        prior + week2 + last_week(after=now, site="knee"),
        screens=[screen(ON - 30 * DAY)],
        strength=sessions(ON, 6),
    )
    assert verdicts(advice(h))["pain.week_rise"] == ("cut" if fires else "progress")


def test_breaches_in_two_consecutive_weeks_stop_running_and_refer() -> None:
    prior = week_runs(ON - 14 * DAY, [20, 20])
    week2 = [run(ON - 12 * DAY, 6.5, during=6, site="knee"), run(ON - 10 * DAY, 6)]
    h = history(
        prior + week2 + last_week(during=6, site="knee"),
        screens=[screen(ON - 30 * DAY)],
        strength=sessions(ON, 6),
    )
    a = advice(h)
    assert a.phase is Phase.STOP
    assert a.running.runs == ()
    assert verdicts(a)["pain.two_weeks"] == "refer"
    assert a.refer is not None
    assert "physiotherapist" in a.refer.words
    assert a.foundation.sessions, "strength continues when it is pain-free"


@pytest.mark.parametrize("flag", sorted(load_method().red_flags))
def test_every_red_flag_stops_running_and_says_whom_to_see(flag: str) -> None:
    a = advice(calm(last_week(during=1, site="shin", flags=[flag])))
    spec = load_method().red_flags[flag]
    assert a.phase is Phase.STOP
    assert a.running.runs == () and a.running.planned_km == 0
    assert verdicts(a)[f"red_flag.{flag}"] == "stop"
    assert a.refer is not None and spec.words in a.refer.words
    assert "doctor" in a.refer.words or "physiotherapist" in a.refer.words
    if spec.kind is FlagKind.CARDIAC:
        assert a.foundation.sessions == ()  # all exercise pauses until cleared
        assert verdicts(a)["programme.paused"] == "stop"
    else:
        assert len(a.foundation.sessions) >= 2


def test_chest_pain_tells_the_runner_to_call_the_emergency_services() -> None:
    a = advice(calm(last_week(flags=["chest_pain"])))
    assert a.refer is not None and "emergency services" in a.refer.words
    refer = advice_dict(a)["refer"]
    assert (refer["urgent"], refer["cardiac"]) == (True, True), "an integrator can tell"


def test_an_ordinary_referral_is_neither_urgent_nor_cardiac() -> None:
    refer = advice_dict(advice(calm(last_week(flags=["swelling"]))))["refer"]
    assert (refer["urgent"], refer["cardiac"]) == (False, False)


@pytest.mark.parametrize(("days_ago", "stops"), [(14, True), (15, True), (120, True)])
def test_a_red_flag_stops_running_until_cleared_however_long_ago(
    days_ago: int, stops: bool
) -> None:
    """IO-RED-FLAG-UNTIL-CLEARED (EV-BSI-SIGNS, §4): a red flag never lapses on its own."""
    report = PainReport(ON - days_ago * DAY, 3, "shin", None, ("night_pain",))
    h = history(
        week_runs(ON, [20, 20, 20, 20]),
        screens=[screen(ON - 30 * DAY)],
        strength=sessions(ON, 6),
        reports=[report],
    )
    assert (advice(h).phase is Phase.STOP) is stops


@pytest.mark.parametrize(("days_ago", "stops"), [(0, True), (1, True)])
def test_a_red_flag_logged_on_the_day_advised_stops_running_that_day(
    days_ago: int, stops: bool
) -> None:
    """Night pain reported this morning: no run may be planned for this afternoon."""
    h = history(
        [*week_runs(ON, [20, 20, 20, 20]), run(ON - days_ago * DAY, 5, flags=["night_pain"])],
        screens=[screen(ON - 30 * DAY)],
        strength=sessions(ON, 6),
    )
    a = advice(h)
    assert (a.phase is Phase.STOP) is stops
    assert a.running.runs == ()
    assert a.refer is not None and "night" in a.refer.reason


@pytest.mark.parametrize(("span", "refers"), [(14, False), (15, True)])
def test_pain_persisting_past_the_limit_refers(span: int, refers: bool) -> None:
    """Mild knee pain (2/10, under every other threshold) reported on every run for ``span`` days."""
    first = ON - span * DAY
    days = [first + k * DAY for k in range(0, span, 2)] + [ON - DAY]
    runs = [run(d, 4, after=2, site="knee") for d in sorted(set(days))]
    h = history(
        week_runs(first, [16, 16]) + runs,
        screens=[screen(ON - 40 * DAY)],
        strength=sessions(ON, 6),
    )
    a = advice(h)
    assert ("pain.persist" in verdicts(a)) is refers
    if refers:
        assert a.phase is Phase.STOP and a.refer is not None


def test_a_pain_free_answer_ends_a_pain_episode() -> None:
    first = ON - 20 * DAY
    runs = [run(first + k * DAY, 4, after=2, site="knee") for k in range(0, 10, 2)]
    runs += [run(ON - 9 * DAY, 4, during=0, after=0, morning=0)]
    runs += [run(ON - k * DAY, 4, after=2, site="knee") for k in (7, 5, 3, 1)]
    h = history(runs, screens=[screen(ON - 40 * DAY)], strength=sessions(ON, 6))
    assert "pain.persist" not in verdicts(advice(h))


def test_without_pain_every_guard_says_progress() -> None:
    a = advice(calm(last_week()))
    v = verdicts(a)
    assert v["pain.during"] == v["pain.morning"] == v["pain.week_rise"] == "progress"
    assert v["red_flags"] == "progress"
    assert a.refer is None


def test_the_week_window_is_the_seven_days_before_the_advice() -> None:
    old = [run(ON - 8 * DAY, 6, during=8, site="knee")]  # last week's breach, not this week's
    a = advice(calm(old + last_week()))
    assert verdicts(a)["pain.during"] == "progress"
    assert a.pain.breach_last_week and not a.pain.breach_this_week


def test_a_next_morning_day_outside_the_history_is_never_needed() -> None:
    a = advice(calm([run(ON - DAY, 6, during=0, after=0, morning=None)]))
    assert verdicts(a)["pain.morning"] == "progress"


def test_a_stored_red_flag_the_method_no_longer_lists_still_stops_running() -> None:
    """Histories built from the database skip the parser: a retired flag name must not crash."""
    a = advice(calm(last_week(flags=["old_flag_name"])))
    assert a.phase is Phase.STOP
    assert verdicts(a)["red_flag.old_flag_name"] == "stop"
    assert a.refer is not None and "old flag name" in a.refer.reason


def test_steady_severe_pain_after_every_run_never_progresses() -> None:
    # 8/10 after every run for weeks, settled each morning: steady, so not "rising", and still
    # far above what the pain-monitoring model allows
    pain = dict(during=3, after=8, morning=0, site="knee")
    a = advice(calm(last_week(**pain), steady=pain))
    assert verdicts(a)["pain.during"] == "cut"
    assert "just after the run" in decision(a, "pain.during").text
    # over the limit two weeks in a row: cutting back has not settled it, so stop and refer
    assert a.running.mode is Mode.STOP and a.refer is not None
    # the first week of it cuts
    one = advice(calm(last_week(**pain)))
    assert one.running.mode is Mode.CUT and one.refer is None


def _unanswered(**pain: Any) -> list[RunLog]:
    return [
        run(ON - d * DAY, 6.5, during=None, after=None, morning=None, **pain) for d in (6, 4, 2)
    ]


def test_runs_nobody_answered_the_pain_questions_for_are_never_called_pain_free() -> None:
    a = advice(calm(_unanswered()))
    during, morning = decision(a, "pain.during"), decision(a, "pain.morning")
    assert during.value is None and morning.value is None
    assert "not answered" in during.text and "no pain" in during.text
    assert "not answered" in morning.text and "not known" in morning.text
    assert "had settled" not in morning.text and "No run in the last 7 days had" not in during.text


def test_mornings_partly_answered_say_how_many_were_not() -> None:
    runs = _unanswered()[:2] + [run(ON - 2 * DAY, 7, during=1, after=1, morning=1, site="knee")]
    a = advice(calm(runs))
    morning = decision(a, "pain.morning")
    assert morning.value == 1
    assert "every morning that was answered; 2 of 3 mornings were not answered" in morning.text
    assert "2 runs had no pain answer" in decision(a, "pain.during").text


def test_no_decision_carries_floating_point_noise_in_its_threshold() -> None:
    # 1.1 x 100 is 110.00000000000001 in floating point; a tool comparing with 110 must see 110
    a = advice(calm(last_week(during=6, site="knee")))
    for d in a.decisions:
        if isinstance(d.threshold, float):
            assert d.threshold == round(d.threshold, 6), (d.rule, d.threshold)
    spike = decision(a, "plan.spike")
    assert spike.threshold == 110


# --- a pain referral stands until cleared (IO-PAIN-REFER-UNTIL-CLEARED) --------------------------


def _referred_a_week_ago(*, rest_after: bool = True) -> list[RunLog]:
    """Pain-free weeks, then new knee pain of 4 (a rise: a breach), then 6 during (a breach): the
    advice of a week ago referred (two weeks in a row). Then she obeyed: no run since."""
    calm_weeks = week_runs(ON - 21 * DAY, [20, 20])
    rising = [run(ON - d * DAY, 6, during=4, site="knee") for d in (20, 18, 16)]
    above = [run(ON - d * DAY, 4, during=6, site="knee") for d in (13, 11, 9)]
    since = [] if rest_after else [run(ON - 3 * DAY, 4, during=0, site=None)]
    return calm_weeks + rising + above + since


def test_a_pain_referral_does_not_lapse_when_the_runner_obeys_and_stops() -> None:
    h = history(_referred_a_week_ago(), screens=[screen(ON - 40 * DAY)])
    made = advice(h, ON - 7 * DAY)
    assert made.refer is not None and "pain.two_weeks" in verdicts(made)
    a = advice(h)
    assert a.running.mode is Mode.STOP and a.running.runs == ()
    assert a.refer is not None and "not yet cleared" in a.refer.reason
    d = decision(a, "pain.referred")
    assert d.verdict.value == "refer" and d.value == (ON - 7 * DAY).isoformat()
    assert "does not end on its own" in d.text and d.evidence == "IO-PAIN-REFER-UNTIL-CLEARED"


# a clearance after the pain it was given for lifts; one before the pain lifts nothing
@pytest.mark.parametrize(("cleared_days_ago", "lifted"), [(3, True), (7, True), (20, False)])
def test_only_a_clearance_on_or_after_the_referral_lifts_it(
    cleared_days_ago: int, lifted: bool
) -> None:
    from insideout.core.history import Clearance, ClearedBy

    h = history(_referred_a_week_ago(), screens=[screen(ON - 40 * DAY)])
    c = Clearance(ON - cleared_days_ago * DAY, ClearedBy.PHYSIOTHERAPIST, "knee assessed")
    a = advice(dataclasses.replace(h, clearances=(c,)))
    assert ("pain.referred" in verdicts(a)) is not lifted
    assert (a.running.mode is Mode.STOP) is not lifted
