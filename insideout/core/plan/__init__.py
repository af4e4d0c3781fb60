"""The running plan for next week: volume that grows within limits, and the guards that hold it.

The wrong path is "more mileage is the key". What the plan keeps (numbers are data in
``plan.yaml`` ``plan:``, each cited):

* no volume progression without a screen on record: volume holds at what the runner already does
  (METHOD.md; the plan asks for the screen) — :mod:`.week`;
* weekly distance may rise at most by a coach-adjustable share of the reference week
  (default built from EV-LOAD-WEEK30 / EV-LOAD-10PCT; a design choice, and says so); a coach may
  set a runner's own cap within bounds in data (:mod:`insideout.core.coach`) and the sentence
  then says so (IO-COACH-WEEKLY-CAP) — :mod:`.reference_week`, :mod:`.guards`;
* no single run longer than ``spike_ratio`` of the longest run of the previous
  ``spike_window_days`` (EV-LOAD-SPIKE-REF, EV-F-SPIKE): exactly at the ratio is allowed, anything
  above is refused — :mod:`.runs`;
* a spike is never the new base (:mod:`insideout.core.reference`, IO-PLAN-ABSORBED): the weekly
  cap and the longest-run rule measure from the weeks and runs that kept within their caps, and
  a decision names the reference week and why; a logged run above the ratio is named with the
  band of Frandsen 2025 it falls in (EV-LOAD-SPIKE-SMALL, -MOD, -LARGE) — :mod:`.guards`;
* a recovery week at least every ``recovery_every`` weeks of building (EV-LOAD-DELOAD, convention:
  says so); speed work only once a base is built, inside the same caps — :mod:`.decisions`;
* pain cuts load and stops progression; a stop means no running (:mod:`insideout.core.pain`).

The strength sessions are planned by :mod:`insideout.core.programme` and never drop out.
Weeks are the 7-day blocks before the day advised on; next week starts on that day.
"""

from insideout.core.plan.guards import cap_note
from insideout.core.plan.model import (
    EPS,
    Mode,
    PlannedRun,
    RunningWeek,
    build_weeks,
    run_offsets,
    weekly_km,
)
from insideout.core.plan.week import plan_week

__all__ = [
    "EPS",
    "Mode",
    "PlannedRun",
    "RunningWeek",
    "build_weeks",
    "cap_note",
    "plan_week",
    "run_offsets",
    "weekly_km",
]
