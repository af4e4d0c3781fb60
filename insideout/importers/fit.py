"""The FIT reader: a Garmin/Coros/Suunto/Wahoo... activity file as one :class:`Activity`.

Decoders, measured 2026-11-29 on the 40 FIT files of tests/data/fit (= shared/data/fit; 187,312
record messages), bytes in memory, one core (``benchmarks/bench_fit_reader.py``; this machine is
noisy, so the ratio is the figure to keep):

    pyfitparsernative 0.2.3 (Rust, MIT)   ~130,000-140,000 records/s (shared bench: 53,000 on a
                                          slow run)          refused 0/40 good files
    fitdecode 0.11.0 (pure Python, MIT)   ~13,000 records/s, x0.10 (shared bench: 9,200)
                                                             refused 0/40 good files
    read_fit (decode + this normalising)  ~77,000 records/s, x0.60 of bare pyfitparsernative

Correctness first: on all 40 files both give the same Activity (every figure, lap and per-record
stream) but for two misreads of pyfitparsernative's, both handled here: it does not expand
``compressed_speed_distance`` (1 file: no distance or speed stream), so such a file goes to
fitdecode; and where it derives ``enhanced_speed`` from ``speed`` (or back) its copy can be 1 mm/s
low (1,721 records in 21 of the 40 files, ~0.9 %), so the larger of the two is taken
(:func:`_speed`). Both agree with shared/data/MANIFEST.md on every good file, but for two figures
its own notes ask for (a session heart rate of 0 is none; a session without a start time starts at
its first record). Both refuse the damaged FIT files of shared/data/bad (bad CRC, truncated, not
FIT), but pyfitparsernative returns "no messages" for a 0-byte file (refused here before any
decoder runs). Fuzzed with valid CRCs, it panics in Rust on about 1 damaged file in 8 (a
PanicException, caught; Rust prints the panic on stderr) where fitdecode raises. So
pyfitparsernative decodes first and any file it refuses goes to fitdecode, whose verdict stands
(``fit_decoders.decode``).

Figures (EV-TECH-FIT-*): sport, start, durations, distance and heart rate from the first session
(``sessions`` says how many a multi-sport file holds); cadence in steps/min for running only, per
session, lap and record: 2 x (cadence + fractional cadence) (EV-F-SPM). A figure the file does not
hold, or holds as 0 where 0 cannot be measured (heart rate, a running-dynamics value), is None.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Callable, Sequence
from typing import Any

from fitdecode import profile

from insideout.core.activity import (
    RUNNING_SPORTS,
    Activity,
    ActivityError,
    Dynamics,
    Lap,
    Leg,
    mean,
)
from insideout.importers.fit_decoders import FitDecodeError, FitMessages, Message, decode
from insideout.importers.samples import samples
from insideout.importers.sports import normalise_sport, normalise_sub_sport

__all__ = ["activity_of", "read_fit"]

FIT_EPOCH = dt.datetime(1989, 12, 31, tzinfo=dt.UTC)
#: FIT profile: a date_time below 0x10000000 is seconds since the device powered on, not a date.
ABSOLUTE_FROM = FIT_EPOCH + dt.timedelta(seconds=0x10000000)
SEMICIRCLE_DEG = 180 / 2**31
#: The manufacturers whose ``product`` is a Garmin product number (FIT profile sub-field).
GARMIN_MAKERS = frozenset({"garmin", "dynastream", "dynastream_oem", "tacx"})
GARMIN_PRODUCTS: dict[int, str] = profile.FIELD_TYPES["garmin_product"].enum
MAX_UTC_OFFSET_S = 14 * 3600
DYNAMICS = (
    ("stance_time", "stance_time_ms"),
    ("stance_time_balance", "stance_balance_left_pct"),
    ("vertical_oscillation", "vertical_oscillation_mm"),
    ("vertical_ratio", "vertical_ratio_pct"),
    ("step_length", "step_length_mm"),
)


def read_fit(name: str, data: bytes) -> Activity:
    """The activity in a FIT file, or :class:`ActivityError` naming ``name`` and what is wrong."""
    if len(data) < 12 or data[8:12] != b".FIT":
        reason = "empty file" if not data else "not a FIT file (no .FIT signature at byte 8)"
        raise ActivityError(name, reason)
    try:
        messages = decode(data)
    except FitDecodeError as e:
        raise ActivityError(name, e.reason) from e
    try:
        return activity_of(name, messages)
    except ActivityError:
        raise
    except Exception as e:  # a value no decoder should give: still the file's fault, and named
        raise ActivityError(name, f"FIT values that make no sense ({type(e).__name__}: {e})") from e


def activity_of(name: str, m: FitMessages) -> Activity:
    """The decoded messages as an activity: the first session's figures, every record's stream."""
    session = _first_session(name, m)
    named = session if "sport" in session else (m.sports[0] if m.sports else {})
    sport = normalise_sport(named.get("sport"))
    running = sport in RUNNING_SPORTS
    begin = timestamp(session.get("start_time"))
    columns = _samples(m, begin)
    return Activity(
        source_format="fit",
        sport=sport,
        sub_sport=normalise_sub_sport(named.get("sub_sport")),
        start=_absolute(begin) or _first_absolute(m.records),
        elapsed_s=_number(session.get("total_elapsed_time")),
        moving_s=_number(session.get("total_timer_time")),
        distance_m=_number(session.get("total_distance")),
        ascent_m=_number(session.get("total_ascent")),
        avg_hr=_measured(session.get("avg_heart_rate")),
        max_hr=_measured(session.get("max_heart_rate")),
        avg_speed_mps=_speed(session.get("enhanced_avg_speed"), session.get("avg_speed")),
        avg_cadence_spm=_summary_spm(session) if running else None,
        device=_device(m),
        laps=tuple(_lap(lap, running) for lap in _session_laps(m)),
        dynamics=_dynamics(columns),
        samples=samples(columns),
        sessions=len(m.sessions),
        utc_offset_s=_utc_offset(m.activity),
        records=len(m.records),
        legs=_legs(m) if len(m.sessions) > 1 else (),
        wall_day=_wall_day(m.activity),
    )


def _wall_day(activity: Message | None) -> dt.date | None:
    """The device's local date (activity.local_timestamp), where it is a real date."""
    local = _absolute(timestamp(activity.get("local_timestamp"))) if activity else None
    return None if local is None else local.date()


