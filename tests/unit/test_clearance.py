"""A professional's clearance ends a stop (IO-CLEARANCE): red flags on or before it, persisting pain
and breaches in consecutive weeks before it no longer stop running; a red flag after it does; a
cardiac sign needs a doctor; and a pain rule still cuts the days it covers."""

from __future__ import annotations

import copy
import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from insideout.catalogue import load_catalogue
from insideout.catalogue.method import load_method
from insideout.cli.main import cli
from insideout.core import InputError
from insideout.core.advise import Phase, advice_dict
from insideout.core.decision import DecisionVerdict
from insideout.core.history import Clearance, ClearedBy, History, RunLog, parse_history
from insideout.core.pain import PainLevel
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

PHYSIO, DOCTOR = ClearedBy.PHYSIOTHERAPIST, ClearedBy.DOCTOR


def cleared(h: History, *given: Clearance) -> History:
    return dataclasses.replace(h, clearances=tuple(given))


def clearance(days_ago: int, by: ClearedBy = PHYSIO, reason: str = "bone scan clear") -> Clearance:
    return Clearance(ON - days_ago * DAY, by, reason)


def calm(*extra: RunLog) -> History:
    """A screened, pain-free runner with four calm weeks and the runs given on top."""
    runs = week_runs(ON, [20, 20, 20, 20]) + list(extra)
    return history(runs, screens=[screen(ON - 30 * DAY)], strength=sessions(ON, 6))


def flagged(days_ago: int, flag: str = "night_pain", **pain: Any) -> RunLog:
    return run(ON - days_ago * DAY, 3, flags=[flag], **pain)


# --- red flags ---------------------------------------------------------------------------------

FLAGS = [
    # (id, red flag days ago, clearance days ago, stops)
    ("a red flag before the clearance no longer stops", 5, 2, False),
    ("a red flag on the day of the clearance is covered by it", 3, 3, False),
    ("a red flag the day after the clearance stops again", 2, 3, True),
    ("a red flag well after the clearance stops again", 1, 6, True),
]


@pytest.mark.parametrize(
    ("flag_day", "clear_day", "stops"), [pytest.param(*r[1:], id=r[0]) for r in FLAGS]
)
def test_a_clearance_lifts_the_red_flags_reported_on_or_before_it(
    flag_day: int, clear_day: int, stops: bool
) -> None:
    a = advice(cleared(calm(flagged(flag_day)), clearance(clear_day)))
    assert (a.phase is Phase.STOP) is stops
    assert (a.refer is not None) is stops
    assert (a.running.runs == ()) is stops
    assert ("red_flag.night_pain" in verdicts(a)) is stops
    if not stops:
        assert verdicts(a)["red_flags"] == "progress"
        assert "came before a clearance" in decision(a, "red_flags").text


def test_the_clearance_decision_says_who_cleared_and_why() -> None:
    c = clearance(2, PHYSIO, "  no bone stress injury on the scan ")
    parsed = parse(GOOD | {"clearances": [{"date": c.date.isoformat(), "by": "physiotherapist",
                                          "reason": c.reason}]})  # fmt: skip
    a = advice(cleared(calm(flagged(5)), *parsed.clearances))
    found = decision(a, "pain.cleared")
    assert found.verdict is DecisionVerdict.PROGRESS
    assert found.value == c.date.isoformat()
    assert found.threshold is None
    assert found.evidence == "IO-CLEARANCE"
    for words in (f"A physiotherapist cleared you to run on {c.date}",
                  '"no bone stress injury on the scan"', "pain that wakes you at night",
                  "stops running again", "design choice"):  # fmt: skip
        assert words in found.text, found.text
    assert load_catalogue().evidence["IO-CLEARANCE"].status.value == "D"
    assert load_method().pain.clearance_evidence == "IO-CLEARANCE"


