"""``insideout activity``: what insideout reads from a watch file, before anything is stored.

``activity inspect FILE`` prints the normalised summary of a FIT, GPX or TCX file (gzipped or not):
the same :class:`~insideout.core.activity.Activity` the importer stores, so a runner or coach can
see why a file counts as a run (or does not) and with which figures. A file that cannot be read
ends with ``FILE: reason`` and exit status 2, never a traceback.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

import click

from insideout.cli.common import fail
from insideout.core.activity import Activity, ActivityError
from insideout.importers.readers import read_activity

__all__ = ["activity", "summary"]

#: A watch file is a few MB; anything far larger is not one (and is not read into memory).
MAX_FILE_BYTES = 256 * 1024 * 1024


@click.group()
def activity() -> None:
    """Watch files (FIT, GPX, TCX): what insideout reads from them."""


@activity.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the summary as a JSON object.")
def inspect(file: Path, as_json: bool) -> None:
    """Print the normalised summary of FILE (.fit, .gpx, .tcx, or any of them gzipped)."""
    found = summary(_read(file))
    if as_json:
        click.echo(json.dumps(found, indent=2))
    else:
        click.echo(_as_text(found))


def _read(file: Path) -> Activity:
    try:
        if file.stat().st_size > MAX_FILE_BYTES:
            fail(f"{file}: larger than {MAX_FILE_BYTES // 2**20} MiB, not a watch file")
        data = file.read_bytes()
    except OSError as e:
        fail(f"{file}: cannot read file ({e.strerror or e})")
    try:
        return read_activity(file.name, data)
    except ActivityError as e:
        fail(f"{file}: {e.reason}")


def summary(a: Activity) -> dict[str, Any]:
    """The activity's figures as JSON-ready values (times in ISO 8601, UTC)."""
    return {
        "format": a.source_format,
        "sport": a.sport,
        "sub_sport": a.sub_sport,
        "start": a.start.isoformat().replace("+00:00", "Z") if a.start else None,
        "elapsed_s": a.elapsed_s,
        "moving_s": a.moving_s,
        "distance_m": a.distance_m,
        "ascent_m": a.ascent_m,
        "avg_hr": a.avg_hr,
        "max_hr": a.max_hr,
        "avg_speed_mps": a.avg_speed_mps,
        "avg_cadence_spm": a.avg_cadence_spm,
        "device": a.device,
        "sessions": a.sessions,
        "laps": len(a.laps),
        "records": a.records,
        "utc_offset_s": a.utc_offset_s,
        "dynamics": asdict(a.dynamics) if a.dynamics else None,
        "streams": [name for name, column in asdict(a.samples).items() if column],
        "is_running": a.is_running,
    }


def _as_text(found: dict[str, Any]) -> str:
    lines = []
    for key, value in found.items():
        if isinstance(value, dict):
            value = ", ".join(f"{k} {_plain(v)}" for k, v in value.items() if v is not None)
        elif isinstance(value, list):
            value = ", ".join(value) or "-"
        lines.append(f"{key:16s} {_plain(value)}")
    return "\n".join(lines)


def _plain(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return str(value)
