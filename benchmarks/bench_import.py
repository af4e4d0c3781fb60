"""Benchmark: ``insideout import`` end to end against the bare FIT decoder, in records per second.

    .venv/bin/python benchmarks/bench_import.py                  # 200 files, all the cores
    .venv/bin/python benchmarks/bench_import.py --files 800 --workers 1

The files are the FIT activities of tests/data/fit, repeated until there are ``--files`` of them.
Each copy is a distinct activity, as a runner's export holds them: copy k has every absolute time
in it (every message's ``timestamp``, ``file_id.time_created``, the session's and laps'
``start_time``, ``activity.local_timestamp``) moved k days back, and its file CRC made again, so
its bytes (the sha256 dedupe) and its start (the start-and-device dedupe) are new and both
decoders still read it (k days are a multiple of 32 s, so compressed timestamps stay right). The
copies are written to a temporary folder before timing starts. Only the files that import on
their own are used (the non-activity files, the runs the core refuses and two files that are one
activity are left out in a first, untimed import into another runner).

Timed, in one process on the same files:

1. the importer: ``import_sources(iter_sources([folder]), read=read_activity, workers=N)`` into a
   fresh, migrated SQLite database in a temporary file (folder walk, sha256, decode, normalise,
   pack, compress, store, one transaction per batch): the work ``insideout import`` does, starting
   its decoding processes (and the fork server, ~0.3 s once per process) inside the timing;
2. the baseline (PERFORMANCE.md §1): pyfitparsernative decoding the same bytes, already in
   memory, on one core, doing nothing with the messages. It runs before and after the importer
   and the faster of the two is kept (machines here are shared and noisy: the ratio is the figure
   to keep, and the faster baseline makes it the harder one).

Goal (PERFORMANCE.md §1): the importer at >= 1.0x the baseline, with memory flat as the archive
grows (compare the peak RSS of ``--files 200`` and ``--files 800``).
"""

from __future__ import annotations

import argparse
import os
import resource
import struct
import sys
import tempfile
import threading
import time
from array import array
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIT_DIR = ROOT / "tests" / "data" / "fit"
DAY_S = 86_400

# --- distinct copies of a FIT file ---------------------------------------------------------------

#: Absolute times besides every message's ``timestamp`` (field 253), by global message number.
TIME_FIELDS = {0: {4}, 18: {2}, 19: {2}, 34: {5}}  # file_id, session, lap, activity
ABSOLUTE_FROM = 0x10000000  # below: seconds since the device powered on (FIT profile)
INVALID_U32 = 0xFFFFFFFF


def _crc_tables() -> tuple[list[int], list[int]]:
    """CRC-16/ARC (FIT's) tables: one byte at a time, and two (the state is 16 bits wide)."""
    bytewise = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
        bytewise.append(crc)
    wordwise = [
        (bytewise[w & 0xFF] >> 8) ^ bytewise[(bytewise[w & 0xFF] ^ (w >> 8)) & 0xFF]
        for w in range(65536)
    ]
    return bytewise, wordwise


_BYTES, _WORDS = _crc_tables()


def fit_crc(data: bytes | bytearray | memoryview) -> int:
    """The FIT CRC-16 (CRC-16/ARC) of ``data``, two bytes at a time."""
    crc = 0
    even = len(data) - len(data) % 2
    words = array("H", bytes(data[:even]))
    if sys.byteorder == "big":
        words.byteswap()
    table = _WORDS
    for word in words:
        crc = table[crc ^ word]
    if even < len(data):
        crc = (crc >> 8) ^ _BYTES[(crc ^ data[-1]) & 0xFF]
    return crc


def shifted(data: bytes, seconds: int) -> bytes:
    """The FIT file with every absolute time moved by ``seconds`` (a multiple of 32), CRCs made
    again; every part of a chained file too."""
    out = bytearray(data)
    pos = 0
    while pos + 12 <= len(out) and out[pos + 8 : pos + 12] == b".FIT":
        header = out[pos]
        (size,) = struct.unpack_from("<I", out, pos + 4)
        end = pos + header + size
        _shift_records(out, pos + header, end, seconds)
        struct.pack_into("<H", out, end, fit_crc(memoryview(out)[pos:end]))
        pos = end + 2
    return bytes(out)


