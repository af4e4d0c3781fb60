"""The charts' figures come from the plan's own caps (insideout.core.trends): each week against
the weekly cap on its reference week, each run against 110% of the longest run of the 30 days
before it (EV-LOAD-SPIKE-REF, EV-F-SPIKE)."""

from __future__ import annotations

import pytest

from insideout.catalogue.method import load_method
from insideout.core.trends import trends
from tests.advice_builders import DAY, ON, history, run, week_runs


def test_a_week_over_the_weekly_cap_is_marked_and_its_cap_drawn_from_its_reference() -> None:
    h = history(week_runs(ON, [20, 20, 20, 30]))
    t = trends(h, ON, load_method(), 4)
    assert [round(w.km, 1) for w in t.weeks] == [20, 20, 20, 30]
    assert [w.kept for w in t.weeks] == [True, True, True, False]
    assert t.weeks[-1].cap_km == pytest.approx(20 * 1.10, abs=0.01)  # 3 runs of 6.667 km
    assert t.weeks[0].cap_km is None  # the first week of the records has no reference


@pytest.mark.parametrize(("km", "within"), [(11.0, True), (11.1, False)])
def test_a_run_over_110_percent_of_the_30_day_longest_is_marked(km: float, within: bool) -> None:
    h = history([run(ON - 20 * DAY, 10), run(ON - 3 * DAY, km)])
    last = trends(h, ON, load_method(), 4).runs[-1]
    assert last.limit_km == pytest.approx(11.0)
    assert last.within is within


def test_the_step_rate_of_each_run_is_carried() -> None:
    h = history([run(ON - 9 * DAY, 5, cadence=166), run(ON - 2 * DAY, 5)])
    t = trends(h, ON, load_method(), 4)
    assert [r.cadence_spm for r in t.runs] == [166, None]
