"""Each input record defined once: its fields, their kind, bounds, unit and words.

A run, a pain report, a strength session, the coach's settings, an override and a clearance
reach the core through three doors: a history file (``insideout advise``), an API body and a
page's form. When each door listed the fields itself their bounds drifted apart (the API allowed
a weekly cap of 0-100 % where the core allowed 0-30; distance had an upper bound in one place
only). So the fields are written here, once, and everything else is made from them:

- the core's parser (:mod:`insideout.core.history`, :mod:`insideout.core.coach`) reads the bounds
  and the words of its messages ("expected a distance of 0 to 500 km, got 900");
- the API's schemas (:mod:`insideout.training.schemas`) are generated from them;
- the forms (:mod:`insideout.training.forms`) take their fields, labels and help from them.

A field the runner may leave out is *not said* when absent: the parser reads ``None``, never 0
(a pain not given is unknown, not "no pain"). Bounds that are the method's data (the coach's
weekly cap; a run's distance, duration and cadence, in ``plan.yaml``) are filled in from the
method by :func:`bind`; the pain sites and red-flag names are the method's too and are checked
against it. The 0-10 scales of pain (EV-PAIN-NRS) and effort (CR-10) are the scales' own.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from insideout.core.decision import DecisionVerdict, fmt
from insideout.core.method import Method
from insideout.core.screen import Side

__all__ = [
    "AVAILABILITY",
    "CLEARANCE",
    "MORNING",
    "OVERRIDE",
    "PAIN_ANSWERS",
    "PAIN_REPORT",
    "MINUTES_MAX",
    "REASON_MAX",
    "RECORDS",
    "REASON_MIN",
    "RUN",
    "RUN_EDIT",
    "SETTINGS",
    "SETTINGS_CHANGE",
    "STRENGTH",
    "WEEKDAYS",
    "Field",
    "Kind",
    "Record",
    "bind",
]

REASON_MAX = 500  # characters of a coach's reason (an override, a clearance, a cap change)
REASON_MIN = 3  # characters of the reason for a change of the weekly cap (IO-CAP-CHANGE)
MINUTES_MAX = 600  # minutes a runner may give for one day (10 hours: more is a typo)
#: The days of the week as a history names them (``availability``), Monday first (ISO order).
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class Kind(StrEnum):
    """What a field holds, as JSON carries it."""

    DATE = "date"  # "YYYY-MM-DD"
    NUMBER = "number"  # a finite number within [low, high]
    BOOL = "bool"
    TEXT = "text"  # free text, at most max_length characters
    CHOICE = "choice"  # one of ``choices`` (or, with ``method_choices``, one the method knows)
    FLAGS = "flags"  # a list of the method's red-flag names


@dataclass(frozen=True)
class Field:
    """One field of an input record.

    ``what`` is how messages name the expected value; it may use ``{low}``, ``{high}``,
    ``{unit}`` and ``{evidence}`` (of the method's bounds) so that a bound is written once (see
    :attr:`expected`). ``label`` and ``help`` are the words a form shows; ``label`` may use the
    same placeholders.
    """

    name: str
    kind: Kind
    what: str
    label: str
    required: bool = False
    low: float | None = None
    high: float | None = None
    unit: str = ""
    help: str = ""
    choices: tuple[str, ...] = ()
    method_choices: str = ""  # "pain_sites" or "red_flags": the choices are the method's
    # low and high are the method's: "weekly_increase_bounds" (the coach's cap) or "runs" (the
    # run's bounds under this field's name, ``plan.yaml`` ``runs.bounds``)
    bounds_from: str = ""
    max_length: int | None = None
    min_length: int | None = None  # of text, once trimmed (a required text: at least 1)
    default: object = None  # the value when absent (None: not said)
    example: object = None

    evidence: str = ""  # why the bounds, when they are the method's

    def _words(self, text: str) -> str:
        return text.format(
            low="" if self.low is None else fmt(self.low),
            high="" if self.high is None else fmt(self.high),
            unit=self.unit,
            evidence=self.evidence,
        )

    @property
    def expected(self) -> str:
        """The words after "expected" in a message: "a distance of 0 to 500 km"."""
        return self._words(self.what)

    @property
    def title(self) -> str:
        """The form's label: "Distance (km)", "Pain during the run (0-10)"."""
        return self._words(self.label)

    def accepts(self, value: float) -> bool:
        """Whether a finite number lies within the field's bounds (inclusive)."""
        low = float("-inf") if self.low is None else self.low
        high = float("inf") if self.high is None else self.high
        return low <= value <= high


