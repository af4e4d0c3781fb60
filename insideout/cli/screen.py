"""``insideout screen``: the screen catalogue, its protocols, and scoring a screen file.

Bad input never ends in a traceback: every problem is printed as ``FILE: field: message`` on
stderr and the command exits with status 2 (as click does for usage errors).
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import click

from insideout.cli.common import catalogue, fail, method, read_json
from insideout.core import InputError, Profile, compare, parse_screen, profile_dict, score
from insideout.core.errors import Issue
from insideout.core.method import Method
from insideout.core.pain.red_flags import screen_warnings
from insideout.core.report import change_dict
from insideout.core.screen import Catalogue, Screen

__all__ = ["render_text", "screen"]


def _screen(path: Path, cat: Catalogue) -> Screen:
    try:
        return parse_screen(read_json(path), cat, source=str(path))
    except InputError as e:
        fail(e.describe())


def _profile(path: Path, cat: Catalogue) -> Profile:
    return score(_screen(path, cat), cat)


def _warnings(screen: Screen, rules: Method) -> list[dict[str, Any]]:
    """The red flags this screen's painful tests raise: running stops until someone qualified
    has looked (the advice stops on the same, :func:`screen_warnings`)."""
    out = []
    for test, name in screen_warnings(screen, rules.pain):
        flag = rules.red_flags.get(name)
        if flag is not None:
            out.append({"test": test, "red_flag": name, "label": flag.label,
                        "words": flag.words, "evidence": flag.evidence})  # fmt: skip
    return out


@click.group()
def screen() -> None:
    """The movement screen: tests, protocols, scoring."""


@screen.command("tests")
def tests_cmd() -> None:
    """List the screen's tests as a table."""
    cat = catalogue()
    rows = [("id", "name", "regions", "quality", "unit", "sides")]
    for t in cat.tests.values():
        sides = "computed" if t.derived else ("left/right" if t.per_side else "whole body")
        regions = ",".join(r.value for r in t.regions) or "-"
        rows.append((t.id, t.name, regions, t.quality.value, t.unit, sides))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for n, row in enumerate(rows):
        click.echo("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
        if n == 0:
            click.echo("  ".join("-" * w for w in widths))


@screen.command("protocol")
@click.argument("test_id")
def protocol_cmd(test_id: str) -> None:
    """Print the step-by-step protocol of TEST_ID."""
    cat = catalogue()
    t = cat.tests.get(test_id)
    if t is None:
        fail(f"unknown test {test_id!r}; expected one of: {', '.join(cat.tests)}")
    click.echo(f"{t.name} ({t.id})\n{t.summary}\n")
    click.echo(
        f"Measures: {t.quality.value}, in {t.unit} ({t.scored_as or 'see steps'}); "
        f"{'each side' if t.per_side else 'whole body'}."
    )
    if t.derived:
        click.echo(f"Computed from: {', '.join(t.derived.inputs)} and {t.derived.per}.")
        return
    click.echo(f"Equipment: {'; '.join(t.equipment)}.\n\nSteps:")
    for i, step in enumerate(t.protocol, 1):
        click.echo(textwrap.fill(step, 96, initial_indent=f"{i:>2}. ", subsequent_indent="    "))
    if t.watch_for:
        click.echo("\nWatch for:")
        for w in t.watch_for:
            click.echo(textwrap.fill(w, 96, initial_indent="  - ", subsequent_indent="    "))
    click.echo(f"\nEvidence: {', '.join(t.evidence)}")


@screen.command("score")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--since",
    "since",
    multiple=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="An earlier screen file of the same runner (repeatable): show what changed since the "
    "latest of them, and since the first when there are several.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the profile as JSON.")
def score_cmd(file: Path, since: tuple[Path, ...], as_json: bool) -> None:
    """Score the screen in FILE and print the balance profile."""
    cat = catalogue()
    this = _screen(file, cat)
    profile = score(this, cat)
    earlier = sorted((_profile(path, cat) for path in since), key=lambda p: p.date)
    late = [p.date for p in earlier if p.date >= profile.date]
    if late:
        message = f"expected a date after the earlier screen ({late[-1]}), got {profile.date}"
        fail(InputError([Issue(("date",), message)], source=str(file)).describe())
    doc = profile_dict(profile, compare(profile, earlier[-1], cat) if earlier else None)
    doc["warnings"] = _warnings(this, method())
    if len(earlier) > 1:
        first = earlier[0]
        doc["since_first"] = {
            "date": first.date.isoformat(),
            "changes": [change_dict(c) for c in compare(profile, first, cat)],
        }
    if as_json:
        click.echo(json.dumps(doc, indent=2, ensure_ascii=False))
    else:
        click.echo(render_text(doc))


def render_text(doc: dict[str, Any]) -> str:
    """The profile as a readable table followed by the explained findings."""
    lines = [
        f"Screen of {doc['date']}"
        + ("  (generalised hypermobility)" if doc["hypermobile"] else ""),
        "",
    ]
    for w in doc.get("warnings", ()):
        lines.append(
            textwrap.fill(
                f"STOP RUNNING: pain during the {w['test'].replace('_', ' ')} test is a warning "
                f"sign ({w['label']}, {w['evidence']}). {w['words']}",
                96,
                subsequent_indent="    ",
            )
        )
        lines.append("")
    lines.append(f"{'region':<11} {'left':<10} {'right':<10}")
    by = {(r["region"], r["side"]): r for r in doc["profile"]}
    for region in dict.fromkeys(r["region"] for r in doc["profile"]):
        lines.append(
            f"{region:<11} {by[(region, 'left')]['need']:<10} {by[(region, 'right')]['need']:<10}"
        )
    lines.append("")
    lines.append("Findings:" if doc["findings"] else "Findings: none")
    for f in doc["findings"]:
        side = f" {f['side']}" if f["side"] else ""
        lines.append(
            f"- [{f['kind']}] {f['rule']}{side}: {f['value']:g} vs {f['threshold']:g} "
            f"({f['evidence']})"
        )
        lines.append(textwrap.fill(f["text"], 96, initial_indent="    ", subsequent_indent="    "))
    unknown = [r for r in doc["profile"] if r["need"] == "unknown"]
    if unknown:
        lines.append("")
        for r in unknown:
            lines.append(f"unknown {r['region']} {r['side']}: missing {', '.join(r['missing'])}")
    if doc.get("changes") is not None:
        lines.append("")
        lines.append(
            "Since the earlier screen:"
            if doc["changes"]
            else "Since the earlier screen: no finding to compare"
        )
        for c in doc["changes"]:
            lines.append(
                textwrap.fill(f"- {c['verdict']}: {c['text']}", 96, subsequent_indent="    ")
            )
    if doc.get("since_first"):
        lines.append("")
        lines.append(f"Since the first screen ({doc['since_first']['date']}):")
        for c in doc["since_first"]["changes"]:
            lines.append(
                textwrap.fill(f"- {c['verdict']}: {c['text']}", 96, subsequent_indent="    ")
            )
    lines.append("")
    lines.append(
        "The screen chooses training targets; it does not predict injury (EV-GEN-SCREEN-LIMITS)."
    )
    return "\n".join(lines)
