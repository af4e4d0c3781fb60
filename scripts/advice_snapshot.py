"""The advice for a few hundred seeded histories, as JSON lines: a refactoring must not change it.

    .venv/bin/python scripts/advice_snapshot.py /tmp/before.jsonl          # write a snapshot
    .venv/bin/python scripts/advice_snapshot.py /tmp/after.jsonl --compare /tmp/before.jsonl

Each history is a year of running from ``benchmarks/bench_advise.py``'s ``make_history`` turned into
the JSON ``insideout advise`` reads, then varied with a fixed seed: pain answered and not answered,
pain reports (with and without a site, at rest, with red flags), red flags on runs, clearances by a
physiotherapist or a doctor, the coach's overrides and weekly cap, full and partial re-screens
(pain in the hop test), a spike, a break from running, missed strength sessions. Each is advised on
three days spread over its year, through the same door as the command line (``parse_history``,
then ``advise``); one in ten is also broken on purpose and the parser's issues are written. A line
is ``{"seed", "on", "advice"}`` or ``{"seed", "on", "issues"}``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.bench_advise import ON, make_history  # noqa: E402
from insideout.catalogue import load_catalogue  # noqa: E402
from insideout.catalogue.method import load_method  # noqa: E402
from insideout.core import InputError, advice_dict, advise, parse_history  # noqa: E402
from insideout.core.history import History  # noqa: E402

CATALOGUE = load_catalogue()
METHOD = load_method()
SITES = sorted(METHOD.pain.sites)
FLAGS = sorted(METHOD.red_flags)
TESTS = sorted({m for m in CATALOGUE.tests if CATALOGUE.tests[m].derived is None})
DAY = dt.timedelta(days=1)
Doc = dict[str, Any]


def _day(d: dt.date) -> str:
    return d.isoformat()


def _pains(rng: random.Random, run: Any) -> tuple[Any, Any, Any]:
    """The run's pain answers, varied: as generated, not answered, in part, or made up anew."""
    during, after, morning = run.pain_during, run.pain_after, run.pain_next_morning
    roll = rng.random()
    if roll < 0.15:
        return None, None, None  # not answered: unknown, never 0
    if roll < 0.25:
        return during, None, None
    if roll < 0.30:
        return None, after, morning
    if roll < 0.40:
        peak = rng.choice((1, 2, 3, 4, 5, 6, 7, 8))
        return (
            float(rng.randint(0, peak)),
            rng.choice((None, float(peak))),
            rng.choice((None, 0.0, float(max(0, peak - rng.randint(0, 4))))),
        )
    return during, after, morning


def _run(rng: random.Random, run: Any, calm: bool) -> Doc:
    during, after, morning = (0.0, 0.0, 0.0) if calm else _pains(rng, run)
    painful = any(v for v in (during, after, morning))
    site = run.pain_site if run.pain_site else (rng.choice(SITES) if painful else None)
    if painful and rng.random() < 0.15:
        site = None
    flags = [] if calm else list(run.red_flags)
    if not calm and rng.random() < 0.004:
        flags.append(rng.choice(FLAGS))
    return {
        "date": _day(run.date),
        "distance_km": run.distance_km,
        "duration_min": round(run.duration_min, 2),
        "rpe": run.rpe if rng.random() > 0.1 else None,
        "pain_during": during,
        "pain_after": after,
        "pain_next_morning": morning,
        "pain_site": site,
        "pain_side": rng.choice((None, "left", "right")) if site else None,
        "red_flags": sorted(set(flags)),
        "cadence_spm": round(run.cadence_spm, 1) if rng.random() > 0.3 else None,
        "kind": rng.choice((None, "easy", "long")),
    }


def _screen(rng: random.Random, screen: Any, first: bool, calm: bool) -> Doc:
    measures = []
    partial = not first and rng.random() < 0.3
    kept = set(rng.sample(TESTS, rng.randint(1, 4))) if partial else set(TESTS)
    for m in screen.measures:
        if m.test not in kept:
            continue
        item: Doc = {"test": m.test, "value": m.value}
        if m.side is not None:
            item["side"] = m.side.value
        if m.test == "single_leg_hop" and not calm and rng.random() < 0.03:
            item["pain"] = True
        measures.append(item)
    return {"date": _day(screen.date), "measures": measures}


