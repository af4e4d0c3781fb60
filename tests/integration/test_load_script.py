"""``benchmarks/load.py`` runs, bounded, and reports: a tiny load (4 clients, 2 seconds) against
the site as ``make run`` starts it, on a throw-away SQLite file, with no error (issue 15, part 8)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

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
