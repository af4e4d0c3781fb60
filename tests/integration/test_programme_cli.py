"""``insideout programme --runner HANDLE --pdf FILE.pdf [--paper letter]`` (issue 16, part 6): the
runner's programme from the database, the same PDF as the page's."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from insideout.cli.main import cli
from insideout.people.models import Coach, Runner
from insideout.training import services
from insideout.training.advice import advice_for
from tests.integration.conftest import KTW_RESTRICTED_LEFT, make_runner, make_screen
from tests.integration.pdfs import A4, LETTER, size_of, text_of
from tests.integration.training_builders import TODAY


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services, "today", lambda: TODAY)


@pytest.mark.parametrize(("args", "size"), [([], A4), (["--paper", "letter"], LETTER),
                                             (["--paper", "LETTER"], LETTER)])  # fmt: skip
def test_the_command_writes_the_runners_programme_as_a_readable_pdf(
    ana: Runner, tmp_path: Path, args: list[str], size: tuple[int, int]
) -> None:
    make_screen(ana, "2026-09-14", KTW_RESTRICTED_LEFT)
    out = tmp_path / "ana.pdf"
    result = CliRunner().invoke(cli, ["programme", "--runner", "ana", "--pdf", str(out), *args])
    assert result.exit_code == 0, result.output
    pdf = out.read_bytes()
    assert size_of(pdf) == size
    text = text_of(pdf)
    assert "Ana: foundation programme" in text
    advice = advice_for(ana, TODAY)
    names = {services.method().exercises[p.exercise].name
             for s in advice.foundation.sessions for p in s.exercises}  # fmt: skip
    assert names
    assert all(name in text for name in names)


def test_an_unknown_runner_exits_2_saying_so_and_writes_nothing(
    ana: Runner, tmp_path: Path
) -> None:
    out = tmp_path / "nobody.pdf"
    result = CliRunner().invoke(cli, ["programme", "--runner", "nobody", "--pdf", str(out)])
    assert result.exit_code == 2
    assert "--runner nobody: no runner with handle 'nobody'" in result.output
    assert not out.exists()


def test_a_handle_two_coaches_use_needs_the_coach(
    ana: Runner, other_coach: Coach, tmp_path: Path
) -> None:
    make_runner(other_coach, "ana", login=False)
    out = tmp_path / "ana.pdf"
    result = CliRunner().invoke(cli, ["programme", "--runner", "ana", "--pdf", str(out)])
    assert result.exit_code == 2
    assert "name the coach" in result.output
    named = ["programme", "--runner", "ana", "--coach", "other", "--pdf", str(out)]
    assert CliRunner().invoke(cli, named).exit_code == 0
    assert out.read_bytes().startswith(b"%PDF-")


def test_a_file_that_cannot_be_written_exits_2(ana: Runner, tmp_path: Path) -> None:
    out = tmp_path / "no-such-folder" / "ana.pdf"
    result = CliRunner().invoke(cli, ["programme", "--runner", "ana", "--pdf", str(out)])
    assert result.exit_code == 2
    assert f"--pdf {out}: cannot write the file" in result.output


def test_a_paper_it_does_not_know_is_refused_by_name(ana: Runner, tmp_path: Path) -> None:
    out = tmp_path / "ana.pdf"
    args = ["programme", "--runner", "ana", "--pdf", str(out), "--paper", "legal"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert "--paper" in result.output
    assert not out.exists()