def _shift_records(out: bytearray, p: int, end: int, seconds: int) -> None:
    layouts: dict[int, tuple[int, list[int], str]] = {}  # local type: size, time offsets, order
    while p < end:
        head = out[p]
        p += 1
        if head & 0x80:  # a data message with a compressed timestamp header
            p += layouts[(head >> 5) & 0x3][0]
            continue
        local = head & 0x0F
        if head & 0x40:  # a definition
            order = ">" if out[p + 1] else "<"
            (number,) = struct.unpack_from(order + "H", out, p + 2)
            count = out[p + 4]
            p += 5
            times, size = [], 0
            for _ in range(count):
                field, width = out[p], out[p + 1]
                if width == 4 and (field == 253 or field in TIME_FIELDS.get(number, ())):
                    times.append(size)
                size += width
                p += 3
            if head & 0x20:  # developer fields
                for _ in range(out[p]):
                    size += out[p + 2]
                    p += 3
                p += 1
            layouts[local] = (size, times, order)
        else:
            size, times, order = layouts[local]
            for offset in times:
                (value,) = struct.unpack_from(order + "I", out, p + offset)
                if ABSOLUTE_FROM <= value < INVALID_U32:
                    struct.pack_into(order + "I", out, p + offset, value + seconds)
            p += size


# --- the run --------------------------------------------------------------------------------------


def rss_mb() -> float:
    """This process's peak resident memory so far."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def current_rss_mb() -> float:
    return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


class Descendants(threading.Thread):
    """Samples the processes this one started (the fork server's workers are its grandchildren,
    which getrusage does not count): the largest resident size seen, and each one's CPU time."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak_mb = 0.0
        self.own_peak_mb = 0.0
        self.cpu_s: dict[int, float] = {}
        self.running = True
        self.tick = os.sysconf("SC_CLK_TCK")

    def run(self) -> None:
        while self.running:
            self.sample()
            time.sleep(0.05)

    def stop(self) -> None:
        self.running = False
        self.join()

    def sample(self) -> None:
        parents: dict[int, int] = {}
        stats: dict[int, list[str]] = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                parents[int(entry.name)], stats[int(entry.name)] = int(fields[1]), fields
        mine, todo = set(), [os.getpid()]
        while todo:
            pid = todo.pop()
            children = [child for child, parent in parents.items() if parent == pid]
            mine.update(children)
            todo += children
        page_mb = os.sysconf("SC_PAGE_SIZE") / 2**20
        for pid in mine:
            fields = stats[pid]
            self.cpu_s[pid] = (int(fields[11]) + int(fields[12])) / self.tick
            self.peak_mb = max(self.peak_mb, int(fields[21]) * page_mb)
        own = stats.get(os.getpid())
        if own is not None:
            self.own_peak_mb = max(self.own_peak_mb, int(own[21]) * page_mb)


def django_on(database: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "insideout.web.settings")
    os.environ.setdefault("INSIDEOUT_SECRET_KEY", "insideout-bench-only-not-secret")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def make_runner(handle: str) -> object:
    from django.contrib.auth import get_user_model

    from insideout.people.models import Coach, Runner

    user, _ = get_user_model().objects.get_or_create(username="bench-coach")
    coach, _ = Coach.objects.get_or_create(user=user, defaults={"name": "Bench"})
    return Runner.objects.create(coach=coach, handle=handle, name=handle, birth_year=1990)


def importable() -> dict[Path, int]:
    """The FIT files of tests/data/fit that import on their own (an untimed import, decoded in
    this process so the timed import starts its processes from nothing), and their records."""
    from insideout.importers.archives import iter_sources
    from insideout.importers.readers import read_activity
    from insideout.training.importing import import_sources

    paths = sorted(FIT_DIR.glob("*.fit"))
    runner = make_runner("probe")
    report = import_sources(runner, iter_sources(paths), read=read_activity)
    kept = {Path(i.name).name: i.records for i in report.imported}
    left = [f"{Path(n).name}: {why}" for n, why in report.skipped]
    left += [f"{Path(d.name).name}: {d.reason}" for d in report.duplicates]
    print(f"{len(kept)} of {len(paths)} files of tests/data/fit import; left out:")
    for line in left:
        print(f"  {line}")
    return {p: kept[p.name] for p in paths if p.name in kept}


