"""The coach's report of a runner's block (issue 16): the last weeks looked back on, on one page.

For the last ``weeks`` (8 unless asked, 1 to 52; IO-REPORT-CHANGE) it puts together what the
runner's page spreads over its panels, judged by the core and worded here:

* the screens: the profile when the block began against the latest, per region and side (balance
  restored or not) and per finding (a change only beyond a known measurement error),
  :func:`insideout.core.block.block_screens`;
* the load against the caps: each week against the weekly cap, each run against 110% of the
  longest of the 30 days before (:func:`insideout.core.trends.trends`, the charts' own figures);
* the pain: each week's highest value and where (:func:`insideout.core.block.pain_weeks`), and
  which way it goes now (the dashboard's trend, :func:`insideout.core.glance.recent_pain`);
* the decisions taken in the block and by whom: the weekly cap's changes, the technique-gate
  overrides, the clearances, the corrections to the log; and the guards in force today;
* the charts: on the page, images of ``runners/<handle>/charts/<name>.svg?weeks=N``; in the PDF,
  the same SVG inline.

Who may read it: whoever may see the runner (their coach, and the runner themself: it is their
own block, as every figure in it is already on their page; :func:`insideout.people.access.can_see`).
"""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from insideout.catalogue import load_catalogue
from insideout.catalogue.labels import load_labels
from insideout.core.block import (
    Balance,
    BlockScreens,
    ChangeVerdict,
    FindingChange,
    PainWeek,
    block_screens,
    pain_weeks,
)
from insideout.core.decision import fmt as fmt_value
from insideout.core.glance import PainTrend, recent_pain
from insideout.core.history import History
from insideout.core.screen import Catalogue, Quantity
from insideout.core.trends import trends
from insideout.people.models import Runner
from insideout.screening.presenters import region_name
from insideout.site import charts, profile_chart
from insideout.site.presenters import this_week
from insideout.site.printing import guards, render_pdf
from insideout.site.runner import balance
from insideout.training import services
from insideout.training.advice import advice_and_history
from insideout.training.models import CapChange, Clearance, GateOverride, LogChange

__all__ = [
    "BALANCE_WORDS",
    "TREND_WORDS",
    "ChangeRow",
    "Chart",
    "Decisions",
    "PainRow",
    "SideRow",
    "report_context",
    "report_pdf",
]

DAY = dt.timedelta(days=1)

BALANCE_WORDS = {
    Balance.RESTORED: "balance restored",
    Balance.STILL: "not restored yet",
    Balance.NEW: "a new need",
    Balance.BALANCED: "balanced",
    Balance.UNKNOWN: "not enough tests measured to say",
}
TREND_WORDS = {
    PainTrend.RISING: "rising: a site's pain went up by the pain rules' weekly rise or more",
    PainTrend.FALLING: "falling: a site's pain went down by as much",
    PainTrend.STEADY: "steady: pain above 0, neither rising nor falling",
    PainTrend.NONE: "none: no pain above 0 given",
}


@dataclass(frozen=True)
class SideRow:
    where: str
    before: str
    after: str
    balance: Balance
    words: str


@dataclass(frozen=True)
class ChangeRow:
    """A finding's change in words: which test and side, the two values, the verdict and why."""

    what: str
    regions: str
    rule: str
    before: str
    after: str
    verdict: ChangeVerdict
    words: str
    evidence: str


def _unit(change: FindingChange, catalogue: Catalogue) -> str:
    test = catalogue.tests[change.change.test]
    rule = next((r for r in test.rules if r.id == change.change.rule), None)
    return "%" if rule is not None and rule.quantity is Quantity.LSI else test.unit


def _change_words(c: FindingChange, unit: str) -> str:
    error = f"{fmt_value(c.change.error)} {unit}"
    return {
        ChangeVerdict.IMPROVED: f"improved: more than the measurement error of {error}",
        ChangeVerdict.WORSE: f"worse: more than the measurement error of {error}",
        ChangeVerdict.UNCHANGED: f"no change: within the measurement error of {error}",
        ChangeVerdict.NO_KNOWN_ERROR: "no measurement error known: not called a change",
        ChangeVerdict.NOT_MEASURED: "not measured again in this block",
    }[c.verdict]


def _change_row(c: FindingChange, catalogue: Catalogue) -> ChangeRow:
    test = catalogue.tests[c.change.test]
    unit = _unit(c, catalogue)
    side = f", {c.change.side.value}" if c.change.side is not None else ""
    return ChangeRow(
        what=f"{test.name}{side}",
        regions=", ".join(region_name(r) for r in c.regions),
        rule=load_labels().rule(c.change.rule),
        before=f"{fmt_value(c.change.before)} {unit}",
        after=f"{fmt_value(c.change.after)} {unit}",
        verdict=c.verdict,
        words=_change_words(c, unit),
        evidence=c.change.error_evidence,
    )


