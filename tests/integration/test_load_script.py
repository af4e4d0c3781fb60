"""``benchmarks/load.py`` runs, bounded, and reports: a tiny load (4 clients, 2 seconds) against
the site as ``make run`` starts it, on a throw-away SQLite file, with no error (issue 15, part 8)."""

from __future__ import annotations

import http.server
import importlib.util
import os
import re
import socketserver
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_the_load_script_runs_both_kinds_of_client_and_reports_no_error() -> None:
    env = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "load.py"), "--clients", "4", "--seconds", "2",
         "--runners", "4", "--days", "14"],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    out = done.stdout
    assert re.search(r"^errors: 0$", out, re.M), out
    for kind in ("dashboard GET /", "log a run POST (API)"):
        found = re.search(
            rf"{re.escape(kind)}: (\d+) requests\s+p50 +[\d.]+ ms\s+p95 +[\d.]+ ms", out
        )
        assert found is not None and int(found.group(1)) > 0, out
    assert re.search(r"^kept-alive connections the server had closed, request sent again: \d+$",
                     out, re.M), out  # fmt: skip


def _load_module() -> Any:
    spec = importlib.util.spec_from_file_location("load_script", ROOT / "benchmarks" / "load.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["load_script"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


class _Quietly(http.server.BaseHTTPRequestHandler):
    """Answers ``ok`` over HTTP/1.1 without "Connection: close", then closes the connection when
    ``drop`` says so: as a server that times an idle kept-alive connection out."""

    protocol_version = "HTTP/1.1"
    drop = False

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")
        self.close_connection = type(self).drop

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base's name
        pass


@pytest.mark.parametrize("drop", [False, True])
def test_a_client_keeps_its_connection_and_resends_once_when_the_server_dropped_it(
    drop: bool,
) -> None:
    load = _load_module()
    handler = type("Handler", (_Quietly,), {"drop": drop})
    with socketserver.TCPServer(("127.0.0.1", 0), handler) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            session = load.Session(server.server_address[1])
            answers = [session.request("GET", "/") for _ in range(3)]
            session.close()
        finally:
            server.shutdown()
    assert answers == [(200, b"ok")] * 3  # never an error
    # the second and third found their kept-alive connection closed: sent again on a new one
    assert session.reopened == (2 if drop else 0)
