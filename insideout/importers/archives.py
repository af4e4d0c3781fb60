"""Watch files out of what a runner hands over: files, folders, zips (of zips) and gzips.

A runner does not hand over one FIT file: they hand over a Garmin account export (a zip holding
zips of FIT files under ``DI_CONNECT/DI-Connect-Uploaded-Files/``), a Strava bulk export (a zip or
its unpacked folder, with ``activities.csv`` naming each file and gzipped ``.fit.gz``/``.tcx.gz``
files), or a folder copied off a watch. :func:`iter_sources` walks all of these and yields, one at
a time, each activity file's bytes as a :class:`Source`, or a :class:`Skipped` saying why a file
that should have been one cannot be used. The readers (:mod:`insideout.importers.readers`) then
turn a source's bytes into an activity; this module never decodes FIT, GPX or TCX.

Why it is careful: an archive is input from outside. A zip can claim any size, name a member
``../../etc/passwd``, nest itself, or inflate 1,000 times (a zip bomb). Nothing is ever extracted
to disk; members are read into memory one at a time, each only after its declared size passed the
:class:`Limits`, and decompression stops as soon as a limit is crossed, so memory stays flat
however large the archive (PERFORMANCE.md §1). A zip stored uncompressed inside another (as the
Garmin export stores its parts) is read in place through a window on the outer file, never copied.
No error of the standard library (``BadZipFile``, ``zlib.error``, ``EOFError``, ``OSError``,
``BadGzipFile``...) escapes: each becomes a :class:`Skipped` naming the member, and the walk goes
on with the next one.

What is yielded, skipped or ignored:

* **Source** — a ``.fit``, ``.gpx`` or ``.tcx`` file, or a ``.gz`` of one (its bytes gunzipped),
  wherever it sits: given by name, in a folder (recursively, sorted by name) or in a zip (in
  archive order; a zip inside a zip is opened too). ``meta`` holds what an export's index says of
  it: from a Strava ``activities.csv`` (in the same folder or zip folder as the ``Filename`` it
  lists), ``title``, ``type``, and ``description`` and ``activity_id`` when given.
* **Skipped** — a candidate (an activity file, a ``.gz`` of one, a zip, or any path given by name)
  that cannot be used, with a plain reason: not a zip file, corrupt, truncated gzip, encrypted,
  an empty file, a path that escapes the archive (any member, whatever its suffix), a link leading
  out of the folder, over a limit. A zip or a folder that yields nothing at all is itself skipped
  ("empty zip", "no .fit, .gpx or .tcx file in it"), so every path given yields at least one item.
* **Ignored** — any other file (the Garmin export's JSON, pictures, ``.kml``, ``.doc``...),
  directories, and links to folders (never followed) are passed over without a word, not as
  "skipped" noise: they were never activities. They are counted by suffix in the ``ignored``
  counter, if the caller passes one. A Strava ``activities.csv`` is read as the index, not counted.

Limits (:class:`Limits`, :data:`DEFAULT_LIMITS`) hold per path given: the bytes unpacked from its
archives and gzips (a plain file read from disk is not "unpacked"), the members of any one zip,
the size of one member, how deep archives nest (a zip given is depth 1, a zip or gzip in it depth
2), and each member's compression ratio.
"""

from __future__ import annotations

import csv
import gzip
import io
import lzma
import os
import posixpath
import stat
import struct
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

__all__ = ["DEFAULT_LIMITS", "Limits", "Skipped", "Source", "iter_sources"]

KiB = 1024
MiB = 1024 * KiB
GiB = 1024 * MiB

#: The formats a reader turns into an activity.
FORMATS = ("fit", "gpx", "tcx")
#: The Strava bulk export's index, and the columns of it that we keep (as Strava names them).
STRAVA_INDEX = "activities.csv"
STRAVA_COLUMNS = {
    "Activity Name": "title",
    "Activity Type": "type",
    "Activity Description": "description",
    "Activity ID": "activity_id",
}
_CHUNK = 1 * MiB
_NOTHING = "no .fit, .gpx or .tcx file in it"
_NOT_CANDIDATE = "not a .fit, .gpx or .tcx file, a .gz of one, or a .zip"


