"""The runner's charts as SVG: weekly distance against the weekly cap, each run against the 30-day
longest-run limit, the step rate over time, and, where a watch recorded it, the left/right
ground-contact balance over time (issue 14: people would rather look than read). The balance is
context only: no published cut-off exists, so it gates nothing (IO-GCT-BALANCE-CONTEXT).

Drawn with matplotlib's SVG backend (no browser script, no CDN; the same SVG goes into the report's
PDF, :mod:`insideout.site.report`, so a week over its cap is hatched and a run over its limit is a
cross, never red alone), from the core's :class:`~insideout.core.trends.Trends`, so a chart shows
exactly the caps the plan keeps. Each chart comes with a text alternative (:func:`alternative`):
one sentence for ``alt`` and the figures as table rows, for screen readers and for anyone who would
rather read.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import matplotlib as mpl
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from insideout.core.trends import Trends

__all__ = ["CHARTS", "Alternative", "ChartData", "alternative", "render"]

mpl.rcParams.update(
    {
        "svg.fonttype": "none",  # text stays text: smaller, selectable, read by screen readers
        "svg.hashsalt": "insideout",  # the same data gives the same bytes
        "font.size": 9,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }
)

KEPT, OVER, CAP = "#2f6f4f", "#b3261e", "#555555"


@dataclass(frozen=True)
class ChartData:
    """What the charts draw: the plan's trends and, from imported files, the contact balance."""

    trends: Trends
    balance: tuple[tuple[dt.date, float], ...] = ()  # (day, % of contact time on the left foot)

    def shows(self, name: str) -> bool:
        """Is there anything to draw for ``name``?"""
        return bool(self.balance) if name == "balance" else bool(self.trends.runs)


@dataclass(frozen=True)
class Alternative:
    """What a chart says, in words: a one-line summary and the figures, row by row."""

    title: str
    summary: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def _km(x: float | None) -> str:
    return "—" if x is None else f"{x:.1f}"


def _x(days: Sequence[dt.date]) -> list[float]:
    """Days as numbers on the x axis (their ordinal; :func:`_day_label` shows them as dates)."""
    return [float(d.toordinal()) for d in days]


def _day_label(x: float, _pos: int | None = None) -> str:
    return dt.date.fromordinal(max(1, round(x))).strftime("%d %b")


def _weekly(ax: Axes, d: ChartData) -> None:
    t = d.trends
    xs = _x([w.first for w in t.weeks])
    colours = [KEPT if w.kept else OVER for w in t.weeks]
    hatches = ["" if w.kept else "//" for w in t.weeks]  # over the cap: hatched, not only red
    ax.bar(xs, [w.km for w in t.weeks], width=5, color=colours, hatch=hatches,
           edgecolor="black", linewidth=0.4, label="distance run")  # fmt: skip
    caps = [(w.first, w.cap_km) for w in t.weeks if w.cap_km is not None]
    if caps:
        ax.step(_x([c[0] for c in caps]), [c[1] for c in caps], where="mid", color=CAP,
                linestyle="--", label=f"weekly cap (+{t.cap_pct:g}%)")  # fmt: skip
    ax.set_ylabel("km per week")


def _long_runs(ax: Axes, d: ChartData) -> None:
    t = d.trends
    runs = t.runs
    kept = [r for r in runs if r.within]
    over = [r for r in runs if not r.within]  # a cross, not only red: readable in black and white
    ax.scatter(_x([r.date for r in kept]), [r.km for r in kept], s=14, c=KEPT, label="each run")
    if over:
        ax.scatter(_x([r.date for r in over]), [r.km for r in over], s=28, c=OVER, marker="x",
                   label="over its limit")  # fmt: skip
    limits = [(r.date, r.limit_km) for r in runs if r.limit_km is not None]
    if limits:
        ax.plot(_x([d for d, _ in limits]), [x for _, x in limits], color=CAP, linestyle="--",
                label=f"{t.spike_ratio:.0%} of the longest run of the 30 days before")  # fmt: skip
    ax.set_ylabel("km")


