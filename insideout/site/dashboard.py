"""The coach's dashboard answers at a glance: its filters and sorts, done by the database.

A coach with hundreds of runners asks "who needs me?": who is referred, in pain (rising), ready
to progress, ready for technique work, due a screen, gone quiet; in which phase; held by which
rule. Every answer is a field of the stored summary (:mod:`insideout.training.summaries`), so a
filter is a ``Q`` on the runners and a sort an ``order_by``: the page reads one page of runners
whatever their number, never a Python loop over all of them.

The yes/no filters are a table, :data:`FILTERS` (name in the query string -> label -> the
``Q`` it adds, built for the day and the coach): one more filter is one more entry, and its count
("Referred (3)") comes with the others from one aggregate query. Phase and the holding rule are
choices of their own (the rule by its words, never its id). The form is a plain GET form, so the
page works without a script and a filtered view is a link; a value the form does not know is
ignored and said so (never an error page).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    OrderBy,
    Q,
    QuerySet,
    Value,
    When,
)
from django.http import QueryDict
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.text import slugify

from insideout.catalogue.labels import load_labels
from insideout.core.advise import Phase
from insideout.core.glance import PAIN_DAYS, PainTrend, quiet_since
from insideout.core.method import Method
from insideout.help.queries import asked_for_help
from insideout.people.models import Coach, Runner
from insideout.training.summaries import FLAGGED

__all__ = [
    "FILTERS",
    "Row",
    "rows",
    "PHASES",
    "SORTS",
    "Filter",
    "Option",
    "Selection",
    "Sort",
    "Where",
    "select",
]

S = "advice_summary__"
MAX_SHOWN = 40  # characters of an unknown value repeated in the message about it


@dataclass(frozen=True)
class Where:
    """What a filter is built for: the day, the method's numbers and the coach."""

    on: dt.date
    method: Method
    coach: Coach


@dataclass(frozen=True)
class Filter:
    """A yes/no filter: its name in the query string, its label, the runners it keeps."""

    name: str
    label: str  # may name {quiet_days} and {pain_days}
    where: Callable[[Where], Q]


def _quiet(w: Where) -> Q:
    return Q(**{f"{S}last_logged__lte": quiet_since(w.on, w.method.glance)})


FILTERS: tuple[Filter, ...] = (
    Filter("help", "Asked for help (unread)", lambda w: Q(asked_for_help())),
    Filter("referred", "Referred", lambda w: Q(**{f"{S}referred": True})),
    Filter("pain", "Pain in the last {pain_days} days", lambda w: Q(**{f"{S}pain_week__gt": 0})),
    Filter("pain-rising", "Pain rising", lambda w: Q(**{f"{S}pain_trend": PainTrend.RISING})),
    Filter("ready", "Ready to progress", lambda w: Q(**{f"{S}ready_to_progress": True})),
    Filter("technique", "Technique ready", lambda w: Q(**{f"{S}technique_ready": True})),
    Filter("screen", "Needs a screen or re-screen", lambda w: Q(**{f"{S}needs_screen": True})),
    Filter("quiet", "Gone quiet ({quiet_days} days)", _quiet),
)

# The method's path, the stop first: the order of the "phase" sort and of its choices.
PHASES: tuple[Phase, ...] = (
    Phase.STOP,
    Phase.SCREEN_NEEDED,
    Phase.FOUNDATION,
    Phase.BUILD,
    Phase.TECHNIQUE,
)


@dataclass(frozen=True)
class Sort:
    name: str
    label: str
    order: Callable[[], Sequence[str | OrderBy]]


def _by_phase() -> Sequence[str | OrderBy]:
    rank = Case(
        *(When(**{f"{S}phase": p.value}, then=Value(i)) for i, p in enumerate(PHASES)),
        default=Value(len(PHASES)),
        output_field=IntegerField(),
    )
    return [rank.asc(), "name", "handle"]


