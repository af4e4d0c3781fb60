"""Benchmark: the FIT reader against its two decoders, in record messages per second.

    .venv/bin/python benchmarks/bench_fit_reader.py            # the FIT files of tests/data/fit
    .venv/bin/python benchmarks/bench_fit_reader.py DIR --passes 3

Machines here are shared and noisy, so besides records/s the script prints ratios against a
baseline run in the same process: pyfitparsernative decoding the same bytes from memory and doing
nothing with the messages (PERFORMANCE.md §1). Per decoder it also prints the files it refused
and the files on which the two decoders give different activities (``fit.activity_of`` on each
one's messages), which is what the choice of decoder rests on.
Goal (PERFORMANCE.md §1): the whole importer at >= 1.0x the fastest decoder that reads every
good file correctly; this measures the reading part of it on one core.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

import pyfitparsernative

from insideout.core.activity import ActivityError
from insideout.importers.fit import activity_of, read_fit
from insideout.importers.fit_decoders import FitMessages, decode_careful, decode_fast

ROOT = Path(__file__).resolve().parent.parent


def bare(data: bytes) -> object:
    return pyfitparsernative.parse_fit_bytes(data)


def timed(step: Callable[[bytes], object], blobs: list[bytes], passes: int) -> tuple[float, int]:
    failed = 0
    start = time.perf_counter()
    for _ in range(passes):
        for data in blobs:
            try:
                step(data)
            except Exception:
                failed += 1
    return time.perf_counter() - start, failed


def count_records(blobs: list[bytes]) -> int:
    return sum(len(decode_careful(data).records) for data in blobs)


def disagreements(names: list[str], blobs: list[bytes]) -> list[str]:
    found = []
    for name, data in zip(names, blobs, strict=True):
        try:
            fast, careful = decode_fast(data), decode_careful(data)
        except Exception as e:
            found.append(f"{name}: one decoder refused it ({type(e).__name__})")
            continue
        if _activity(name, fast) != _activity(name, careful):
            found.append(f"{name}: the activities differ")
    return found


def _activity(name: str, messages: FitMessages) -> object:
    try:
        return activity_of(name, messages)
    except ActivityError as e:
        return e.reason


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("fit_dir", nargs="?", default=str(ROOT / "tests" / "data" / "fit"))
    ap.add_argument("--passes", type=int, default=1)
    args = ap.parse_args()
    paths = sorted(Path(args.fit_dir).glob("*.fit"))
    names, blobs = [p.name for p in paths], [p.read_bytes() for p in paths]
    records = count_records(blobs) * args.passes
    print(f"{len(blobs)} files, {sum(map(len, blobs)) / 1e6:.1f} MB, {records} records/pass(es)")
    steps: dict[str, Callable[[bytes], object]] = {
        "pyfitparsernative, bare (baseline)": bare,
        "decode_fast (dicts kept)": decode_fast,
        "decode_careful (fitdecode)": decode_careful,
        "read_fit (fast, else careful; normalised)": lambda d: read_fit("f.fit", d),
    }
    baseline = None
    for label, step in steps.items():
        took, failed = timed(step, blobs, args.passes)
        baseline = baseline or took
        rate = records / took
        ratio = baseline / took
        print(f"{label:42s} {rate:10.0f} rec/s  x{ratio:5.2f} of baseline  failed {failed}")
    print("disagreements:", disagreements(names, blobs) or "none")


if __name__ == "__main__":
    main()
