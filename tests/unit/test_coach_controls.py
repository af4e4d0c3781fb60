"""The coach's two controls: a runner's own weekly cap (within bounds in data) and the technique
gate override (logged with a reason, never past a pain or red-flag guard)."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from insideout.catalogue import HERE, CatalogueError, load_catalogue
from insideout.catalogue.method import load_method
from insideout.core import InputError
from insideout.core.advise import Phase
from insideout.core.coach import RunnerSettings, with_settings
from insideout.core.decision import DecisionVerdict
from insideout.core.history import GateOverride, History, parse_history
from tests.advice_builders import (
    DAY,
    ON,
    advice,
    decision,
    history,
    run,
    screen,
    sessions,
    week_runs,
)

UNLOCK, LOCK = DecisionVerdict.UNLOCK, DecisionVerdict.LOCK


def own(h: History, cap: float | None = None, *overrides: GateOverride) -> History:
    return dataclasses.replace(h, settings=RunnerSettings(cap), overrides=tuple(overrides))


def building(weeks: tuple[float, ...] = (18, 18)) -> History:
    """A balanced runner in the build phase whose plan may grow this week.

    Each week is a long run and two short ones (two thirds, a sixth, a sixth of the week), so the
    longest-run rule leaves room and the weekly cap is what binds. The long run comes first: the
    records start with it, so it is not a spike on shorter runs before it.
    """
    runs = []
    for i, km in enumerate(weeks):
        start = ON - 7 * (len(weeks) - i) * DAY
        runs.append(run(start + DAY, km * 2 / 3))
        runs += [run(start + 3 * DAY, km / 6), run(start + 5 * DAY, km / 6)]
    return history(runs, screens=[screen(ON - 30 * DAY)], strength=sessions(ON, 5))


# --- the bounds, in data -----------------------------------------------------------------------


def test_the_bounds_are_data_with_their_evidence_and_hold_the_default() -> None:
    plan = load_method().plan
    b = plan.weekly_increase_bounds
    assert (b.low, b.high, b.evidence, b.coach_evidence) == (
        0,
        30,
        "EV-LOAD-WEEK30",
        "IO-COACH-WEEKLY-CAP",
    )
    assert plan.weekly_increase_pct.value in b
    register = load_catalogue().evidence
    assert register["IO-COACH-WEEKLY-CAP"].status.value == "D"
    assert register["IO-GATE-OVERRIDE"].status.value == "D"
    assert load_method().gate.override_evidence == "IO-GATE-OVERRIDE"


BROKEN_BOUNDS = [
    # (change to plan.yaml's plan section, words the error must contain)
    (lambda p: p["weekly_increase_bounds"].update(min=20), ["weekly_increase_pct", "within"]),
    (lambda p: p["weekly_increase_bounds"].update(min=40, max=30), ["min must not exceed max"]),
    (lambda p: p["weekly_increase_bounds"].update(max=150), ["at most 100"]),
    (lambda p: p["weekly_increase_bounds"].update(evidence="EV-NOPE"), ["plan.weekly_increase_bounds.evidence", "EV-NOPE"]),
    (lambda p: p["weekly_increase_bounds"].pop("coach_evidence"), ["coach_evidence"]),
]  # fmt: skip


@pytest.mark.parametrize(("change", "words"), BROKEN_BOUNDS)
def test_broken_bounds_fail_at_load_naming_the_field(
    tmp_path: Path, change: Any, words: list[str]
) -> None:
    for name in ("plan.yaml", "exercises.yaml"):
        shutil.copy(HERE / name, tmp_path / name)
    doc = yaml.safe_load((tmp_path / "plan.yaml").read_text())
    change(doc["plan"])
    (tmp_path / "plan.yaml").write_text(yaml.safe_dump(doc, sort_keys=False))
    with pytest.raises(CatalogueError) as err:
        load_method(tmp_path)
    assert "plan.yaml" in str(err.value)
    for w in words:
        assert w in str(err.value)


# --- the runner's own cap ----------------------------------------------------------------------

CAPS = [
    # (value, accepted)
    (0, True),  # at the minimum: the coach holds volume
    (30, True),  # at the maximum
    (8, True),
    (7.5, True),
    (-0.1, False),  # one beyond the minimum
    (30.1, False),  # one beyond the maximum
    (31, False),
]


@pytest.mark.parametrize(("value", "accepted"), CAPS)
def test_a_cap_is_accepted_within_the_bounds_and_refused_beyond_them(
    value: float, accepted: bool
) -> None:
    method = load_method()
    if accepted:
        mine = with_settings(method, RunnerSettings(value))
        assert mine.plan.weekly_increase_pct.value == value
        assert mine.plan.weekly_increase_pct.evidence == "IO-COACH-WEEKLY-CAP"
        assert mine.plan.weekly_default == method.plan.weekly_increase_pct
        assert method.plan.weekly_increase_pct.value == 10, "the method itself is not changed"
    else:
        with pytest.raises(InputError) as err:
            with_settings(method, RunnerSettings(value))
        (issue,) = err.value.issues
        assert issue.where == "weekly_increase_pct"
        assert "0 to 30" in issue.message and "EV-LOAD-WEEK30" in issue.message


def test_no_cap_of_the_coach_keeps_the_method_as_it_is() -> None:
    method = load_method()
    assert with_settings(method, RunnerSettings()) is method


def test_a_runner_with_a_5_percent_cap_grows_less_than_with_the_default() -> None:
    default = advice(building())
    five = advice(own(building(), 5))
    assert default.phase is Phase.BUILD
    assert five.running.planned_km < default.running.planned_km
    assert five.running.planned_km <= 18 * 1.05 + 1e-9
    assert default.running.planned_km > 18 * 1.05


def test_the_cap_decision_says_the_coach_set_it_with_the_default_and_the_bounds() -> None:
    cap = decision(advice(own(building(), 5)), "plan.weekly_cap")
    assert cap.threshold == 5 and cap.evidence == "IO-COACH-WEEKLY-CAP"
    for words in ("at most 5%", "set for you by your coach", "default 10%", "0% to 30%",
                  "EV-LOAD-WEEK30", "IO-COACH-WEEKLY-CAP", "design choice"):  # fmt: skip
        assert words in cap.text, cap.text


def test_with_the_default_cap_the_sentence_does_not_mention_a_coach() -> None:
    cap = decision(advice(building()), "plan.weekly_cap")
    assert cap.threshold == 10 and "coach set" not in cap.text and "by your coach" not in cap.text


def test_last_weeks_rise_is_judged_against_the_runners_own_cap() -> None:
    h = building((18, 19.8))  # +10%: within the default, above a 5% cap
    assert decision(advice(h), "plan.weekly_change").verdict is DecisionVerdict.PROGRESS
    change = decision(advice(own(h, 5)), "plan.weekly_change")
    assert change.verdict is DecisionVerdict.HOLD
    assert "by your coach" in change.text


def test_a_cap_of_zero_holds_volume_and_the_longest_run_rule_still_binds() -> None:
    a = advice(own(building(), 30))
    assert decision(a, "plan.long_run").value <= 110
    assert advice(own(building(), 0)).running.planned_km <= 18 + 1e-9


# --- the technique gate override ---------------------------------------------------------------


def ready(strength_weeks: int = 6, extra_runs: list[Any] | None = None) -> History:
    """The gate's own fixture: every condition met unless told otherwise."""
    runs = week_runs(ON, [20, 20, 17, 20, 20], cadence=160) + (extra_runs or [])
    return history(runs, screens=[screen(ON - 30 * DAY)], strength=sessions(ON, strength_weeks))