@dataclass(frozen=True)
class Limits:
    """How much an archive may unpack, per path given to :func:`iter_sources`."""

    max_total_bytes: int = 2 * GiB  # unpacked from archives and gzips, all members together
    max_members: int = 100_000  # entries in any one zip (folders included)
    max_member_bytes: int = 64 * MiB  # one member (or file) as held in memory
    max_depth: int = 3  # archives within archives: a zip given is 1, a zip or gzip in it 2
    max_ratio: float = 200.0  # unpacked size over compressed size, per member

    def __post_init__(self) -> None:
        for name in ("max_total_bytes", "max_members", "max_member_bytes", "max_depth"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ValueError(f"Limits.{name}: expected a whole number >= 1, got {value!r}")
        if not isinstance(self.max_ratio, int | float) or not self.max_ratio >= 1:
            raise ValueError(f"Limits.max_ratio: expected a number >= 1, got {self.max_ratio!r}")


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class Source:
    """An activity file's bytes (gunzipped), where they came from, and what an index says of it.

    ``name`` is a readable path: archive members follow their archive after ``!``, as in
    ``export.zip!DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip!x_1.fit``.
    """

    name: str
    data: bytes = field(repr=False)
    meta: Mapping[str, str] = field(default_factory=dict)

    @property
    def format(self) -> str:
        """``"fit"``, ``"gpx"`` or ``"tcx"``, from the name (a ``.gz`` was already unpacked)."""
        return _activity_format(self.name) or ""


@dataclass(frozen=True)
class Skipped:
    """A file that should have been an activity (or an archive of them) but cannot be used."""

    name: str
    reason: str


Item = Source | Skipped
Kind = Literal["activity", "gzip", "zip"]


class _Skip(Exception):
    """Internal: this candidate cannot be used, for ``reason``."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


#: What reading a broken archive may raise: each becomes a reason (:func:`_describe`).
_READ_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    lzma.LZMAError,
    EOFError,
    OSError,  # gzip.BadGzipFile is one, and so are bz2's errors
    NotImplementedError,  # a compression method zipfile cannot read
    RuntimeError,  # an encrypted member opened without a password
    ValueError,
    struct.error,
    csv.Error,
    LookupError,  # zipfile's own slips on mangled headers (an IndexError, found by fuzzing)
    OverflowError,
)


def iter_sources(
    paths: Iterable[str | Path],
    *,
    limits: Limits = DEFAULT_LIMITS,
    ignored: Counter[str] | None = None,
) -> Iterator[Source | Skipped]:
    """Yield every activity file in ``paths`` as a :class:`Source`, or a :class:`Skipped`.

    Each path is a file, a folder, a zip or a gzip. Nothing raises for bad input; files that are
    not activities are ignored and, if ``ignored`` is given, counted in it by suffix. A single
    path instead of an iterable of them is a ``TypeError`` (a string would be walked letter by
    letter).
    """
    if isinstance(paths, str | Path):
        raise TypeError(f"iter_sources: expected paths (a list, a tuple...), got one: {paths!r}")
    for path in paths:
        walk = _Walk(limits, ignored if ignored is not None else Counter())
        yield from walk.given(Path(path), str(path))


def _activity_format(name: str) -> str | None:
    """The format of a file name (``x.fit`` or ``x.fit.gz`` is ``fit``), or None."""
    lower = name.lower().removesuffix(".gz")
    for fmt in FORMATS:
        if lower.endswith("." + fmt):
            return fmt
    return None


def _kind(name: str) -> Kind | None:
    lower = name.lower()
    if lower.endswith(".zip"):
        return "zip"
    if _activity_format(name) is None:
        return None
    return "gzip" if lower.endswith(".gz") else "activity"


def _suffix(name: str) -> str:
    return posixpath.splitext(name.lower())[1] or "(no suffix)"


def _size(n: float) -> str:
    for unit, label in ((GiB, "GiB"), (MiB, "MiB"), (KiB, "KiB")):
        if n >= unit:
            return f"{n / unit:.3g} {label}"
    return f"{n:.0f} bytes"


def _escapes(name: str) -> bool:
    """Whether an archive member's name leads out of the archive (absolute, ``..``, a drive)."""
    path = name.replace("\\", "/")
    drive = len(path) > 1 and path[1] == ":"
    return path.startswith("/") or drive or ".." in path.split("/")


def _describe(error: BaseException, within: str = "") -> str:
    """A plain reason for what reading raised (``within`` a zip: the zip's own data is at fault)."""
    text = str(error) or type(error).__name__
    if isinstance(error, zipfile.BadZipFile):
        return "not a zip file" if "not a zip file" in text.lower() else f"corrupt zip: {text}"
    if isinstance(error, gzip.BadGzipFile):
        plain = "not a gzipped file" in text.lower()
        return "not a gzip file" if plain else f"corrupt gzip: {text}"
    if isinstance(error, RuntimeError) and "encrypted" in text.lower():
        return "encrypted (password-protected)"
    if isinstance(error, NotImplementedError):  # a compression method or zip version
        return f"cannot be unpacked: {text}"
    if isinstance(error, UnicodeDecodeError):  # a member's name flagged UTF-8 that is not
        return "corrupt zip: a member's name is not valid UTF-8"
    if isinstance(error, EOFError):
        return f"truncated {within or 'file'}"
    if isinstance(error, OSError) and error.strerror and not within:
        return f"cannot be read: {error.strerror.lower()}"  # from the disk
    return f"corrupt {within or 'data'}: {text}"  # zlib, lzma, bz2, or mangled offsets


class _Window(io.RawIOBase):
    """A read-only view of ``length`` bytes of ``base`` from ``start``: a stored member in place."""

    def __init__(self, base: IO[bytes], start: int, length: int) -> None:
        super().__init__()
        self._base, self._start, self._length, self._pos = base, start, length, 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        origin = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: self._length}[whence]
        if origin + offset < 0:
            raise ValueError("negative seek position")
        self._pos = origin + offset
        return self._pos

    def readinto(self, buffer: WriteableBuffer, /) -> int:
        view = memoryview(buffer).cast("B")
        n = max(0, min(len(view), self._length - self._pos))
        if n == 0:
            return 0
        self._base.seek(self._start + self._pos)
        data = self._base.read(n)
        view[: len(data)] = data
        self._pos += len(data)
        return len(data)


