"""``insideout activity inspect``: one file of each format as JSON and as text, and a broken file
ending with ``FILE: reason`` and exit status 2, never a traceback."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from insideout.cli.main import cli
from tests.readers_data import DATA

KEYS = {
    "format",
    "sport",
    "sub_sport",
    "start",
    "distance_m",
    "elapsed_s",
    "moving_s",
    "avg_cadence_spm",
    "avg_hr",
    "records",
    "device",
    "sessions",
    "laps",
    "dynamics",
}


def inspect(*args: str) -> Result:
    return CliRunner().invoke(cli, ["activity", "inspect", *args])


def inspected(path: Path) -> dict[str, Any]:
    out = inspect(str(path), "--json")
    assert out.exit_code == 0, out.output
    found: dict[str, Any] = json.loads(out.output)
    return found


def test_inspect_json_of_a_fit_run_gives_its_figures_in_steps_and_utc() -> None:
    got = inspected(DATA / "fit/fitparse__garmin-fenix-5-run.fit")
    assert KEYS <= got.keys()
    assert got["format"] == "fit" and got["sport"] == "running" and got["sub_sport"] == "generic"
    assert got["start"] == "2017-06-11T14:34:09Z"
    assert got["distance_m"] == pytest.approx(157.56)
    assert got["elapsed_s"] == pytest.approx(56.887) and got["moving_s"] == pytest.approx(56.887)
    assert got["avg_cadence_spm"] == pytest.approx(167.34, abs=0.01)
    assert (got["avg_hr"], got["records"], got["sessions"], got["laps"]) == (90, 21, 1, 1)
    assert got["device"] == "garmin / fenix5"
    assert set(got["dynamics"]) == {
        "stance_time_ms",
        "stance_balance_left_pct",
        "vertical_oscillation_mm",
        "vertical_ratio_pct",
        "step_length_mm",
    }
    assert 200 < got["dynamics"]["stance_time_ms"] < 350


def test_inspect_json_of_a_gpx_run_gives_its_track_figures() -> None:
    got = inspected(DATA / "gpx/sportslib__2067489619.gpx")
    assert KEYS <= got.keys()
    assert (got["format"], got["sport"], got["sub_sport"]) == ("gpx", "running", None)
    assert got["start"] == "2017-10-08T14:54:11Z"
    assert got["distance_m"] == pytest.approx(4400.16, rel=0.001)
    assert got["elapsed_s"] == 2818 and got["moving_s"] == pytest.approx(2741, rel=0.001)
    assert got["avg_cadence_spm"] == pytest.approx(127.9, abs=0.1)
    assert got["avg_hr"] == pytest.approx(134.1, abs=0.1)
    assert (got["records"], got["sessions"], got["laps"], got["dynamics"]) == (502, 1, 0, None)


def test_inspect_json_of_a_tcx_run_gives_its_lap_figures() -> None:
    got = inspected(DATA / "tcx/sportslib__6860622783-treadmill.tcx")
    assert KEYS <= got.keys()
    assert (got["format"], got["sport"]) == ("tcx", "running")
    assert got["start"] == "2020-02-02T11:19:33Z"
    assert got["distance_m"] == pytest.approx(10630.37, rel=0.001)
    assert got["moving_s"] == pytest.approx(3097.79, rel=0.001) and got["elapsed_s"] == 3763
    assert got["avg_cadence_spm"] == pytest.approx(165.6, abs=0.1)
    assert got["avg_hr"] == pytest.approx(145.0, abs=0.1)
    assert got["records"] == 3101 and got["device"] == "Forerunner 945"


def test_inspect_reads_a_gzipped_file(tmp_path: Path) -> None:
    packed = tmp_path / "6909950168.fit.gz"
    packed.write_bytes(gzip.compress((DATA / "fit/sportslib__6909950168.fit").read_bytes()))
    got = inspected(packed)
    assert (got["sport"], got["sub_sport"], got["avg_cadence_spm"]) == ("running", "trail", 180)


def test_inspect_prints_a_readable_summary_without_json() -> None:
    out = inspect(str(DATA / "tcx/sportslib__polar.tcx"))
    assert out.exit_code == 0
    assert "sport            running" in out.output and "avg_cadence_spm  127.4" in out.output


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("bad/truncated-half-fitparse__activity-small-fenix2-run.fit", "truncated"),
        ("bad/corrupt-file-crc-sportslib__6916663933.fit", "bad CRC"),
        ("bad/truncated-60pct-sportslib__2067489619.gpx", "not well-formed XML"),
        ("bad/zero-bytes.tcx", "empty file"),
        ("fit/fitparse__Settings.fit", "settings file, not an activity"),
    ],
)
def test_inspect_of_a_broken_file_exits_2_naming_it_without_a_traceback(
    path: str, reason: str
) -> None:
    out = inspect(str(DATA / path), "--json")
    assert out.exit_code == 2
    assert out.output.startswith(f"{DATA / path}: ") and reason in out.output
    assert "Traceback" not in out.output
    assert isinstance(out.exception, SystemExit)  # fail()'s exit, not an escaped error


def test_inspect_of_a_missing_file_exits_2_naming_it(tmp_path: Path) -> None:
    out = inspect(str(tmp_path / "gone.fit"))
    assert out.exit_code == 2 and out.output.startswith(f"{tmp_path / 'gone.fit'}: cannot read")
