#!/usr/bin/env bash
# Print a DATABASE_URL for a PostgreSQL server the tests may use.
# Uses the server on 127.0.0.1:5432 when it answers (the project's machines and CI have one);
# otherwise installs Debian's postgresql if needed and starts a private throw-away cluster on
# port 54329 under var/pg (trust auth, local only).
set -euo pipefail
HERE="$(cd "$(dirname "$0")/.." && pwd)"
SHARED_PORT="${INSIDEOUT_PG_SHARED_PORT:-5432}"
if command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h 127.0.0.1 -p "$SHARED_PORT"; then
  echo "postgres://postgres@127.0.0.1:$SHARED_PORT/postgres"; exit 0
fi
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$BIN" ]; then
  echo "installing Debian's postgresql..." >&2
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi
PORT=54329
DATA="$HERE/var/pg"
RUN=(); [ "$(id -u)" = 0 ] && RUN=(runuser -u postgres --)
if ! "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT"; then
  mkdir -p "$DATA"; [ "$(id -u)" = 0 ] && chown postgres "$DATA"
  [ -f "$DATA/PG_VERSION" ] || "${RUN[@]}" "$BIN/initdb" -D "$DATA" -U postgres --auth=trust >&2
  "${RUN[@]}" "$BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w \
    -o "-p $PORT -k /tmp -c listen_addresses=127.0.0.1" start >&2
fi
echo "postgres://postgres@127.0.0.1:$PORT/postgres"
