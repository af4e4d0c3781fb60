"""Load: many clients on loopback against the site, for a bounded time; errors and p95 reported.

    .venv/bin/python benchmarks/load.py                     # SQLite, runserver as `make run`
    .venv/bin/python benchmarks/load.py --server gunicorn   # pip install -e '.[prod]' first
    .venv/bin/python benchmarks/load.py --db postgres --server gunicorn
    .venv/bin/python benchmarks/load.py --clients 4 --seconds 2 --runners 4 --days 30   # smoke

Builds a throw-away database (a SQLite file in a temporary directory, or with ``--db postgres`` a
fresh database on the server at ``DATABASE_URL``, default ``postgres://postgres@127.0.0.1:5432/
postgres``, dropped at the end) with ``manage.py demo-large`` (a coach and ``--runners`` runners
with ``--days`` of history each), starts the site on a free loopback port (``runserver --noreload``
with debug on, exactly as ``make run`` starts it, or ``gunicorn`` with ``--workers`` processes of 4
threads each, debug off), then runs ``--clients`` clients for ``--seconds`` seconds: half are the
coach opening the dashboard (``GET /``), half are runners, each logged in as their own runner,
logging runs through the API with their session and its CSRF token (``POST
/api/runners/{handle}/runs``: 201 expected). Every client logs in through the login form first.

Printed: requests per kind, requests per second, p50/p95/max in ms, and errors by status (an
answer other than the expected one, or a connection that failed: ``refused``, ``timeout``…).
Exits 1 on any error, 2 if the site does not start. Bounded: ``--seconds`` (at most 600), then
the clients finish their request in flight; the server (a process group this script started) is
always stopped and the database removed, also on Ctrl-C.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import http.client
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parent.parent
PG_DEFAULT = "postgres://postgres@127.0.0.1:5432/postgres"
COACH = "load-coach"
PASSWORD = "load-only-password"  # noqa: S105 - a throw-away database's demo logins
TIMEOUT = 60.0  # seconds a request may take before it counts as an error


@dataclass
class Tally:
    """What the clients saw: latencies per kind of request, and errors by what went wrong."""

    ms: dict[str, list[float]] = field(default_factory=dict)
    errors: Counter[str] = field(default_factory=Counter)
    reopened: int = 0  # reused connections found closed by the server, the request sent again
    lock: threading.Lock = field(default_factory=threading.Lock)

    def done(self, session: Session) -> None:
        session.close()
        with self.lock:
            self.reopened += session.reopened

    def add(self, kind: str, ms: float, error: str | None) -> None:
        with self.lock:
            self.ms.setdefault(kind, []).append(ms)
            if error is not None:
                self.errors[f"{kind}: {error}"] += 1


class Session:
    """One client's cookies on one site, over one kept-alive loopback connection (as a browser
    keeps it): reopened when the server closed it, and a request that found its reused connection
    already closed by the server (no answer read) sent once more on a new one, as browsers do;
    those are counted in ``reopened``, not as errors."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.conn: http.client.HTTPConnection | None = None
        self.reopened = 0

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, bytes]:
        sent = {"Host": f"127.0.0.1:{self.port}", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        reused = self.conn is not None
        try:
            return self._send(method, path, body, sent)
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            self.close()
            if not reused:
                raise
            self.reopened += 1
            return self._send(method, path, body, sent)

    def _send(
        self, method: str, path: str, body: bytes | None, headers: dict[str, str]
    ) -> tuple[int, bytes]:
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            data = response.read()
        except BaseException:
            self.close()
            raise
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        if response.will_close:
            self.close()
        return response.status, data

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def log_in(self, username: str) -> None:
        status, page = self.request("GET", "/login/")
        found = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or found is None:
            raise RuntimeError(f"the login page answered {status}")
        form = {"csrfmiddlewaretoken": found.group(1).decode(), "username": username}
        body = urllib.parse.urlencode(form | {"password": PASSWORD}).encode()
        kind = {"Content-Type": "application/x-www-form-urlencoded"}
        status, _ = self.request("POST", "/login/", body, kind)
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"logging in as {username} answered {status}")


def _timed(tally: Tally, kind: str, expected: int, call: Callable[[], tuple[int, bytes]]) -> None:
    t0 = time.perf_counter()
    try:
        status, _ = call()
        error = None if status == expected else str(status)
    except TimeoutError:
        error = "timeout"
    except ConnectionRefusedError:
        error = "refused"
    except (OSError, http.client.HTTPException) as exc:
        error = type(exc).__name__
    tally.add(kind, (time.perf_counter() - t0) * 1000, error)


