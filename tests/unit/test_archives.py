"""Watch files out of folders, zips (of zips) and gzips: ``insideout.importers.archives``.

The real exports (``tests/data/archive``, provenance in its README) must come through whole and
byte for byte; the broken and hostile ones, built here with ``zipfile`` and ``gzip`` in a
temporary folder, must be skipped with a plain reason while the rest still comes through, and
nothing may raise.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import os
import random
import struct
import tracemalloc
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from insideout.importers.archives import (
    DEFAULT_LIMITS,
    KiB,
    Limits,
    Skipped,
    Source,
    iter_sources,
)

DATA = Path(__file__).resolve().parent.parent / "data"
ARCHIVE, BAD = DATA / "archive", DATA / "bad"
UPLOADED = "DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip"

# The Garmin sample's FIT members and the sha256 of the corpus file each was copied from
# (shared/data/manifest.json, "fit/<file>"): byte for byte, so the hashes must match.
GARMIN_MEMBERS = {
    "runner@example.com_900000001.fit": (  # fit/sportslib__6782987395.fit
        "43fd5bc607f16035217d6333540e5a6e7e0c9b50af924a77c82901ca51f0bbcc"
    ),
    "runner@example.com_900000002.fit": (  # fit/fitparse__activity-small-fenix2-run.fit
        "a066d77db247c152c9583bddaecd33d36327bacc0821694ab795fe25671a8327"
    ),
    "runner@example.com_900000003.fit": (  # fit/fitparse__2013-02-06-12-11-14.fit
        "e72c0dcc3b0ad535f35ddd5db16ca057b04c96d8c5987c5b1dc546cdd9802d48"
    ),
    "runner@example.com_900000004.fit": (  # fit/togeojson__run.fit
        "1a336ec7a2e53db9d0fb8dd74d9cbff79ee0658d218ab75fd2ea59c09afd872f"
    ),
    "runner@example.com_900000005.fit": (  # fit/fitparse__garmin-fenix-5-walk.fit
        "1a3e05a7379efc24c458080a3659b21c64b352ca1c5f7de13c687b3783835f38"
    ),
    "runner@example.com_900000006.fit": (  # fit/fitparse__Edge810-Vector-2013-08-16-15-35-10.fit
        "e278d20809b1fda62f4b60dfe291a4b16f00933ad37e923a99e5a59bb48f6eab"
    ),
    "runner@example.com_900000007.fit": (  # fit/fitparse__event_timestamp.fit
        "d9eb932b12fe2d28f8cb0b1e18cd9701927cde0d1eb59edf806eabe9e1b7f4e9"
    ),
    "runner@example.com_900000008.fit": (  # fit/fitparse__20170518-191602-1740899583.fit
        "947273ec1519fe7a9b80afcc2adfaec163fe7bae19a5174a81d29bcad8944833"
    ),
}

# activities.csv of the Strava sample: Filename -> (Activity ID, Activity Name, Activity Type).
# Row 9 (1000000009, a manual entry) has no Filename and must yield nothing.
STRAVA_ROWS = {
    "activities/6782987395.fit.gz": ("1000000001", "Morning Run", "Run"),
    "activities/6860622783.tcx.gz": ("1000000002", "Morning Run", "Run"),
    "activities/2067489619.gpx": ("1000000003", "Afternoon Run", "Run"),
    "activities/6916663933.fit.gz": ("1000000004", "Afternoon Run", "Run"),
    "activities/6909950168.fit.gz": ("1000000005", "Afternoon Run", "Run"),
    "activities/6860712481.fit.gz": ("1000000006", "Afternoon Swim", "Swim"),
    "activities/7445393868.fit.gz": ("1000000007", "Afternoon Ride", "Ride"),
    "activities/1681613317.gpx": ("1000000008", "Afternoon Run", "Run"),
}

# Small, valid-looking members to build archives from (the archive layer never decodes them).
FIT = b".FIT" * 64
GPX = b"<?xml version='1.0'?><gpx><trk><trkseg/></trk></gpx>\n" * 8
TCX = b"<?xml version='1.0'?><TrainingCenterDatabase/>\n" * 8


def collect(*paths: str | Path, limits: Limits = DEFAULT_LIMITS) -> list[Source | Skipped]:
    return list(iter_sources(paths, limits=limits))


def sources(items: Iterable[Source | Skipped]) -> list[Source]:
    return [item for item in items if isinstance(item, Source)]


def skips(items: Iterable[Source | Skipped]) -> dict[str, str]:
    return {item.name: item.reason for item in items if isinstance(item, Skipped)}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def zip_bytes(
    members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED, **kwargs: int
) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression, **kwargs) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


# --- the real exports ---------------------------------------------------------------------------


def test_the_garmin_export_yields_its_eight_fit_files_byte_for_byte_from_the_nested_zip() -> None:
    ignored: Counter[str] = Counter()
    items = list(iter_sources([ARCHIVE / "garmin-export-sample.zip"], ignored=ignored))

    assert skips(items) == {}
    prefix = f"{ARCHIVE / 'garmin-export-sample.zip'}!{UPLOADED}!"
    assert {s.name.removeprefix(prefix): sha256(s.data) for s in sources(items)} == GARMIN_MEMBERS
    assert {s.format for s in sources(items)} == {"fit"}
    assert ignored == Counter({".json": 1})  # the summarised activities: not an activity file


def test_the_strava_export_zip_yields_every_activity_file_with_its_title_and_type() -> None:
    ignored: Counter[str] = Counter()
    zipped = ARCHIVE / "strava-export-sample.zip"
    items = list(iter_sources([zipped], ignored=ignored))

    assert skips(items) == {}
    assert len(items) == len(STRAVA_ROWS) == 8
    for source in sources(items):
        member = source.name.removeprefix(f"{zipped}!")
        activity_id, title, kind = STRAVA_ROWS[member]
        assert source.meta == {"activity_id": activity_id, "title": title, "type": kind}
        on_disk = (ARCHIVE / "strava-export-sample" / member).read_bytes()
        assert source.data == (gzip.decompress(on_disk) if member.endswith(".gz") else on_disk)
        assert source.format == member.removesuffix(".gz").rsplit(".", 1)[1]
    assert ignored == Counter()  # activities.csv is read as the index, not ignored


def test_the_strava_export_folder_yields_what_its_zip_yields() -> None:
    folder, zipped = ARCHIVE / "strava-export-sample", ARCHIVE / "strava-export-sample.zip"

    from_folder = {
        s.name.removeprefix(f"{folder}/"): (s.data, s.meta) for s in sources(collect(folder))
    }
    from_zip = {
        s.name.removeprefix(f"{zipped}!"): (s.data, s.meta) for s in sources(collect(zipped))
    }

    assert sorted(from_folder) == sorted(STRAVA_ROWS)
    assert from_folder == from_zip


def test_the_strava_gzipped_fit_and_the_garmin_first_fit_are_the_same_bytes() -> None:
    strava = ARCHIVE / "strava-export-sample" / "activities" / "6782987395.fit.gz"

    (source,) = collect(strava)

    assert isinstance(source, Source) and source.meta == {}  # no index beside a file given alone
    assert sha256(source.data) == GARMIN_MEMBERS["runner@example.com_900000001.fit"]


@pytest.mark.parametrize(
    ("archive", "members", "ignored"),
    [
        (
            ARCHIVE / "fittrackee__gpx_test.zip",
            ["test_1.gpx", "test_2.gpx", "test_3.gpx"],
            {".doc": 1},
        ),
        (
            ARCHIVE / "fittrackee__gpx_test_folder.zip",
            ["folder/test_1.gpx", "folder/test_2.gpx", "folder/test_3.gpx"],
            {".doc": 1},
        ),
        (
            ARCHIVE / "fittrackee__gpx_multiple_extensions.zip",
            ["test_1.gpx"],
            {".kml": 1, ".kmz": 1},
        ),
        # well-formed GPX without a track: the readers refuse them, the archive hands them over
        (BAD / "fittrackee__gpx_test_all_incorrect.zip", ["test_4.gpx", "test_5.gpx"], {}),
        (BAD / "fittrackee__gpx_test_incorrect.zip", ["test_1.gpx", "test_4.gpx"], {}),
    ],
)
def test_fittrackee_zips_yield_their_gpx_files_and_count_the_others_as_ignored(
    archive: Path, members: list[str], ignored: dict[str, int]
) -> None:
    counted: Counter[str] = Counter()
    items = list(iter_sources([archive], ignored=counted))

    assert [item.name for item in items] == [f"{archive}!{member}" for member in members]
    assert all(isinstance(item, Source) and item.format == "gpx" for item in items)
    assert counted == Counter(ignored)


def test_a_zip_without_any_activity_file_is_skipped_rather_than_silently_empty() -> None:
    counted: Counter[str] = Counter()
    archive = BAD / "fittrackee__gpx_test_no_gpx.zip"

    items = list(iter_sources([archive], ignored=counted))

    assert items == [Skipped(str(archive), "no .fit, .gpx or .tcx file in it")]
    assert counted == Counter({".doc": 1})


def test_a_truncated_gzip_is_skipped_as_truncated_and_the_next_path_still_comes_through() -> None:
    truncated = BAD / "truncated-gzip-sportslib__2067489619.fit.gz"
    good = ARCHIVE / "strava-export-sample" / "activities" / "6909950168.fit.gz"

    items = collect(truncated, good)

    assert items[0] == Skipped(str(truncated), "truncated gzip")
    assert [s.name for s in sources(items)] == [str(good)]


# --- broken and hostile input, built here -------------------------------------------------------


def test_members_whose_path_escapes_the_archive_are_skipped_and_the_rest_come_through(
    tmp_path: Path,
) -> None:
    escaping = ["../evil.fit", "/etc/evil.gpx", "a/../../evil.tcx", "C:\\evil.fit", "..\\x.json"]
    archive = write(tmp_path / "x.zip", zip_bytes({**dict.fromkeys(escaping, FIT), "ok.fit": FIT}))

    items = collect(archive)

    assert skips(items) == {f"{archive}!{name}": "path escapes the archive" for name in escaping}
    assert [s.name for s in sources(items)] == [f"{archive}!ok.fit"]


def test_a_zip_bomb_member_is_skipped_by_its_compression_ratio_before_it_is_read(
    tmp_path: Path,
) -> None:
    archive = write(
        tmp_path / "bomb.zip", zip_bytes({"bomb.fit": bytes(4 * 1024 * KiB), "ok.gpx": GPX})
    )

    items = collect(archive)

    reason = skips(items)[f"{archive}!bomb.fit"]
    assert reason.startswith("compression ratio ") and reason.endswith(":1 over the 200:1 limit")
    assert int(reason.split()[2].split(":")[0]) > 1000
    assert [s.name for s in sources(items)] == [f"{archive}!ok.gpx"]


def test_a_gzip_bomb_inside_a_zip_is_stopped_while_unpacking(tmp_path: Path) -> None:
    bomb = gzip.compress(bytes(8 * 1024 * KiB))  # ~8 KiB that unpack to 8 MiB
    archive = write(tmp_path / "x.zip", zip_bytes({"bomb.fit.gz": bomb, "ok.tcx": TCX}))

    items = collect(archive)

    reason = skips(items)[f"{archive}!bomb.fit.gz"]
    assert reason.startswith("compression ratio at least ") and "over the 200:1 limit" in reason
    assert [s.name for s in sources(items)] == [f"{archive}!ok.tcx"]


@pytest.mark.parametrize(
    ("limits", "reason"),
    [
        (Limits(max_member_bytes=2 * KiB), "size 4 KiB over the 2 KiB limit for one file"),
        (Limits(max_total_bytes=10 * KiB), "unpacked size over the 10 KiB limit"),
        (Limits(max_ratio=1.5), "compression ratio 1.9:1 over the 1.5:1 limit"),
    ],
)
def test_a_member_over_a_limit_is_skipped_with_the_limit_in_its_reason(
    tmp_path: Path, limits: Limits, reason: str
) -> None:
    data = random.Random(14).randbytes(2 * KiB) * 2  # 4 KiB, deflates to 2,121 bytes
    names = ["a.fit", "b.fit", "c.fit"]
    archive = write(tmp_path / "x.zip", zip_bytes(dict.fromkeys(names, data)))

    items = collect(archive, limits=limits)

    if limits.max_total_bytes == 10 * KiB:  # two members fit in 10 KiB, the third does not
        assert skips(items) == {f"{archive}!c.fit": reason}
        assert [s.name for s in sources(items)] == [f"{archive}!a.fit", f"{archive}!b.fit"]
    else:
        assert skips(items) == {f"{archive}!{name}": reason for name in names}


def test_a_zip_with_more_members_than_the_limit_is_skipped_whole(tmp_path: Path) -> None:
    limits = Limits(max_members=10)
    at_limit = write(tmp_path / "ten.zip", zip_bytes({f"{i}.fit": FIT for i in range(10)}))
    over = write(tmp_path / "eleven.zip", zip_bytes({f"{i}.fit": FIT for i in range(11)}))

    items = collect(at_limit, over, limits=limits)

    assert len(sources(items)) == 10
    assert skips(items) == {str(over): "11 members over the 10 limit"}


def test_archives_nested_deeper_than_the_limit_are_skipped_and_shallower_ones_are_read(
    tmp_path: Path,
) -> None:
    depth4 = zip_bytes({"four.fit": FIT})
    depth3 = zip_bytes({"three.gpx": GPX, "d4.zip": depth4, "g.fit.gz": gzip.compress(FIT)})
    depth2 = zip_bytes({"d3.zip": depth3})
    archive = write(tmp_path / "d1.zip", zip_bytes({"d2.zip": depth2}))

    items = collect(archive, limits=Limits(max_depth=3))

    inner = f"{archive}!d2.zip!d3.zip"
    assert [s.name for s in sources(items)] == [f"{inner}!three.gpx"]
    assert skips(items) == {
        f"{inner}!d4.zip": "archive nested 4 deep, over the limit of 3",
        f"{inner}!g.fit.gz": "archive nested 4 deep, over the limit of 3",
    }


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("notgz.fit.gz", b"this is not gzip at all", "not a gzip file"),
        ("cut.gpx.gz", gzip.compress(GPX)[:-12], "truncated gzip"),
        ("nothing.tcx.gz", gzip.compress(b""), "empty gzip"),
        ("empty.fit", b"", "empty file"),
        ("notzip.zip", b"PK but not a zip", "not a zip file"),
        ("empty.zip", zip_bytes({}), "empty zip"),
        ("cut.zip", zip_bytes({"a.fit": FIT})[:40], "not a zip file"),
        ("nothing.zip", zip_bytes({"readme.txt": b"hello"}), "no .fit, .gpx or .tcx file in it"),
    ],
)
def test_a_broken_file_is_skipped_with_its_reason_on_disk_and_inside_a_zip(
    tmp_path: Path, name: str, data: bytes, reason: str
) -> None:
    on_disk = write(tmp_path / name, data)
    archive = write(tmp_path / "x.zip", zip_bytes({name: data, "ok.fit": FIT}))

    items = collect(on_disk, archive)

    assert skips(items) == {str(on_disk): reason, f"{archive}!{name}": reason}
    assert [s.name for s in sources(items)] == [f"{archive}!ok.fit"]


def test_a_member_with_a_bad_checksum_is_skipped_as_corrupt_and_the_next_one_read(
    tmp_path: Path,
) -> None:
    data = bytearray(zip_bytes({"a.fit": FIT, "b.fit": FIT}, compression=zipfile.ZIP_STORED))
    data[data.index(FIT) + 10] ^= 0xFF  # one byte of a.fit's stored data
    archive = write(tmp_path / "x.zip", bytes(data))

    items = collect(archive)

    assert skips(items) == {f"{archive}!a.fit": "corrupt zip: Bad CRC-32 for file 'a.fit'"}
    assert [s.name for s in sources(items)] == [f"{archive}!b.fit"]


def with_encrypted_flag(data: bytes, name: bytes) -> bytes:
    """Mark a member as encrypted in its local and central headers (bit 0 of the flags)."""
    out = bytearray(data)
    for signature, flags_at, name_at in ((b"PK\x03\x04", 6, 30), (b"PK\x01\x02", 8, 46)):
        at = out.index(signature + b"", 0)
        while out[at + name_at : at + name_at + len(name)] != name:
            at = out.index(signature, at + 1)
        (flags,) = struct.unpack_from("<H", out, at + flags_at)
        struct.pack_into("<H", out, at + flags_at, flags | 0x1)
    return bytes(out)


def test_an_encrypted_member_is_skipped_and_the_others_are_read(tmp_path: Path) -> None:
    plain = zip_bytes({"secret.fit": FIT, "open.fit": FIT})
    archive = write(tmp_path / "x.zip", with_encrypted_flag(plain, b"secret.fit"))

    items = collect(archive)

    assert skips(items) == {f"{archive}!secret.fit": "encrypted (password-protected)"}
    assert [s.name for s in sources(items)] == [f"{archive}!open.fit"]


def test_a_stored_nested_zip_is_read_in_place_whatever_its_size(tmp_path: Path) -> None:
    """The Garmin export stores its parts uncompressed: read through a window, never copied."""
    part = zip_bytes({f"{i}.fit": os.urandom(KiB) for i in range(8)})  # ~8 KiB
    limits = Limits(max_member_bytes=2 * KiB)  # smaller than the part, not than its members
    stored = write(tmp_path / "stored.zip", zip_bytes({"part.zip": part}, zipfile.ZIP_STORED))
    deflated = write(tmp_path / "deflated.zip", zip_bytes({"part.zip": part}))

    items = collect(stored, deflated, limits=limits)

    assert [s.name for s in sources(items)] == [f"{stored}!part.zip!{i}.fit" for i in range(8)]
    assert list(skips(items)) == [f"{deflated}!part.zip"]
    assert skips(items)[f"{deflated}!part.zip"].startswith("size ")


def test_memory_stays_flat_however_many_members_the_nested_zip_holds(tmp_path: Path) -> None:
    """PERFORMANCE.md §1: one member in memory at a time, the stored part read in place."""
    member = 100 * KiB
    part = zip_bytes({f"{i}.fit": os.urandom(member) for i in range(100)})  # 10 MiB
    archive = write(tmp_path / "export.zip", zip_bytes({"part.zip": part}, zipfile.ZIP_STORED))
    del part

    tracemalloc.start()
    try:
        count = sum(1 for item in iter_sources([archive]) if isinstance(item, Source))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert count == 100
    assert peak < 20 * member  # the archive is 100 members; a few copies of one are in flight


def raw_zip(name: bytes, data: bytes) -> bytes:
    """A one-member stored zip written by hand, for names zipfile itself refuses to write."""
    crc = zlib.crc32(data)
    local = struct.pack(
        "<4s5H3L2H", b"PK\x03\x04", 20, 0, 0, 0, 0, crc, len(data), len(data), len(name), 0
    )
    central = struct.pack(
        "<4s6H3L5H2L",
        b"PK\x01\x02",
        20,
        20,
        0,
        0,
        0,
        0,
        crc,
        len(data),
        len(data),
        len(name),
        0,
        0,
        0,
        0,
        0,
        0,
    )
    body = local + name + data
    directory = central + name
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 1, 1, len(directory), len(body), 0)
    return body + directory + end


def test_a_member_without_a_name_is_passed_over_without_raising(tmp_path: Path) -> None:
    """zipfile's own ``is_dir()`` raises IndexError on an empty name (found by fuzzing)."""
    nameless = write(tmp_path / "nameless.zip", raw_zip(b"", FIT))
    named = write(tmp_path / "named.zip", raw_zip(b"a.fit", FIT))

    items = collect(nameless, named)

    assert items == [
        Skipped(str(nameless), "no .fit, .gpx or .tcx file in it"),
        Source(f"{named}!a.fit", FIT),
    ]