SORTS: tuple[Sort, ...] = (
    # a runner without a stored summary sorts as not flagged (summaries.FLAGGED), on any database
    Sort("flagged", "Flagged first", lambda: [FLAGGED.desc(), "name", "handle"]),
    Sort("name", "Name", lambda: ["name", "handle"]),
    Sort("phase", "Phase", _by_phase),
    Sort(
        "pain",
        "Pain (highest first)",
        lambda: [F(f"{S}pain_week").desc(nulls_last=True), "name", "handle"],
    ),  # fmt: skip
    Sort(
        "last",
        "Last logged (longest ago first)",
        lambda: [F(f"{S}last_logged").asc(nulls_first=True), "name", "handle"],
    ),  # fmt: skip
)


@dataclass(frozen=True)
class Option:
    """One choice of the form, with how many of the coach's runners it finds."""

    value: str
    label: str
    count: int
    chosen: bool


@dataclass
class Selection:
    """What the coach asked for, the form's choices and counts, and what was not understood."""

    runners: QuerySet[Runner]
    filters: list[Option]
    phases: list[Option]
    held: list[Option]
    sorts: list[Option]
    total: int  # the coach's runners, before filtering
    narrowed: bool  # a filter is on
    problems: list[str] = field(default_factory=list)


def _shown(raw: str) -> str:
    return raw if len(raw) <= MAX_SHOWN else raw[:MAX_SHOWN] + "…"


def _label(f: Filter, w: Where) -> str:
    return f.label.format(quiet_days=w.method.glance.quiet_days.days, pain_days=PAIN_DAYS)


def _held_choices(runners: QuerySet[Runner]) -> dict[str, tuple[str, int, list[str]]]:
    """The rules holding these runners, by their words: slug -> (label, count, rule ids).

    Two rules with the same words are one choice: the coach reads the words, not the ids."""
    rows = (
        runners.exclude(**{f"{S}rule": ""})
        .exclude(**{f"{S}rule__isnull": True})
        .values_list(f"{S}rule")
        .annotate(n=Count("pk"))
        .order_by()
    )
    labels = load_labels()
    out: dict[str, tuple[str, int, list[str]]] = {}
    for rule, n in rows:
        label = labels.of("rule", rule)
        key = slugify(label) or "rule"
        seen = out.get(key, (label, 0, []))
        out[key] = (seen[0], seen[1] + n, [*seen[2], rule])
    return dict(sorted(out.items(), key=lambda kv: kv[1][0].lower()))


def _counts(runners: QuerySet[Runner], w: Where) -> Mapping[str, int]:
    """Every filter's count and every phase's, and the total: one aggregate query."""
    asked = {f"f{i}": Count("pk", filter=f.where(w)) for i, f in enumerate(FILTERS)}
    asked |= {
        f"p{i}": Count("pk", filter=Q(**{f"{S}phase": p.value})) for i, p in enumerate(PHASES)
    }
    return runners.order_by().aggregate(total=Count("pk"), **asked)


def _one(params: QueryDict, name: str, known: Sequence[str], what: str, problems: list[str]) -> str:
    raw = params.get(name, "")
    if raw and raw not in known:
        problems.append(f'{what} "{_shown(raw)}" is not one of the choices: it was left out.')
        return ""
    return raw