@dataclass
class Start:
    """Every client logs in first; the clock starts when all have (logging in hashes a password:
    slow on purpose, and not what is measured)."""

    barrier: threading.Barrier
    deadline: float = 0.0
    # a few at a time: fifty password hashes at once on two cores take longer than a timeout
    logging_in: threading.Semaphore = field(default_factory=lambda: threading.Semaphore(2))

    def logged_in(self, session: Session, username: str, tally: Tally) -> bool:
        try:
            with self.logging_in:
                session.log_in(username)
            ok = True
        except (RuntimeError, OSError, http.client.HTTPException) as exc:
            tally.add("log in", 0.0, str(exc))
            ok = False
        self.barrier.wait()
        return ok


def _coach(port: int, start: Start, tally: Tally) -> None:
    session = Session(port)
    if not start.logged_in(session, COACH, tally):
        return
    while time.monotonic() < start.deadline:
        _timed(tally, "dashboard GET /", 200, lambda: session.request("GET", "/"))
    tally.done(session)


def _runner(port: int, number: int, start: Start, tally: Tally) -> None:
    handle = f"r{number:04d}"
    session = Session(port)
    if not start.logged_in(session, f"{COACH}-{handle}", tally):
        return
    day = (dt.date.today() - dt.timedelta(days=1)).isoformat()  # never "in the future"
    k = 0
    while time.monotonic() < start.deadline:
        km = round(3.0 + (k % 40) * 0.1, 1)  # a new run each time: (date, km, minutes) unique
        body = {"date": day, "distance_km": km, "duration_min": km * 6 + k // 40, "rpe": 4}
        headers = {
            "Content-Type": "application/json",
            "X-CSRFToken": session.cookies.get("csrftoken", ""),
        }
        path = f"/api/runners/{handle}/runs"
        data = json.dumps(body).encode()
        post = functools.partial(session.request, "POST", path, data, headers)
        _timed(tally, "log a run POST (API)", 201, post)
        k += 1
    tally.done(session)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )


def _server(
    args: argparse.Namespace, env: dict[str, str], port: int, log: IO[bytes]
) -> subprocess.Popen[bytes]:
    if args.server == "gunicorn":
        gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent))
        if gunicorn is None:
            raise SystemExit("gunicorn is not installed: pip install -e '.[prod]'")
        command = [
            gunicorn, "insideout.web.wsgi", "--bind", f"127.0.0.1:{port}",
            "--workers", str(args.workers), "--threads", "4", "--worker-class", "gthread",
            "--graceful-timeout", "5",
        ]  # fmt: skip
    else:
        command = [sys.executable, str(ROOT / "manage.py"), "runserver", "--noreload",
                   f"127.0.0.1:{port}"]  # fmt: skip
    return subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=log, stderr=log, start_new_session=True
    )


def _wait_up(server: subprocess.Popen[bytes], port: int, within: float = 90.0) -> None:
    until = time.monotonic() + within
    while time.monotonic() < until:
        if server.poll() is not None:
            raise RuntimeError(f"the server ended with status {server.returncode}")
        try:
            probe = Session(port)
            status = probe.request("GET", "/login/")[0]
            probe.close()
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the server did not answer within {within:.0f} s")


def _stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)  # the group this script started, by its id
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def _p(ms: list[float], q: int) -> float:
    return statistics.quantiles(ms, n=100, method="inclusive")[q - 1] if len(ms) > 1 else ms[0]


def _report(tally: Tally, seconds: float) -> int:
    total = sum(len(v) for v in tally.ms.values())
    print(f"{total} requests in {seconds:.1f} s ({total / seconds:.1f}/s)")
    for kind, ms in sorted(tally.ms.items()):
        print(
            f"  {kind}: {len(ms)} requests  p50 {statistics.median(ms):7.1f} ms"
            f"  p95 {_p(ms, 95):7.1f} ms  max {max(ms):7.1f} ms"
        )
    print(f"kept-alive connections the server had closed, request sent again: {tally.reopened}")
    errors = sum(tally.errors.values())
    print(f"errors: {errors}" + ("" if not errors else f" ({errors / max(total, 1):.1%})"))
    for what, n in tally.errors.most_common():
        print(f"  {what}: {n}")
    return 1 if errors or not total else 0


