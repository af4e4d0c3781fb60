"""Benchmark: the coach's dashboard and a runner's page at N runners with a year of history each.

    .venv/bin/python benchmarks/bench_pages.py --runners 100 1000 --repeat 30 --db sqlite
    .venv/bin/python benchmarks/bench_pages.py --runners 100 1000 --repeat 30 --db postgres

The data goes into a throw-away database: a SQLite file in a temporary directory (``--db sqlite``,
the default) or a fresh database on the PostgreSQL server at ``DATABASE_URL`` (default
``postgres://postgres@127.0.0.1:5432/postgres``), dropped at the end. Rows are written with
``bulk_create`` (not the API): one coach; per runner a year of running, 3-4 runs a week with their
pain fields (now and then a red flag), 2 strength sessions a week, a few pain reports and a full
screen every eight weeks or so. The runner counts grow in one database (100, then 900 more).

Then Django's test client, logged in as the coach, asks for the dashboard and for one runner's
page ``--repeat`` times each. Printed per page: the first request (the dashboard's first request
of a day computes what it has not stored yet), p50 and p95 of the next ones in ms, the SQL
queries of one request, and the ratio p95 / baseline p95, where the baseline is the login page
(a form and a template, no data) timed the same way in the same process: machines here are
shared and noisy, so the ratio is the figure to compare between runs.
Goal (PERFORMANCE.md §3), at 1,000 runners: p95 < 150 ms on SQLite, < 100 ms on PostgreSQL.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

ON = dt.date(2026, 11, 30)  # "today" for the whole benchmark
DAYS = 365
PG_DEFAULT = "postgres://postgres@127.0.0.1:5432/postgres"


def _setup(db: str, tmp: Path) -> str | None:
    """Point Django at a throw-away database; the PostgreSQL one's name (to drop) or None."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "insideout.web.settings")
    os.environ.setdefault("INSIDEOUT_SECRET_KEY", "insideout-bench-only-not-secret")
    if db == "sqlite":
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
        name = None
    else:
        import psycopg

        base = os.environ.get("DATABASE_URL", PG_DEFAULT)
        if not base.startswith("postgres"):
            base = PG_DEFAULT
        name = f"insideout_bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(_psycopg_url(base), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = base.rsplit("/", 1)[0] + "/" + name
        os.environ["BENCH_PG_BASE"] = base
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return name


def _psycopg_url(url: str) -> str:
    return "postgresql://" + url.split("://", 1)[1]