def write_copies(files: list[Path], count: int, folder: Path) -> list[Path]:
    made = []
    for i in range(count):
        k, path = divmod(i, len(files))
        source = files[path]
        data = source.read_bytes()
        target = folder / f"{k:03d}-{source.name}"
        target.write_bytes(shifted(data, -k * DAY_S) if k else data)
        made.append(target)
    return made


def bare(paths: list[Path]) -> float:
    """Seconds pyfitparsernative takes to decode the files' bytes (read before the clock)."""
    import pyfitparsernative

    took = 0.0
    for path in paths:
        data = path.read_bytes()
        start = time.perf_counter()
        pyfitparsernative.parse_fit_bytes(data)
        took += time.perf_counter() - start
    return took


def timed_import(folder: Path, workers: int) -> tuple[float, object]:
    from insideout.importers.archives import iter_sources
    from insideout.importers.readers import read_activity
    from insideout.training.importing import import_sources

    runner = make_runner("bench")
    start = time.perf_counter()
    report = import_sources(runner, iter_sources([folder]), read=read_activity, workers=workers)
    return time.perf_counter() - start, report


def _each(label: str, items: Iterator[str]) -> None:
    for item in items:
        print(f"  {label}{item}")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--files", type=int, default=200, help="files to import (default 200)")
    parser.add_argument(
        "--workers", type=int, default=os.cpu_count() or 1, help="decoding processes (cores)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        django_on(Path(tmp) / "bench.sqlite3")
        folder = Path(tmp) / "export"
        folder.mkdir()
        base = importable()
        t0 = time.perf_counter()
        paths = write_copies(list(base), args.files, folder)
        size = sum(p.stat().st_size for p in paths)
        records = sum(base[list(base)[i % len(base)]] for i in range(len(paths)))
        print(
            f"{len(paths)} files ({len(base)} activities x {-(-len(paths) // len(base))} shifted "
            f"copies), {size / 1e6:.0f} MB, {records:,} records, made in "
            f"{time.perf_counter() - t0:.0f} s; {os.cpu_count()} cores, --workers {args.workers}"
        )
        before = bare(paths)
        rss_start = current_rss_mb()
        watch = Descendants()
        watch.start()
        cpu = time.process_time()
        took, report = timed_import(folder, args.workers)
        cpu = time.process_time() - cpu
        watch.stop()
        after = bare(paths)
        baseline = min(before, after)
        counts = report.as_dict()  # type: ignore[attr-defined]
        print(
            f"imported {counts['imported']}, duplicates {counts['duplicates']}, "
            f"skipped {len(counts['skipped'])}, records {counts['records']:,}"
        )
        _each("skipped ", (f"{s['file']}: {s['reason']}" for s in counts["skipped"]))
        print()
        rate, base_rate = records / took, records / baseline
        print(f"{'':38s}{'records/s':>12s}{'files/s':>10s}{'x baseline':>12s}")
        print(
            f"{'importer (--workers ' + str(args.workers) + ')':38s}{rate:12,.0f}"
            f"{len(paths) / took:10.1f}{rate / base_rate:12.2f}"
        )
        print(
            f"{'pyfitparsernative bare, 1 core':38s}{base_rate:12,.0f}"
            f"{len(paths) / baseline:10.1f}{1:12.2f}"
            f"   (runs: {records / before:,.0f} before, {records / after:,.0f} after)"
        )
        print(
            f"CPU: this process {cpu:.1f} s, the decoding processes "
            f"{sum(watch.cpu_s.values()):.1f} s, in {took:.1f} s of wall time"
        )
        print(
            f"RSS during the import (sampled every 50 ms): this process at most "
            f"{watch.own_peak_mb:.0f} MB (at its start {rss_start:.0f} MB), the largest decoding "
            f"process {watch.peak_mb:.0f} MB; this process's peak over the whole run "
            f"(getrusage, the probe and baseline included) {rss_mb():.0f} MB"
        )
        print(f"goal >= 1.0x the baseline: {'met' if rate >= base_rate else 'NOT met'}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