def select(runners: QuerySet[Runner], params: QueryDict, w: Where) -> Selection:
    """The coach's runners filtered and sorted as ``params`` ask (the form's query string)."""
    problems: list[str] = []
    names = [f.name for f in FILTERS]
    shown: list[str] = []
    for raw in params.getlist("show"):
        if raw in names:
            shown.append(raw)
        elif raw:
            problems.append(f'Filter "{_shown(raw)}" is not one of the choices: it was left out.')
    phase = _one(params, "phase", [p.value for p in PHASES], "Phase", problems)
    held_choices = _held_choices(runners)
    held = _one(params, "held", list(held_choices), "Held by", problems)
    sort = _one(params, "sort", [s.name for s in SORTS], "Sort", problems) or SORTS[0].name
    counts = _counts(runners, w)
    found = runners
    for f in FILTERS:
        if f.name in shown:
            found = found.filter(f.where(w))
    if phase:
        found = found.filter(**{f"{S}phase": phase})
    if held:
        found = found.filter(**{f"{S}rule__in": held_choices[held][2]})
    order = next(s for s in SORTS if s.name == sort).order()
    quiet = ExpressionWrapper(_quiet(w), output_field=BooleanField())
    labels = load_labels()
    return Selection(
        runners=found.annotate(quiet=quiet).order_by(*order),
        filters=[
            Option(f.name, _label(f, w), counts[f"f{i}"], f.name in shown)
            for i, f in enumerate(FILTERS)
        ],
        phases=[
            Option(p.value, labels.of("phase", p.value), counts[f"p{i}"], p.value == phase)
            for i, p in enumerate(PHASES)
        ],
        held=[Option(k, v[0], v[1], k == held) for k, v in held_choices.items()],
        sorts=[Option(s.name, s.label, 0, s.name == sort) for s in SORTS],
        total=counts["total"],
        narrowed=bool(shown or phase or held),
        problems=problems,
    )


# --- the rows of a page, as plain words and links ------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One runner's line of the dashboard, worked out before the template writes it: labels in
    words, dates and figures as the page shows them, links made (the template only writes)."""

    handle: str
    name: str
    url: str
    flagged: bool
    referred: bool
    refer_reason: str
    phase: str
    phase_label: str
    ready: bool
    technique: bool
    rule: str
    verdict: str
    holds: str
    sentence: str
    pain: str | None  # "3.5": the highest of the last days; None: none given
    pain_trend: str
    last_logged: str | None
    quiet: bool
    screen_url: str | None  # the newest screen's page; None: no screen yet
    screen_date: str
    needs_screen: bool
    profile_line: str
    new_screen_url: str


_H, _N = "zz-handle-zz", 987654321  # stand-ins: a link made once per page, filled in per row


def _links(name: str, *args: object) -> str:
    return reverse(name, args=args)


@functools.lru_cache(maxsize=256)
def _pain(value: float) -> str:
    """``{{ value|floatformat:"-1" }}`` (pain is 0-10 by tenths: a few values, made once)."""
    return str(floatformat(value, "-1"))


def rows(runners: Sequence[Runner]) -> list[Row]:
    """The rows of a page of runners, each with its current summary (``summaries.shown``) and
    ``quiet`` (annotated by :func:`select`). No query."""
    labels = load_labels()
    runner_url = _links("site:runner", _H)
    screen_url = _links("screening:screen", _H, _N)
    new_url = _links("screening:new", _H)
    out = []
    for runner in runners:
        s = runner.advice_summary
        h = runner.handle
        out.append(
            Row(
                handle=h,
                name=runner.name,
                url=runner_url.replace(_H, h),
                flagged=s.flagged,
                referred=s.referred,
                refer_reason=labels.plain(s.refer_reason) if s.referred else "",
                phase=s.phase,
                phase_label=labels.of("phase", s.phase),
                ready=s.ready_to_progress,
                technique=s.technique_ready,
                rule=s.rule,
                verdict=s.verdict,
                holds=labels.holds(s.rule, s.verdict) if s.rule else "",
                sentence=labels.plain(s.sentence) if s.sentence else "",
                pain=None if s.pain_week is None else _pain(s.pain_week),
                pain_trend=s.pain_trend,
                last_logged=s.last_logged.isoformat() if s.last_logged else None,
                quiet=bool(getattr(runner, "quiet", False)),
                screen_url=(
                    screen_url.replace(_H, h).replace(str(_N), str(s.latest_screen_id))
                    if s.latest_screen_id
                    else None
                ),
                screen_date=s.latest_screen_date.isoformat() if s.latest_screen_date else "",
                needs_screen=s.needs_screen,
                profile_line=s.profile_line,
                new_screen_url=new_url.replace(_H, h),
            )
        )
    return out
