"""Any watch file in, one :class:`Activity` out: the format is told from the bytes, not the name.

A FIT file says ``.FIT`` at byte 8; GPX and TCX are XML whose root element is ``gpx`` or
``TrainingCenterDatabase``; a gzip file (``.fit.gz`` in a Strava export) is unpacked, within a size
limit, and its content read the same way under its name without ``.gz``. Only when the bytes say
nothing is the extension asked. Whatever goes wrong, the caller gets an
:class:`~insideout.core.activity.ActivityError` naming the file and the reason in plain words,
never a parser's own exception.
"""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Callable

from insideout.core.activity import Activity, ActivityError
from insideout.importers.fit import read_fit
from insideout.importers.gpx import read_gpx
from insideout.importers.tcx import read_tcx
from insideout.importers.xmlsafe import root_name

__all__ = ["MAX_UNPACKED_BYTES", "read_activity", "sniff"]

#: The most a gzip member may unpack to: a 24-hour TCX at one point a second is ~60 MB.
MAX_UNPACKED_BYTES = 128 * 1024 * 1024
GZIP_MAGIC = b"\x1f\x8b"
ZIP_MAGIC = b"PK\x03\x04"

READERS: dict[str, Callable[[str, bytes], Activity]] = {
    "fit": read_fit,
    "gpx": read_gpx,
    "tcx": read_tcx,
}
ROOTS = {"gpx": "gpx", "TrainingCenterDatabase": "tcx"}


def read_activity(name: str, data: bytes) -> Activity:
    """The activity in ``data`` (a file called ``name``), or :class:`ActivityError`."""
    if data[:2] == GZIP_MAGIC:
        inner = name.removesuffix(".gz").removesuffix(".GZ")
        data = gunzip(name, data)
        if data[:2] == GZIP_MAGIC:
            raise ActivityError(name, "a gzip file inside a gzip file is not read")
        name = inner
    kind = sniff(name, data)
    return READERS[kind](name, data)


def sniff(name: str, data: bytes) -> str:
    """``fit``, ``gpx`` or ``tcx``: from the bytes, else from the extension; else ActivityError."""
    if not data:
        raise ActivityError(name, "empty file")
    if data[8:12] == b".FIT":
        return "fit"
    root = root_name(data)
    if root in ROOTS:
        return ROOTS[root]
    if data[:4] == ZIP_MAGIC:
        raise ActivityError(name, "a zip archive, not a single activity file")
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension in READERS:
        return extension  # its reader says what is wrong with it
    if root is not None:
        raise ActivityError(name, f"XML with root <{root}>: neither GPX nor TCX")
    raise ActivityError(name, "not a FIT, GPX or TCX file")


def gunzip(name: str, data: bytes) -> bytes:
    """The content of a gzip file, refused if damaged, truncated or over the size limit."""
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as unpacking:
            content = unpacking.read(MAX_UNPACKED_BYTES + 1)
    except (OSError, EOFError, zlib.error) as e:
        raise ActivityError(name, f"damaged or truncated gzip file ({e})") from e
    if len(content) > MAX_UNPACKED_BYTES:
        raise ActivityError(name, f"unpacks to more than {MAX_UNPACKED_BYTES // 2**20} MiB")
    return content
