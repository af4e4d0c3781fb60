"""The runner's profile over time: every screened test, per side, across the screens (issue 15).

Did balance come back? The method re-screens every few weeks to see (IO-RESCREEN); this chart
puts the screens side by side: for each test that scores a region, its left and right values on
each screen (x: the screen dates), the norm or cut-off the core judges it by as a dashed line, and
in the figures the left-right asymmetry the core computed on that screen against its cut-off.
Every figure is the core's: the values as screened, the thresholds from the test's rules for this
runner (:meth:`~insideout.core.screen.Rule.threshold_for`), the asymmetries from
:func:`~insideout.core.profile.score` of each screen. Drawn like the training charts
(:mod:`insideout.site.charts`): matplotlib's SVG, with the same figures as a table for anyone who
would rather read.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from insideout.catalogue.labels import load_labels
from insideout.core.profile import Evaluation, score
from insideout.core.screen import Catalogue, Region, RuleKind, Screen, ScreenTest, Side
from insideout.site.charts import CAP, KEPT, Alternative

__all__ = ["NAME", "Point", "Series", "alternative", "render", "series", "size"]

NAME = "profile"  # its name among the runner's charts (runners/<handle>/charts/profile.svg)
TITLE = "Balance per region and side, screen by screen"
COLUMNS = 2
RIGHT = "#1f6f8b"


@dataclass(frozen=True)
class Point:
    """One test on one screen: each side's value (or the one value), and the asymmetry."""

    date: dt.date
    left: float | None
    right: float | None
    value: float | None  # a test of the whole body (Beighton), not per side
    asymmetry: float | None  # the asymmetry rule's quantity on this screen (None: not judged)
    uneven: bool  # that asymmetry is past its cut-off


@dataclass(frozen=True)
class Series:
    """One test across the screens, with the lines the core judges it by."""

    test: ScreenTest
    region: str  # in words ("foot/ankle, knee")
    norm: float | None  # the norm or cut-off of its value (None: it has none)
    norm_op: str
    asym_cut: float | None  # the asymmetry cut-off (a difference in its unit, or an LSI in %)
    asym_lsi: bool
    points: tuple[Point, ...]


def _point(test: ScreenTest, screen: Screen, judged: Sequence[Evaluation]) -> Point | None:
    left, right = screen.value(test.id, Side.LEFT), screen.value(test.id, Side.RIGHT)
    whole = None if test.per_side else screen.value(test.id, None)
    if left is None and right is None and whole is None:
        return None
    asym = next((r for r in test.rules if r.kind is RuleKind.ASYMMETRY), None)
    found = next((e for e in judged if asym is not None and e.rule == asym.id), None)
    return Point(
        screen.date,
        left,
        right,
        whole,
        None if found is None else found.value,
        found is not None and found.fired,
    )


def _series(
    test: ScreenTest, screens: Sequence[Screen], judged: Sequence[Sequence[Evaluation]]
) -> Series | None:
    points = tuple(
        p for s, e in zip(screens, judged, strict=True) if (p := _point(test, s, e)) is not None
    )
    if not points:
        return None
    norm = next((r for r in test.rules if r.kind is not RuleKind.ASYMMETRY), None)
    asym = next((r for r in test.rules if r.kind is RuleKind.ASYMMETRY), None)
    newest = screens[-1]
    labels = load_labels()
    return Series(
        test=test,
        region=", ".join(labels.of("region", r.value) for r in test.regions),
        norm=None
        if norm is None
        else norm.threshold_for(newest.runner.sex, newest.runner.age_on(newest.date)),
        norm_op="" if norm is None else norm.op.value,
        asym_cut=None if asym is None else asym.threshold,
        asym_lsi=asym is not None and asym.quantity.value == "lsi",
        points=points,
    )


def series(screens: Sequence[Screen], catalogue: Catalogue) -> tuple[Series, ...]:
    """Every test that scores a region or is recorded for one (the 6 m timed hop, IO-HOP-TIMED),
    measured on at least one of ``screens`` (in date order), region by region in the catalogue's
    order; derived tests are left out."""
    order = list(Region)
    tests = sorted(
        (t for t in catalogue.tests.values() if (t.rules or t.regions) and t.derived is None),
        key=lambda t: min((order.index(r) for r in t.regions), default=len(order)),
    )
    judged = [score(s, catalogue).evaluations for s in screens]  # each screen scored once
    return tuple(s for t in tests if (s := _series(t, screens, judged)) is not None)


