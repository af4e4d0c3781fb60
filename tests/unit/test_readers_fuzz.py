"""Damaged files never crash the readers: whatever the bytes, an Activity or an ActivityError.

Real files from tests/data are damaged by Hypothesis (bits flipped, bytes overwritten, inserted
or cut out, the end truncated; one to four of those at once) and read through ``read_activity``.
A FIT file whose bytes change no longer matches its CRC and is refused at once, so FIT is also
fuzzed *re-signed*: the data part is damaged and the header and file CRC are recomputed, which
sends the damage through both decoders' message parsing.

Inputs tried per run: 300 FIT, 300 re-signed FIT, 300 GPX, 300 TCX and 150 gzipped (1,350 in all;
``max_examples`` below), each drawn anew by Hypothesis on every run.
"""

from __future__ import annotations

import gzip
import struct

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from insideout.core.activity import Activity, ActivityError
from insideout.importers.readers import read_activity
from tests.readers_data import data

FIT = data("fit/fitparse__garmin-fenix-5-run.fit")
GPX = data("gpx/togeojson__Friday-Evening-Run.gpx")
TCX = data("tcx/togeojson__sample.tcx")
RUNS = 300
FUZZ = settings(
    max_examples=RUNS, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)


@st.composite
def damaged(draw: st.DrawFn, original: bytes) -> bytes:
    """``original`` with one to four flips, overwrites, insertions, cuts or a truncation."""
    out = bytearray(original)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, max(len(out) - 1, 0)))
        how = draw(st.sampled_from(["flip", "overwrite", "insert", "cut", "truncate"]))
        if how == "flip" and out:
            out[at] ^= 1 << draw(st.integers(0, 7))
        elif how == "overwrite":
            chunk = draw(st.binary(min_size=1, max_size=16))
            out[at : at + len(chunk)] = chunk
        elif how == "insert":
            out[at:at] = draw(st.binary(min_size=1, max_size=64))
        elif how == "cut":
            del out[at : at + draw(st.integers(1, 256))]
        else:
            del out[at:]
    return bytes(out)


def fit_crc(data: bytes, crc: int = 0) -> int:
    """The FIT CRC-16 (FIT protocol, "File CRC"), nibble by nibble."""
    table = [0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401]
    table += [0xA001, 0x6C00, 0x7800, 0xB401, 0x5000, 0x9C01, 0x8801, 0x4400]
    for byte in data:
        for nibble in (byte & 0xF, byte >> 4):
            crc = ((crc >> 4) & 0x0FFF) ^ table[crc & 0xF] ^ table[nibble]
    return crc


def resigned(body: bytes) -> bytes:
    """A FIT file around ``body`` (its data records) with a correct header, size and both CRCs."""
    header = bytearray(FIT[:14])
    header[4:8] = struct.pack("<I", len(body))
    header[12:14] = struct.pack("<H", fit_crc(bytes(header[:12])))
    return bytes(header) + body + struct.pack("<H", fit_crc(bytes(header) + body))


def only_activity_or_activity_error(name: str, content: bytes) -> None:
    try:
        got = read_activity(name, content)
    except ActivityError as e:
        assert e.source and e.reason
    else:
        assert isinstance(got, Activity)


def test_the_re_signing_helper_rebuilds_the_original_file() -> None:
    assert resigned(FIT[14:-2]) == FIT  # so a damaged body is only damaged where Hypothesis says


@FUZZ
@given(damaged(FIT))
def test_a_damaged_fit_file_gives_an_activity_or_an_activity_error(content: bytes) -> None:
    only_activity_or_activity_error("run.fit", content)


@FUZZ
@given(damaged(FIT[14:-2]))
def test_a_damaged_fit_file_with_valid_crcs_gives_an_activity_or_an_activity_error(
    body: bytes,
) -> None:
    only_activity_or_activity_error("run.fit", resigned(body))


@FUZZ
@given(damaged(GPX))
def test_a_damaged_gpx_file_gives_an_activity_or_an_activity_error(content: bytes) -> None:
    only_activity_or_activity_error("run.gpx", content)


@FUZZ
@given(damaged(TCX))
def test_a_damaged_tcx_file_gives_an_activity_or_an_activity_error(content: bytes) -> None:
    only_activity_or_activity_error("run.tcx", content)


@settings(FUZZ, max_examples=RUNS // 2)
@given(damaged(gzip.compress(GPX, mtime=0)))
def test_a_damaged_gzip_file_gives_an_activity_or_an_activity_error(content: bytes) -> None:
    only_activity_or_activity_error("run.gpx.gz", content)