def _drop(name: str) -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    with psycopg.connect(_psycopg_url(os.environ["BENCH_PG_BASE"]), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _build(coach: Any, first: int, count: int) -> int:
    """Runners ``first``..``first+count-1`` with a year each; how many rows were written."""
    from bench_advise import FLAGS, SITES, _measures  # the same screens as bench_advise

    from insideout.people.models import Runner
    from insideout.screening.models import Measure, Screen
    from insideout.training.models import PainReport, Run, StrengthSession

    start = ON - dt.timedelta(days=DAYS)
    runners = Runner.objects.bulk_create(
        Runner(
            coach=coach,
            handle=f"r{i:05d}",
            name=f"Runner {i:05d}",
            sex=random.Random(i).choice(["female", "male"]),
            birth_year=1960 + i % 45,
        )
        for i in range(first, first + count)
    )
    runners = list(Runner.objects.filter(coach=coach, handle__in=[r.handle for r in runners]))
    runs: list[Run] = []
    strength: list[StrengthSession] = []
    reports: list[PainReport] = []
    screens: list[tuple[Screen, list[Any]]] = []
    for runner in runners:
        rng = random.Random(runner.handle)
        weekly = rng.uniform(15, 45)
        per_week = rng.choice((3, 4))
        for week in range(DAYS // 7):
            weekly *= rng.uniform(0.9, 1.1)
            days = sorted(rng.sample(range(7), per_week))
            for i, d in enumerate(days):
                day = start + dt.timedelta(days=7 * week + d)
                km = round(weekly / per_week * (1.5 if i == len(days) - 1 else 0.85), 1)
                pain, site = 0.0, None
                if rng.random() < 0.05:
                    pain, site = float(rng.randint(1, 6)), rng.choice(SITES)
                flags = [rng.choice(FLAGS)] if rng.random() < 0.002 else []
                runs.append(
                    Run(
                        runner=runner,
                        date=day,
                        distance_km=km,
                        duration_min=round(km * rng.uniform(5, 7), 1),
                        rpe=float(rng.randint(2, 8)),
                        pain_during=pain,
                        pain_after=pain,
                        pain_next_morning=max(0.0, pain - 2),
                        pain_site=site,
                        red_flags=flags,
                        cadence_spm=round(rng.gauss(168, 6)),
                    )
                )
            for d in rng.sample(range(7), 2):
                strength.append(
                    StrengthSession(runner=runner, date=start + dt.timedelta(days=7 * week + d))
                )
            if rng.random() < 0.06:
                day = start + dt.timedelta(days=7 * week + 3)
                reports.append(PainReport(runner=runner, date=day, pain=3.0, site="knee"))
        day = start + dt.timedelta(days=rng.randint(0, 20))
        spread = 0.15 if rng.random() < 0.4 else 1.0
        while day <= ON:
            screens.append((Screen(runner=runner, date=day), list(_measures(rng, spread))))
            day += dt.timedelta(days=rng.randint(49, 63))
    Run.objects.bulk_create(runs, batch_size=2000)
    StrengthSession.objects.bulk_create(strength, batch_size=2000)
    PainReport.objects.bulk_create(reports, batch_size=2000)
    made = Screen.objects.bulk_create([s for s, _ in screens], batch_size=2000)
    measures = [
        Measure.from_domain(s, m) for s, (_, ms) in zip(made, screens, strict=True) for m in ms
    ]
    Measure.objects.bulk_create(measures, batch_size=2000)
    return len(runners) + len(runs) + len(strength) + len(reports) + len(made) + len(measures)


def _time(get: Callable[[], Any], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        response = get()
        out.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, response.status_code
    return out


def _queries(get: Callable[[], Any]) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        get()
    return len(ctx.captured_queries)


def _p95(ms: list[float]) -> float:
    return statistics.quantiles(ms, n=20, method="inclusive")[-1] if len(ms) > 1 else ms[0]


def _measure(client: Any, handle: str, n: int, repeat: int, db: str) -> None:
    goal = 150 if db == "sqlite" else 100
    _time(lambda: client.get("/login/"), 5)  # warm up
    base = _time(lambda: client.get("/login/"), repeat)
    base_p95 = _p95(base)
    print(f"\n{db}, {n} runners (goal: p95 < {goal} ms at 1,000 runners)")
    print(f"  baseline /login/: p50 {statistics.median(base):7.1f} ms  p95 {base_p95:7.1f} ms")
    for label, path in (
        ("dashboard /", "/"),
        (f"runner page /runners/{handle}/", f"/runners/{handle}/"),
    ):
        t0 = time.perf_counter()
        client.get(path)
        first = (time.perf_counter() - t0) * 1000
        ms = _time(lambda path=path: client.get(path), repeat)  # type: ignore[misc]
        p95 = _p95(ms)
        queries = _queries(lambda path=path: client.get(path))  # type: ignore[misc]
        print(
            f"  {label}: first {first:7.1f} ms  p50 {statistics.median(ms):7.1f} ms"
            f"  p95 {p95:7.1f} ms  {queries} queries  p95/baseline {p95 / base_p95:5.1f}x"
            f"  {'met' if p95 < goal else 'NOT met'}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runners", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="insideout-bench-") as tmp:
        name = _setup(args.db, Path(tmp))
        try:
            _run(args)
        finally:
            if name is not None:
                _drop(name)


def _run(args: argparse.Namespace) -> None:
    from django.contrib.auth import get_user_model
    from django.test import Client

    from insideout.people.models import Coach
    from insideout.training import services

    services.today = lambda: ON  # the histories end on ON
    user = get_user_model().objects.create_user(username="coach", password="bench-pw")
    coach = Coach.objects.create(user=user, name="Coach")
    client = Client(SERVER_NAME="localhost")
    client.force_login(user)
    have = 0
    for n in sorted(args.runners):
        t0 = time.perf_counter()
        rows = _build(coach, have, n - have)
        have = n
        print(f"built {n} runners ({rows} new rows) in {time.perf_counter() - t0:.1f} s")
        _measure(client, "r00000", n, args.repeat, args.db)


if __name__ == "__main__":
    main()