def _x(days: Sequence[dt.date]) -> list[float]:
    return [float(d.toordinal()) for d in days]


def _day_label(x: float, _pos: int | None = None) -> str:
    return dt.date.fromordinal(max(1, round(x))).strftime("%d %b %y")


def _draw(ax: Axes, s: Series) -> None:
    pts = s.points
    for side, colour, style in (("left", KEPT, "-"), ("right", RIGHT, "--"), ("value", KEPT, "-")):
        found = [(p.date, getattr(p, side)) for p in pts if getattr(p, side) is not None]
        if found:
            ax.plot(_x([d for d, _ in found]), [v for _, v in found], marker="o", markersize=3,
                    color=colour, linestyle=style, label=side)  # fmt: skip
    if s.norm is not None:
        ax.axhline(s.norm, color=CAP, linestyle=":", linewidth=1, label=f"cut-off {s.norm:g}")
    ax.set_title(f"{s.test.name} ({s.test.unit})", loc="left", fontsize=8)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))
    ax.xaxis.set_major_formatter(FuncFormatter(_day_label))
    ax.tick_params(labelsize=7)
    if len({p.date for p in pts}) == 1:
        day = float(pts[0].date.toordinal())
        ax.set_xlim(day - 7, day + 7)
    ax.legend(loc="best", fontsize=6, frameon=False)


def size(found: Sequence[Series]) -> tuple[int, int]:
    """The picture's width and height in pixels (at the SVG's 100 dots per inch)."""
    rows = max(1, math.ceil(len(found) / COLUMNS))
    return 640, 30 + 170 * rows


def render(found: Sequence[Series]) -> bytes:
    """The chart as SVG bytes: one small panel per test, left and right over the screens."""
    width, height = size(found)
    fig = Figure(figsize=(width / 100, height / 100), layout="constrained")
    fig.suptitle(TITLE, x=0.01, ha="left", fontsize=9)
    rows = max(1, math.ceil(len(found) / COLUMNS))
    for i, s in enumerate(found):
        _draw(fig.add_subplot(rows, COLUMNS, i + 1), s)
    out = io.BytesIO()
    fig.savefig(out, format="svg", metadata={"Date": None})
    return out.getvalue()


def _n(x: float | None) -> str:
    return "—" if x is None else f"{x:g}"


def _asym(s: Series, p: Point) -> str:
    if p.asymmetry is None or s.asym_cut is None:
        return "—"
    unit = "%" if s.asym_lsi else f" {s.test.unit}"
    past = " (past the cut-off)" if p.uneven else ""
    return f"{p.asymmetry:.3g}{unit}, cut-off {s.asym_cut:g}{unit}{past}"


def alternative(found: Sequence[Series], screens: Sequence[Screen]) -> Alternative:
    """The chart in words: a sentence, and per screen and test the values, cut-offs, asymmetry."""
    days = sorted({s.date for s in screens})
    rows = tuple(
        (
            f"{p.date:%Y-%m-%d}",
            s.region or "whole body",
            s.test.name,
            _n(p.left),
            _n(p.right),
            _n(p.value),
            "—" if s.norm is None else f"{s.norm_op} {s.norm:g} {s.test.unit}",
            _asym(s, p),
        )  # fmt: skip
        for s in found
        for p in s.points
    )
    uneven = sorted({s.test.name for s in found if s.points[-1].uneven})
    if len(days) < 2:
        summary = "One screen so far: a re-screen will show whether balance comes back."
    else:
        summary = (
            f"{len(days)} screens from {days[0]:%Y-%m-%d} to {days[-1]:%Y-%m-%d}, "
            f"{len(found)} tests; "
            + (
                f"uneven on the latest screen of each: {', '.join(uneven)}."
                if uneven
                else "none uneven past its cut-off on its latest screen."
            )
        )
    header = ("screen", "region", "test", "left", "right", "value", "flagged when", "asymmetry")
    return Alternative(TITLE, summary, header, rows)
