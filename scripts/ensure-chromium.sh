#!/usr/bin/env bash
# Make sure Debian's chromium is installed (the browser tests drive it through Playwright; a
# browser download by Playwright itself does not work here). Prints the executable's path.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then command -v chromium; exit 0; fi
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
echo "installing Debian's chromium (needed by the browser tests)..." >&2
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2
command -v chromium