def test_a_strava_index_in_a_subfolder_of_a_zip_names_the_files_beside_it(tmp_path: Path) -> None:
    index = b"Activity ID,Activity Name,Activity Type,Filename\n7,Hill reps,Run,activities/7.fit\n"
    members = {"export_1/activities.csv": index, "export_1/activities/7.fit": FIT, "x/7.fit": FIT}
    archive = write(tmp_path / "x.zip", zip_bytes(members))

    items = collect(archive)

    assert [(s.name, s.meta) for s in sources(items)] == [
        (
            f"{archive}!export_1/activities/7.fit",
            {"activity_id": "7", "title": "Hill reps", "type": "Run"},
        ),
        (f"{archive}!x/7.fit", {}),
    ]


def test_a_folder_is_walked_sorted_and_recursively_and_links_out_of_it_are_skipped(
    tmp_path: Path,
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    write(outside / "secret.fit", FIT)
    folder = tmp_path / "watch"
    (folder / "b").mkdir(parents=True)
    write(folder / "b" / "2.gpx", GPX)
    write(folder / "a.fit", FIT)
    write(folder / "notes.txt", b"x")
    write(folder / "c.tcx.gz", gzip.compress(TCX))
    (folder / "leak.fit").symlink_to(outside / "secret.fit")
    (folder / "same.fit").symlink_to(folder / "a.fit")
    (folder / "loop").symlink_to(folder)  # a link to a folder is never followed
    (folder / "dangling.fit").symlink_to(folder / "gone.fit")
    counted: Counter[str] = Counter()

    items = list(iter_sources([folder], ignored=counted))

    assert [s.name for s in sources(items)] == [
        f"{folder}/a.fit",
        f"{folder}/b/2.gpx",
        f"{folder}/c.tcx.gz",
        f"{folder}/same.fit",
    ]
    assert sources(items)[2].data == TCX
    assert skips(items) == {
        f"{folder}/dangling.fit": "a broken link",
        f"{folder}/leak.fit": "a link leading out of the folder",
    }
    assert counted == Counter({".txt": 1, "(no suffix)": 1})


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda tmp: tmp / "missing.fit", "no such file or folder"),
        (
            lambda tmp: write(tmp / "notes.txt", b"x"),
            "not a .fit, .gpx or .tcx file, a .gz of one, or a .zip",
        ),
        (lambda tmp: tmp, "no .fit, .gpx or .tcx file in it"),
    ],
)
def test_a_path_given_always_yields_something_even_when_nothing_is_usable(
    tmp_path: Path, make: Callable[[Path], Path], reason: str
) -> None:
    path = make(tmp_path)

    assert collect(path) == [Skipped(str(path), reason)]