def _database(args: argparse.Namespace, tmp: Path) -> tuple[str, str | None]:
    """The database URL to use, and the PostgreSQL database to drop afterwards (or None)."""
    if args.db == "sqlite":
        return f"sqlite:///{tmp / 'load.sqlite3'}", None
    import psycopg

    base = os.environ.get("DATABASE_URL", PG_DEFAULT)
    base = base if base.startswith("postgres") else PG_DEFAULT
    name = f"insideout_load_{uuid.uuid4().hex[:8]}"
    with psycopg.connect("postgresql://" + base.split("://", 1)[1], autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    os.environ["LOAD_PG_BASE"] = base
    return base.rsplit("/", 1)[0] + "/" + name, name


def _drop(name: str) -> None:
    import psycopg

    base = os.environ["LOAD_PG_BASE"]
    with psycopg.connect("postgresql://" + base.split("://", 1)[1], autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--seconds", type=float, default=25.0)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--runners", type=int, default=200, help="runners in the demo squad")
    parser.add_argument("--days", type=int, default=365, help="days of history per runner")
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--server", choices=("runserver", "gunicorn"), default="runserver")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn's processes")
    args = parser.parse_args()
    if not 0 < args.seconds <= 600 or not 2 <= args.clients <= 500:
        parser.error("--seconds: 0 to 600; --clients: 2 to 500")
    runner_clients = args.clients // 2
    if args.runners < runner_clients:
        parser.error(f"--runners: at least one per runner client ({runner_clients})")
    with tempfile.TemporaryDirectory(prefix="insideout-load-") as tmp:
        url, pg_name = _database(args, Path(tmp))
        try:
            return _run(args, url, Path(tmp), runner_clients)
        finally:
            if pg_name is not None:
                _drop(pg_name)


def _run(args: argparse.Namespace, url: str, tmp: Path, runner_clients: int) -> int:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "insideout.web.settings",
        "INSIDEOUT_UPLOAD_DIR": str(tmp / "uploads"),
        "INSIDEOUT_LOG_LEVEL": "WARNING",
    }
    if args.server == "runserver":
        env["INSIDEOUT_DEBUG"] = "1"  # as `make run` starts it
    else:
        env["INSIDEOUT_DEBUG"] = "0"
        env.setdefault("INSIDEOUT_SECRET_KEY", "insideout-load-only-not-secret-" + "x" * 40)
    t0 = time.perf_counter()
    _manage(env, "migrate", "--noinput", "--verbosity", "0")
    _manage(env, "demo-large", "--runners", str(args.runners), "--days", str(args.days),
            "--coach", COACH, "--password", PASSWORD)  # fmt: skip
    print(f"{args.db}, {args.server}: {args.runners} runners with {args.days} days each, "
          f"built in {time.perf_counter() - t0:.1f} s")  # fmt: skip
    port = _free_port()
    with (tmp / "server.log").open("wb") as log:
        server = _server(args, env, port, log)
        try:
            _wait_up(server, port)
            code = _load(args, port, runner_clients)
        except RuntimeError as exc:
            print(f"the site did not start: {exc}", file=sys.stderr)
            code = 2
        finally:
            _stop(server)
    if code:
        tail = (tmp / "server.log").read_text(errors="replace").splitlines()[-30:]
        print("the server's log ends:", *tail, sep="\n  ", file=sys.stderr)
    return code


def _load(args: argparse.Namespace, port: int, runner_clients: int) -> int:
    tally = Tally()
    start = Start(threading.Barrier(args.clients + 1))

    def go() -> None:  # run once, by the last to arrive, before any is released
        start.deadline = time.monotonic() + args.seconds

    start.barrier = threading.Barrier(args.clients + 1, action=go, timeout=TIMEOUT * args.clients)
    threads = [
        threading.Thread(target=_runner, args=(port, i, start, tally), daemon=True)
        for i in range(runner_clients)
    ] + [
        threading.Thread(target=_coach, args=(port, start, tally), daemon=True)
        for _ in range(args.clients - runner_clients)
    ]
    for thread in threads:
        thread.start()
    start.barrier.wait()
    began = time.monotonic()
    for thread in threads:
        thread.join(args.seconds + TIMEOUT + 30)
    return _report(tally, time.monotonic() - began)


if __name__ == "__main__":
    sys.exit(main())
