"""Benchmark: the coach's dashboard and a runner's page at N runners with a year of history each.

    .venv/bin/python benchmarks/bench_pages.py --runners 100 1000 --repeat 30 --db sqlite
    .venv/bin/python benchmarks/bench_pages.py --runners 100 1000 --repeat 30 --db postgres

The data goes into a throw-away database: a SQLite file in a temporary directory (``--db sqlite``,
the default) or a fresh database on the PostgreSQL server at ``DATABASE_URL`` (default
``postgres://postgres@127.0.0.1:5432/postgres``), dropped at the end. The squad is ``manage.py
demo-large``'s (:mod:`insideout.site.demo_large`): one coach; per runner a year of 3-5 runs a
week building and easing off, pain now and then, a few red flags, 2-3 strength sessions a week, a
full screen every eight weeks or so; written in bulk, each batch's summaries made as it commits.
The runner counts grow in one database (100, then 900 more). ``--keep FILE`` (SQLite) keeps
the database in FILE instead and, run again, measures the runners it holds without building them.

Then Django's test client, logged in as the coach, asks ``--repeat`` times each for: the dashboard
(warm: every summary current), one runner's page, the dashboard on the next day before the
roll-over (every summary stale: the page's runners advised in memory, nothing stored), and after
the day's roll-over (:func:`~insideout.training.summaries.refresh_stale`, timed: what the worker
does after midnight) the first view of the day and the next ones. Printed per page: the first
request, p50 and p95 of the next ones in ms, the SQL queries of one request, and the ratio p95 /
baseline p95, where the baseline is the login page (a form and a template, no data) timed the same
way in the same process: machines here are shared and noisy, so the ratio is the figure to compare
between runs. Goal (PERFORMANCE.md §3), at 1,000 runners: p95 < 100 ms on SQLite and on
PostgreSQL, warm or first of the day; the runner's page too.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
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
GOAL_MS = 100  # PERFORMANCE.md §3: p95 at 1,000 runners, SQLite and PostgreSQL, warm or first


def _setup(db: str, tmp: Path, keep: Path | None = None) -> str | None:
    """Point Django at a throw-away database (or the SQLite file ``keep``); the PostgreSQL one's
    name (to drop) or None."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "insideout.web.settings")
    os.environ.setdefault("INSIDEOUT_SECRET_KEY", "insideout-bench-only-not-secret")
    if db == "sqlite":
        path = keep.resolve() if keep is not None else tmp / "bench.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
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
    """Runners ``first``..``first+count-1`` with a year each (``demo-large``'s squad, its
    summaries made as each batch is written); how many rows were written."""
    from insideout.site.demo_large import build

    squad = build(coach, count, today=ON, days=DAYS, first=first)
    return sum(n for kind, n in squad.rows.items() if kind != "summaries")


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


def _line(label: str, first: float, ms: list[float], queries: int, base_p95: float) -> None:
    p95 = _p95(ms)
    print(
        f"  {label}: first {first:7.1f} ms  p50 {statistics.median(ms):7.1f} ms"
        f"  p95 {p95:7.1f} ms  {queries} queries  p95/baseline {p95 / base_p95:5.1f}x"
        f"  {'met' if p95 < GOAL_MS else 'NOT met'}"
    )


def _page(client: Any, label: str, path: str, repeat: int, base_p95: float) -> None:
    t0 = time.perf_counter()
    client.get(path)
    first = (time.perf_counter() - t0) * 1000
    ms = _time(lambda: client.get(path), repeat)
    _line(label, first, ms, _queries(lambda: client.get(path)), base_p95)


def _measure(client: Any, handle: str, n: int, repeat: int, db: str, day: list[dt.date]) -> None:
    from insideout.training import summaries
    from insideout.web.warm import settle

    settle()  # as the WSGI entry point does when a server starts
    _time(lambda: client.get("/login/"), 5)  # warm up
    base = _time(lambda: client.get("/login/"), repeat)
    base_p95 = _p95(base)
    print(f"\n{db}, {n} runners (goal: p95 < {GOAL_MS} ms at 1,000 runners)")
    print(f"  baseline /login/: p50 {statistics.median(base):7.1f} ms  p95 {base_p95:7.1f} ms")
    _page(client, "dashboard /, warm", "/", repeat, base_p95)
    _page(client, f"runner page /runners/{handle}/", f"/runners/{handle}/", repeat, base_p95)
    # A new day: every stored summary is yesterday's. Before the roll-over the dashboard shows
    # its page's runners advised afresh in memory (the GET stores nothing) ...
    day[0] += dt.timedelta(days=1)
    _page(client, "dashboard /, new day before the roll-over", "/", repeat, base_p95)
    # ... then the worker's roll-over stores them all, and the first view of the day reads them.
    t0 = time.perf_counter()
    made = summaries.refresh_stale(day[0])
    took = time.perf_counter() - t0
    print(f"  the day's roll-over: {made} summaries in {took:.2f} s ({made / took:,.0f}/s)")
    _page(client, "dashboard /, first of the day after the roll-over", "/", repeat, base_p95)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runners", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument(
        "--keep",
        type=Path,
        metavar="FILE",
        help="SQLite only: keep the squad in FILE and reuse the runners it already holds "
        "(a later run measures without building them again)",
    )
    args = parser.parse_args()
    if args.keep is not None and args.db != "sqlite":
        parser.error("--keep is for --db sqlite")
    with tempfile.TemporaryDirectory(prefix="insideout-bench-") as tmp:
        name = _setup(args.db, Path(tmp), args.keep)
        try:
            _run(args)
        finally:
            if name is not None:
                _drop(name)


def _run(args: argparse.Namespace) -> None:
    from django.contrib.auth import get_user_model
    from django.test import Client

    from insideout.people.models import Coach
    from insideout.training import services, summaries

    day = [ON]  # the histories end on ON; _measure moves to the next day
    services.today = lambda: day[0]
    user = get_user_model().objects.filter(username="coach").first()
    if user is None:  # a new database (``--keep`` reuses the coach and runners of an earlier run)
        user = get_user_model().objects.create_user(username="coach", password="bench-pw")
        Coach.objects.create(user=user, name="Coach")
    coach = Coach.objects.get(user=user)
    client = Client(SERVER_NAME="localhost")
    client.force_login(user)
    have = coach.runners.count()
    if have:
        summaries.refresh_stale(ON)  # the code may have changed since they were stored
    for n in sorted(args.runners):
        if n < have:
            print(f"{n} runners: skipped (the kept database holds {have})")
            continue
        if n > have:
            t0 = time.perf_counter()
            rows = _build(coach, have, n - have)
            have = n
            print(f"built {n} runners ({rows} new rows) in {time.perf_counter() - t0:.1f} s")
        _measure(client, "r0000", n, args.repeat, args.db, day)
        day[0] = ON
        summaries.refresh_stale(ON)  # back to the squad's own day for the next size


if __name__ == "__main__":
    main()