def test_the_latest_clearance_on_or_before_the_day_applies() -> None:
    h = cleared(calm(flagged(5)), clearance(8, reason="old"), clearance(2, reason="new"))
    assert '"new"' in decision(advice(h), "pain.cleared").text
    assert advice(h).phase is not Phase.STOP
    ahead = cleared(calm(flagged(5)), dataclasses.replace(clearance(0), date=ON + DAY))
    a = advice(ahead)
    assert a.phase is Phase.STOP, "a clearance dated after the day advised on does not apply"
    assert "pain.cleared" not in verdicts(a)


def test_without_a_clearance_there_is_no_clearance_decision() -> None:
    assert "pain.cleared" not in verdicts(advice(calm(flagged(5))))


# --- cardiac signs: a doctor's clearance only --------------------------------------------------


def test_a_cardiac_sign_is_not_lifted_by_a_physiotherapist() -> None:
    a = advice(cleared(calm(flagged(5, "chest_pain")), clearance(2, PHYSIO)))
    assert a.phase is Phase.STOP
    assert a.refer is not None and a.refer.cardiac
    assert a.foundation.sessions == (), "all exercise stays paused"
    stop = decision(a, "red_flag.chest_pain")
    assert stop.verdict is DecisionVerdict.STOP
    assert "only a doctor's clearance does" in stop.text, stop.text
    said = decision(a, "pain.cleared").text
    assert "needs a doctor's clearance" in said and "running stays stopped" in said


def test_a_cardiac_sign_is_lifted_by_a_doctor() -> None:
    a = advice(cleared(calm(flagged(5, "chest_pain")), clearance(2, DOCTOR, "ECG and echo normal")))
    assert a.phase is not Phase.STOP and a.refer is None
    assert "red_flag.chest_pain" not in verdicts(a)
    assert len(a.foundation.sessions) >= 2, "exercise resumes"
    found = decision(a, "pain.cleared")
    assert "A doctor cleared you" in found.text and '"ECG and echo normal"' in found.text


def test_a_doctors_clearance_still_covers_a_cardiac_sign_after_a_later_physio_clearance() -> None:
    h = cleared(calm(flagged(8, "chest_pain")), clearance(6, DOCTOR), clearance(3, PHYSIO))
    assert advice(h).phase is not Phase.STOP


def test_a_physio_clears_the_knee_but_not_the_heart() -> None:
    h = cleared(calm(flagged(6, "chest_pain"), flagged(5, "swelling")), clearance(2, PHYSIO))
    v = verdicts(advice(h))
    assert v["red_flag.chest_pain"] == "stop" and "red_flag.swelling" not in v


# --- persisting pain and consecutive weeks -----------------------------------------------------


def persisting(span: int = 15) -> History:
    """Mild knee pain (2/10, under every cut) on every other day for ``span`` days: it refers."""
    first = ON - span * DAY
    days = sorted({first + k * DAY for k in range(0, span, 2)} | {ON - DAY})
    runs = [run(d, 4, after=2, site="knee") for d in days]
    return history(
        week_runs(first, [16, 16]) + runs,
        screens=[screen(ON - 40 * DAY)],
        strength=sessions(ON, 6),
    )


def test_persisting_pain_before_the_clearance_does_not_refer() -> None:
    assert "pain.persist" in verdicts(advice(persisting())), "the fixture refers"
    a = advice(cleared(persisting(), clearance(4)))
    assert "pain.persist" not in verdicts(a)
    assert a.phase is not Phase.STOP and a.refer is None


def test_pain_that_persists_past_the_limit_after_the_clearance_refers_again() -> None:
    a = advice(cleared(persisting(30), clearance(20)))
    assert verdicts(a)["pain.persist"] == "refer" and a.phase is Phase.STOP


def two_weeks() -> History:
    """Pain during above 5/10 in each of the last two weeks: the two-weeks rule refers."""
    prior = week_runs(ON - 14 * DAY, [20, 20])
    week2 = [run(ON - 12 * DAY, 6.5, during=6, site="knee"), run(ON - 10 * DAY, 6)]
    last = [run(ON - 6 * DAY, 6.5), run(ON - 4 * DAY, 6.5, during=6, site="knee"),
            run(ON - 2 * DAY, 7)]  # fmt: skip
    return history(prior + week2 + last, screens=[screen(ON - 30 * DAY)], strength=sessions(ON, 6))


