"""``insideout import PATH... --runner HANDLE [--json]``: the command's output and exit status.

The command reads files with insideout's readers and archive walker; these tests call its seam,
``run_import``, with a fake reader and fake sources (and the click command itself where it stops
before any file is read).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from django.db import connection

from insideout.cli.importing import run_import
from insideout.cli.main import cli
from insideout.people.models import Coach, Runner
from insideout.training import services
from insideout.training.models import ActivityFile, Run
from tests.integration.conftest import make_coach, make_runner
from tests.integration.import_fakes import TODAY, Shelf, Skipped, Source, run

PATHS = [Path("export.zip")]


@pytest.fixture(autouse=True)
def today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services, "today", lambda: TODAY)


@pytest.fixture
def shelf() -> Shelf:
    return Shelf()


def export(shelf: Shelf) -> list[Any]:
    """An account export: two runs and a ride, a file that is no activity, a profile."""
    return [
        shelf.add("activities/1.fit", run("2026-10-07T06:00:00+00:00")),
        shelf.add("activities/2.fit", run("2026-10-09T06:00:00+00:00", km=8.0)),
        shelf.add("activities/3.fit", run("2026-10-10T06:00:00+00:00", sport="cycling")),
        Source("activities/4.fit", b"\x00\x00"),
        Skipped("profile.json", "not an activity file"),
    ]


def sources_of(items: list[Any]) -> Any:
    def walk(paths: Sequence[Path]) -> list[Any]:
        assert list(paths) == PATHS
        return items

    return walk


def test_json_counts_what_was_imported_and_names_each_file_skipped(
    ana: Runner, shelf: Shelf, capsys: pytest.CaptureFixture[str]
) -> None:
    status = run_import(PATHS, "ana", as_json=True, read=shelf, sources=sources_of(export(shelf)))
    out = capsys.readouterr().out
    assert status == 0
    assert json.loads(out) == {
        "imported": 3,
        "duplicates": 0,
        "skipped": [
            {"file": "activities/4.fit", "reason": "not a FIT, GPX or TCX file"},
            {"file": "profile.json", "reason": "not an activity file"},
        ],
        "records": 15,
    }
    assert (ActivityFile.objects.count(), Run.objects.count()) == (3, 2)


def test_importing_the_export_again_counts_duplicates(
    ana: Runner, shelf: Shelf, capsys: pytest.CaptureFixture[str]
) -> None:
    items = export(shelf)
    run_import(PATHS, "ana", read=shelf, sources=sources_of(items))
    capsys.readouterr()
    assert run_import(PATHS, "ana", as_json=True, read=shelf, sources=sources_of(items)) == 0
    doc = json.loads(capsys.readouterr().out)
    assert (doc["imported"], doc["duplicates"], len(doc["skipped"]), doc["records"]) == (0, 3, 2, 0)


def test_the_table_gives_the_counts_then_each_skipped_file_with_its_reason(
    ana: Runner, shelf: Shelf, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_import(PATHS, "ana", read=shelf, sources=sources_of(export(shelf))) == 0
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert lines[:4] == [
        "imported         3",
        "duplicates       0",
        "skipped          2",
        "records         15",
    ]
    assert lines[5].split() == ["file", "reason"]
    assert lines[7:] == [
        "activities/4.fit  not a FIT, GPX or TCX file",
        "profile.json      not an activity file",
    ]
    assert "Importing" in captured.err  # the progress bar is on stderr, never in the table


def test_an_unknown_runner_exits_2_naming_the_handle_and_reads_no_file(
    ana: Runner, shelf: Shelf, capsys: pytest.CaptureFixture[str]
) -> None:
    def never(paths: Sequence[Path]) -> list[Any]:
        raise AssertionError("no file may be read for an unknown runner")

    assert run_import(PATHS, "nobody", read=shelf, sources=never) == 2
    captured = capsys.readouterr()
    assert captured.err.strip() == "--runner nobody: no runner with handle 'nobody'"
    assert captured.out == ""


def test_a_handle_two_coaches_use_needs_the_coach(
    ana: Runner, zoe: Runner, shelf: Shelf, capsys: pytest.CaptureFixture[str]
) -> None:
    ana2 = make_runner(make_coach("third"), "ana", login=False)
    items = [shelf.add("run.fit", run())]
    assert run_import(PATHS, "ana", read=shelf, sources=sources_of(items)) == 2
    assert (
        "2 coaches have a runner with handle 'ana' (logins coach, third)" in capsys.readouterr().err
    )
    assert run_import(PATHS, "ana", coach="third", read=shelf, sources=sources_of(items)) == 0
    assert [r.runner for r in Run.objects.all()] == [ana2]


def test_the_command_is_listed_and_refuses_an_unknown_runner_with_status_2(
    ana: Runner, tmp_path: Path
) -> None:
    listed = CliRunner().invoke(cli, ["--help"])
    assert "import" in listed.output
    file = tmp_path / "run.fit"
    file.write_bytes(b"\x0e\x10")
    result = CliRunner().invoke(cli, ["import", str(file), "--runner", "nobody"])
    assert result.exit_code == 2
    assert "--runner nobody: no runner with handle 'nobody'" in result.output


def test_the_command_needs_a_path_and_a_runner(db: None) -> None:
    assert CliRunner().invoke(cli, ["import", "--runner", "ana"]).exit_code == 2
    assert CliRunner().invoke(cli, ["import", "missing.fit", "--runner", "ana"]).exit_code == 2


def test_a_database_that_was_never_migrated_is_named(
    coach: Coach, capsys: pytest.CaptureFixture[str]
) -> None:
    with connection.cursor() as cursor:  # undone with the test's transaction
        cursor.execute('ALTER TABLE "people_runner" RENAME TO "people_runner_gone"')
    assert run_import(PATHS, "ana", read=Shelf(), sources=sources_of([])) == 2
    assert "is it migrated (manage.py migrate)?" in capsys.readouterr().err
