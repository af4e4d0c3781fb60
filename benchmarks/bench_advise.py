"""Benchmark: ``advise`` over generated runner histories (a year each), in runners per second.

    .venv/bin/python benchmarks/bench_advise.py            # 10,000 runners
    .venv/bin/python benchmarks/bench_advise.py --runners 500

Machines here are shared and noisy, so besides runners/s the script prints a ratio against a
baseline run in the same process: a bare loop that only sums the run distances of each history
(the least any advice must do). Histories are seeded, built and garbage-collected before timing
starts.
Goal (PERFORMANCE.md §2): at least 1,000 runners/s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import random
import time

from insideout.catalogue import load_catalogue
from insideout.catalogue.method import load_method
from insideout.core.advise import advise
from insideout.core.history import History, PainReport, RunLog, StrengthLog
from insideout.core.screen import Measure, Runner, Screen, Side

ON = dt.date(2026, 11, 30)
DAYS = 365
NORMAL = {
    "knee_to_wall": (11.5, 2.5),
    "calf_raise": (24, 6),
    "single_leg_balance_eyes_closed": (12, 5),
    "hip_internal_rotation": (34, 6),
    "hip_external_rotation": (40, 6),
    "thomas_test": (-10, 6),
    "active_straight_leg_raise": (2.6, 0.5),
    "single_leg_bridge": (26, 7),
    "limb_length": (90, 4),
    "y_balance_anterior": (62, 6),
    "y_balance_posteromedial": (100, 8),
    "y_balance_posterolateral": (96, 8),
    "single_leg_squat": (1.5, 1),
    "single_leg_hop": (150, 20),
    "side_plank": (70, 20),
}
INTEGER = {"active_straight_leg_raise", "single_leg_squat", "calf_raise", "single_leg_bridge"}
LIMITS = {"active_straight_leg_raise": (0, 3), "single_leg_squat": (0, 6)}
SITES = ("knee", "shin", "achilles", "hip", "calf", "foot")
FLAGS = ("night_pain", "focal_bone_tenderness", "limping", "swelling", "chest_pain")


def _measures(rng: random.Random, spread: float) -> tuple[Measure, ...]:
    out = []
    for test, (mu, sd) in NORMAL.items():
        for side in Side:
            v = rng.gauss(mu, sd * spread)
            lo, hi = LIMITS.get(test, (0 if test != "thomas_test" else -60, 400))
            v = min(max(v, lo), hi)
            out.append(Measure(test, side, float(round(v)) if test in INTEGER else round(v, 1)))
    out.append(Measure("beighton", None, float(rng.randint(0, 6))))
    return tuple(out)


def make_history(seed: int) -> History:
    """One runner's year: 2-6 runs a week with slow growth, pain now and then, a few screens."""
    rng = random.Random(seed)
    runner = Runner(f"r{seed}", birth_year=rng.randint(1960, 2005))
    start = ON - dt.timedelta(days=DAYS)
    runs: list[RunLog] = []
    strength: list[StrengthLog] = []
    reports: list[PainReport] = []
    weekly = rng.uniform(10, 50)
    per_week = rng.randint(2, 6)
    adherence = rng.choice((0.5, 0.9, 1.0))  # share of weeks with 2-3 strength sessions
    for week in range(DAYS // 7):
        weekly *= rng.uniform(0.85, 1.12)
        days = sorted(rng.sample(range(7), per_week))
        for i, d in enumerate(days):
            day = start + dt.timedelta(days=7 * week + d)
            dist = round(weekly / per_week * (1.5 if i == len(days) - 1 else 0.85), 1)
            pain = 0.0
            site = None
            if rng.random() < 0.04:
                pain, site = float(rng.randint(1, 7)), rng.choice(SITES)
            flags = (rng.choice(FLAGS),) if rng.random() < 0.0015 else ()
            runs.append(
                RunLog(
                    day,
                    dist,
                    dist * rng.uniform(5, 7),
                    float(rng.randint(2, 8)),
                    pain,
                    pain,
                    max(0.0, pain - 2),
                    site,
                    None,
                    flags,
                    rng.gauss(168, 8),
                )
            )
        done = rng.choice((2, 3)) if rng.random() < adherence else rng.randint(0, 1)
        for d in rng.sample(range(7), done):
            strength.append(StrengthLog(start + dt.timedelta(days=7 * week + d)))
        if rng.random() < 0.01:
            reports.append(PainReport(start + dt.timedelta(days=7 * week + 3), 3.0, "knee"))
    strength.sort(key=lambda s: s.date)
    screens = []
    spread = 0.15 if rng.random() < 0.35 else 1.0  # about a third screen balanced
    if rng.random() < 0.85:
        day = start + dt.timedelta(days=rng.randint(0, 120))
        while day < ON:
            screens.append(Screen(runner, day, _measures(rng, spread)))
            day += dt.timedelta(days=rng.randint(35, 70))
    return History(runner, tuple(screens), tuple(runs), tuple(strength), tuple(reports))


def baseline(histories: list[History]) -> float:
    start = time.perf_counter()
    total = 0.0
    for h in histories:
        total += sum(r.distance_km for r in h.runs)
    assert total > 0
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runners", type=int, default=10_000)
    args = parser.parse_args()
    cat, method = load_catalogue(), load_method()
    t0 = time.perf_counter()
    histories = [make_history(i) for i in range(args.runners)]
    built = time.perf_counter() - t0
    runs = sum(len(h.runs) for h in histories)
    print(f"generated {len(histories)} histories ({runs} runs) in {built:.1f} s")
    base = baseline(histories)
    # The histories just built (a million objects) would otherwise be walked by the first full
    # garbage collection, which falls inside the timing or not depending on how many objects the
    # advice happens to keep: 0.4 s at 2,000 runners, the setup's cost, not the advice's.
    gc.collect()
    start = time.perf_counter()
    phases: dict[str, int] = {}
    for h in histories:
        a = advise(h, ON, cat, method)
        phases[a.phase.value] = phases.get(a.phase.value, 0) + 1
    took = time.perf_counter() - start
    rate = len(histories) / took
    print(f"advise: {len(histories)} runners in {took:.2f} s = {rate:,.0f} runners/s")
    print(
        f"baseline (sum of run distances): {base * 1000:.1f} ms = "
        f"{len(histories) / base:,.0f} runners/s"
    )
    print(f"ratio advise / baseline time: {took / base:.0f}x")
    print(f"phases: {dict(sorted(phases.items()))}")
    print(f"goal >= 1,000 runners/s: {'met' if rate >= 1000 else 'NOT met'}")


if __name__ == "__main__":
    main()