def test_one_path_given_instead_of_a_list_is_refused_rather_than_walked_letter_by_letter() -> None:
    with pytest.raises(TypeError, match="expected paths .* got one: 'export.zip'"):
        next(iter_sources("export.zip"))  # a str is an Iterable[str] to the type checker


@pytest.mark.parametrize(
    ("field", "value"),
    [("max_depth", 0), ("max_members", -1), ("max_member_bytes", 1.5), ("max_ratio", 0.5)],
)
def test_limits_refuse_a_value_below_one_naming_the_field_and_the_value(
    field: str, value: float
) -> None:
    with pytest.raises(ValueError, match=rf"Limits\.{field}: expected .*got {value}"):
        Limits(**{field: value})


# --- a property: whatever the bytes, only Source or Skipped ---------------------------------------

SAMPLE_ZIP = zip_bytes(
    {
        "activities.csv": b"Activity Name,Activity Type,Filename\nRun,Run,a.fit\n",
        "a.fit": FIT,
        "b.gpx.gz": gzip.compress(GPX),
        "part.zip": zip_bytes({"c.tcx": TCX}),
        "notes.json": b"{}",
    },
    compression=zipfile.ZIP_STORED,  # the nested part is read in place, as in the Garmin export
)
SAMPLE_GZIP = gzip.compress(FIT * 4)


@st.composite
def mutated(draw: st.DrawFn, original: bytes) -> bytes:
    """The bytes with a few bytes replaced, and sometimes cut short or lengthened."""
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 8))):
        data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
    cut = draw(st.sampled_from([None, None, None, draw(st.integers(0, len(data)))]))
    return bytes(data[:cut]) + draw(st.binary(max_size=draw(st.sampled_from([0, 0, 30]))))


@settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(zip_data=mutated(SAMPLE_ZIP), gz_data=mutated(SAMPLE_GZIP))
def test_mutated_archives_only_ever_yield_sources_or_skips(
    tmp_path: Path, zip_data: bytes, gz_data: bytes
) -> None:
    """400 examples (each a mutated zip and a mutated gzip): nothing raises, each path says something."""
    archive, gz = write(tmp_path / "x.zip", zip_data), write(tmp_path / "x.fit.gz", gz_data)

    for path in (archive, gz):
        items = collect(path, limits=Limits(max_member_bytes=64 * KiB))
        assert items, path
        assert all(isinstance(item, Source | Skipped) for item in items)
        assert all(item.name.startswith(str(path)) for item in items)
