"""A runner at a glance (the coach's dashboard): recent pain, its trend, the newest entry, quiet.

The pain of the last 7 days is the pain rules' week and the day itself: a report 7 days ago is in
it, 8 days ago is not. "Rising" is the week-rise rule itself (IO-PAIN-WEEK-RISE, 2 points or more
on the 7 days before, new pain from 0); "falling" its mirror (IO-PAIN-TREND), only when something
was said; "gone quiet" is 10 days without anything logged (IO-DASH-QUIET).
"""

from __future__ import annotations

import datetime as dt

import pytest

from insideout.catalogue.method import load_method
from insideout.core.glance import PainTrend, is_quiet, last_logged, quiet_since, recent_pain
from insideout.core.history import PainReport, StrengthLog
from tests.advice_builders import DAY, ON, history, run, screen

RULES = load_method().pain
GLANCE = load_method().glance


def test_the_quiet_days_and_the_rise_come_from_the_catalogue() -> None:
    assert GLANCE.quiet_days.value == 10 and GLANCE.quiet_days.evidence == "IO-DASH-QUIET"
    assert RULES.week_rise_min.value == 2


@pytest.mark.parametrize(("days_ago", "counted"), [(0, True), (6, True), (7, True), (8, False)])
def test_pain_counts_in_the_last_7_days_up_to_7_days_ago(days_ago: int, counted: bool) -> None:
    h = history(reports=[PainReport(ON - days_ago * DAY, 4.0, "knee")])
    assert recent_pain(h, ON, RULES).peak == (4.0 if counted else None)


def test_the_peak_is_the_highest_value_given_by_a_run_or_a_report() -> None:
    runs = [run(ON - 2 * DAY, 5, during=1, after=3, morning=None, site="shin")]
    h = history(runs=runs, reports=[PainReport(ON - DAY, 2.0, "knee")])
    assert recent_pain(h, ON, RULES).peak == 3.0


def test_a_run_without_pain_answers_is_no_pain_given_not_zero() -> None:
    silent = history(runs=[run(ON - DAY, 5, during=None, after=None, morning=None)])
    assert recent_pain(silent, ON, RULES) == recent_pain(history(), ON, RULES)
    assert recent_pain(silent, ON, RULES).peak is None
    free = history(runs=[run(ON - DAY, 5)])  # "no pain at all", said
    assert recent_pain(free, ON, RULES).peak == 0.0
    assert recent_pain(free, ON, RULES).trend is PainTrend.NONE


def _weeks(before: float | None, now: float | None) -> PainTrend:
    reports = []
    if before is not None:
        reports.append(PainReport(ON - 10 * DAY, before, "knee"))
    if now is not None:
        reports.append(PainReport(ON - 2 * DAY, now, "knee"))
    return recent_pain(history(reports=reports), ON, RULES).trend


@pytest.mark.parametrize(
    ("before", "now", "trend"),
    [
        (None, 2.0, PainTrend.RISING),  # new pain counts from 0: the rule's own reading
        (None, 1.0, PainTrend.STEADY),  # below the rise of 2
        (3.0, 5.0, PainTrend.RISING),  # up 2: at the rule's limit
        (3.0, 4.0, PainTrend.RISING),  # up 1 above the 0-2 safe zone: pain must not climb
        (1.0, 2.0, PainTrend.STEADY),  # up 1 inside the safe zone: noise
        (5.0, 3.0, PainTrend.FALLING),  # down 2
        (5.0, 4.0, PainTrend.STEADY),  # down 1
        (4.0, 0.0, PainTrend.FALLING),  # said "no pain" this week
        (4.0, None, PainTrend.NONE),  # nothing said this week: not a fall, unknown
        (1.0, 0.0, PainTrend.NONE),
        (None, None, PainTrend.NONE),
    ],
)
def test_the_trend_compares_the_last_7_days_with_the_7_before(
    before: float | None, now: float | None, trend: PainTrend
) -> None:
    assert _weeks(before, now) is trend


def test_rising_pain_at_one_site_is_rising_though_another_falls() -> None:
    reports = [
        PainReport(ON - 10 * DAY, 6.0, "shin"),
        PainReport(ON - 2 * DAY, 1.0, "shin"),
        PainReport(ON - 2 * DAY, 3.0, "knee"),
    ]
    assert recent_pain(history(reports=reports), ON, RULES).trend is PainTrend.RISING


def test_the_newest_entry_is_a_run_a_report_a_strength_session_or_a_screen() -> None:
    assert last_logged(history(), ON) is None
    h = history(
        runs=[run(ON - 9 * DAY, 5)],
        reports=[PainReport(ON - 7 * DAY, 1.0)],
        strength=[StrengthLog(ON - 5 * DAY)],
        screens=[screen(ON - 3 * DAY)],
    )
    assert last_logged(h, ON) == ON - 3 * DAY
    assert last_logged(h, ON - 4 * DAY) == ON - 5 * DAY  # nothing after the day asked about


@pytest.mark.parametrize(("days_ago", "quiet"), [(9, False), (10, True), (11, True)])
def test_a_runner_is_quiet_after_10_days_without_an_entry(days_ago: int, quiet: bool) -> None:
    last = last_logged(history(runs=[run(ON - days_ago * DAY, 5)]), ON)
    assert is_quiet(last, ON, GLANCE) is quiet
    assert (last is not None and last <= quiet_since(ON, GLANCE)) is quiet


def test_a_runner_who_never_logged_anything_is_not_quiet() -> None:
    assert is_quiet(None, ON, GLANCE) is False
    assert quiet_since(ON, GLANCE) == ON - dt.timedelta(days=10)