def _spike_and_break(rng: random.Random, runs: list[Doc], start: dt.date) -> list[Doc]:
    if runs and rng.random() < 0.15:  # a month or more off running
        off = start + rng.randint(30, 330) * DAY
        gap = rng.randint(20, 50) * DAY
        runs = [r for r in runs if not off <= dt.date.fromisoformat(r["date"]) < off + gap]
    if rng.random() < 0.25:  # a race or a typo: far longer than anything before
        when = start + rng.randint(10, 364) * DAY
        km = rng.choice((21.1, 42.2, 30.0, 80.0))
        runs.append(_plain(when, km, km * rng.uniform(5, 7)))
    return sorted(runs, key=lambda r: r["date"])


def _episode(rng: random.Random, runs: list[Doc], start: dt.date) -> None:
    """Mild pain at one site on every run for two to six weeks (the persisting-pain rule)."""
    first = start + rng.randint(0, 340) * DAY
    last = first + rng.randint(10, 42) * DAY
    site = rng.choice(SITES)
    for r in runs:
        if first.isoformat() <= r["date"] <= last.isoformat():
            r.update(pain_during=float(rng.randint(1, 3)), pain_after=None, pain_site=site)
            r["pain_next_morning"] = rng.choice((None, 0.0, 1.0))


def _plain(when: dt.date, km: float, minutes: float) -> Doc:
    return {"date": _day(when), "distance_km": km, "duration_min": round(minutes, 2)}


def _reports(rng: random.Random, h: History, start: dt.date) -> list[Doc]:
    out: list[Doc] = [
        {"date": _day(p.date), "pain": p.pain, "site": p.site, "side": None} for p in h.reports
    ]
    for _ in range(rng.choice((0, 0, 1, 2, 4))):
        site = rng.choice([None, *SITES])
        flags: list[str] = []
        if rng.random() < 0.15:
            flags = [rng.choice(("night_pain", "rest_pain", "swelling", "dizziness"))]
        out.append(
            {
                "date": _day(start + rng.randint(0, 365) * DAY),
                "pain": float(rng.randint(0, 8)),
                "site": site,
                "side": rng.choice((None, "left", "right")),
                "red_flags": flags,
            }
        )
    return sorted(out, key=lambda r: r["date"])


def _flag_dates(doc: Doc) -> list[dt.date]:
    """The days a red flag was raised: ticked, pain at rest, pain in the hop test."""
    rest = METHOD.pain.rest_pain_min.value
    return sorted(
        {dt.date.fromisoformat(x["date"]) for x in doc["runs"] if x.get("red_flags")}
        | {
            dt.date.fromisoformat(x["date"])
            for x in doc["pain_reports"]
            if x.get("red_flags") or x["pain"] >= rest
        }
        | {
            dt.date.fromisoformat(s["date"])
            for s in doc["screens"]
            if any(m.get("pain") for m in s["measures"])
        }
    )


def _clearances(rng: random.Random, doc: Doc) -> list[Doc]:
    out: dict[str, Doc] = {}
    for flagged in _flag_dates(doc):
        if rng.random() < 0.75:
            when = flagged + rng.randint(0, 30) * DAY
            by = rng.choice(("physiotherapist", "doctor"))
            out[_day(when)] = {"date": _day(when), "by": by, "reason": f"seen by a {by}"}
    return [out[k] for k in sorted(out)]


def _overrides(rng: random.Random, start: dt.date) -> list[Doc]:
    out = []
    for _ in range(rng.choice((0, 0, 0, 1, 2))):
        out.append(
            {
                "date": _day(start + rng.randint(0, 365) * DAY),
                "verdict": rng.choice(("unlock", "lock")),
                "reason": "the coach watched a run",
            }
        )
    return sorted(out, key=lambda o: o["date"])


def history_doc(seed: int) -> Doc:
    """One varied history as the JSON ``insideout advise`` reads."""
    h: History = make_history(seed)
    rng = random.Random(10_000 + seed)  # noqa: S311 (seeded test data)
    start = ON - 365 * DAY
    calm = rng.random() < 0.2  # no pain at all: the plan and the gate get their turn
    runs = [] if rng.random() < 0.04 else [_run(rng, r, calm) for r in h.runs]
    if not calm and rng.random() < 0.25:
        _episode(rng, runs, start)
    doc: Doc = {
        "runner": {
            "id": h.runner.id,
            "sex": rng.choice(("female", "male", "unspecified")),
            "birth_year": h.runner.birth_year if rng.random() > 0.1 else None,
        },
        "screens": [_screen(rng, s, i == 0, calm) for i, s in enumerate(h.screens)],
        "runs": _spike_and_break(rng, runs, start),
        "strength_sessions": [
            {"date": _day(s.date), "completed": rng.random() > 0.05} for s in h.strength
        ],
        "pain_reports": [] if calm else _reports(rng, h, start),
        "overrides": _overrides(rng, start),
    }
    doc["clearances"] = _clearances(rng, doc)
    if rng.random() < 0.3:
        doc["settings"] = {"weekly_increase_pct": rng.choice((None, 0, 5, 8, 10, 15, 30))}
    return doc


