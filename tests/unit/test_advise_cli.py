"""``insideout advise``: the JSON contract, the text summary, and bad input with exit status 2."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from insideout.cli.main import cli

ANA: dict[str, Any] = {
    "runner": {"id": "ana", "sex": "female", "birth_year": 1988},
    "screens": [
        {"date": "2026-03-02", "measures": [{"test": "knee_to_wall", "side": "left", "value": 7.5}]}
    ],
    "runs": [
        {"date": "2026-03-03", "distance_km": 5.0, "duration_min": 31, "rpe": 4,
         "pain_during": 0, "pain_after": 0, "pain_next_morning": 0,
         "pain_site": None, "pain_side": None, "red_flags": [], "cadence_spm": 164}
    ],
    "strength_sessions": [{"date": "2026-03-04", "completed": True}],
}  # fmt: skip
BIN = Path(sys.executable).parent / "insideout"


def write(tmp_path: Path, doc: Any, name: str = "ana.json") -> Path:
    path = tmp_path / name
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc))
    return path


def invoke(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args))


def test_json_output_keeps_the_names_other_tools_read(tmp_path: Path) -> None:
    out = invoke("advise", str(write(tmp_path, ANA)), "--on", "2026-03-09", "--json")
    assert out.exit_code == 0, out.output
    doc = json.loads(out.output)
    assert {"phase", "profile", "next_week", "decisions", "technique", "refer"} <= set(doc)
    assert doc["phase"] == "screen_needed"
    assert doc["refer"] is None
    assert doc["profile"]["date"] == "2026-03-02"
    week = doc["next_week"]
    assert set(week) == {
        "start",
        "runs",
        "strength",
        "planned_km",
        "longest_run_km",
        "recovery_week",
    }
    assert week["start"] == "2026-03-09"
    assert all(set(r) == {"date", "kind", "distance_km"} for r in week["runs"])
    assert len(week["strength"]) >= 2
    for session in week["strength"]:
        for e in session["exercises"]:
            assert {"id", "sets", "side"} <= set(e) and (("reps" in e) != ("seconds" in e))
    assert doc["decisions"]
    for d in doc["decisions"]:
        assert set(d) == {"rule", "verdict", "value", "threshold", "evidence", "text"}
        assert d["verdict"] in {"progress", "hold", "cut", "stop", "refer", "unlock", "lock"}
    assert set(doc["technique"]) == {"unlocked", "missing", "prescription"}
    assert doc["technique"]["unlocked"] is False and doc["technique"]["missing"]


def test_a_red_flag_fills_refer_with_the_reason_and_the_words(tmp_path: Path) -> None:
    doc = copy.deepcopy(ANA)
    doc["runs"][0]["red_flags"] = ["focal_bone_tenderness"]
    out = invoke("advise", str(write(tmp_path, doc)), "--on", "2026-03-09", "--json")
    advice = json.loads(out.output)
    assert advice["phase"] == "stop"
    assert advice["next_week"]["runs"] == []
    assert "tender spot" in advice["refer"]["reason"]
    assert "doctor" in advice["refer"]["words"]


def test_the_text_summary_shows_the_week_and_every_reason(tmp_path: Path) -> None:
    out = invoke("advise", str(write(tmp_path, ANA)), "--on", "2026-03-09")
    assert out.exit_code == 0
    assert "phase: screen_needed" in out.output
    assert "Running:" in out.output and "Foundation: 3 session(s)" in out.output
    assert "Technique: locked" in out.output
    assert (
        "[hold] plan.screen_first (IO-PLAN-SCREEN-FIRST)" in out.output
    )  # one test: no region judged
    assert "EV-LOAD-ACWR-DISMISS" in out.output


def test_on_defaults_to_today(tmp_path: Path) -> None:
    out = invoke("advise", str(write(tmp_path, ANA)), "--json")
    assert out.exit_code == 0


BAD = [
    # (change, words on stderr)
    (lambda d: d["runs"][0].update(pain_during=11), "runs[0].pain_during: expected a pain rating from 0 to 10"),
    (lambda d: d["runs"][0].update(distance_km=-2), "runs[0].distance_km"),
    (lambda d: d["runs"][0].update(red_flags=["sore"]), "runs[0].red_flags[0]: unknown red flag 'sore'"),
    (lambda d: d["runs"].append(dict(d["runs"][0])), "runs[1]: duplicate run"),
    (lambda d: d["strength_sessions"][0].update(date="2026-03-20"), "strength_sessions[0].date: 2026-03-20 is in the future"),
    (lambda d: d.update(settings={"weekly_increase_pct": 31}), "settings.weekly_increase_pct: expected a weekly increase of 0 to 30"),
    (lambda d: d.update(overrides=[{"date": "2026-03-05", "verdict": "unlock", "reason": ""}]), "overrides[0].reason: required"),
    (lambda d: d.update(overrides=[{"date": "2026-03-10", "verdict": "unlock", "reason": "ok"}]), "overrides[0].date: 2026-03-10 is in the future"),
]  # fmt: skip


@pytest.mark.parametrize(("change", "words"), BAD)
def test_bad_input_names_the_file_and_field_and_exits_2(
    tmp_path: Path, change: Any, words: str
) -> None:
    doc = copy.deepcopy(ANA)
    change(doc)
    path = write(tmp_path, doc)
    out = invoke("advise", str(path), "--on", "2026-03-09")
    assert out.exit_code == 2
    assert f"{path}: {words}" in out.output
    assert "Traceback" not in out.output


def test_the_coachs_cap_and_override_in_the_file_reach_the_advice(tmp_path: Path) -> None:
    doc = copy.deepcopy(ANA) | {
        "settings": {"weekly_increase_pct": 8},
        "overrides": [{"date": "2026-03-06", "verdict": "unlock", "reason": "physio says go"}],
    }
    out = invoke("advise", str(write(tmp_path, doc)), "--on", "2026-03-09", "--json")
    assert out.exit_code == 0, out.output
    found = json.loads(out.output)
    override = next(d for d in found["decisions"] if d["rule"] == "gate.override")
    assert override["verdict"] == "unlock" and '"physio says go"' in override["text"]
    assert found["technique"]["unlocked"]
    text = invoke("advise", str(write(tmp_path, doc)), "--on", "2026-03-09")
    assert text.exit_code == 0 and "gate.override" in text.output


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("{not json", "not valid JSON"),
        ("[]", "expected a JSON object"),
        ("[" * 100_000, "nested at most 32 levels deep"),
        ('{"runner": ' * 50_000, "nested at most 32 levels deep"),
        ('{"runs": [' + "[" * 40 + "]" * 40 + "]}", "nested at most 32 levels deep"),
    ],
    ids=["broken", "a list", "100,000 brackets", "50,000 objects", "40 deep"],
)
def test_a_file_that_is_not_a_history_exits_2(tmp_path: Path, content: str, words: str) -> None:
    out = invoke("advise", str(write(tmp_path, content)), "--on", "2026-03-09")
    assert out.exit_code == 2 and words in out.output


def test_a_bad_on_date_exits_2(tmp_path: Path) -> None:
    out = invoke("advise", str(write(tmp_path, ANA)), "--on", "9 March")
    assert out.exit_code == 2 and "--on: expected a date as YYYY-MM-DD" in out.output


def test_the_console_script_runs_and_keeps_errors_on_stderr(tmp_path: Path) -> None:
    good = subprocess.run(
        [str(BIN), "advise", str(write(tmp_path, ANA)), "--on", "2026-03-09", "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert good.returncode == 0, good.stderr
    assert json.loads(good.stdout)["phase"] == "screen_needed"
    doc = copy.deepcopy(ANA)
    doc["runs"][0]["rpe"] = 12
    bad = subprocess.run(
        [str(BIN), "advise", str(write(tmp_path, doc, "bad.json")), "--on", "2026-03-09"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 2
    assert "bad.json: runs[0].rpe" in bad.stderr and bad.stdout == ""
    assert "Traceback" not in bad.stderr


def test_a_file_of_100000_nested_brackets_exits_2_without_a_traceback(tmp_path: Path) -> None:
    path = write(tmp_path, "[" * 100_000, "deep.json")
    out = subprocess.run(
        [str(BIN), "advise", str(path), "--on", "2026-03-09"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 2
    assert out.stderr.strip() == (
        f"{path}: expected a JSON document nested at most 32 levels deep, got deeper"
    )
    assert "Traceback" not in out.stderr and out.stdout == ""
