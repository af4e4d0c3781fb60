"""The readers against real watch files: every good file agrees with the corpus' manifest, every
bad one is refused with an :class:`ActivityError` naming it, and the facts a coach relies on
(steps not strides, no invented zeros, the first session of a multi-sport file) hold.

The manifest's figures were computed with other readers (fitdecode, fitparse and Garmin's SDK for
FIT; gpxpy and lxml for GPX and TCX), so agreeing with it is agreeing with them.
"""

from __future__ import annotations

import datetime as dt
import gzip
import math
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest

from insideout.core.activity import Activity, ActivityError, Dynamics
from insideout.importers import readers
from insideout.importers.fit import activity_of
from insideout.importers.fit_decoders import decode, decode_careful, decode_fast
from insideout.importers.readers import read_activity
from insideout.importers.sports import normalise_sport
from tests.readers_data import ACTIVITIES, BAD, DATA, EXPECTED, NOT_ACTIVITIES, data, ids, read

#: Where this reader knowingly gives another figure than the manifest, and the manifest's own
#: note that asks for it.
DELIBERATE: dict[str, dict[str, Any]] = {
    # "session avg_heart_rate is 0 (no HR strap) - treat 0 as absent"
    "fit/fitparse__null_compressed_speed_dist.fit": {"avg_hr": None},
    # "session start_time ... absent; records carry timestamps 2017-03-20T19:09:28Z..; derive start
    # from records"
    "fit/sportslib__broken-dates.fit": {"start": "2017-03-20T19:09:28Z"},
}
#: FIT's running-dynamics field names (the manifest's) and ours in :class:`Dynamics`.
DYNAMICS = {
    "stance_time": "stance_time_ms",
    "stance_time_balance": "stance_balance_left_pct",
    "vertical_oscillation": "vertical_oscillation_mm",
    "vertical_ratio": "vertical_ratio_pct",
    "step_length": "step_length_mm",
}


def disagreements(got: Activity, want: dict[str, Any]) -> dict[str, tuple[object, object]]:
    """Every figure of ``got`` that differs from the manifest's ``want`` (ours, theirs)."""
    want = want | DELIBERATE.get(want["path"], {})
    ours = {
        "distance_m": got.distance_m,
        "elapsed_s": got.elapsed_s,
        "moving_s": got.moving_s,
        "avg_cadence_spm": got.avg_cadence_spm,
        "avg_hr": got.avg_hr,
        "start": got.start.strftime("%Y-%m-%dT%H:%M:%SZ") if got.start else None,
        "sport": got.sport,
        "sub_sport": got.sub_sport,
        "records": got.records,
        "sessions": got.sessions,
        "dynamics": sorted(DYNAMICS[f] for f in want["dynamics"] or []),
        "device": got.device,
    }
    theirs = {key: want[key] for key in ours} | {
        "sport": normalise_sport(want["sport"]),
        "sub_sport": want["sub_sport"] if want["format"] == "fit" else None,
        "dynamics": sorted(n for n, v in vars(got.dynamics or Dynamics()).items() if v is not None),
        "device": (want["device"] or "").removesuffix(" / None") or None,
    }
    return {k: (ours[k], theirs[k]) for k in ours if not agree(k, ours[k], theirs[k])}


def agree(key: str, ours: object, theirs: object) -> bool:
    if ours is None or theirs is None:
        return ours is None and theirs is None
    if isinstance(ours, int | float) and isinstance(theirs, int | float):
        if key in ("distance_m", "elapsed_s", "moving_s"):  # within 1 %
            return math.isclose(ours, theirs, rel_tol=0.01, abs_tol=0.01)
        if key == "avg_cadence_spm":  # within 1 step/min
            return abs(ours - theirs) <= 1
        if key == "avg_hr":  # the manifest gives a mean of points to 0.1 bpm
            return abs(ours - theirs) <= 0.5
    return ours == theirs


def test_every_file_in_tests_data_has_its_manifest_entry() -> None:
    on_disk = {str(p.relative_to(DATA)) for p in DATA.rglob("*") if p.is_file()}
    on_disk -= {"expected.json", "MANIFEST.md"}
    # archives (and the bad zips) belong to tests/unit/test_archives.py and archive/README.md
    on_disk = {p for p in on_disk if not p.startswith("archive/") and not p.endswith(".zip")}
    assert on_disk == {e["path"] for e in EXPECTED}
    assert (len(ACTIVITIES), len(NOT_ACTIVITIES), len(BAD)) == (67, 9, 23)
    assert not [p for p in on_disk if "garminsdk__" in p]  # no redistribution


@pytest.mark.parametrize("entry", ACTIVITIES, ids=ids)
def test_the_summary_of_every_good_file_agrees_with_the_manifest(entry: dict[str, Any]) -> None:
    assert disagreements(read(entry["path"]), entry) == {}