def _side_rows(screens: BlockScreens) -> tuple[SideRow, ...]:
    needs = load_labels()
    return tuple(
        SideRow(
            f"{s.side.value.capitalize()} {region_name(s.region)}",
            needs.of("need", s.before.value),
            needs.of("need", s.after.value),
            s.balance,
            BALANCE_WORDS[s.balance],
        )
        for s in screens.sides
    )


@dataclass(frozen=True)
class PainRow:
    first: dt.date
    peak: str  # "—" when none was given
    sites: str
    answers: int


def _pain_row(w: PainWeek) -> PainRow:
    labels = load_labels()
    sites = ", ".join(f"{labels.of('site', s)} {fmt_value(v)}" for s, v in w.sites)
    peak = "—" if w.peak is None else fmt_value(w.peak)
    return PainRow(w.first, peak, sites, w.answers)


@dataclass(frozen=True)
class Decisions:
    """What people decided in the block, newest first, each with who and why."""

    cap_changes: tuple[CapChange, ...]
    overrides: tuple[GateOverride, ...]
    clearances: tuple[Clearance, ...]
    log_changes: tuple[LogChange, ...]
    cap: float  # the weekly cap in force today
    own_cap: bool

    @property
    def none(self) -> bool:
        return not (self.cap_changes or self.overrides or self.clearances or self.log_changes)


def _decisions(runner: Runner, first: dt.date) -> Decisions:
    default = services.method().plan.weekly_increase_pct.value
    caps = CapChange.objects.filter(runner=runner, changed_at__date__gte=first)
    changes = LogChange.objects.filter(runner=runner, changed_at__date__gte=first)
    overrides = GateOverride.objects.filter(runner=runner, date__gte=first)
    clearances = Clearance.objects.filter(runner=runner, date__gte=first)
    return Decisions(
        tuple(caps.select_related("changed_by__coach")),
        tuple(overrides.select_related("created_by__coach")),
        tuple(clearances.select_related("created_by__coach")),
        tuple(changes.select_related("changed_by__coach")),
        default if runner.weekly_increase_pct is None else runner.weekly_increase_pct,
        runner.weekly_increase_pct is not None,
    )


@dataclass(frozen=True)
class Chart:
    name: str
    words: charts.Alternative
    src: str  # a URL on the page, the SVG itself as a data: URI in the PDF
    width: int = 640
    height: int = 260


def _data_uri(svg: bytes) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def _charts(
    runner: Runner, history: History, day: dt.date, weeks: int, inline: bool
) -> list[Chart]:
    made = charts.ChartData(
        trends(history, day, services.method(), weeks), balance(runner, day, weeks)
    )
    out = []
    for name in charts.CHARTS:
        if not made.shows(name):
            continue
        url = reverse("site:chart", args=[runner.handle, name]) + f"?weeks={weeks}"
        src = _data_uri(charts.render(name, made)) if inline else url
        out.append(Chart(name, charts.alternative(name, made), src))
    if len(history.screens) > 1:
        found = profile_chart.series(history.screens, load_catalogue())
        width, height = profile_chart.size(found)
        words = profile_chart.alternative(found, history.screens)
        url = reverse("site:chart", args=[runner.handle, profile_chart.NAME])
        src = _data_uri(profile_chart.render(found)) if inline else url
        out.append(Chart(profile_chart.NAME, words, src, width, height))
    return out


def report_context(
    runner: Runner, weeks: int, *, on: dt.date | None = None, inline: bool = False
) -> dict[str, Any]:
    """Everything the report of the last ``weeks`` before ``on`` (default today) shows; the
    charts ``inline`` (for the PDF) or as links to their images (for the page)."""
    day = on or services.today()
    first = day - 7 * weeks * DAY
    catalogue, method = load_catalogue(), services.method()
    advice, history = advice_and_history(runner, day)
    screens = block_screens(history, first, day, catalogue)
    made = trends(history, day, method, weeks)
    return {
        "runner": runner,
        "weeks": weeks,
        "first": first,
        "last": day - DAY,
        "printed_on": services.today(),
        "guards": guards(this_week(advice, method)),
        "screens": screens,
        "sides": _side_rows(screens),
        "changes": tuple(_change_row(c, catalogue) for c in screens.changes),
        "load": made,
        "weeks_over": sum(1 for w in made.weeks if not w.kept),
        "runs_over": tuple(r for r in made.runs if not r.within and r.date >= first),
        "pain": tuple(_pain_row(w) for w in pain_weeks(history, day, weeks)),
        "trend": TREND_WORDS[recent_pain(history, day, method.pain).trend],
        "decisions": _decisions(runner, first),
        "charts": _charts(runner, history, day, weeks, inline),
    }


def report_pdf(runner: Runner, weeks: int, paper: str, on: dt.date | None = None) -> bytes:
    """The report as a PDF on ``paper`` (a key of :data:`insideout.site.printing.PAPERS`)."""
    context = report_context(runner, weeks, on=on, inline=True)
    return render_pdf("site/print/report.html", context, paper)