def until(doc: Doc, on: dt.date) -> Doc:
    """The history as it stood on ``on``: nothing dated after it."""
    out = dict(doc)
    for key in ("screens", "runs", "strength_sessions", "pain_reports", "overrides", "clearances"):
        out[key] = [x for x in doc[key] if x["date"] <= on.isoformat()]
    return out


def broken(rng: random.Random, doc: Doc, on: dt.date) -> Doc:
    """The same history with a few mistakes a runner or a form might make."""
    out = json.loads(json.dumps(doc))
    runs = out["runs"]
    if runs:
        r = runs[rng.randrange(len(runs))]
        r[rng.choice(("distance_km", "pain_during", "cadence_spm", "rpe"))] = rng.choice(
            (900, -1, 11, 60, "five", True)
        )
        runs.append(dict(runs[0]))  # the first run logged twice, out of order
        runs.append({**runs[-1], "date": _day(on + DAY)})  # a run in the future
        runs.append({**runs[0], "duration_min": 0.5, "distance_km": 10})  # faster than a record
    out["pain_reports"].append({"date": _day(on), "pain": 3, "site": "elbow", "colour": "red"})
    out["settings"] = {"weekly_increase_pct": rng.choice((31, -1, "ten"))}
    out["overrides"].append({"date": _day(on), "verdict": "maybe", "reason": " "})
    return out


def snapshot(n: int) -> list[Doc]:
    lines: list[Doc] = []
    for seed in range(n):
        doc = history_doc(seed)
        rng = random.Random(20_000 + seed)  # noqa: S311 (seeded test data)
        days = sorted(ON - rng.randint(0, 340) * DAY for _ in range(2)) + [ON]
        for on in days:
            h = parse_history(until(doc, on), CATALOGUE, METHOD, on=on, source=f"r{seed}.json")
            advice = advice_dict(advise(h, on, CATALOGUE, METHOD))
            lines.append({"seed": seed, "on": on.isoformat(), "advice": advice})
        if seed % 10 == 0:
            try:
                parse_history(broken(rng, until(doc, ON), ON), CATALOGUE, METHOD, on=ON)
            except InputError as e:
                lines.append({"seed": seed, "on": ON.isoformat(), "issues": e.as_detail()})
            else:
                raise AssertionError(f"seed {seed}: the broken history was accepted")
    return lines


def _first_difference(a: Any, b: Any, path: str = "") -> str | None:
    if type(a) is not type(b):
        return f"{path}: {a!r} != {b!r}"
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                return f"{path}.{k}: only in {'after' if k in a else 'before'}"
            found = _first_difference(a[k], b[k], f"{path}.{k}")
            if found:
                return found
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{path}: {len(a)} items != {len(b)}"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            found = _first_difference(x, y, f"{path}[{i}]")
            if found:
                return found
        return None
    return None if a == b else f"{path}: {a!r} != {b!r}"


def compare(after: list[Doc], before_path: Path) -> int:
    before = [json.loads(line) for line in before_path.read_text(encoding="utf-8").splitlines()]
    if len(before) != len(after):
        print(f"{len(after)} lines now, {len(before)} in {before_path}")
        return 1
    diffs = [(b, d) for b, a in zip(before, after, strict=True) if (d := _first_difference(a, b))]
    for b, d in diffs[:20]:
        print(f"seed {b['seed']} on {b['on']}: {d}")
    advised = sum("advice" in line for line in after)
    print(
        f"{len(after)} lines ({advised} advices, {len(after) - advised} broken inputs): "
        + ("identical" if not diffs else f"{len(diffs)} differ")
    )
    return 1 if diffs else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="the JSON-lines file to write")
    parser.add_argument("--histories", type=int, default=300)
    parser.add_argument("--compare", type=Path, help="an earlier snapshot to compare with")
    args = parser.parse_args()
    lines = snapshot(args.histories)
    with args.out.open("w", encoding="utf-8") as fh:
        for line in lines:
            fh.write(json.dumps(line, sort_keys=True) + "\n")
    return compare(lines, args.compare) if args.compare else 0


if __name__ == "__main__":
    sys.exit(main())
