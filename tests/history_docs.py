"""Builders of the plain JSON history that ``insideout advise RUNNER.json`` reads, for tests that
enter a history through the same door as the command line (parse, then advise). Days are given as
"days before ON"."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from insideout.catalogue import load_catalogue
from insideout.catalogue.method import load_method
from insideout.core import Advice, Phase, advise, parse_history
from tests.advice_builders import BALANCED

ON = dt.date(2026, 6, 1)
DAY = dt.timedelta(days=1)
EPS = 1e-6
CATALOGUE = load_catalogue()
METHOD = load_method()

# --- builders: the JSON the CLI reads ----------------------------------------------------------


def day(days_ago: int, on: dt.date = ON) -> str:
    return (on - days_ago * DAY).isoformat()


def measures(
    *, beighton: int = 2, painful: Sequence[tuple[str, str]] = (), **sides: tuple[float, float]
) -> list[dict[str, Any]]:
    """A balanced screen; ``knee_to_wall=(8, 12)`` sets (left, right); ``painful`` marks
    (test, side) measures with ``"pain": true``."""
    out: list[dict[str, Any]] = []
    for test, value in BALANCED.items():
        left, right = sides.get(test, (value, value))
        for side, v in (("left", left), ("right", right)):
            m: dict[str, Any] = {"test": test, "side": side, "value": v}
            if (test, side) in painful:
                m["pain"] = True
            out.append(m)
    out.append({"test": "beighton", "value": beighton})
    return out


def screen(days_ago: int, **kw: Any) -> dict[str, Any]:
    return {"date": day(days_ago), "measures": measures(**kw)}


def run(
    days_ago: int,
    km: float,
    *,
    minutes: float | None = None,
    during: float | None = 0,
    after: float | None = 0,
    morning: float | None = 0,
    site: str | None = None,
    flags: Sequence[str] = (),
    cadence: float | None = None,
    on: dt.date = ON,
) -> dict[str, Any]:
    return {
        "date": day(days_ago, on),
        "distance_km": km,
        "duration_min": round(km * 6, 3) if minutes is None else minutes,
        "rpe": 4,
        "pain_during": during,
        "pain_after": after,
        "pain_next_morning": morning,
        "pain_site": site,
        "pain_side": None,
        "red_flags": list(flags),
        "cadence_spm": cadence,
    }


def weeks(weekly_km: Sequence[float], *, end: int = 0, per_week: int = 3, **kw: Any) -> list[Any]:
    """Runs for the 7-day blocks ending ``end`` days ago; ``weekly_km[-1]`` is the latest block.

    Each block's distance is split over ``per_week`` equal runs on days 1, 3, 5 of the block.
    """
    out = []
    n = len(weekly_km)
    for i, km in enumerate(weekly_km):
        start = end + 7 * (n - i)  # days ago of the block's first day
        for j in range(per_week):
            if km > 0:
                out.append(run(start - 1 - 2 * j, round(km / per_week, 3), **kw))
    return out


def block(km: Sequence[float], weeks_ago: int, **kw: Any) -> list[Any]:
    """Runs of the given distances in the 7-day block ``weeks_ago`` (0 = the last 7 days),
    spread on days 1, 3, 5, 6 of the block (the last given is the latest)."""
    start = 7 * (weeks_ago + 1)
    offsets = [1, 3, 5, 6][: len(km)]
    return [run(start - o, k, **kw) for o, k in zip(offsets, km, strict=True)]


def strength(n_weeks: int = 6, per_week: int = 2, *, same_day: bool = False) -> list[Any]:
    out = []
    for k in range(n_weeks, 0, -1):
        start = 7 * k
        for j in range(per_week):
            out.append({"date": day(start - (2 if same_day else 2 + 2 * j)), "completed": True})
    return out


def doc(
    runs: Iterable[dict[str, Any]] = (),
    screens: Iterable[dict[str, Any]] = (),
    sessions: Iterable[dict[str, Any]] = (),
    reports: Iterable[dict[str, Any]] = (),
    *,
    overrides: Iterable[dict[str, Any]] = (),
    clearances: Iterable[dict[str, Any]] = (),
    settings: dict[str, Any] | None = None,
    availability: dict[str, Any] | None = None,
    birth_year: int = 1988,
) -> dict[str, Any]:
    def by_date(items: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
        return sorted(items, key=lambda x: x["date"])

    out: dict[str, Any] = {
        "runner": {"id": "ana", "sex": "female", "birth_year": birth_year},
        "screens": by_date(screens),
        "runs": by_date(runs),
        "strength_sessions": by_date(sessions),
        "pain_reports": by_date(reports),
        "overrides": by_date(overrides),
        "clearances": by_date(clearances),
    }
    if settings is not None:
        out["settings"] = settings
    if availability is not None:
        out["availability"] = availability
    return out


def advise_doc(raw: dict[str, Any], on: dt.date = ON) -> Advice:
    """The same door as ``insideout advise``: parse the JSON dict, then advise."""
    h = parse_history(raw, CATALOGUE, METHOD, on=on, source="runner.json")
    return advise(h, on, CATALOGUE, METHOD)


def report(days_ago: int, pain: float, site: str | None = "shin", flags: Sequence[str] = ()) -> Any:
    return {
        "date": day(days_ago),
        "pain": pain,
        "site": site,
        "side": None,
        "red_flags": list(flags),
    }


def calm(extra_runs: Sequence[Any] = (), **kw: Any) -> dict[str, Any]:
    """A screened, pain-free runner: four 20-km weeks, 6 weeks of strength, and ``extra_runs``."""
    kw.setdefault("screens", [screen(30)])
    kw.setdefault("sessions", strength(6))
    return doc(weeks([20, 20, 20, 20]) + list(extra_runs), **kw)


def ready(
    *,
    scr: dict[str, Any] | None = None,
    extra_runs: Sequence[Any] = (),
    cadence: float | None = 160,
    **kw: Any,
) -> dict[str, Any]:
    """Ready for technique: a fresh balanced screen, 6 weeks of 2 strength sessions a week,
    five weeks of pain-free running (the pattern of tests/unit/test_gate.py)."""
    kw.setdefault("sessions", strength(6))
    return doc(
        weeks([20, 20, 17, 20, 20], cadence=cadence) + list(extra_runs),
        screens=[scr or screen(30)],
        **kw,
    )


def verdicts(a: Advice) -> dict[str, str]:
    return {d.rule: d.verdict.value for d in a.decisions}


def decision(a: Advice, rule: str) -> Any:
    found = [d for d in a.decisions if d.rule == rule]
    assert found, f"no decision {rule}; got {[d.rule for d in a.decisions]}"
    return found[0]


def planned_longest(a: Advice) -> float:
    return max((r.distance_km for r in a.running.runs), default=0.0)


def exercises(a: Advice) -> set[str]:
    return {p.exercise for s in a.foundation.sessions for p in s.exercises}


def assert_stopped(a: Advice) -> None:
    assert a.phase is Phase.STOP, a.phase
    assert a.running.runs == () and a.running.planned_km == 0
    assert a.refer is not None
    assert not a.technique.unlocked


def assert_ready_baseline_unlocks() -> None:
    a = advise_doc(ready())
    assert a.technique.unlocked, a.technique.missing


def follow(raw: dict[str, Any], n_weeks: int) -> list[tuple[Advice, list[dict[str, Any]]]]:
    """A runner who does exactly what each week's advice says, pain-free, for ``n_weeks`` weeks:
    each week's advice with the runs logged before it."""
    out: list[tuple[Advice, list[dict[str, Any]]]] = []
    on = ON
    for _ in range(n_weeks):
        a = advise_doc(raw, on)
        out.append((a, list(raw["runs"])))
        raw["runs"] += [
            {
                "date": r.date.isoformat(),
                "distance_km": r.distance_km,
                "duration_min": round(r.distance_km * 6, 3),
                "rpe": 4,
                "pain_during": 0,
                "pain_after": 0,
                "pain_next_morning": 0,
            }
            for r in a.running.runs
        ]
        raw["strength_sessions"] += [
            {"date": s.date.isoformat(), "completed": True} for s in a.foundation.sessions
        ]
        raw["runs"].sort(key=lambda x: x["date"])
        raw["strength_sessions"].sort(key=lambda x: x["date"])
        on += 7 * DAY
    return out