def _read_capped(stream: IO[bytes], cap: int, too_big: Callable[[int], str]) -> bytes:
    """Read ``stream`` to its end in chunks; stop with ``too_big(size)`` past ``cap`` bytes."""
    out = bytearray()
    while chunk := stream.read(_CHUNK):
        out += chunk
        if len(out) > cap:
            raise _Skip(too_big(len(out)))
    return bytes(out)


def _not_empty(data: bytes) -> bytes:
    if not data:
        raise _Skip("empty file")
    return data


def _declared_entries(fp: IO[bytes]) -> int | None:
    """How many entries a zip's end record declares, read before zipfile builds one per entry."""
    size = fp.seek(0, io.SEEK_END)
    tail_len = min(size, 22 + 0xFFFF)  # the end record and the longest comment
    fp.seek(size - tail_len)
    tail = fp.read(tail_len)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        return None
    entries: int = struct.unpack_from("<H", tail, at + 10)[0]
    locator = at - 20
    if entries == 0xFFFF and locator >= 0 and tail[locator : locator + 4] == b"PK\x06\x07":
        fp.seek(struct.unpack_from("<Q", tail, locator + 8)[0])
        record = fp.read(56)
        if len(record) == 56 and record[:4] == b"PK\x06\x06":
            entries = struct.unpack_from("<Q", record, 32)[0]
    return entries


def _data_offset(fp: IO[bytes], info: zipfile.ZipInfo) -> int:
    """Where a member's data starts: after its local header, whose name and extra may differ."""
    fp.seek(info.header_offset)
    header = fp.read(30)
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        raise _Skip("corrupt zip: bad local header")
    name_len, extra_len = struct.unpack_from("<HH", header, 26)
    return int(info.header_offset) + 30 + int(name_len) + int(extra_len)


