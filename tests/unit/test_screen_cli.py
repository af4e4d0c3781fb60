"""``insideout screen``: the table, the protocol, scoring, and bad input with exit status 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from insideout.cli.main import cli
from tests.builders import screen_doc

ANA = {
    "runner": {"id": "ana", "sex": "female", "birth_year": 1988},
    "date": "2026-03-02",
    "measures": [
        {"test": "knee_to_wall", "side": "left", "value": 7.5},
        {"test": "knee_to_wall", "side": "right", "value": 11.0},
        {"test": "beighton", "value": 6},
    ],
}


def write(tmp_path: Path, doc: Any, name: str = "screen.json") -> Path:
    path = tmp_path / name
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc))
    return path


def run(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args))


def test_screen_tests_lists_every_test_as_a_table() -> None:
    out = run("screen", "tests")
    assert out.exit_code == 0
    assert "knee_to_wall" in out.output and "whole body" in out.output and "computed" in out.output


def test_screen_protocol_prints_the_numbered_steps() -> None:
    out = run("screen", "protocol", "single_leg_bridge")
    assert out.exit_code == 0
    assert " 1. " in out.output and "Equipment:" in out.output


def test_screen_protocol_of_an_unknown_test_exits_2_and_names_it() -> None:
    out = run("screen", "protocol", "toe_touch")
    assert out.exit_code == 2 and "unknown test 'toe_touch'" in out.output


def test_screen_score_json_keeps_the_contract_names(tmp_path: Path) -> None:
    out = run("screen", "score", str(write(tmp_path, ANA)), "--json")
    assert out.exit_code == 0, out.output
    doc = json.loads(out.output)
    assert set(doc) >= {"profile", "findings", "hypermobile", "missing"}
    assert doc["hypermobile"] is True
    entry = next(r for r in doc["profile"] if (r["region"], r["side"]) == ("foot_ankle", "left"))
    assert set(entry) >= {"region", "side", "need", "findings"}
    assert entry["need"] == "stability"
    f = doc["findings"][0]
    assert set(f) >= {"rule", "test", "side", "value", "threshold", "kind", "evidence", "text"}


def test_screen_score_prints_a_readable_table_by_default(tmp_path: Path) -> None:
    out = run("screen", "score", str(write(tmp_path, ANA)))
    assert out.exit_code == 0
    assert "foot_ankle" in out.output and "knee_to_wall.restricted" in out.output


def test_screen_score_since_an_earlier_screen_shows_the_change(tmp_path: Path) -> None:
    before = write(tmp_path, screen_doc(("knee_to_wall", "left", 7.0)), "before.json")
    after = write(
        tmp_path, screen_doc(("knee_to_wall", "left", 9.5), date="2026-04-20"), "after.json"
    )
    out = run("screen", "score", str(after), "--since", str(before), "--json")
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["changes"][0]["verdict"] == "improved"


def measure(**kw: Any) -> dict[str, Any]:
    return ANA | {"measures": [kw]}


BAD = [
    (
        "unknown test",
        measure(test="toe_touch", side="left", value=3),
        "measures[0].test",
        "unknown test",
    ),
    (
        "wrong type",
        measure(test="knee_to_wall", side="left", value="far"),
        "measures[0].value",
        "expected a number",
    ),
    (
        "negative cm",
        measure(test="knee_to_wall", side="left", value=-2),
        "measures[0].value",
        "0 to 25 cm",
    ),
    (
        "400 degrees",
        measure(test="hip_internal_rotation", side="left", value=400),
        "measures[0].value",
        "0 to 90 deg",
    ),
    (
        "side on a whole-body test",
        measure(test="beighton", side="left", value=3),
        "measures[0].side",
        "whole-body",
    ),
    ("missing side", measure(test="calf_raise", value=20), "measures[0].side", "per side"),
    (
        "bad side",
        measure(test="calf_raise", side="middle", value=20),
        "measures[0].side",
        "'left' or 'right'",
    ),
    (
        "fraction of a rep",
        measure(test="calf_raise", side="left", value=20.5),
        "measures[0].value",
        "whole number",
    ),
    ("malformed date", ANA | {"date": "02/03/2026"}, "date", "YYYY-MM-DD"),
    ("missing measures", {k: v for k, v in ANA.items() if k != "measures"}, "measures", "required"),
    (
        "duplicate",
        ANA | {"measures": [ANA["measures"][0], ANA["measures"][0]]},
        "measures[1]",
        "duplicate",
    ),
    ("not an object", [1, 2], "(input)", "expected a JSON object"),
]


@pytest.mark.parametrize(("case", "doc", "field", "says"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_exits_2_naming_the_file_and_the_field(
    tmp_path: Path, case: str, doc: Any, field: str, says: str
) -> None:
    path = write(tmp_path, doc)
    out = run("screen", "score", str(path), "--json")
    assert out.exit_code == 2
    assert f"{path}: {field}: " in out.output and says in out.output
    assert "Traceback" not in out.output


def test_a_json_syntax_error_names_the_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, '{"runner": {"id": "ana"},\n "date": }')
    out = run("screen", "score", str(path))
    assert out.exit_code == 2
    assert f"{path}: line 2, column 10: not valid JSON" in out.output


def test_a_missing_file_exits_2() -> None:
    out = run("screen", "score", "/nonexistent/screen.json")
    assert out.exit_code == 2 and "/nonexistent/screen.json" in out.output


def test_the_installed_console_script_runs_and_exits_2_on_bad_input(tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("insideout")
    path = write(tmp_path, measure(test="knee_to_wall", side="left", value=400))
    done = subprocess.run([str(exe), "screen", "score", str(path)], capture_output=True, text=True)
    assert done.returncode == 2
    assert "measures[0].value" in done.stderr and "Traceback" not in done.stderr


def test_an_earlier_screen_that_is_not_earlier_exits_2_naming_the_date(tmp_path: Path) -> None:
    now = write(tmp_path, screen_doc(("knee_to_wall", "left", 9.5)), "now.json")
    later = write(
        tmp_path, screen_doc(("knee_to_wall", "left", 7.0), date="2026-04-20"), "later.json"
    )
    out = run("screen", "score", str(now), "--since", str(later))
    assert out.exit_code == 2
    assert f"{now}: date: expected a date after the earlier screen (2026-04-20)" in out.output


def test_a_bad_earlier_screen_exits_2_naming_its_own_file(tmp_path: Path) -> None:
    now = write(tmp_path, ANA, "now.json")
    bad = write(tmp_path, measure(test="knee_to_wall", side="left", value=-1), "bad.json")
    out = run("screen", "score", str(now), "--since", str(bad))
    assert out.exit_code == 2 and f"{bad}: measures[0].value" in out.output


def test_with_several_earlier_screens_it_compares_with_the_latest_and_the_first(
    tmp_path: Path,
) -> None:
    first = write(tmp_path, screen_doc(("knee_to_wall", "left", 6.0), date="2026-01-10"), "a.json")
    middle = write(tmp_path, screen_doc(("knee_to_wall", "left", 8.5), date="2026-02-20"), "b.json")
    now = write(tmp_path, screen_doc(("knee_to_wall", "left", 9.0), date="2026-04-01"), "c.json")
    out = run("screen", "score", str(now), "--since", str(first), "--since", str(middle), "--json")
    assert out.exit_code == 0, out.output
    doc = json.loads(out.output)
    latest = {c["rule"]: c for c in doc["changes"]}["knee_to_wall.restricted"]
    assert (latest["before"], latest["verdict"]) == (8.5, "unchanged")  # +0.5 cm, within 1.9
    since_first = {c["rule"]: c for c in doc["since_first"]["changes"]}["knee_to_wall.restricted"]
    assert doc["since_first"]["date"] == "2026-01-10"
    assert (since_first["before"], since_first["verdict"]) == (6.0, "improved")  # +3 cm
    text = run("screen", "score", str(now), "--since", str(middle), "--since", str(first)).output
    assert "Since the first screen (2026-01-10):" in text


@pytest.mark.parametrize(
    ("test", "side", "value", "flag"),
    [
        ("single_leg_hop", "left", 150, "pain_hopping"),
        ("triple_hop", "left", 450, "pain_hopping"),
        ("crossover_hop", "left", 400, "pain_hopping"),
        ("timed_hop", "left", 2.5, "pain_hopping"),
        ("hip_internal_rotation", "left", 30, "hip_rotation_pain"),
        ("beighton", None, 7, "beighton_pain"),
    ],
)
def test_a_painful_test_that_is_a_warning_sign_says_stop_running_at_once(
    tmp_path: Path, test: str, side: str | None, value: float, flag: str
) -> None:
    # the advice stops on the same screen; the screen's own result must not say less
    measure = {"test": test, "value": value, "pain": True} | ({"side": side} if side else {})
    doc = {"runner": ANA["runner"], "date": "2026-03-02", "measures": [measure]}
    path = write(tmp_path, doc)
    out = run("screen", "score", str(path), "--json")
    assert out.exit_code == 0, out.output
    (warning,) = json.loads(out.output)["warnings"]
    assert warning["test"] == test and warning["red_flag"] == flag
    assert "stop running" in warning["words"].lower() or "before" in warning["words"]
    text = run("screen", "score", str(path)).output
    assert text.startswith("Screen of 2026-03-02\n\nSTOP RUNNING: pain during the")


def test_the_same_tests_without_pain_raise_no_warning(tmp_path: Path) -> None:
    doc = screen_doc(("single_leg_hop", "left", 150), ("hip_internal_rotation", "left", 18),
                     ("beighton", None, 7))  # fmt: skip
    out = run("screen", "score", str(write(tmp_path, doc)), "--json")
    assert json.loads(out.output)["warnings"] == []
    assert "STOP RUNNING" not in run("screen", "score", str(write(tmp_path, doc))).output
