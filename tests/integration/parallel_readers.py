"""Readers for the parallel-import tests, in a module without Django: a decoding process imports
the module of the reader it is sent (a test module imports the apps, which need Django set up)."""

from __future__ import annotations

import os

from insideout.core.activity import Activity
from insideout.importers.readers import read_activity

#: The file whose decoding kills its process (as a native decoder's crash or the OOM killer would).
FATAL = "kills-its-process.fit"


def read_or_die(name: str, data: bytes) -> Activity:
    """insideout's reader, but the process decoding :data:`FATAL` dies on the spot."""
    if name.endswith(FATAL):
        os._exit(70)
    return read_activity(name, data)


def die() -> bool:
    """A process's first task, as when it cannot start at all: it dies before doing anything."""
    os._exit(70)
