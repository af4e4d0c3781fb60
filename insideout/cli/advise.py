"""``insideout advise RUNNER.json``: what the runner does next week, and why.

Bad input never ends in a traceback: every problem is printed as ``FILE: field: message`` on
stderr and the command exits with status 2 (as click does for usage errors).
"""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from pathlib import Path
from typing import Any

import click

from insideout.cli.common import catalogue, fail, read_json
from insideout.cli.common import method as load_the_method
from insideout.core import InputError
from insideout.core.advise import advice_dict
from insideout.core.advise import advise as advise_core
from insideout.core.errors import Issue
from insideout.core.history import parse_history
from insideout.core.screen import parse_date

__all__ = ["advise", "render_text"]


def _day(value: str | None) -> dt.date:
    if value is None:
        return dt.datetime.now().astimezone().date()  # the runner's local today
    issues: list[Issue] = []
    day = parse_date(value, ("--on",), issues)
    if day is None:
        fail(f"--on: {issues[0].message}")
    return day


@click.command("advise")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--on", "on", metavar="YYYY-MM-DD", help="The day to advise on (default: today).")
@click.option("--json", "as_json", is_flag=True, help="Print the advice as JSON.")
def advise(file: Path, on: str | None, as_json: bool) -> None:
    """Plan next week for the runner in FILE (history: screens, runs, pain, strength)."""
    day = _day(on)
    cat, method = catalogue(), load_the_method()
    raw = read_json(file)
    try:
        history = parse_history(raw, cat, method, on=day, source=str(file))
    except InputError as e:
        fail(e.describe())
    doc = advice_dict(advise_core(history, day, cat, method))
    if as_json:
        click.echo(json.dumps(doc, indent=2, ensure_ascii=False))
    else:
        click.echo(render_text(doc))


def _wrap(text: str, indent: str = "    ") -> str:
    return textwrap.fill(text, 96, initial_indent=indent, subsequent_indent=indent)


def _exercise(e: dict[str, Any]) -> str:
    amount = f"{e['reps']} reps" if "reps" in e else f"{e['seconds']} s"
    side = f" ({e['side']})" if e["side"] else ""
    return f"{e['id']} {e['sets']} x {amount}{side}"


def render_text(doc: dict[str, Any]) -> str:
    """The advice as a readable summary: the week, then every reason."""
    week = doc["next_week"]
    lines = [
        f"Runner {doc['runner']}: the week from {week['start']}  (phase: {doc['phase']})",
        "",
    ]
    if doc["refer"]:
        lines += [
            "SEE A PROFESSIONAL",
            _wrap(doc["refer"]["reason"]),
            _wrap(doc["refer"]["words"]),
            "",
        ]
    recovery = "  (recovery week)" if week["recovery_week"] else ""
    lines.append(
        f"Running: {len(week['runs'])} run(s), {week['planned_km']:g} km, "
        f"longest {week['longest_run_km']:g} km{recovery}"
    )
    for r in week["runs"]:
        lines.append(f"  {r['date']}  {r['kind']:<9} {r['distance_km']:g} km")
    lines.append(f"Foundation: {len(week['strength'])} session(s)")
    if week["strength"]:
        days = ", ".join(s["date"] for s in week["strength"])
        lines.append(f"  on {days}:")
        for e in week["strength"][0]["exercises"]:
            lines.append(f"  - {_exercise(e)}")
    tech = doc["technique"]
    if tech["unlocked"]:
        lines += ["Technique: unlocked", _wrap(tech["prescription"]["text"])]
    else:
        lines.append("Technique: locked; missing:")
        lines += [f"  - {m}" for m in tech["missing"]]
    lines += ["", "Why:"]
    for d in doc["decisions"]:
        lines.append(f"- [{d['verdict']}] {d['rule']} ({d['evidence']})")
        lines.append(_wrap(d["text"]))
    lines += ["", "Load (context only, never a rule):", _wrap(doc["load"]["text"])]
    return "\n".join(lines)
