"""``insideout calendar --runner HANDLE --out FILE.ics``: the file it writes, and its refusals."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from icalendar import Calendar

from insideout.cli.calendar import write_calendar
from insideout.cli.main import cli
from insideout.people.models import Runner
from insideout.screening.models import Screen
from insideout.training import services
from insideout.training.advice import advice_for
from tests.integration.conftest import make_coach, make_runner
from tests.integration.training_builders import TODAY, weeks_of_running


@pytest.fixture(autouse=True)
def today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services, "today", lambda: TODAY)


def _days(path: Path, kind: str) -> list[object]:
    cal = Calendar.from_ical(path.read_bytes())
    return [e.decoded("dtstart") for e in cal.walk("VEVENT") if str(e["uid"]).startswith(kind)]


def test_the_command_writes_the_runners_week_as_a_calendar_that_parses(
    ana_screen: Screen, tmp_path: Path
) -> None:
    ana = ana_screen.runner
    weeks_of_running(ana)
    out = tmp_path / "ana.ics"
    result = CliRunner().invoke(cli, ["calendar", "--runner", "ana", "--out", str(out)])
    assert result.exit_code == 0, result.output
    advice = advice_for(ana)
    assert advice.running.runs and advice.foundation.sessions
    assert _days(out, "run-") == [r.date for r in advice.running.runs]
    assert _days(out, "foundation-") == [s.date for s in advice.foundation.sessions]
    assert f"{out}: the week of Ana (ana)" in result.output


def test_an_unknown_runner_exits_2_and_writes_nothing(
    ana: Runner, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "nobody.ics"
    assert write_calendar("nobody", out) == 2
    assert capsys.readouterr().err.strip() == "--runner nobody: no runner with handle 'nobody'"
    assert not out.exists()


def test_a_handle_two_coaches_use_needs_the_coach(
    ana: Runner, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = make_runner(make_coach("third"), "ana", login=False, name="Ana Two")
    out = tmp_path / "ana.ics"
    assert write_calendar("ana", out) == 2
    err = capsys.readouterr().err
    assert "2 coaches have a runner with handle 'ana' (logins coach, third)" in err
    assert not out.exists()
    assert write_calendar("ana", out, coach="third") == 0
    cal = Calendar.from_ical(out.read_bytes())
    assert str(cal["x-wr-calname"]) == f"insideout: {other.name}"


def test_a_file_that_cannot_be_written_is_named(
    ana: Runner, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "missing-folder" / "ana.ics"
    assert write_calendar("ana", out) == 2
    assert capsys.readouterr().err.startswith(f"--out {out}: cannot write the file")


def test_the_command_needs_a_runner_and_a_file(db: None) -> None:
    assert CliRunner().invoke(cli, ["calendar", "--out", "x.ics"]).exit_code == 2
    assert CliRunner().invoke(cli, ["calendar", "--runner", "ana"]).exit_code == 2
    assert "calendar" in CliRunner().invoke(cli, ["--help"]).output


def test_a_dash_writes_the_calendar_to_standard_output(ana_screen: Screen) -> None:
    weeks_of_running(ana_screen.runner)
    result = CliRunner().invoke(cli, ["calendar", "--runner", "ana", "--out", "-"])
    assert result.exit_code == 0, result.output
    cal = Calendar.from_ical(result.stdout_bytes)
    assert len(cal.walk("VEVENT")) == len(advice_for(ana_screen.runner).running.runs) + len(
        advice_for(ana_screen.runner).foundation.sessions
    )