def _link_problem(entry: os.DirEntry[str], root: Path) -> str | None:
    """Why a link in a folder cannot be followed (out of the folder, broken), or None."""
    if not entry.is_symlink():
        return None
    try:
        target = Path(entry.path).resolve(strict=True)
    except (OSError, RuntimeError):  # RuntimeError: a loop of links, in Python 3.11 and 3.12
        return "a broken link"
    return None if target.is_relative_to(root) else "a link leading out of the folder"


def _strava_index(text: str, folder: str) -> dict[str, dict[str, str]]:
    """``activities.csv`` as {file path (relative to the export): meta}; {} if it is not one."""
    rows = csv.reader(io.StringIO(text))
    header = next(rows, [])
    if "Filename" not in header:
        return {}
    at_file = header.index("Filename")
    columns = [(header.index(col), key) for col, key in STRAVA_COLUMNS.items() if col in header]
    index: dict[str, dict[str, str]] = {}
    for row in rows:
        if at_file < len(row) and row[at_file].strip():
            meta = {key: row[i].strip() for i, key in columns if i < len(row) and row[i].strip()}
            index[posixpath.normpath(posixpath.join(folder, row[at_file].strip()))] = meta
    return index


class _Walk:
    """One path given: its limits' running totals, and where ignored files are counted."""

    def __init__(self, limits: Limits, ignored: Counter[str]) -> None:
        self.limits = limits
        self.ignored = ignored
        self.unpacked = 0

    # --- the path given -------------------------------------------------------------------------

    def given(self, path: Path, name: str) -> Iterator[Item]:
        try:
            if path.is_dir():
                yield from self._at_least_one(self._folder(path, name), name, _NOTHING)
            elif not path.exists():
                yield Skipped(name, "no such file or folder")
            elif not path.is_file():
                yield Skipped(name, "not a file or a folder")
            elif (kind := _kind(path.name)) is None:
                yield Skipped(name, _NOT_CANDIDATE)
            else:
                yield from self._file(path, name, kind, {})
        except OSError as error:
            yield Skipped(name, _describe(error))

    def _at_least_one(self, items: Iterator[Item], name: str, reason: str) -> Iterator[Item]:
        """Pass ``items`` on; if there were none, say so: a path or zip never vanishes silently."""
        empty = True
        for item in items:
            empty = False
            yield item
        if empty:
            yield Skipped(name, reason)

    def _ignore(self, name: str) -> None:
        self.ignored[_suffix(name)] += 1

    # --- folders and files on disk --------------------------------------------------------------

    def _folder(self, root: Path, name: str) -> Iterator[Item]:
        index: dict[str, dict[str, str]] = {}
        yield from self._directory(root, root.resolve(), "", name, index)

    def _directory(
        self, folder: Path, root: Path, rel: str, name: str, index: dict[str, dict[str, str]]
    ) -> Iterator[Item]:
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError as error:
            yield Skipped(name, _describe(error))
            return
        for entry in entries:
            if entry.name == STRAVA_INDEX and entry.is_file(follow_symlinks=False):
                yield from self._index_file(Path(entry.path), f"{name}/{entry.name}", rel, index)
        for entry in entries:
            path, child = Path(entry.path), posixpath.join(rel, entry.name)
            shown = f"{name}/{entry.name}"
            if entry.is_dir(follow_symlinks=False):
                yield from self._directory(path, root, child, shown, index)
            elif entry.name == STRAVA_INDEX and entry.is_file(follow_symlinks=False):
                continue  # read above, as the index
            elif (kind := _kind(entry.name)) is None:
                self._ignore(entry.name)
            elif (problem := _link_problem(entry, root)) is not None:
                yield Skipped(shown, problem)
            elif not entry.is_file(follow_symlinks=True):
                self._ignore(entry.name)  # a link to a folder (never followed), a pipe, a socket
            else:
                yield from self._file(path, shown, kind, index.get(posixpath.normpath(child), {}))

    def _index_file(
        self, path: Path, name: str, rel: str, index: dict[str, dict[str, str]]
    ) -> Iterator[Item]:
        try:
            with path.open("rb") as stream:
                data = self._cap_plain(stream)
            index.update(_strava_index(data.decode("utf-8-sig", errors="replace"), rel))
        except _Skip as skip:
            yield Skipped(name, f"index not read: {skip.reason}")
        except _READ_ERRORS as error:
            yield Skipped(name, f"index not read: {_describe(error)}")

    def _file(self, path: Path, name: str, kind: Kind, meta: Mapping[str, str]) -> Iterator[Item]:
        try:
            stream = path.open("rb")
        except OSError as error:
            yield Skipped(name, _describe(error))
            return
        with stream:
            try:
                if kind == "zip":
                    yield from self._zip(stream, name, depth=1)
                elif kind == "gzip":
                    size = os.fstat(stream.fileno()).st_size
                    yield Source(name, self._gunzip(stream, size, depth=1), dict(meta))
                else:
                    yield Source(name, _not_empty(self._cap_plain(stream)), dict(meta))
            except _Skip as skip:
                yield Skipped(name, skip.reason)
            except _READ_ERRORS as error:
                yield Skipped(name, _describe(error, "zip" if kind == "zip" else ""))

    def _cap_plain(self, stream: IO[bytes]) -> bytes:
        return _read_capped(stream, self.limits.max_member_bytes, self._over_member)

    # --- limits ---------------------------------------------------------------------------------

    def _over_member(self, size: int) -> str:
        limit = self.limits.max_member_bytes
        return f"size {_size(size)} over the {_size(limit)} limit for one file"

    def _over_total(self) -> str:
        return f"unpacked size over the {_size(self.limits.max_total_bytes)} limit"

    def _over_ratio(self, ratio: float, *, at_least: bool = False) -> str:
        shown = "at least " if at_least else ""
        value = f"{ratio:.0f}" if ratio >= 10 else f"{ratio:.1f}"
        return f"compression ratio {shown}{value}:1 over the {self.limits.max_ratio:g}:1 limit"

    def _check_depth(self, depth: int) -> None:
        if depth > self.limits.max_depth:
            raise _Skip(f"archive nested {depth} deep, over the limit of {self.limits.max_depth}")

    def _check_member(self, info: zipfile.ZipInfo) -> None:
        """Refuse a member by what the zip declares of it, before reading a byte."""
        if info.flag_bits & 0x1:
            raise _Skip("encrypted (password-protected)")
        if stat.S_ISLNK(info.external_attr >> 16):
            raise _Skip("a symbolic link, not a file")
        if info.file_size > self.limits.max_member_bytes:
            raise _Skip(self._over_member(info.file_size))
        ratio = info.file_size / max(info.compress_size, 1)
        if ratio > self.limits.max_ratio:
            raise _Skip(self._over_ratio(ratio))
        if self.unpacked + info.file_size > self.limits.max_total_bytes:
            raise _Skip(self._over_total())

    # --- zips -----------------------------------------------------------------------------------

    def _zip(self, fp: IO[bytes], name: str, depth: int) -> Iterator[Item]:
        """Every member of the zip in ``fp`` (a file, a window on one, or bytes in memory)."""
        self._check_depth(depth)
        declared = _declared_entries(fp)
        if declared is not None and declared > self.limits.max_members:
            raise _Skip(self._over_members(declared))
        with zipfile.ZipFile(fp) as archive:
            members = archive.infolist()
            if len(members) > self.limits.max_members:
                raise _Skip(self._over_members(len(members)))
            if not members:
                raise _Skip("empty zip")
            index = yield from self._zip_index(archive, members, name)
            items = self._members(archive, fp, members, name, depth, index)
            yield from self._at_least_one(items, name, _NOTHING)

    def _over_members(self, count: int) -> str:
        return f"{count:,} members over the {self.limits.max_members:,} limit"

    def _zip_index(
        self, archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], name: str
    ) -> Generator[Item, None, dict[str, dict[str, str]]]:
        """Read every ``activities.csv`` in the zip first; the generator returns the index."""
        index: dict[str, dict[str, str]] = {}
        for info in members:
            if posixpath.basename(info.filename) != STRAVA_INDEX or _escapes(info.filename):
                continue
            shown = f"{name}!{info.filename}"
            try:
                self._check_member(info)
                data = self._read_member(archive, info)
                text = data.decode("utf-8-sig", errors="replace")
                index.update(_strava_index(text, posixpath.dirname(info.filename)))
            except _Skip as skip:
                yield Skipped(shown, f"index not read: {skip.reason}")
            except _READ_ERRORS as error:
                yield Skipped(shown, f"index not read: {_describe(error, 'zip')}")
        return index

    def _members(
        self,
        archive: zipfile.ZipFile,
        fp: IO[bytes],
        members: list[zipfile.ZipInfo],
        name: str,
        depth: int,
        index: Mapping[str, Mapping[str, str]],
    ) -> Iterator[Item]:
        for info in members:
            shown = f"{name}!{info.filename}"
            if _escapes(info.filename):
                yield Skipped(shown, "path escapes the archive")
                continue
            if info.filename.endswith("/") or posixpath.basename(info.filename) == STRAVA_INDEX:
                continue  # a folder, or the index read before
            if (kind := _kind(info.filename)) is None:
                self._ignore(info.filename)
                continue
            meta = index.get(posixpath.normpath(info.filename), {})
            try:
                yield from self._member(archive, fp, info, shown, kind, depth, meta)
            except _Skip as skip:
                yield Skipped(shown, skip.reason)
            except _READ_ERRORS as error:
                yield Skipped(shown, _describe(error, "zip"))

    def _member(
        self,
        archive: zipfile.ZipFile,
        fp: IO[bytes],
        info: zipfile.ZipInfo,
        name: str,
        kind: Kind,
        depth: int,
        meta: Mapping[str, str],
    ) -> Iterator[Item]:
        if kind == "zip":
            yield from self._nested_zip(archive, fp, info, name, depth + 1)
            return
        self._check_member(info)
        if kind == "gzip":
            self._check_depth(depth + 1)
            with archive.open(info) as stream:
                yield Source(name, self._gunzip(stream, info.file_size, depth + 1), dict(meta))
        else:
            yield Source(name, _not_empty(self._read_member(archive, info)), dict(meta))

    def _read_member(self, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
        with archive.open(info) as stream:
            data = _read_capped(stream, self.limits.max_member_bytes, self._over_member)
        self.unpacked += len(data)
        return data

    def _nested_zip(
        self, archive: zipfile.ZipFile, fp: IO[bytes], info: zipfile.ZipInfo, name: str, depth: int
    ) -> Iterator[Item]:
        """A zip in a zip: read in place when stored (no copy, any size), else in memory."""
        self._check_depth(depth)
        if info.compress_type == zipfile.ZIP_STORED and not info.flag_bits & 0x1:
            window = _Window(fp, _data_offset(fp, info), info.compress_size)
            inner: IO[bytes] = io.BufferedReader(window, buffer_size=64 * KiB)
        else:
            self._check_member(info)
            inner = io.BytesIO(self._read_member(archive, info))
        yield from self._zip(inner, name, depth)

    # --- gzip -----------------------------------------------------------------------------------

    def _gunzip(self, stream: IO[bytes], compressed: int, depth: int) -> bytes:
        """The gunzipped bytes of ``stream``, stopping at the first limit crossed."""
        self._check_depth(depth)
        limits, out = self.limits, bytearray()
        try:
            with gzip.GzipFile(fileobj=stream, mode="rb") as unzipped:
                while chunk := unzipped.read(_CHUNK):
                    out += chunk
                    if len(out) > limits.max_member_bytes:
                        raise _Skip(self._over_member(len(out)))
                    if len(out) > limits.max_ratio * max(compressed, 1):
                        ratio = len(out) / max(compressed, 1)
                        raise _Skip(self._over_ratio(ratio, at_least=True))
                    if self.unpacked + len(out) > limits.max_total_bytes:
                        raise _Skip(self._over_total())
        except EOFError:
            raise _Skip("truncated gzip") from None
        except gzip.BadGzipFile as error:
            raise _Skip(_describe(error)) from None
        except zlib.error as error:
            raise _Skip(f"corrupt gzip: {error}") from None
        if not out:
            raise _Skip("empty gzip")
        self.unpacked += len(out)
        return bytes(out)