def _legs(m: FitMessages) -> tuple[Leg, ...]:
    """Every session of a multi-sport file, so its running legs can count as running load."""
    out = []
    for s in m.sessions:
        sport = normalise_sport(s.get("sport"))
        running = sport in RUNNING_SPORTS
        out.append(
            Leg(
                sport=sport,
                start=_absolute(timestamp(s.get("start_time"))),
                elapsed_s=_number(s.get("total_elapsed_time")),
                moving_s=_number(s.get("total_timer_time")),
                distance_m=_number(s.get("total_distance")),
                avg_cadence_spm=_summary_spm(s) if running else None,
            )
        )
    return tuple(out)


def _first_session(name: str, m: FitMessages) -> Message:
    kind = (m.file_id or {}).get("type", "activity")
    if kind != "activity":
        raise ActivityError(name, f"a FIT {kind} file, not an activity")
    if not m.sessions:
        raise ActivityError(name, "no session: the file holds no activity to import")
    return m.sessions[0]


# --- times ----------------------------------------------------------------------------------------


def timestamp(value: object) -> dt.datetime | None:
    """A FIT time from either decoder, aware (a device-relative one counts from the FIT epoch)."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value).replace(tzinfo=dt.UTC)
        except ValueError:
            return None
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 0xFFFFFFFF:
        return FIT_EPOCH + dt.timedelta(seconds=value)
    return None


def _absolute(t: dt.datetime | None) -> dt.datetime | None:
    return t if t is not None and t >= ABSOLUTE_FROM else None


def _first_absolute(records: Sequence[Message]) -> dt.datetime | None:
    """Where the session has no start time, the first record's (if it is a real date)."""
    for record in records:
        t = timestamp(record.get("timestamp"))
        if t is not None:
            return _absolute(t)
    return None


