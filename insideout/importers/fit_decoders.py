"""The two FIT decoders behind :mod:`insideout.importers.fit`, and the few messages it reads.

pyfitparsernative (Rust) is fast but young; fitdecode (pure Python) is slow and well kept. Both
are pinned. :func:`decode` asks the fast one first and hands any file it refuses (or would misread:
compressed speed/distance records, which it does not expand) to the careful one, so a file is only
ever refused by fitdecode, with fitdecode's reason (the measurement behind the choice is at the top
of ``fit.py``). Each returns the same :class:`FitMessages`: plain dicts keyed by the
FIT profile's field names. The two differ in small ways the FIT reader absorbs, and only there:
fitdecode names sub-fields (``avg_running_cadence``, ``garmin_product``) and gives times as
datetimes (or a raw int for a device-relative time); pyfitparsernative keeps the generic name
(``avg_cadence``, ``product`` as an int) and gives times as naive ISO strings in UTC.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import fitdecode
import pyfitparsernative

__all__ = ["FitDecodeError", "FitMessages", "decode", "decode_careful", "decode_fast"]

Message = dict[str, Any]

#: The message types the FIT reader reads; every other message is skipped.
WANTED = frozenset({"file_id", "session", "lap", "record", "activity", "sport", "device_info"})


class FitDecodeError(Exception):
    """fitdecode could not read the file; ``reason`` says why in plain words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class FitMessages:
    """The messages of one FIT file (of a chained file: all its parts), in file order."""

    decoder: str
    file_id: Message | None = None
    sessions: list[Message] = field(default_factory=list)
    laps: list[Message] = field(default_factory=list)
    records: list[Message] = field(default_factory=list)
    activity: Message | None = None
    sports: list[Message] = field(default_factory=list)
    device_infos: list[Message] = field(default_factory=list)

    def add(self, kind: str, message: Message) -> None:
        if kind == "record":
            self.records.append(message)
        elif kind == "lap":
            self.laps.append(message)
        elif kind == "session":
            self.sessions.append(message)
        elif kind == "device_info":
            self.device_infos.append(message)
        elif kind == "sport":
            self.sports.append(message)
        elif kind == "file_id":
            self.file_id = self.file_id or message  # a chained file: the first part names it
        elif kind == "activity":
            self.activity = self.activity or message


def decode(data: bytes) -> FitMessages:
    """The messages of a FIT file: fast when the fast decoder reads it, else careful."""
    try:
        return decode_fast(data)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # noqa: S110 - refused (a Rust panic is a BaseException): try fitdecode
        pass
    return decode_careful(data)


def decode_fast(data: bytes) -> FitMessages:
    """pyfitparsernative: CRC-checked, every message as a dict; raises on anything it refuses."""
    messages = pyfitparsernative.parse_fit_bytes(data)
    if not messages:
        raise ValueError("no messages")  # it accepts an empty input: let fitdecode judge it
    got = _collect(((m["message_type"], m) for m in messages), "pyfitparsernative")
    if any("compressed_speed_distance" in r for r in got.records):
        raise ValueError("compressed speed/distance")  # it does not expand them: fitdecode does
    return got


def decode_careful(data: bytes) -> FitMessages:
    """fitdecode, checking the CRC but reading on past a malformed definition (as the SDK does)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # ErrorHandling.WARN warns for each skipped field
            return _collect(_fitdecode_messages(data), "fitdecode")
    except fitdecode.FitCRCError as e:
        raise FitDecodeError(f"bad CRC: the file is damaged ({e})") from e
    except fitdecode.FitEOFError as e:
        raise FitDecodeError(f"truncated: the file ends before its data does ({e})") from e
    except fitdecode.FitHeaderError as e:
        raise FitDecodeError(f"not a FIT file, or a damaged one ({e})") from e
    except Exception as e:  # fitdecode raises more than FitError on damaged bytes
        raise FitDecodeError(f"damaged FIT data ({type(e).__name__}: {e})") from e


def _fitdecode_messages(data: bytes) -> Iterable[tuple[str, Message]]:
    reader = fitdecode.FitReader(
        io.BytesIO(data),
        check_crc=fitdecode.CrcCheck.RAISE,
        error_handling=fitdecode.ErrorHandling.WARN,
    )
    with reader:
        for frame in reader:
            if frame.frame_type == fitdecode.FIT_FRAME_DATA and frame.name in WANTED:
                yield frame.name, {f.name: f.value for f in frame.fields if f.value is not None}


def _collect(messages: Iterable[tuple[str, Message]], decoder: str) -> FitMessages:
    got = FitMessages(decoder)
    for kind, message in messages:
        if kind in WANTED:
            got.add(kind, message)
    return got