def override(verdict: DecisionVerdict, days_ago: int = 3, reason: str = "clinic check") -> Any:
    return GateOverride(ON - days_ago * DAY, verdict, reason)


PAIN_CUT = [run(ON - 3 * DAY, 3, during=6, site="knee")]
RED_FLAG = [run(ON - 2 * DAY, 3, flags=["night_pain"])]

OVERRIDES = [
    # (id, history, overrides, unlocked, phase, override verdict, words in its sentence)
    ("unlock applies before the gate opens", ready(3), [override(UNLOCK)], True, Phase.TECHNIQUE, UNLOCK, "the gate alone would wait for"),
    ("unlock when the gate is open anyway", ready(), [override(UNLOCK)], True, Phase.TECHNIQUE, UNLOCK, "the gate is open anyway"),
    ("lock applies after the gate opens", ready(), [override(LOCK)], False, Phase.BUILD, LOCK, "stays locked until they unlock it"),
    ("the latest wins: unlock then lock", ready(3), [override(UNLOCK, 9), override(LOCK, 2)], False, Phase.FOUNDATION, LOCK, "locked technique"),
    ("the latest wins: lock then unlock", ready(), [override(LOCK, 9), override(UNLOCK, 2)], True, Phase.TECHNIQUE, UNLOCK, "unlocked technique"),
    ("of one day, the last given wins", ready(3), [override(UNLOCK, 2), override(LOCK, 2)], False, Phase.FOUNDATION, LOCK, "locked"),
    ("never while a pain rule fired", ready(3, PAIN_CUT), [override(UNLOCK)], False, Phase.FOUNDATION, LOCK, "a pain rule or red flag fired in the last 14 days"),
    ("never while running is stopped", ready(3, RED_FLAG), [override(UNLOCK)], False, Phase.STOP, LOCK, "running is stopped"),
    ("never past a pain rule even when the gate was open", ready(6, PAIN_CUT), [override(UNLOCK)], False, Phase.BUILD, LOCK, "does not apply"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("h", "given", "unlocked", "phase", "verdict", "words"),
    [pytest.param(*row[1:], id=row[0]) for row in OVERRIDES],
)
def test_the_coachs_latest_override_applies_within_the_pain_guards(
    h: History,
    given: list[GateOverride],
    unlocked: bool,
    phase: Phase,
    verdict: DecisionVerdict,
    words: str,
) -> None:
    a = advice(own(h, None, *given))
    assert a.technique.unlocked is unlocked
    assert a.phase is phase
    assert (a.technique.prescription is not None) is unlocked
    assert (a.technique.missing == ()) is unlocked
    found = decision(a, "gate.override")
    assert found.verdict is verdict
    assert found.evidence == "IO-GATE-OVERRIDE"
    assert words in found.text, found.text
    assert f'"{given[-1].reason}"' in found.text, "the coach's reason is in the sentence"
    assert found.value == given[-1].date.isoformat()


def test_an_unlock_leaves_every_guard_in_force() -> None:
    a = advice(own(ready(3), None, override(UNLOCK)))
    rules = {d.rule for d in a.decisions}
    assert {"pain.during", "red_flags", "plan.weekly_cap", "plan.long_run"} <= rules
    assert len(a.foundation.sessions) >= 2
    gate = decision(a, "gate.technique")
    assert gate.verdict is LOCK, "the gate's own verdict stays on record"


def test_a_lock_says_what_is_missing() -> None:
    a = advice(own(ready(), None, override(LOCK, reason="hamstring niggle, re-test first")))
    assert any("hamstring niggle" in m for m in a.technique.missing)


def test_an_override_dated_after_the_day_advised_on_does_not_apply() -> None:
    a = advice(own(ready(3), None, GateOverride(ON + DAY, UNLOCK, "next week")))
    assert not a.technique.unlocked
    assert "gate.override" not in {d.rule for d in a.decisions}


@pytest.mark.parametrize(
    ("days_ago", "lapsed"),
    [(31, True), (30, False), (29, False)],  # the screen is 30 days old
)
def test_an_unlock_lapses_when_a_screen_comes_after_it(days_ago: int, lapsed: bool) -> None:
    a = advice(own(ready(3), None, override(UNLOCK, days_ago)))
    found = decision(a, "gate.override")
    assert a.technique.unlocked is not lapsed
    assert ("has lapsed" in found.text) is lapsed
    if lapsed:
        assert found.verdict is LOCK, "the gate decides on its own again"
        assert a.technique.missing, "and says what it waits for"


def test_a_lock_does_not_lapse_on_a_re_screen() -> None:
    a = advice(own(ready(), None, override(LOCK, 31)))
    assert not a.technique.unlocked
    assert decision(a, "gate.override").verdict is LOCK


def test_without_an_override_there_is_no_override_decision() -> None:
    assert "gate.override" not in {d.rule for d in advice(ready()).decisions}


# --- the history input -------------------------------------------------------------------------

GOOD: dict[str, Any] = {
    "runner": {"id": "ana", "sex": "female", "birth_year": 1988},
    "settings": {"weekly_increase_pct": 8},
    "overrides": [
        {"date": "2026-05-20", "rule": "gate.technique", "verdict": "unlock", "reason": "cleared by physio"},
        {"date": "2026-05-28", "verdict": "lock", "reason": "  knee sore again  "},
    ],
}  # fmt: skip


def parse(doc: Any, on: dt.date = ON) -> History:
    return parse_history(doc, load_catalogue(), load_method(), on=on, source="ana.json")


def broken(path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    doc = copy.deepcopy(GOOD)
    target: Any = doc
    for key in path[:-1]:
        target = target[key]
    if value is ...:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return doc


def test_settings_and_overrides_are_read() -> None:
    h = parse(GOOD)
    assert h.settings == RunnerSettings(8.0)
    assert [(o.date.isoformat(), o.verdict, o.reason, o.rule) for o in h.overrides] == [
        ("2026-05-20", UNLOCK, "cleared by physio", "gate.technique"),
        ("2026-05-28", LOCK, "knee sore again", "gate.technique"),  # rule by default, trimmed
    ]
    assert h.override_on(ON) == h.overrides[1]
    assert h.override_on(dt.date(2026, 5, 25)) == h.overrides[0]
    assert h.override_on(dt.date(2026, 5, 1)) is None


@pytest.mark.parametrize(
    "doc",
    [
        {"runner": {"id": "ana"}},
        {"runner": {"id": "ana"}, "settings": None, "overrides": []},
        {"runner": {"id": "ana"}, "settings": {}, "overrides": None},
        {"runner": {"id": "ana"}, "settings": {"weekly_increase_pct": None}},
    ],
    ids=["absent", "null and empty", "empty and null", "null cap"],
)
def test_settings_and_overrides_are_optional(doc: dict[str, Any]) -> None:
    h = parse(doc)
    assert (h.settings, h.overrides) == (RunnerSettings(), ())


BAD = [
    # (path to the field, bad value (... = removed), loc printed, words in the message)
    (("settings", "weekly_increase_pct"), 31, "settings.weekly_increase_pct", "0 to 30"),
    (("settings", "weekly_increase_pct"), -1, "settings.weekly_increase_pct", "0 to 30"),
    (("settings", "weekly_increase_pct"), "8", "settings.weekly_increase_pct", "0 to 30"),
    (("settings", "weekly_increase_pct"), True, "settings.weekly_increase_pct", "0 to 30"),
    (("settings", "spike_ratio"), 1.2, "settings", "unexpected field"),
    (("settings",), [8], "settings", "expected an object"),
    (("overrides",), {"date": "2026-05-20"}, "overrides", "expected a list"),
    (("overrides", 0), "unlock", "overrides[0]", "expected an object"),
    (("overrides", 0, "date"), "2026-06-02", "overrides[0].date", "in the future"),
    (("overrides", 0, "date"), "20/05/2026", "overrides[0].date", "YYYY-MM-DD"),
    (("overrides", 0, "date"), ..., "overrides[0].date", "required"),
    (("overrides", 1, "date"), "2026-05-19", "overrides[1].date", "out of order"),
    (("overrides", 0, "rule"), "plan.weekly_cap", "overrides[0].rule", "gate.technique"),
    (("overrides", 0, "verdict"), "progress", "overrides[0].verdict", "'unlock' or 'lock'"),
    (("overrides", 0, "verdict"), ..., "overrides[0].verdict", "got nothing"),
    (("overrides", 0, "reason"), ..., "overrides[0].reason", "required"),
    (("overrides", 0, "reason"), "", "overrides[0].reason", "required"),
    (("overrides", 0, "reason"), "   ", "overrides[0].reason", "required"),
    (("overrides", 0, "reason"), 42, "overrides[0].reason", "required"),
    (("overrides", 0, "reason"), "x" * 501, "overrides[0].reason", "at most 500"),
    (("overrides", 0, "by"), "coach", "overrides[0]", "unexpected field"),
]  # fmt: skip


@pytest.mark.parametrize(("path", "value", "loc", "words"), BAD)
def test_a_bad_setting_or_override_is_named_with_its_location(
    path: tuple[Any, ...], value: Any, loc: str, words: str
) -> None:
    with pytest.raises(InputError) as err:
        parse(broken(path, value))
    where = {i.where: i.message for i in err.value.issues}
    assert loc in where, where
    assert words in where[loc], where[loc]
    assert err.value.source == "ana.json"


def test_every_bad_field_is_reported_at_once() -> None:
    doc = broken(("settings", "weekly_increase_pct"), 50)
    doc["overrides"][0] |= {"verdict": "maybe", "reason": ""}
    with pytest.raises(InputError) as err:
        parse(doc)
    assert {i.where for i in err.value.issues} == {
        "settings.weekly_increase_pct",
        "overrides[0].verdict",
        "overrides[0].reason",
    }
