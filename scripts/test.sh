#!/usr/bin/env bash
# The whole test run behind `make test`: lint and types, then the suite on SQLite, then again on
# PostgreSQL. Browser tests drive Debian's chromium, installed here when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
V=.venv/bin
echo "== lint (ruff) and types (mypy on the core)"
$V/ruff check .
$V/ruff format --check .
$V/mypy
CHROMIUM=$(bash scripts/ensure-chromium.sh)
export INSIDEOUT_CHROMIUM="$CHROMIUM"
echo "== tests on SQLite"
env -u DATABASE_URL $V/pytest -q -p no:cacheprovider
DB_TESTS=$(ls -d tests/integration tests/e2e 2>/dev/null || true)
if [ -n "$DB_TESTS" ]; then
  echo "== tests on PostgreSQL"
  DATABASE_URL=$(bash scripts/ensure-postgres.sh)
  export DATABASE_URL
  $V/pytest -q -p no:cacheprovider $DB_TESTS
fi