def test_breaches_before_the_clearance_do_not_count_toward_consecutive_weeks() -> None:
    assert verdicts(advice(two_weeks()))["pain.two_weeks"] == "refer", "the fixture refers"
    a = advice(cleared(two_weeks(), clearance(8)))
    assert "pain.two_weeks" not in verdicts(a)
    assert a.phase is not Phase.STOP and a.refer is None
    assert verdicts(a)["pain.during"] == "cut", "this week's breach still cuts"
    assert a.pain.level is PainLevel.CUT


# --- a clearance lifts a stop, never a cut -----------------------------------------------------


def test_a_pain_cut_in_the_same_week_still_cuts() -> None:
    """Night pain and 6/10 during the same run, cleared the next day: no stop, but a cut."""
    h = cleared(calm(flagged(4, during=6, site="shin")), clearance(3))
    a = advice(h)
    assert a.phase is not Phase.STOP and a.refer is None
    assert verdicts(a)["pain.during"] == "cut"
    assert a.pain.level is PainLevel.CUT
    last = sum(r.distance_km for r in h.runs_between(ON - 7 * DAY, ON - DAY))
    assert 0 < a.running.planned_km <= last * 0.7 + 1e-9, "running cut to 70% of last week"


def test_a_clearance_keeps_the_technique_gate_quiet_window() -> None:
    a = advice(cleared(calm(flagged(5)), clearance(2)))
    assert verdicts(a)["gate.pain_free"] == "lock"


# --- the input ---------------------------------------------------------------------------------

GOOD: dict[str, Any] = {
    "runner": {"id": "ana", "sex": "female", "birth_year": 1988},
    "clearances": [
        {"date": "2026-05-20", "by": "physiotherapist", "reason": "no bone stress injury"},
        {"date": "2026-05-28", "by": "doctor", "reason": "  ECG normal  "},
    ],
}


def parse(doc: Any) -> History:
    return parse_history(doc, load_catalogue(), load_method(), on=ON, source="ana.json")


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


def test_clearances_are_read_in_order_trimmed() -> None:
    h = parse(GOOD)
    assert [(c.date.isoformat(), c.by, c.reason) for c in h.clearances] == [
        ("2026-05-20", PHYSIO, "no bone stress injury"),
        ("2026-05-28", DOCTOR, "ECG normal"),
    ]
    assert h.clearance_on(ON) == h.clearances[1]
    assert h.clearance_on(ON, doctor=True) == h.clearances[1]
    assert h.clearance_on(h.clearances[0].date) == h.clearances[0]
    assert h.clearance_on(h.clearances[0].date, doctor=True) is None


@pytest.mark.parametrize("value", [None, []], ids=["null", "empty"])
def test_clearances_are_optional(value: Any) -> None:
    assert parse({"runner": {"id": "ana"}, "clearances": value}).clearances == ()
    assert parse({"runner": {"id": "ana"}}).clearances == ()


BAD = [
    # (path to the field, bad value (... = removed), loc printed, words in the message)
    (("clearances",), {"date": "2026-05-20"}, "clearances", "expected a list"),
    (("clearances", 0), "cleared", "clearances[0]", "expected an object"),
    (("clearances", 0, "date"), "2026-06-02", "clearances[0].date", "in the future"),
    (("clearances", 0, "date"), "20/05/2026", "clearances[0].date", "YYYY-MM-DD"),
    (("clearances", 0, "date"), ..., "clearances[0].date", "required"),
    (("clearances", 1, "date"), "2026-05-19", "clearances[1].date", "out of order"),
    (("clearances", 0, "by"), "coach", "clearances[0].by", "'physiotherapist' or 'doctor'"),
    (("clearances", 0, "by"), "Doctor", "clearances[0].by", "'physiotherapist' or 'doctor'"),
    (("clearances", 0, "by"), ..., "clearances[0].by", "got nothing"),
    (("clearances", 0, "reason"), ..., "clearances[0].reason", "required"),
    (("clearances", 0, "reason"), "", "clearances[0].reason", "required"),
    (("clearances", 0, "reason"), "   ", "clearances[0].reason", "required"),
    (("clearances", 0, "reason"), 42, "clearances[0].reason", "required"),
    (("clearances", 0, "reason"), "x" * 501, "clearances[0].reason", "at most 500"),
    (("clearances", 0, "verdict"), "progress", "clearances[0]", "unexpected field"),
]  # fmt: skip