@pytest.mark.parametrize("entry", ACTIVITIES, ids=ids)
def test_every_good_file_gives_columns_of_equal_length(entry: dict[str, Any]) -> None:
    samples = read(entry["path"]).samples
    lengths = {len(getattr(samples, f.name)) for f in fields(samples)} - {0}
    assert lengths == {len(samples)}


@pytest.mark.parametrize("entry", NOT_ACTIVITIES, ids=ids)
def test_a_file_that_holds_no_activity_is_refused_and_says_what_it_is(
    entry: dict[str, Any],
) -> None:
    name = Path(entry["path"]).name
    with pytest.raises(ActivityError) as refused:
        read(entry["path"])
    assert refused.value.source == name and str(refused.value).startswith(f"{name}: ")


@pytest.mark.parametrize("entry", BAD, ids=ids)
def test_every_bad_file_is_refused_with_an_activity_error_naming_it(entry: dict[str, Any]) -> None:
    name = Path(entry["path"]).name
    with pytest.raises(ActivityError) as refused:
        read(entry["path"])
    assert refused.value.source in (name, name.removesuffix(".gz"))
    assert refused.value.reason


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("bad/corrupt-file-crc-sportslib__6916663933.fit", "bad CRC"),
        ("bad/truncated-half-fitparse__activity-small-fenix2-run.fit", "truncated"),
        ("bad/csv-renamed-as-fitparse__garmin-fenix-5-run-records.fit", "not a FIT file"),
        ("bad/sportslib__empty-sessions.fit", "empty file"),
        ("bad/zero-bytes.tcx", "empty file"),
        ("bad/truncated-60pct-sportslib__2067489619.gpx", "not well-formed XML"),
        ("bad/truncated-gzip-sportslib__2067489619.fit.gz", "truncated gzip"),
        ("bad/togeojson__bad.tcx", "LatitudeDegrees is not a number"),
        ("fit/fitparse__MonitoringFile.fit", "monitoring_b file, not an activity"),
        ("fit/fitparse__DeveloperData.fit", "no session"),
        ("gpx/gpxpy__route.gpx", "no track points"),
        ("gpx/gpxpy__Mojstrovka.gpx", "no real times"),
        ("tcx/togeojson__tcx-courses.tcx", "a TCX course"),
    ],
)
def test_a_refusal_says_why_in_plain_words(path: str, reason: str) -> None:
    with pytest.raises(ActivityError, match=reason):
        read(path)


# --- the facts a coach relies on --------------------------------------------------------------


def test_running_cadence_is_steps_both_feet_in_the_summary_and_every_record() -> None:
    run = read("fit/fitparse__garmin-fenix-5-run.fit")  # avg_running_cadence 83 + 0.67 (strides)
    assert run.avg_cadence_spm == pytest.approx(2 * (83 + 0.671875))
    record = decode_careful(data("fit/fitparse__garmin-fenix-5-run.fit")).records[10]
    expected = 2 * (record["cadence"] + record.get("fractional_cadence", 0))  # EV-F-SPM
    assert run.samples.cadence_spm[10] == pytest.approx(expected)
    assert run.laps and run.laps[0].avg_cadence_spm == pytest.approx(run.avg_cadence_spm)


@pytest.mark.parametrize(
    "path",
    [
        "fit/fitparse__Edge810-Vector-2013-08-16-15-35-10.fit",
        "fit/fitparse__garmin-fenix-5-walk.fit",
    ],
)
def test_a_ride_or_a_walk_has_no_steps_per_minute(path: str) -> None:
    other = read(path)
    assert other.avg_cadence_spm is None and other.samples.cadence_spm == ()
    assert not other.is_running


def test_a_device_relative_time_gives_no_start_and_no_offset() -> None:
    run = read("fit/fitparse__antfs-dump.63.fit")
    assert run.start is None and run.utc_offset_s is None
    assert run.elapsed_s == pytest.approx(3426.9, abs=0.01) and run.samples.t_s[0] >= 0


def test_the_devices_local_offset_comes_from_the_activity_message() -> None:
    run = read("fit/fitparse__garmin-fenix-5-run.fit")  # local 07:35:24 for 14:35:24 UTC
    assert run.utc_offset_s == -7 * 3600
    assert run.local_date(None) == dt.date(2017, 6, 11)


def test_a_treadmill_run_is_a_run_with_dynamics_and_no_position() -> None:
    run = read("fit/sportslib__6860622783-treadmill.fit")
    assert (run.sport, run.sub_sport, run.is_running) == ("running", "treadmill", True)
    assert run.samples.lat == () and run.dynamics is not None
    assert 150 < (run.dynamics.stance_time_ms or 0) < 400  # ground contact in ms


