"""Importing with the files decoded in a pool of processes (``workers=N``, issue 14): the same
report and the same stored rows as decoding one file after another, on the real files of
tests/data; a bad member in the middle skipped with its reason; a process that dies skips only
its file; the sources read a bounded window ahead of the writer; the command end to end.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from insideout.cli.main import cli
from insideout.importers.archives import Skipped, Source, iter_sources
from insideout.importers.readers import read_activity
from insideout.people.models import Runner
from insideout.training import decoding, importing
from insideout.training.importing import ImportReport, import_sources
from insideout.training.models import ActivityFile, Run
from tests.integration.parallel_readers import FATAL, die, read_or_die

DATA = Path(__file__).resolve().parent.parent / "data"
STRAVA = DATA / "archive" / "strava-export-sample.zip"
GARMIN = DATA / "archive" / "garmin-export-sample.zip"
#: Damaged FIT, GPX, TCX, gzip and zip files (the small ones of tests/data/bad), each skipped
#: with its reason but for the zip's one good GPX file.
BAD = [
    DATA / "bad" / name
    for name in (
        "corrupt-file-crc-sportslib__6916663933.fit",
        "csv-renamed-as-fitparse__garmin-fenix-5-run-records.fit",
        "fitparse__activity-settings-corruptheader.fit",
        "fitparse__activity-unexpected-eof.fit",
        "fittrackee__gpx_test_incorrect.zip",
        "fittrackee__gpx_test_no_gpx.zip",
        "sportslib__empty-sessions.fit",
        "togeojson__bad.gpx",
        "togeojson__bad.tcx",
        "truncated-gzip-sportslib__2067489619.fit.gz",
        "truncated-header-only-sportslib__6782987395.fit",
        "zero-bytes.tcx",
    )
]
GOOD_FIT = DATA / "fit" / "fitparse__garmin-fenix-5-run.fit"

RUN_FIELDS = ("date", "distance_km", "duration_min", "cadence_spm", "rpe", "pain_during", "kind")


def outcome(report: ImportReport) -> dict[str, Any]:
    """A report without the row ids (two runners' imports store different rows)."""
    return {
        "imported": [
            (i.name, i.sport, i.local_date, i.run_id is not None, i.merged, i.records)
            for i in report.imported
        ],
        "duplicates": report.duplicates,
        "skipped": report.skipped,
        "records": report.records,
    }


def stored(runner: Runner) -> list[dict[str, Any]]:
    """Every activity of the runner as stored, with its run, but for ids and the time written."""
    rows = []
    for row in ActivityFile.objects.with_blobs().filter(runner=runner).order_by("id"):
        fields = {
            f.attname: getattr(row, f.attname)
            for f in ActivityFile._meta.concrete_fields
            if f.attname not in ("id", "runner_id", "created_at")
        }
        run = Run.objects.filter(activity_file=row).values(*RUN_FIELDS).first()
        rows.append(fields | {"run": run})
    return rows


def test_a_pool_gives_the_same_report_and_rows_as_decoding_here_on_the_real_files(
    ana: Runner, ben: Runner
) -> None:
    paths = [STRAVA, *BAD, GARMIN]  # the damaged files in the middle
    here = import_sources(ana, iter_sources(paths), read=read_activity)
    pooled = import_sources(ben, iter_sources(paths), read=read_activity, workers=2)
    assert outcome(pooled) == outcome(here)
    assert stored(ben) == stored(ana)
    # the two exports share a file: stored once; the damaged files are skipped with a reason
    assert (len(here.imported), len(here.duplicates)) == (16, 1)  # 15 and the zip's good GPX
    skipped = dict(here.skipped)
    assert len(skipped) == 12 and all(reason for reason in skipped.values())
    assert "bad CRC" in skipped[str(BAD[0])]
    assert Run.objects.filter(runner=ben).count() == Run.objects.filter(runner=ana).count() > 0


def test_a_bad_member_in_the_middle_is_skipped_with_its_reason_and_the_rest_imported(
    ana: Runner,
) -> None:
    good = GOOD_FIT.read_bytes()
    sources = [
        Source("a.fit", good),
        Source("b.fit", good[: len(good) // 2]),  # truncated
        Skipped("c.zip", "corrupt zip"),
        Source("d.gpx", (DATA / "gpx" / "togeojson__strava.gpx").read_bytes()),
        Source("e.fit", good),  # a and e are one file
    ]
    report = import_sources(ana, sources, read=read_activity, workers=2)
    assert [i.name for i in report.imported] == ["a.fit", "d.gpx"]
    assert report.duplicates == [importing.Duplicate("e.fit", "same file as a.fit")]
    assert [name for name, _ in report.skipped] == ["b.fit", "c.zip"]
    assert "truncated" in report.skipped[0][1]
    assert report.skipped[1] == ("c.zip", "corrupt zip")


def test_a_file_that_kills_its_decoding_process_is_the_only_one_skipped(ana: Runner) -> None:
    good = GOOD_FIT.read_bytes()
    gpx = (DATA / "gpx" / "togeojson__strava.gpx").read_bytes()
    sources = [
        Source("before.fit", good),
        Source(FATAL, b"anything"),
        Source("after.gpx", gpx),
    ]
    report = import_sources(ana, sources, read=read_or_die, workers=2)
    assert [i.name for i in report.imported] == ["before.fit", "after.gpx"]
    assert len(report.skipped) == 1
    name, reason = report.skipped[0]
    assert name == FATAL and reason.startswith("could not be read: its decoding process stopped")


def test_when_no_decoding_process_works_at_all_the_import_stops_and_blames_no_file(
    ana: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(decoding, "_alive", die)  # the process that reads no file dies too
    sources = [Source(FATAL, b"anything")]
    with pytest.raises(importing.DecodingUnavailable, match="stop before any file is read"):
        import_sources(ana, sources, read=read_or_die, workers=2)


def test_a_reader_that_cannot_be_sent_to_a_process_is_refused_before_any_file_is_read(
    ana: Runner,
) -> None:
    def local(name: str, data: bytes) -> Any:
        raise AssertionError("never called")

    with pytest.raises(TypeError, match="cannot be sent to a decoding process"):
        import_sources(ana, [Source("a.fit", b"x")], read=local, workers=2)


def test_the_sources_are_read_a_bounded_window_ahead_of_the_writer(
    ana: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(decoding, "WINDOW_FILES", 2)
    monkeypatch.setattr(importing, "BATCH", 5)
    read, told = [0], [0]

    def sources() -> Iterator[Source]:
        for i in range(60):
            ahead = read[0] - told[0]
            assert ahead <= 5 + 2 * 2, f"{ahead} files read ahead of the writer"
            read[0] += 1
            yield Source(f"{i}.fit", f"not a FIT file {i}".encode())

    def progress(name: str, outcome: str) -> None:
        told[0] += 1

    report = import_sources(ana, sources(), read=read_activity, workers=2, progress=progress)
    assert (len(report.skipped), read[0], told[0]) == (60, 60, 60)
    assert [name for name, _ in report.skipped] == [f"{i}.fit" for i in range(60)]  # in order


def test_the_command_imports_both_exports_and_again_gives_only_duplicates(ana: Runner) -> None:
    args = ["import", str(STRAVA), str(GARMIN), "--runner", "ana", "--json", "--workers", "2"]
    first = CliRunner().invoke(cli, args)
    assert first.exit_code == 0, first.output
    doc = json.loads(first.stdout)
    assert (doc["imported"], doc["duplicates"], doc["skipped"]) == (15, 1, [])
    assert doc["records"] > 0
    assert ActivityFile.objects.filter(runner=ana).count() == 15
    again = CliRunner().invoke(cli, args)
    assert again.exit_code == 0, again.output
    doc = json.loads(again.stdout)
    assert (doc["imported"], doc["duplicates"], doc["skipped"], doc["records"]) == (0, 16, [], 0)
    assert ActivityFile.objects.filter(runner=ana).count() == 15


def test_workers_must_be_at_least_one(ana: Runner) -> None:
    result = CliRunner().invoke(cli, ["import", str(GOOD_FIT), "--runner", "ana", "--workers", "0"])
    assert result.exit_code == 2
    assert "--workers" in result.output
