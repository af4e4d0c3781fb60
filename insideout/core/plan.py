"""The running plan for next week: volume that grows within limits, and the guards that hold it.

The wrong path is "more mileage is the key". What the plan keeps (numbers are data, each cited):

* no volume progression without a screen on record: volume holds at what the runner already does
  (METHOD.md; the plan asks for the screen);
* weekly distance may rise at most by a coach-adjustable share of the reference week
  (default built from EV-LOAD-WEEK30 / EV-LOAD-10PCT; a design choice, and says so); a coach may
  set a runner's own cap within bounds in data (:mod:`insideout.core.coach`) and the sentence
  then says so (IO-COACH-WEEKLY-CAP);
* no single run longer than 110% of the longest run of the previous 30 days
  (EV-LOAD-SPIKE-REF, EV-F-SPIKE): exactly 110% is allowed, anything above is refused;
* a spike is never the new base (:mod:`insideout.core.reference`, IO-PLAN-ABSORBED): the weekly
  cap and the longest-run rule measure from the weeks and runs that kept within their caps, and
  a decision names the reference week and why; a logged run above 110% is named with the band of
  Frandsen 2025 it falls in (EV-LOAD-SPIKE-SMALL, -MOD, -LARGE);
* a recovery week at least every fourth week of building (EV-LOAD-DELOAD, convention: says so);
* speed work only once a base is built, inside the same caps;
* pain cuts load and stops progression; a stop means no running (:mod:`insideout.core.pain`).

The strength sessions are planned by :mod:`insideout.core.programme` and never drop out.
Weeks are the 7-day blocks before the day advised on; next week starts on that day.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from insideout.core.decision import Decision, DecisionVerdict, decide, fmt
from insideout.core.evidence import Evidence
from insideout.core.history import History
from insideout.core.method import Method, PlanRules
from insideout.core.pain import PainLevel
from insideout.core.reference import JudgedWeek, References, judge

__all__ = [
    "EPS",
    "Mode",
    "PlannedRun",
    "RunningWeek",
    "build_weeks",
    "cap_note",
    "longest_before",
    "plan_week",
    "run_offsets",
    "weekly_km",
]

DAY = dt.timedelta(days=1)
EPS = 1e-9  # float slack when comparing with a cap: exactly 110% must pass


class Mode(StrEnum):
    PROGRESS = "progress"
    HOLD = "hold"
    CUT = "cut"
    STOP = "stop"


@dataclass(frozen=True)
class PlannedRun:
    date: dt.date
    kind: str  # easy, long, speed, run_walk
    distance_km: float


@dataclass(frozen=True)
class RunningWeek:
    start: dt.date
    runs: tuple[PlannedRun, ...]
    planned_km: float
    longest_run_km: float
    recovery_week: bool
    mode: Mode
    decisions: tuple[Decision, ...]


def weekly_km(history: History, on: dt.date, k: int) -> float:
    """Distance run in the k-th 7-day block before ``on`` (k = 1: the last 7 days)."""
    last = on - (7 * (k - 1) + 1) * DAY
    return sum(r.distance_km for r in history.runs_between(last - 6 * DAY, last))


def longest_before(history: History, day: dt.date, until: dt.date) -> float:
    """The longest logged run from ``day - 30`` to ``until`` (EV-LOAD-SPIKE-REF's window)."""
    runs = history.runs_between(day - 30 * DAY, min(until, day - DAY))
    return max((r.distance_km for r in runs), default=0.0)


def build_weeks(weeks: Sequence[float], rules: PlanRules) -> int:
    """How many weeks in a row (ending last week) were loading weeks, not recovery weeks.

    ``weeks[0]`` is last week. A week counts as recovery when it is empty or at most
    ``recovery_detect`` of the highest of the three weeks before it.
    """
    count = 0
    for i, w in enumerate(weeks[: rules.recovery_every.days]):
        prior = max(weeks[i + 1 : i + 4], default=0.0)
        if w <= 0 or (prior > 0 and w <= rules.recovery_detect.value * prior + EPS):
            break
        count += 1
    return count


def run_offsets(n: int) -> list[int]:
    """Days of the week (0 = start) for n runs, spread out, the long run on the last day."""
    return sorted({round(6 - i * 7 / n) for i in range(n)})


def _floor(x: float) -> float:
    """Round down to 0.1 km so that a capped distance stays under its cap."""
    return math.floor(x * 10 + EPS) / 10


@dataclass(frozen=True)
class _Ctx:
    history: History
    on: dt.date
    method: Method
    register: Mapping[str, Evidence]
    refs: References

    def long_ref(self, day: dt.date) -> float:
        """The reference run's distance for a run on ``day`` (0: none on record)."""
        ref = self.refs.long_run(day)
        return 0.0 if ref is None else ref.run.distance_km


def cap_note(rules: PlanRules) -> str:
    """The clause saying the weekly cap is the coach's, with the default and the bounds; and,
    when the bounds narrowed after the coach set it, what they set and what applies instead."""
    default, asked = rules.weekly_default, rules.weekly_coach_pct
    if default is None or asked is None:
        return ""
    b = rules.weekly_increase_bounds
    cap = rules.weekly_increase_pct.value
    where = (
        f"(default {fmt(default.value)}%, {default.evidence}; a coach may set {fmt(b.low)}% to "
        f"{fmt(b.high)}%, {b.evidence}; {b.coach_evidence})."
    )
    if asked == cap:
        said = f"The {fmt(cap)}% cap was set for you by your coach"
    elif math.isnan(asked):
        said = f"Your coach's cap on record is not a number: the default {fmt(cap)}% applies"
    else:
        allows = f"at most {fmt(b.high)}%" if asked > b.high else f"at least {fmt(b.low)}%"
        said = f"Your coach set {fmt(asked)}%, the method now allows {allows}: {fmt(cap)}% applies"
    return f" {said} {where}"


def _history_guards(ctx: _Ctx) -> tuple[bool, list[Decision]]:
    """Did last week already break a cap? Then this week holds instead of progressing."""
    rules = ctx.method.plan
    out: list[Decision] = []
    first = ctx.on - 7 * DAY
    judged = [j for j in ctx.refs.runs if j.run.date >= first and j.ref_km]
    limit = rules.spike_ratio.value
    held = False
    if judged:
        worst = max(judged, key=lambda j: (j.ratio or 0.0, j.run.date))
        ratio, ref = worst.ratio or 0.0, worst.ref_km or 0.0
        over = not worst.within
        held |= over
        band = rules.spike_band(ratio)
        out.append(
            decide(
                "plan.spike",
                DecisionVerdict.HOLD if over else DecisionVerdict.PROGRESS,
                ratio * 100,
                limit * 100,
                band,
                (
                    f"Your run of {fmt(worst.run.distance_km)} km on {worst.run.date} was "
                    f"{ratio:.0%} of your longest reference run in the 30 days before it "
                    f"({fmt(ref)} km), "
                    + (
                        f"above the {limit:.0%} reference band (a "
                        f"{_band_name(band, rules)} spike, {band}): no progression this week, and "
                        "that run is not a reference for the long run."
                        if over
                        else f"within {limit:.0%}."
                    )
                ),
                ctx.register,
            )
        )
    cap = rules.weekly_increase_pct.value
    last = ctx.refs.week(1)
    if last is not None and last.km > 0 and last.ref_km:
        change = (last.km - last.ref_km) / last.ref_km * 100
        over = not last.kept
        held |= over
        out.append(
            decide(
                "plan.weekly_change",
                DecisionVerdict.HOLD if over else DecisionVerdict.PROGRESS,
                change,
                cap,
                rules.weekly_increase_pct.evidence,
                f"Last week you ran {fmt(last.km)} km against a reference week of "
                f"{fmt(last.ref_km)} km ({change:+.0f}%), "
                + (
                    f"more than the {fmt(cap)}% cap: volume holds this week, and that week is "
                    "not a reference for the weeks to come."
                    if over
                    else f"within the {fmt(cap)}% cap."
                )
                + cap_note(rules),
                ctx.register,
            )
        )
    return held, out


def _band_name(evidence: str, rules: PlanRules) -> str:
    return {
        rules.spike_small_max.evidence: "small",
        rules.spike_moderate_max.evidence: "moderate",
        rules.spike_large_evidence: "large",
    }.get(evidence, "")


def _reference_week(ctx: _Ctx, pain_last_week: bool) -> tuple[JudgedWeek | None, Decision | None]:
    """The week the weekly cap is measured on, and the decision that names it and says why."""
    rules = ctx.method.plan
    ks = [1] if pain_last_week else [1, 2]
    ref = ctx.refs.week_ref(ks)
    if ref is None:
        return None, None
    why = (
        "last week's, as pain cut the week before"
        if pain_last_week
        else "the higher of the last two weeks, so a recovery week does not reset the build"
    )
    if ref.k not in ks:
        broke = [w for k in ks if (w := ctx.refs.week(k)) is not None and w.km > 0 and not w.kept]
        why = (
            "the last week that kept within the weekly cap: "
            + ", ".join(f"{fmt(w.km)} km in the week from {w.first}" for w in broke)
            + " broke it"
            if broke
            else "the last week with running that kept within the weekly cap"
        )
    else:
        broke = [
            w for k in ks if (w := ctx.refs.week(k)) is not None and w.km > ref.km and not w.kept
        ]
        if broke:
            why += (
                "; "
                + ", ".join(f"{fmt(w.km)} km in the week from {w.first}" for w in broke)
                + " broke the cap and is not a reference"
            )
    end = ref.first + 6 * DAY
    return ref, decide(
        "plan.reference_week",
        DecisionVerdict.PROGRESS,
        ref.km,
        None,
        rules.reference_evidence,
        f"The plan grows from {fmt(ref.km)} km, the week of {ref.first} to {end} ({why}). "
        "Volume grows only from weeks and runs that kept within the caps, never from one that "
        "broke them.",
        ctx.register,
    )


def _runs(
    ctx: _Ctx, target: float, n: int, kind: str, speed: bool, start_km: float | None
) -> list[PlannedRun]:
    """Split ``target`` km over ``n`` runs, each capped by the 30-day longest-run rule.

    The reference is the longest *logged* run of the 30 days before each planned run that itself
    kept within the cap (a spike is never a reference); planned runs of the same week never raise
    it, so a week cannot chain 110% on 110%.
    """
    rules = ctx.method.plan
    if target <= 0 or n <= 0:
        return []
    offsets = run_offsets(n)
    n = len(offsets)
    if start_km is not None:
        wanted = [start_km] * n
    else:
        long = max(target * rules.long_run_share.value, target / n)
        rest = (target - long) / (n - 1) if n > 1 else 0.0
        wanted = [rest] * (n - 1) + [long]
    out: list[PlannedRun] = []
    for i, (off, want) in enumerate(zip(offsets, wanted, strict=True)):
        day = ctx.on + off * DAY
        ref = ctx.long_ref(day)
        cap = ref * rules.spike_ratio.value if ref > 0 else rules.start.run_km
        dist = _floor(min(want, cap))
        if dist <= 0:
            continue
        this = kind
        if kind == "easy" and i == n - 1 and n > 1:
            this = "long"
        elif speed and kind == "easy" and i == (n - 1) // 2:
            this = "speed"
        out.append(PlannedRun(day, this, dist))
    return out


def plan_week(
    history: History,
    on: dt.date,
    method: Method,
    register: Mapping[str, Evidence],
    *,
    screened: bool,
    pain: PainLevel,
    pain_last_week: bool,
    speed_phase: bool,
    stop_evidence: str | None = None,
) -> RunningWeek:
    """Plan next week's runs (from ``on``) and say why.

    ``stop_evidence`` is the evidence id of the rule that stopped running, when one did.
    """
    rules = method.plan
    refs = judge(
        history, on, rules.spike_ratio.value, rules.weekly_increase_pct.value, rules.start.run_km
    )
    ctx = _Ctx(history, on, method, register, refs)
    weeks = [weekly_km(history, on, k) for k in range(1, rules.recovery_every.days + 4)]
    w1 = weeks[0]
    decisions: list[Decision] = []

    if pain is PainLevel.STOP:
        decisions.append(
            decide(
                "plan.stop",
                DecisionVerdict.STOP,
                0.0,
                None,
                stop_evidence or method.pain.red_flag_evidence,
                "No running next week: a stop rule fired (see the pain and red-flag decisions).",
                register,
            )
        )
        return RunningWeek(on, (), 0.0, 0.0, False, Mode.STOP, tuple(decisions))

    mode = Mode.PROGRESS
    if not screened:
        mode = Mode.HOLD
        decisions.append(
            decide(
                "plan.screen_first",
                DecisionVerdict.HOLD,
                w1,
                None,
                rules.screen_first,
                f"No screen on record: running holds at what you already do ({fmt(w1)} km last "
                "week) and does not progress until you have done the movement screen.",
                register,
            )
        )
    elif pain is PainLevel.CUT:
        mode = Mode.CUT
    held, guards = _history_guards(ctx)
    decisions += guards
    if held and mode is Mode.PROGRESS:
        mode = Mode.HOLD

    recent = history.runs_between(on - 30 * DAY, on - DAY)
    k = build_weeks(weeks, rules)
    recovery = mode is not Mode.CUT and bool(recent) and k >= rules.recovery_every.days - 1
    ref_week, ref_decision = _reference_week(ctx, pain_last_week)
    ref = 0.0 if ref_week is None else ref_week.km
    now = min(w1, ref) if ref > 0 else w1  # what the runner does, a spike not counted
    start_km: float | None = None
    kind = "easy"
    n_last = len(history.runs_between(on - 7 * DAY, on - DAY))
    n = min(max(n_last, rules.runs_min.days), rules.runs_max.days) if n_last else 0
    if not recent or (ref == 0 and mode is Mode.PROGRESS):
        if mode is Mode.PROGRESS:
            n, start_km, kind = rules.start.runs, rules.start.run_km, "run_walk"
            target = n * start_km
            decisions.append(
                decide(
                    "plan.start",
                    DecisionVerdict.PROGRESS,
                    0.0,
                    target,
                    rules.start.evidence,
                    "No run in the last two weeks: you start again with "
                    f"{n} run/walk sessions of {fmt(start_km)} km, and the longest-run rule "
                    "caps every run against the last 30 days.",
                    register,
                )
            )
        else:
            target = 0.0
    elif mode is Mode.CUT:
        target = now * method.pain.cut_factor.value
        decisions.append(
            decide(
                "plan.pain_cut",
                DecisionVerdict.CUT,
                now,
                target,
                method.pain.cut_factor.evidence,
                f"A pain rule fired: next week's running is cut from {fmt(now)} km to at most "
                f"{fmt(target)} km ({method.pain.cut_factor.value:.0%}) and does not progress.",
                register,
            )
        )
    elif recovery:
        target = ref * rules.recovery_factor.value
        if mode is Mode.HOLD:
            target = min(target, now)
    elif mode is Mode.HOLD:
        target = now
    else:
        target = ref * (1 + rules.weekly_increase_pct.value / 100)
    if recent and ref_decision is not None:
        decisions.append(ref_decision)
    if recent:
        decisions.append(_recovery_decision(ctx, k, recovery))
    if n == 0 and target > 0:
        n = rules.runs_default.days
    if target > 0 and start_km is None:
        n = max(1, min(n, int(target // rules.run_min_km.value)))

    speed = speed_phase and mode is Mode.PROGRESS and not recovery and bool(recent)
    if speed_phase:
        base = _base_weeks(history, on, rules)
        speed = speed and base >= rules.base_weeks.days
        decisions.append(_speed_decision(ctx, base, speed))
    runs = _runs(ctx, target, n, kind, speed, start_km)
    planned = round(sum(r.distance_km for r in runs), 1)
    longest = max((r.distance_km for r in runs), default=0.0)
    if mode is Mode.PROGRESS and recent:
        cap = rules.weekly_increase_pct.value
        decisions.append(
            decide(
                "plan.weekly_cap",
                DecisionVerdict.PROGRESS if not recovery else DecisionVerdict.HOLD,
                (planned - ref) / ref * 100 if ref else 0.0,
                cap,
                rules.weekly_increase_pct.evidence,
                f"Weekly distance may grow at most {fmt(cap)}% on the reference week "
                f"({fmt(ref)} km, see the reference-week decision, {rules.weekly_ref}): "
                f"{fmt(planned)} km planned." + cap_note(rules),
                register,
            )
        )
    if runs and recent:
        decisions.append(_long_run_decision(ctx, runs))
    return RunningWeek(on, tuple(runs), planned, longest, recovery, mode, tuple(decisions))


def _base_weeks(history: History, on: dt.date, rules: PlanRules) -> int:
    count = 0
    for k in range(1, rules.base_weeks.days + 1):
        last = on - (7 * (k - 1) + 1) * DAY
        if len(history.runs_between(last - 6 * DAY, last)) < rules.base_min_runs.days:
            break
        count += 1
    return count


def _recovery_decision(ctx: _Ctx, k: int, recovery: bool) -> Decision:
    rules = ctx.method.plan
    every = rules.recovery_every.days
    text = (
        f"{k} loading weeks in a row: next week is a recovery week at "
        f"{rules.recovery_factor.value:.0%} of the reference volume (one in every {every} weeks)."
        if recovery
        else f"{k} loading week(s) in a row since the last recovery week; a recovery week comes "
        f"at least every {every}th week."
    )
    text += (
        " Recovery weeks are coaching convention (EV-LOAD-DELOAD, status U: no trial in runners "
        "was found); they only ever lower volume, so they are kept as a design choice."
    )
    return decide(
        "plan.recovery_week",
        DecisionVerdict.HOLD if recovery else DecisionVerdict.PROGRESS,
        float(k),
        float(every - 1),
        rules.recovery_every.evidence,
        text,
        ctx.register,
    )


def _speed_decision(ctx: _Ctx, base: int, speed: bool) -> Decision:
    rules = ctx.method.plan
    need = rules.base_weeks.days
    if speed:
        text = (
            f"Your base is built ({base} weeks in a row with at least "
            f"{rules.base_min_runs.days} runs): one run becomes speed work, inside the same caps."
        )
    elif base >= need:
        text = "Base built, but no speed work this week (recovery, pain or a held week)."
    else:
        text = (
            f"No speed work yet: {base} of {need} weeks of base running "
            f"(at least {rules.base_min_runs.days} runs a week) are done."
        )
    return decide(
        "plan.speed",
        DecisionVerdict.PROGRESS if speed else DecisionVerdict.HOLD,
        float(base),
        float(need),
        rules.base_weeks.evidence,
        text,
        ctx.register,
    )


def _long_run_decision(ctx: _Ctx, runs: Sequence[PlannedRun]) -> Decision:
    rules = ctx.method.plan
    worst = (0.0, runs[0], 0.0)
    for run in runs:
        ref = ctx.long_ref(run.date)
        if ref > 0 and run.distance_km / ref >= worst[0]:
            worst = (run.distance_km / ref, run, ref)
    ratio, run, ref = worst
    limit = rules.spike_ratio.value
    return decide(
        "plan.long_run",
        DecisionVerdict.PROGRESS,
        ratio * 100,
        limit * 100,
        rules.spike_ratio.evidence,
        f"No run is planned longer than {limit:.0%} of the longest run in the 30 days before "
        f"it that itself kept within that cap (a spike is never a reference): the longest, "
        f"{fmt(run.distance_km)} km on {run.date}, is {ratio:.0%} of {fmt(ref)} km.",
        ctx.register,
    )
