"""An activity's per-record streams survive storage as one blob: every value, None where nothing
was recorded, an empty stream empty, and far smaller than a row per record."""

from __future__ import annotations

import json
import math
import zlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from insideout.core.activity import Samples
from insideout.training.streams import COLUMNS, pack, unpack

values = st.one_of(st.none(), st.floats(allow_nan=False, allow_infinity=True, width=64))


@st.composite
def streams(draw: st.DrawFn) -> Samples:
    n = draw(st.integers(0, 40))
    t_s = tuple(float(i) for i in range(n))
    kept = draw(st.sets(st.sampled_from([c for c in COLUMNS if c != "t_s"])))
    return Samples(
        t_s=t_s,
        **{name: tuple(draw(st.lists(values, min_size=n, max_size=n))) for name in sorted(kept)},
    )


@given(streams())
def test_every_stream_comes_back_as_it_was_stored(samples: Samples) -> None:
    assert unpack(pack(samples)) == samples


def test_an_empty_activity_packs_to_empty_streams() -> None:
    assert unpack(pack(Samples())) == Samples()


def test_an_hour_of_one_second_records_is_one_small_blob() -> None:
    n = 3600
    samples = Samples(
        t_s=tuple(float(i) for i in range(n)),
        distance_m=tuple(2.9 * i for i in range(n)),
        hr=tuple(140.0 + (i % 20) for i in range(n)),
        cadence_spm=tuple(170.0 + (i % 3) for i in range(n)),
        speed_mps=tuple(2.9 for _ in range(n)),
        altitude_m=tuple(30.0 + math.sin(i / 100) for i in range(n)),
        lat=tuple(-33.86 - i * 1e-5 for i in range(n)),
        lon=tuple(151.2 + i * 1e-5 for i in range(n)),
    )
    blob = pack(samples)
    as_json = len(json.dumps([list(getattr(samples, c)) for c in COLUMNS]).encode())
    assert len(blob) < 8 * 8 * n  # under the raw float64 columns
    assert len(blob) < as_json / 2
    assert unpack(blob) == samples


def test_a_blob_it_did_not_write_is_refused() -> None:
    with pytest.raises(ValueError, match="not an insideout streams blob"):
        unpack(zlib.compress(b"something else"))
