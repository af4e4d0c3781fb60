"""Properties over random histories: the guards hold for every runner, not just the examples."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from insideout.catalogue.method import load_method
from insideout.core.advise import Advice, Phase
from insideout.core.history import History, RunLog, StrengthLog
from insideout.core.method import FlagKind
from insideout.core.plan import EPS, weekly_km
from tests.advice_builders import DAY, ON, advice, history, run, screen

METHOD = load_method()
FLAGS = sorted(METHOD.red_flags)
SITES = sorted(METHOD.pain.sites)
SPAN = 70  # days of history

runs_st = st.lists(
    st.tuples(
        st.integers(1, SPAN),  # days before ON
        st.floats(0.5, 30, allow_nan=False).map(lambda x: round(x, 1)),
        st.one_of(st.none(), st.integers(0, 10)),  # pain during
        st.one_of(st.none(), st.integers(0, 10)),  # pain next morning
        st.sampled_from(SITES),
        st.lists(st.sampled_from(FLAGS), max_size=1),
    ),
    max_size=40,
)
strength_st = st.lists(st.integers(1, SPAN), max_size=30)
screen_st = st.one_of(
    st.none(),
    st.tuples(st.integers(0, SPAN), st.floats(5, 14), st.floats(5, 14)),
)


@st.composite
def histories(draw: Any) -> History:
    raw = draw(runs_st)
    flag_rate = draw(st.sampled_from([0.0, 0.0, 0.3]))
    runs: list[RunLog] = []
    for days, km, during, morning, site, flags in raw:
        keep_flags = flags if flag_rate and draw(st.floats(0, 1)) < flag_rate else []
        runs.append(
            run(ON - days * DAY, km, during=during, morning=morning, site=site, flags=keep_flags)
        )
    strength = [StrengthLog(ON - d * DAY) for d in draw(strength_st)]
    s = draw(screen_st)
    screens = [] if s is None else [screen(ON - s[0] * DAY, knee_to_wall=(s[1], s[2]))]
    return history(runs, screens, strength)


def recent_flags(h: History, on: dt.date) -> list[str]:
    """Every red flag on record (none of these histories has a clearance, so none has lapsed:
    IO-RED-FLAG-UNTIL-CLEARED)."""
    return [f for r in h.runs_between(dt.date.min, on - DAY) for f in r.red_flags]


PROPS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPS
@given(histories())
def test_no_plan_breaks_a_cap(h: History) -> None:
    a = advice(h)
    ref = max(weekly_km(h, ON, 1), weekly_km(h, ON, 2))
    start = METHOD.plan.start
    # no running in the last two weeks but runs in the last 30 days: a restart at (not above)
    # the last week with running (IO-PLAN-RESTART), never a novice start
    recent = h.runs_between(ON - 30 * DAY, ON - DAY)
    last = max((r.date for r in recent), default=None)
    restart = 0.0 if ref or last is None else weekly_km(h, ON, ((ON - last).days - 1) // 7 + 1)
    bound = max(ref * 1.10, restart, start.runs * start.run_km)
    assert a.running.planned_km <= bound + EPS
    assert a.running.runs or a.running.planned_km == 0, "no runs planned: no distance either"
    for r in a.running.runs:
        window = h.runs_between(r.date - 30 * DAY, ON - DAY)
        longest = max((x.distance_km for x in window), default=0.0)
        cap = longest * METHOD.plan.spike_ratio.value if longest else start.run_km
        assert r.distance_km <= cap + EPS
        assert ON <= r.date <= ON + 6 * DAY


def exercise_paused(a: Advice) -> bool:
    return a.refer is not None and a.refer.cardiac


@PROPS
@given(histories())
def test_no_week_lacks_foundation_sessions(h: History) -> None:
    a = advice(h)
    flags = recent_flags(h, ON)
    cardiac = any(METHOD.red_flags[f].kind is FlagKind.CARDIAC for f in flags)
    if cardiac:  # the one exception: all exercise waits for a doctor
        assert exercise_paused(a) and a.foundation.sessions == ()
    else:
        assert len(a.foundation.sessions) >= METHOD.programme.min_sessions.days
        assert all(s.exercises for s in a.foundation.sessions)


@PROPS
@given(histories())
def test_no_plan_without_a_screen_progresses_volume(h: History) -> None:
    h = History(h.runner, (), h.runs, h.strength, h.reports)
    a = advice(h)
    assert a.phase in (Phase.SCREEN_NEEDED, Phase.STOP)
    assert a.running.planned_km <= weekly_km(h, ON, 1) + EPS
    assert "progress" not in {
        d.verdict.value for d in a.decisions if d.rule in ("plan.weekly_cap", "plan.start")
    }


@PROPS
@given(histories(), st.sampled_from(FLAGS), st.integers(1, 14))
def test_a_red_flag_always_stops_running(h: History, flag: str, days: int) -> None:
    flagged = run(ON - days * DAY, 3, flags=[flag])
    h = History(h.runner, h.screens, tuple(sorted([*h.runs, flagged], key=lambda r: r.date)),
                h.strength, h.reports)  # fmt: skip
    a = advice(h)
    assert a.phase is Phase.STOP
    assert a.running.runs == () and a.running.planned_km == 0
    assert a.refer is not None and METHOD.red_flags[flag].words in a.refer.words
    assert any(d.rule == f"red_flag.{flag}" and d.verdict.value == "stop" for d in a.decisions)