@dataclass(frozen=True)
class Record:
    """An input record: its name in a history (``runs``) and its fields, in order."""

    name: str
    key: str  # where a list of them sits in a history document ("" for the settings object)
    fields: tuple[Field, ...]

    def __getitem__(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    def __iter__(self) -> Iterator[Field]:
        return iter(self.fields)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def patch(self, name: str) -> Record:
        """The same fields, none required and none with a default: a partial change of a stored
        record (a field left out keeps its stored value)."""
        kept = tuple(dataclasses.replace(f, required=False, default=None) for f in self.fields)
        return Record(name, self.key, kept)

    def only(self, *names: str, name: str | None = None) -> Record:
        """The same record with only some of its fields (in this record's order)."""
        missing = set(names) - set(self.names)
        if missing:
            raise KeyError(", ".join(sorted(missing)))
        kept = tuple(f for f in self.fields if f.name in names)
        return Record(name or self.name, self.key, kept)


def _date(what: str = "a date as YYYY-MM-DD") -> Field:
    return Field("date", Kind.DATE, what, "Date", required=True, example="2026-03-03")


PAIN_HELP = "0 = no pain, 10 = worst imaginable; left empty: not said (never read as 0)"
SIDES = tuple(s.value for s in Side)


def _pain(name: str, label: str) -> Field:
    return Field(
        name, Kind.NUMBER, "a pain rating from {low} to {high}", label, low=0, high=10,
        help=PAIN_HELP, example=0,
    )  # fmt: skip


def _site(name: str) -> Field:
    return Field(
        name, Kind.CHOICE, "a pain site the method knows", "Where it hurts",
        method_choices="pain_sites", example="knee",
    )  # fmt: skip


def _side(name: str) -> Field:
    return Field(name, Kind.CHOICE, "'left', 'right' or null", "Side", choices=SIDES)


def _flags() -> Field:
    return Field(
        "red_flags", Kind.FLAGS, "a list of red-flag names",
        "Any warning signs? (night pain, a sore spot on a bone, limping, swelling…)",
        method_choices="red_flags", default=(), example=["night_pain"],
    )  # fmt: skip


RUN = Record(
    "run",
    "runs",
    (
        _date(),
        Field(
            "distance_km", Kind.NUMBER, "a distance of {low} to {high} {unit}", "Distance ({unit})",
            required=True, bounds_from="runs", unit="km", example=5.0,
        ),
        Field(
            "duration_min", Kind.NUMBER, "a duration of {low} to {high} {unit}", "Minutes",
            required=True, bounds_from="runs", unit="minutes", example=31,
        ),
        Field(
            "rpe", Kind.NUMBER, "an effort rating (RPE) from {low} to {high}",
            "Effort ({low}-{high})", low=0, high=10, help="0 = rest, 10 = flat out", example=4,
        ),
        _pain("pain_during", "Pain during the run ({low}-{high})"),
        _pain("pain_after", "Pain after the run ({low}-{high})"),
        _pain("pain_next_morning", "Pain the next morning ({low}-{high})"),
        _site("pain_site"),
        _side("pain_side"),
        _flags(),
        Field(
            "cadence_spm", Kind.NUMBER,
            "a step rate of {low} to {high} {unit} (a running value under about {low} is strides "
            "per minute, one foot: double it, {evidence})",
            "Cadence ({unit})", bounds_from="runs", unit="steps/min", example=164,
        ),
        Field(
            "kind", Kind.TEXT, "a text such as 'easy' or 'long'", "Kind of run",
            max_length=40, example="easy",
        ),
    ),
)  # fmt: skip

#: A change to a logged run (``PATCH``): any of its fields; what is left out stays as stored.
RUN_EDIT = RUN.patch("run edit")
#: What may be added to a run once logged: the next-morning pain, or a late detail about the pain.
MORNING = RUN.only("pain_next_morning", "pain_site", "pain_side", "red_flags", name="morning")
#: The pain questions of a run that came in from a watch file, without any answer (the runner's
#: page asks them after an import): during, after, the next morning, where, and warning signs.
PAIN_ANSWERS = RUN.only(
    "pain_during", "pain_after", "pain_next_morning", "pain_site", "pain_side", "red_flags",
    name="pain answers",
)  # fmt: skip

PAIN_REPORT = Record(
    "pain report",
    "pain_reports",
    (
        _date(),
        Field(
            "pain", Kind.NUMBER, "a pain rating from {low} to {high}", "Pain ({low}-{high})",
            required=True, low=0, high=10, help="0 = no pain, 10 = worst imaginable", example=4,
        ),
        _site("site"),
        _side("side"),
        _flags(),
    ),
)  # fmt: skip

STRENGTH = Record(
    "strength session",
    "strength_sessions",
    (_date(), Field("completed", Kind.BOOL, "true or false", "Done", default=True)),
)

SETTINGS = Record(
    "settings",
    "",
    (
        Field(
            "weekly_increase_pct", Kind.NUMBER, "a weekly increase of {low} to {high} (%)",
            "Weekly distance cap (%)", bounds_from="weekly_increase_bounds", unit="%", example=8,
        ),
    ),
)  # fmt: skip


#: The coach's settings as a page or the API changes them: a change of the cap needs a reason
#: (who changed it, when and from what is recorded beside it: IO-CAP-CHANGE).
SETTINGS_CHANGE = Record(
    "settings change",
    "",
    (
        *SETTINGS.fields,
        Field(
            "reason", Kind.TEXT, "a reason of {low} to {high} characters",
            "Reason for the change", low=REASON_MIN, high=REASON_MAX, min_length=REASON_MIN,
            max_length=REASON_MAX,
            help="Required when the cap changes; the runner sees it with the cap.",
            example="returning after a calf strain",
        ),
    ),
)  # fmt: skip


def _reason(what: str, help_text: str) -> Field:
    return Field(
        "reason", Kind.TEXT, what, "Reason", required=True, max_length=REASON_MAX,
        help=help_text,
    )  # fmt: skip


OVERRIDE = Record(
    "override",
    "overrides",
    (
        _date(),
        Field(
            "rule", Kind.CHOICE, "'gate.technique'", "Rule", choices=("gate.technique",),
            default="gate.technique",
        ),
        Field(
            "verdict", Kind.CHOICE, "'unlock' or 'lock'", "Technique work", required=True,
            choices=(DecisionVerdict.UNLOCK.value, DecisionVerdict.LOCK.value), example="unlock",
        ),
        _reason("the coach's reason", "Required; the runner sees it with the decision."),
    ),
)  # fmt: skip

CLEARANCE = Record(
    "clearance",
    "clearances",
    (
        _date(),
        Field(
            "by", Kind.CHOICE, "'physiotherapist' or 'doctor'", "Cleared by", required=True,
            choices=("physiotherapist", "doctor"), example="physiotherapist",
        ),
        _reason(
            "the reason for the clearance",
            "Required; the runner sees it with the decision. A cardiac sign needs a doctor.",
        ),
    ),
)  # fmt: skip

#: The runner's availability: the days they can run and, per day, the minutes they have. A day
#: left out is not available; a day given as null is available without a time limit. The record
#: is the object itself (``{"mon": 45, "sat": 90, "sun": null}``, at least one day); leaving the
#: whole ``availability`` out (or null) is not said: the plan uses every day, as it always did.
AVAILABILITY = Record(
    "availability",
    "availability",
    tuple(
        Field(
            day, Kind.NUMBER, "{low} to {high} {unit} (null: available, no time limit)",
            f"{name} ({{unit}})", low=1, high=MINUTES_MAX, unit="minutes",
            help="left out: you cannot run that day; empty: you can, with no time limit",
            example=45,
        )
        for day, name in zip(WEEKDAYS, _DAY_NAMES, strict=True)
    ),
)  # fmt: skip

RECORDS = (RUN, PAIN_REPORT, STRENGTH, SETTINGS, OVERRIDE, CLEARANCE, AVAILABILITY)


def _bound(f: Field, method: Method) -> Field:
    if f.bounds_from == "weekly_increase_bounds":
        b = method.plan.weekly_increase_bounds
        return dataclasses.replace(f, low=b.low, high=b.high, evidence=b.evidence)
    if f.bounds_from == "runs":
        r = method.runs.bounds[f.name]
        return dataclasses.replace(f, low=r.low, high=r.high, evidence=r.evidence)
    return f


def bind(record: Record, method: Method) -> Record:
    """The record with the bounds that are the method's data filled in (the weekly cap, a run's
    distance, duration and cadence)."""
    return dataclasses.replace(record, fields=tuple(_bound(f, method) for f in record.fields))