def _cadence(ax: Axes, d: ChartData) -> None:
    points = [(r.date, r.cadence_spm) for r in d.trends.runs if r.cadence_spm is not None]
    ax.plot(_x([d for d, _ in points]), [c for _, c in points], marker="o", markersize=3,
            color=KEPT, label="step rate")  # fmt: skip
    ax.set_ylabel("steps per minute")


def _balance(ax: Axes, d: ChartData) -> None:
    ax.plot(_x([day for day, _ in d.balance]), [b for _, b in d.balance], marker="o",
            markersize=3, color=KEPT, label="left foot's share of ground contact")  # fmt: skip
    ax.axhline(50, color=CAP, linestyle="--", linewidth=1, label="even (50%)")
    ax.set_ylabel("% on the left")


CHARTS: dict[str, tuple[str, Callable[[Axes, ChartData], None]]] = {
    "weekly": ("Weekly distance and the weekly cap", _weekly),
    "long-runs": ("Each run and the longest-run limit", _long_runs),
    "cadence": ("Step rate over time", _cadence),
    "balance": ("Left/right ground-contact balance (context only)", _balance),
}


def render(name: str, t: ChartData) -> bytes:
    """The chart ``name`` (a key of :data:`CHARTS`) as SVG bytes."""
    title, draw = CHARTS[name]
    fig = Figure(figsize=(6.4, 2.6), layout="constrained")
    ax = fig.add_subplot()
    draw(ax, t)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))
    ax.xaxis.set_major_formatter(FuncFormatter(_day_label))
    ax.set_title(title, loc="left")
    if ax.get_legend_handles_labels()[0]:
        ax.legend(loc="upper left", fontsize=7, frameon=False)
    fig.autofmt_xdate()
    out = io.BytesIO()
    fig.savefig(out, format="svg", metadata={"Date": None})
    return out.getvalue()


def alternative(name: str, data: ChartData) -> Alternative:
    """The chart ``name`` in words."""
    title, t = CHARTS[name][0], data.trends
    rows: tuple[tuple[str, ...], ...]
    if name == "balance":
        rows = tuple((f"{day:%Y-%m-%d}", f"{b:.1f}") for day, b in data.balance)
        summary = (
            f"Recorded on {len(data.balance)} runs; context only: no published cut-off says "
            "how uneven is too uneven, so it decides nothing."
        )
        return Alternative(title, summary, ("date", "% on the left"), rows)
    if name == "weekly":
        over = [w for w in t.weeks if not w.kept]
        rows = tuple(
            (f"{w.first:%Y-%m-%d}", _km(w.km), _km(w.cap_km), "yes" if w.kept else "no")
            for w in t.weeks
        )
        summary = f"{len(t.weeks)} weeks of running; " + (
            f"{len(over)} over the weekly cap." if over else "none over the weekly cap."
        )
        return Alternative(title, summary, ("week from", "km", "cap (km)", "within"), rows)
    if name == "long-runs":
        over_runs = [r for r in t.runs if not r.within]
        rows = tuple(
            (f"{r.date:%Y-%m-%d}", _km(r.km), _km(r.limit_km), "yes" if r.within else "no")
            for r in t.runs
        )
        summary = f"{len(t.runs)} runs; " + (
            f"{len(over_runs)} longer than their limit." if over_runs else "none over its limit."
        )
        return Alternative(title, summary, ("date", "km", "limit (km)", "within"), rows)
    steps = [r for r in t.runs if r.cadence_spm is not None]
    rows = tuple((f"{r.date:%Y-%m-%d}", f"{r.cadence_spm:.0f}") for r in steps)
    summary = (
        f"Step rate recorded on {len(steps)} of {len(t.runs)} runs."
        if steps
        else "No step rate recorded yet: a watch file or the cadence field adds it."
    )
    return Alternative(title, summary, ("date", "steps per minute"), rows)