def _utc_offset(activity: Message | None) -> int | None:
    """The device's local-time offset: activity.local_timestamp - timestamp, to 15 minutes."""
    if activity is None:
        return None
    utc = _absolute(timestamp(activity.get("timestamp")))
    local = timestamp(activity.get("local_timestamp"))
    if utc is None or local is None:
        return None
    offset = round((local - utc).total_seconds() / 900) * 900
    return offset if abs(offset) <= MAX_UTC_OFFSET_S else None


# --- figures --------------------------------------------------------------------------------------


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if value == value else None  # NaN is not a figure


def _speed(enhanced: object, plain: object) -> float | None:
    """The recorded speed. Each decoder fills the one of ``enhanced_speed`` and ``speed`` the
    file lacks from the other; pyfitparsernative's copy can be 1 mm/s low (1.004 for 1.005), so
    the larger of the two is the one the device wrote."""
    got = [v for v in (_number(enhanced), _number(plain)) if v is not None]
    return max(got) if got else None


def _measured(value: object) -> float | None:
    """A value where 0 means "no sensor" (heart rate, running dynamics): 0 is None."""
    number = _number(value)
    return number if number else None


def _spm(cadence: object, fraction: object) -> float | None:
    """Steps per minute from a running cadence in strides per minute (EV-F-SPM)."""
    strides = _number(cadence)
    if strides is None:
        return None
    return 2 * (strides + (_number(fraction) or 0.0))


def _summary_spm(summary: Message) -> float | None:
    """A session's or lap's steps/min; 0 (no foot pod, no wrist count) is None."""
    cadence = summary.get("avg_running_cadence", summary.get("avg_cadence"))
    return _spm(cadence, summary.get("avg_fractional_cadence")) if cadence else None


def _device(m: FitMessages) -> str | None:
    """``maker / product`` from file_id, plus the creator's product name when it gives one."""
    file_id = m.file_id or {}
    maker = file_id.get("manufacturer")
    if maker is None:
        return None
    product = file_id.get("garmin_product", file_id.get("product"))
    if isinstance(product, int) and maker in GARMIN_MAKERS:
        product = GARMIN_PRODUCTS.get(product, product)
    device = f"{maker} / {product}" if product is not None else str(maker)
    named = [d["product_name"] for d in m.device_infos if _is_creator(d) and "product_name" in d]
    return f"{device} ({named[0]})" if named else device


def _is_creator(device_info: Message) -> bool:
    return device_info.get("device_index") in ("creator", 0)


# --- laps -----------------------------------------------------------------------------------------


def _session_laps(m: FitMessages) -> list[Message]:
    """The first session's laps: by its lap indices, else those before the second session."""
    if len(m.sessions) == 1:
        return m.laps
    first, count = m.sessions[0].get("first_lap_index"), m.sessions[0].get("num_laps")
    if isinstance(first, int) and isinstance(count, int) and first + count <= len(m.laps):
        return m.laps[first : first + count]
    second = timestamp(m.sessions[1].get("start_time"))
    if second is None:
        return m.laps
    return [lap for lap in m.laps if (timestamp(lap.get("start_time")) or second) < second]


def _lap(lap: Message, running: bool) -> Lap:
    return Lap(
        start=_absolute(timestamp(lap.get("start_time"))),
        elapsed_s=_number(lap.get("total_elapsed_time")),
        moving_s=_number(lap.get("total_timer_time")),
        distance_m=_number(lap.get("total_distance")),
        avg_hr=_measured(lap.get("avg_heart_rate")),
        avg_cadence_spm=_summary_spm(lap) if running else None,
    )