def test_a_multisport_file_gives_the_first_session_and_steps_only_in_its_run() -> None:
    race = read("fit/sportslib__4623204522-triathlon.fit")
    assert (race.sport, race.sub_sport, race.sessions) == ("swimming", "open_water", 5)
    assert race.avg_cadence_spm is None  # a swim's strokes are not steps
    steps = [c for c in race.samples.cadence_spm if c]
    assert steps and 140 < sum(steps) / len(steps) < 200  # the run leg, in steps/min


def test_no_heart_rate_strap_is_no_heart_rate_not_zero() -> None:
    ride = read("fit/fitparse__null_compressed_speed_dist.fit")
    assert ride.avg_hr is None and ride.max_hr is None


def test_a_gpx_running_cadence_is_doubled_and_other_tracks_have_none() -> None:
    run = read("gpx/sportslib__garmin.gpx")
    assert run.avg_cadence_spm == pytest.approx(152.2, abs=0.1)
    untyped = read("gpx/sportslib__movescount.gpx")  # cadence recorded, but no sport given
    assert (untyped.sport, untyped.avg_cadence_spm) == ("generic", None)


def test_a_tcx_gives_its_laps_and_doubles_running_cadence() -> None:
    run = read("tcx/sportslib__polar.tcx")
    assert run.sport == "running" and len(run.laps) >= 1
    assert sum(lap.distance_m or 0 for lap in run.laps) == pytest.approx(run.distance_m)
    assert run.avg_cadence_spm == pytest.approx(127.4, abs=0.1)
    assert read("tcx/tcxreader__mapmyride_biking.tcx").sport == "cycling"


# --- both FIT decoders --------------------------------------------------------------------------

CROSS_CHECKED = [
    "fit/fitparse__garmin-fenix-5-run.fit",
    "fit/togeojson__run.fit",
    "fit/sportslib__2067489619.fit",
    "fit/sportslib__6916663933.fit",
    "fit/fitparse__developer-types-sample.fit",
    "fit/fitparse__coros-pace-2-cycling-misaligned-fields.fit",
    "fit/sportslib__6909950168.fit",
]


@pytest.mark.parametrize("path", CROSS_CHECKED)
def test_both_fit_decoders_give_the_same_activity(path: str) -> None:
    fast, careful = decode_fast(data(path)), decode_careful(data(path))
    assert (fast.decoder, careful.decoder) == ("pyfitparsernative", "fitdecode")
    assert activity_of(path, fast) == activity_of(path, careful)


def test_a_file_the_fast_decoder_would_misread_is_decoded_by_fitdecode() -> None:
    bytes_ = data("fit/fitparse__compressed-speed-distance.fit")
    assert decode(bytes_).decoder == "fitdecode"
    assert read("fit/fitparse__compressed-speed-distance.fit").samples.distance_m
    assert decode(data("fit/togeojson__run.fit")).decoder == "pyfitparsernative"


# --- telling formats apart ----------------------------------------------------------------------


def test_a_gzipped_file_reads_as_the_file_inside_under_its_name_without_gz() -> None:
    plain = read("fit/togeojson__run.fit")
    assert read_activity("run.fit.gz", gzip.compress(data("fit/togeojson__run.fit"))) == plain
    with pytest.raises(ActivityError) as refused:
        read_activity("bad.tcx.gz", gzip.compress(b""))
    assert refused.value.source == "bad.tcx"


def test_a_gzip_that_unpacks_past_the_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers, "MAX_UNPACKED_BYTES", 1000)
    with pytest.raises(ActivityError, match="unpacks to more than"):
        read_activity("big.gpx.gz", gzip.compress(b" " * 1001))


def test_the_format_is_told_from_the_bytes_not_the_name() -> None:
    as_gpx = read_activity("misnamed.tcx", data("gpx/sportslib__garmin.gpx"))
    as_fit = read_activity("misnamed.bin", data("fit/togeojson__run.fit"))
    assert (as_gpx.source_format, as_fit.source_format) == ("gpx", "fit")


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("notes.txt", b"hello", "not a FIT, GPX or TCX file"),
        ("export.fit", b"PK\x03\x04" + bytes(40), "a zip archive"),
        ("page.gpx", b"<html><body/></html>", "not a GPX file"),
        ("page.xml", b"<html><body/></html>", "neither GPX nor TCX"),
    ],
)
def test_something_else_is_refused_as_what_it_is(name: str, content: bytes, reason: str) -> None:
    with pytest.raises(ActivityError, match=reason):
        read_activity(name, content)


LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
)


@pytest.mark.parametrize(
    "root",
    [
        b'<gpx version="1.1" creator="&c;"><trk><type>&c;</type></trk></gpx>',
        b'<TrainingCenterDatabase><Activities><Activity Sport="&c;"/></Activities>'
        b"</TrainingCenterDatabase>",
    ],
)
def test_xml_with_entities_is_refused_before_any_parser_expands_them(root: bytes) -> None:
    with pytest.raises(ActivityError, match="DTD or entity"):
        read_activity("laughs.xml", LAUGHS + root)
