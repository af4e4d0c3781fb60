"""The runs' references, worked out in one pass (a sliding window's longest base), equal the
definition worked out run by run: a run's base is the longest base of the ``window`` days before
it (earlier days only), a run that broke its cap counting only as the base it was judged against;
the return-to-run distance after a window without running; nothing for the records' first 7 days.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from insideout.core.history import History
from insideout.core.reference import EPS, judge
from tests.advice_builders import DAY, ON, history, run

RATIO, CAP, RETURN, WINDOW = 1.1, 10.0, 2.0, 30


def by_definition(h: History, on: dt.date) -> list[tuple[float | None, bool]]:
    refs = judge(h, on, RATIO, CAP, RETURN, WINDOW, reach=10_000)
    week_kept = {w.k: w.kept for w in refs.weeks}
    runs = [r for r in h.runs if r.date < on]
    first_week = runs[0].date + 6 * DAY if runs else on
    out: list[tuple[float | None, bool]] = []
    bases: list[float] = []
    for i, r in enumerate(runs):
        window = [j for j in range(i) if r.date - WINDOW * DAY <= runs[j].date < r.date]
        if r.date <= first_week:
            ref = None
        elif window:
            ref = max(bases[j] for j in window)
        else:
            ref = RETURN if any(runs[j].date < r.date - WINDOW * DAY for j in range(i)) else None
        within = ref is None or r.distance_km <= RATIO * ref + EPS
        kept = within and week_kept[((on - r.date).days - 1) // 7 + 1]
        bases.append(r.distance_km if kept else min(r.distance_km, ref or 0.0))
        out.append((ref, kept))
    return out


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 200), st.floats(1.0, 40.0)), min_size=1, max_size=60))
def test_one_pass_gives_every_run_the_reference_the_definition_gives(
    drawn: list[tuple[int, float]],
) -> None:
    h = history(run(ON - days_ago * DAY, round(km, 1)) for days_ago, km in drawn)
    judged = judge(h, ON, RATIO, CAP, RETURN, WINDOW, reach=10_000)
    assert [(j.ref_km, j.kept) for j in judged.runs] == by_definition(h, ON)
