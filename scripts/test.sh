#!/usr/bin/env bash
# The whole test run behind `make test`: lint and types, then the suite on SQLite, then again on
# PostgreSQL. Browser tests drive Debian's chromium, installed here when missing: they fail, never
# skip, without it (INSIDEOUT_SKIP_BROWSER=1 opts out on purpose, tests/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
V=.venv/bin
echo "== lint (ruff), types (mypy, the whole package) and architecture (import-linter)"
$V/ruff check .
$V/ruff format --check .
$V/mypy
$V/lint-imports --no-cache --no-logo  # the contracts in pyproject.toml: what may import what
bash scripts/ensure-weasyprint.sh  # the PDFs' Debian libraries (Pango, HarfBuzz, a font)
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
