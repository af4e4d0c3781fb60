#!/usr/bin/env bash
# Make sure WeasyPrint (the printable programme and the coach's report, insideout/site/printing.py)
# finds the Debian libraries it loads at run time: Pango (with its FreeType backend), HarfBuzz's
# subsetter and a font. pip installs WeasyPrint itself; these come from apt when the import fails.
# The list is WeasyPrint's own for Debian 11+ wheels ("First steps", doc.courtbouillon.org), plus
# DejaVu, the font the print stylesheet asks for.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${1:-.venv/bin/python}
if "$PY" -c "import weasyprint" >/dev/null 2>&1; then exit 0; fi
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
echo "installing WeasyPrint's Debian libraries (Pango, HarfBuzz, DejaVu fonts)..." >&2
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core >&2
"$PY" -c "import weasyprint" || {
  echo "WeasyPrint still cannot load its libraries: see the error above" >&2
  exit 1
}
