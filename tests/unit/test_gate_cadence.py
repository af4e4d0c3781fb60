"""The cadence prescription's baseline is the runner's step rate before the change began, and the
+10% is a ceiling on the whole change (evidence.md §5 item 5: "limited to +5% to +10% of the
runner's own baseline at the same pace (EV-TECH-STEP5/10, EV-TECH-WILLY), introduced over several
sessions"; EV-TECH-180-VERDICT: relative change from the runner's own baseline; red team F2)."""

from __future__ import annotations

import datetime as dt

import pytest

from insideout.core.gate import CadencePrescription
from insideout.core.history import RunLog
from tests.advice_builders import DAY, ON, advice, history, run, screen, sessions


def prescribed(runs: list[RunLog], on: dt.date = ON) -> CadencePrescription:
    """The prescription for a runner who meets every gate condition on ``on``."""
    h = history(runs, screens=[screen(on - 30 * DAY)], strength=sessions(on, 6))
    a = advice(h, on)
    assert a.technique.unlocked, a.technique.missing
    assert a.technique.prescription is not None
    return a.technique.prescription


def weeks_at(first: dt.date, weeks: int, spm: float | None) -> list[RunLog]:
    """Three 5 km easy runs a week for ``weeks`` weeks from ``first``."""
    return [run(first + (7 * w + d) * DAY, 5, cadence=spm) for w in range(weeks) for d in (0, 2, 4)]


@pytest.mark.parametrize("weeks_at_target", [0, 1, 2, 3, 5, 8, 12, 16])
def test_running_at_the_target_never_moves_the_baseline(weeks_at_target: int) -> None:
    """Red team F2 (j1b): 164 steps/min before, then every easy run at the top of the band (180).
    The old rule re-read the last 56 days and went 164 -> 180 -> 198 (+33%); the baseline must stay
    164 and the band 172-180 however long she runs at 180."""
    start = ON - (8 + weeks_at_target) * 7 * DAY
    runs = weeks_at(start, 8, 164) + weeks_at(start + 56 * DAY, weeks_at_target, 180)
    p = prescribed(runs)
    assert p.baseline_spm == 164
    assert (p.target_low_spm, p.target_high_spm) == (172.2, 180.4)
    first = start.isoformat()
    assert f"from {first} to {(start + 7 * DAY).isoformat()}" in p.text, p.text  # her first 4
    if weeks_at_target >= 2:  # the last 14 days are all at 180: inside the band
        assert "Your median over the last 14 days is 180 steps/min" in p.text
        assert "hold it there" in p.text and "no new raise" in p.text
        assert "Raise it" not in p.text


def test_a_runner_whose_step_rate_data_starts_only_recently() -> None:
    """Eight weeks without a step rate, then four easy runs at 170 in the last 10 days: the
    baseline is those runs (170); three weeks later, at 185 since, it is still 170 and 185 is
    inside +5% to +10% (178.5-187): hold, no new raise."""
    blind = weeks_at(ON - 66 * DAY, 8, None)
    first = [run(ON - d * DAY, 5, cadence=170) for d in (10, 8, 6, 3)]
    p = prescribed(blind + first)
    assert p.baseline_spm == 170 and (p.target_low_spm, p.target_high_spm) == (178.5, 187)
    span = f"from {(ON - 10 * DAY).isoformat()} to {(ON - 3 * DAY).isoformat()}"
    assert span in p.text and "Raise it by +5% to +10% (178-187 steps/min)" in p.text, p.text

    later = ON + 21 * DAY
    p = prescribed(blind + first + weeks_at(ON, 3, 185), later)
    assert p.baseline_spm == 170 and p.target_high_spm == 187
    assert span in p.text and "is 185 steps/min" in p.text
    assert "hold it there" in p.text and "Raise it" not in p.text


@pytest.mark.parametrize(("on", "baseline"), [(ON, 145), (ON + DAY, 150)])
def test_the_baseline_is_looked_for_in_the_last_182_days_and_no_further(
    on: dt.date, baseline: float
) -> None:
    """lookback_days 182 (IO-TECH-CADENCE-BASELINE): a run 182 days before the day advised is one
    of the first 4 (140, 140, 150, 150: 145); 183 days before, it is out (140, 150, 150, 150)."""
    runs = [
        run(ON - 182 * DAY, 5, cadence=140),
        run(ON - 180 * DAY, 5, cadence=140),
        run(ON - 170 * DAY, 5, cadence=150),
        run(ON - 160 * DAY, 5, cadence=150),
        run(ON - 150 * DAY, 5, cadence=150),
        *weeks_at(ON - 120 * DAY, 17, 160),
    ]
    p = prescribed(runs, on)
    assert p.baseline_spm == baseline, p.text
    first, last = (182, 160) if on == ON else (180, 150)
    assert f"from {(ON - first * DAY).isoformat()} to {(ON - last * DAY).isoformat()}" in p.text


def test_no_target_until_four_runs_then_those_four_stay_the_baseline() -> None:
    """baseline_runs 4: with 3 easy runs with a step rate there is no target yet (a target given
    then would have the runs at it counted in the baseline); the fourth sets it, and weeks of
    runs at 175 afterwards do not move it."""
    three = [run(ON - d * DAY, 5, cadence=160) for d in (12, 9, 5)]
    p = prescribed(three)
    assert p.baseline_spm is None and p.target_low_spm is None and p.target_high_spm is None
    assert "Record your step rate" in p.text and "first 4 (3 so far, median 160" in p.text
    fourth = [run(ON - 2 * DAY, 5, cadence=162)]
    assert prescribed(three + fourth).baseline_spm == 160
    later = ON + 35 * DAY
    p = prescribed(three + fourth + weeks_at(ON, 5, 175), later)
    assert p.baseline_spm == 160 and p.target_high_spm == 176, p.text
    assert "hold it there" in p.text


@pytest.mark.parametrize(
    ("recent", "words"),
    [
        (None, "Raise it by +5% to +10% (168-176 steps/min)"),
        (167.9, "Raise it by +5% to +10% (168-176 steps/min)"),
        (168, "hold it there"),
        (176, "hold it there"),
        (176.1, "ease back to +5% to +10% (168-176 steps/min)"),
    ],
)
def test_raise_below_the_band_hold_inside_it_ease_back_above_it(
    recent: float | None, words: str
) -> None:
    """IO-TECH-CADENCE-HOLD: baseline 160, band 168-176. The recent median (last 14 days) one
    below +5% raises, at +5% and at +10% holds, above +10% eases back: +10% is a ceiling."""
    runs = [run(ON - d * DAY, 5, cadence=160) for d in (60, 58, 56, 53)]
    runs += [run(ON - d * DAY, 5, cadence=recent) for d in (14, 10, 7, 3)]
    p = prescribed(runs)
    assert p.baseline_spm == 160 and (p.target_low_spm, p.target_high_spm) == (168, 176)
    assert words in p.text, p.text
    if recent is None:
        assert "No easy run with a step rate in the last 14 days" in p.text
    else:
        assert f"Your median over the last 14 days is {recent:.0f} steps/min" in p.text
    if words == "hold it there":
        assert "no new raise" in p.text and "ceiling of the whole change" in p.text