@pytest.mark.parametrize(("path", "value", "loc", "words"), BAD)
def test_a_bad_clearance_is_named_with_its_location(
    path: tuple[Any, ...], value: Any, loc: str, words: str
) -> None:
    with pytest.raises(InputError) as err:
        parse(broken(path, value))
    where = {i.where: i.message for i in err.value.issues}
    assert loc in where, where
    assert words in where[loc], where[loc]
    assert err.value.source == "ana.json"


def test_every_bad_clearance_field_is_reported_at_once() -> None:
    doc = copy.deepcopy(GOOD)
    doc["clearances"][0] |= {"by": "coach", "reason": ""}
    with pytest.raises(InputError) as err:
        parse(doc)
    assert {i.where for i in err.value.issues} == {"clearances[0].by", "clearances[0].reason"}


# --- the CLI -----------------------------------------------------------------------------------

ANA: dict[str, Any] = {
    "runner": {"id": "ana", "sex": "female", "birth_year": 1988},
    "screens": [
        {"date": "2026-03-02", "measures": [{"test": "knee_to_wall", "side": "left", "value": 7.5}]}
    ],
    "runs": [
        {"date": "2026-03-03", "distance_km": 5.0, "duration_min": 31, "rpe": 4,
         "pain_during": 0, "pain_after": 0, "pain_next_morning": 0,
         "pain_site": None, "pain_side": None, "red_flags": ["night_pain"], "cadence_spm": 164}
    ],
    "strength_sessions": [{"date": "2026-03-04", "completed": True}],
}  # fmt: skip
CLEARED = {"date": "2026-03-06", "by": "physiotherapist", "reason": "no stress fracture"}


def advise_cli(tmp_path: Path, doc: Any, *extra: str) -> Any:
    path = tmp_path / "ana.json"
    path.write_text(json.dumps(doc))
    return CliRunner().invoke(cli, ["advise", str(path), "--on", "2026-03-09", *extra]), path


def test_the_cli_accepts_clearances(tmp_path: Path) -> None:
    out, _ = advise_cli(tmp_path, ANA, "--json")
    assert out.exit_code == 0 and json.loads(out.output)["phase"] == "stop"
    out, _ = advise_cli(tmp_path, ANA | {"clearances": [CLEARED]}, "--json")
    assert out.exit_code == 0, out.output
    doc = json.loads(out.output)
    assert doc["phase"] != "stop" and doc["refer"] is None
    found = next(d for d in doc["decisions"] if d["rule"] == "pain.cleared")
    assert (found["verdict"], found["value"], found["evidence"]) == (
        "progress",
        "2026-03-06",
        "IO-CLEARANCE",
    )
    assert '"no stress fracture"' in found["text"]
    text, _ = advise_cli(tmp_path, ANA | {"clearances": [CLEARED]})
    assert text.exit_code == 0 and "pain.cleared" in text.output


def test_the_cli_names_a_bad_clearance_and_exits_2(tmp_path: Path) -> None:
    out, path = advise_cli(tmp_path, ANA | {"clearances": [CLEARED | {"by": "coach"}]})
    assert out.exit_code == 2
    assert f"{path}: clearances[0].by: expected 'physiotherapist' or 'doctor'" in out.output


def test_advice_dict_keeps_its_names_with_a_clearance() -> None:
    doc = advice_dict(advice(cleared(calm(flagged(5)), clearance(2))))
    assert set(doc) == {"runner", "on", "phase", "profile", "next_week", "decisions",
                        "technique", "refer", "load"}  # fmt: skip