# --- records --------------------------------------------------------------------------------------


Column = list[float | None]


def _samples(m: FitMessages, begin: dt.datetime | None) -> dict[str, Column]:
    """Every timed record as columns, built a column at a time (the importer's hot loop);
    steps/min only for records inside a running session."""
    timed = [(t, r) for r in m.records if (t := timestamp(r.get("timestamp"))) is not None]
    base = begin or (timed[0][0] if timed else FIT_EPOCH)
    records = [r for _, r in timed]
    running_at = _running_at(m.sessions)
    running = [running_at(t) for t, _ in timed]

    present = set().union(*records)  # a field no record holds costs nothing

    def raw(key: str) -> list[Any]:
        return [r.get(key) for r in records] if key in present else []

    columns: dict[str, Column] = {
        "t_s": [(t - base).total_seconds() for t, _ in timed],
        "distance_m": _numbers(raw("distance")),
        "hr": _numbers(raw("heart_rate"), zero_is_none=True),
        "cadence_spm": _steps(raw("cadence"), raw("fractional_cadence"), running),
        "speed_mps": _larger(_numbers(raw("enhanced_speed")), _numbers(raw("speed"))),
        "altitude_m": _numbers(raw("enhanced_altitude")) or _numbers(raw("altitude")),
        "lat": [v * SEMICIRCLE_DEG if type(v) is int else None for v in raw("position_lat")],
        "lon": [v * SEMICIRCLE_DEG if type(v) is int else None for v in raw("position_long")],
    }
    for theirs, ours in DYNAMICS:
        columns[ours] = _numbers(raw(theirs), zero_is_none=True)
    return columns


def _numbers(values: list[Any], zero_is_none: bool = False) -> Column:
    """Numbers as floats, anything else (absent, NaN; 0 where it means "no sensor") as None;
    an empty list when nothing was recorded."""
    out: Column = [
        float(v) if type(v) in (int, float) and v == v and (v or not zero_is_none) else None
        for v in values
    ]
    return out if any(v is not None for v in out) else []


def _steps(cadence: list[Any], fraction: list[Any], running: list[bool]) -> Column:
    """Steps per minute from strides per minute, in running records only (EV-F-SPM)."""
    strides, fractions = _numbers(cadence), _numbers(fraction)
    if not strides or not any(running):
        return []
    fractions = fractions or [None] * len(strides)
    return [
        2 * (c + (f or 0.0)) if run and c is not None else None
        for c, f, run in zip(strides, fractions, running, strict=True)
    ]


def _larger(enhanced: Column, plain: Column) -> Column:
    """The recorded speed of each record (see :func:`_speed`)."""
    if not enhanced or not plain:
        return enhanced or plain
    return [
        (a if b is None or (a is not None and a >= b) else b)
        for a, b in zip(enhanced, plain, strict=True)
    ]


def _running_at(sessions: Sequence[Message]) -> Callable[[dt.datetime], bool]:
    """Whether a record at time t lies in a running session (multi-sport: by session start)."""
    kinds = [normalise_sport(s.get("sport")) in RUNNING_SPORTS for s in sessions]
    starts = [timestamp(s.get("start_time")) for s in sessions]
    if len(set(kinds)) == 1 or any(t is None for t in starts):
        first = kinds[0]
        return lambda _t: first
    ordered = sorted(zip(starts, kinds, strict=True), key=lambda pair: pair[0] or ABSOLUTE_FROM)
    bounds = [t or ABSOLUTE_FROM for t, _ in ordered]

    def running_at(t: dt.datetime) -> bool:
        return ordered[max(bisect_right(bounds, t) - 1, 0)][1]

    return running_at


def _dynamics(columns: dict[str, Column]) -> Dynamics | None:
    """Running dynamics summarised as the means of the recorded values; None if none recorded."""
    means = {ours: mean(columns[ours]) for _, ours in DYNAMICS}
    if all(v is None for v in means.values()):
        return None
    return Dynamics(**means)
