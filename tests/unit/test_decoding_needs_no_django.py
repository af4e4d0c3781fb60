"""A decoding process imports ``insideout.training.decoding`` and the reader's module, never the
apps (they need Django set up): the module must import without Django (issue 14)."""

from __future__ import annotations

import subprocess
import sys


def test_the_decoding_module_imports_neither_django_nor_the_apps() -> None:
    code = (
        "import sys, insideout.training.decoding, insideout.importers.readers\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django' "
        "or m.startswith(('insideout.people', 'insideout.training.models'))))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "[]"
