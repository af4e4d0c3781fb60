"""The API's typed shapes for runs, pain reports, strength sessions and the advice.

The request bodies are read by the core's parser (see :mod:`insideout.training.services`) so that
every problem answers 422 naming its field; these schemas document them in the OpenAPI document.
The bodies' and the stored records' schemas are generated from the core's records, so their
fields and bounds are the parser's.
``AdviceOut`` mirrors :func:`insideout.core.advise.advice_dict`, the JSON contract of issue 4
(``insideout advise --json``), field for field; it is served with ``exclude_unset`` so that what
the core leaves out (``reps`` or ``seconds``, the profile's ``changes``) stays out.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal, get_args

from ninja import Field, Schema
from pydantic import WithJsonSchema, model_validator

from insideout.catalogue.method import load_method
from insideout.core.records import (
    AVAILABILITY,
    CLEARANCE,
    OVERRIDE,
    PAIN_REPORT,
    RUN,
    RUN_EDIT,
    SETTINGS_CHANGE,
    STRENGTH,
    WEEKDAYS,
)
from insideout.people.records import (
    body_openapi,
    list_of,
    output_schema,
    schema_of,
)
from insideout.people.schemas import ErrorOut
from insideout.screening.schemas import ProfileOut

__all__ = [
    "AdviceOut",
    "CapChangeOut",
    "ERRORS",
    "REFUSALS",
    "ErrorOut",
    "LogChangeOut",
    "PainEditIn",
    "RunEditIn",
    "StrengthEditIn",
    "AvailabilityIn",
    "AvailabilityOut",
    "CadenceOut",
    "DecisionOut",
    "DoseOut",
    "LoadOut",
    "NextWeekOut",
    "PhaseName",
    "PlannedRunOut",
    "PlannedStrengthOut",
    "ReferOut",
    "TechniqueOut",
    "VerdictName",
    "ClearanceIn",
    "ClearanceOut",
    "ImportJobOut",
    "ImportProgressOut",
    "ImportReportOut",
    "OverrideIn",
    "OverrideOut",
    "PainIn",
    "PainOut",
    "RunIn",
    "RunOut",
    "SettingsIn",
    "SettingsOut",
    "StrengthIn",
    "StrengthOut",
    "availability_body",
    "body_openapi",  # re-exported for the routers (people.records defines both)
    "list_of",
]


# The bodies and the stored records, generated from the core's records (insideout.core.records):
# the fields, their bounds and their words are written there once. The method's own bounds (the
# weekly cap in plan.yaml) are read once, here, for the OpenAPI document.
_METHOD = load_method()

RunIn = schema_of(RUN, _METHOD, "RunIn", "A run; a value not given is not said (null), never 0.")
RunEditIn = schema_of(
    RUN_EDIT,
    _METHOD,
    "RunEditIn",
    "A change to a logged run: the fields given replace the stored ones (null: not said), the "
    "others stay; the whole run is checked again as a new one is. A run from a watch file keeps "
    "the device's date, distance, duration and cadence.",
)
RunOut = output_schema(RUN, "RunOut", id=int, load=float | None, created_at=dt.datetime)
PainIn = schema_of(
    PAIN_REPORT,
    _METHOD,
    "PainIn",
    "Pain felt on a day without a run (at rest, at night); the site and flags are the method's.",
)
PainOut = output_schema(PAIN_REPORT, "PainOut", id=int, created_at=dt.datetime)
PainEditIn = schema_of(
    PAIN_REPORT.patch("pain report edit"),
    _METHOD,
    "PainEditIn",
    "A change to a pain report: the fields given replace the stored ones, the others stay.",
)
StrengthIn = schema_of(STRENGTH, _METHOD, "StrengthIn", "A strength session on a day.")
StrengthEditIn = schema_of(
    STRENGTH.patch("strength session edit"),
    _METHOD,
    "StrengthEditIn",
    "A change to a strength session: its date, whether it was done.",
)
StrengthOut = output_schema(STRENGTH, "StrengthOut", id=int, created_at=dt.datetime)
SettingsIn = schema_of(
    SETTINGS_CHANGE,
    _METHOD,
    "SettingsIn",
    "The coach's settings for one runner; null goes back to the method's default. A cap that "
    "changes needs a reason (3 to 500 characters), recorded with who changed it and when.",
)
OverrideIn = schema_of(
    OVERRIDE,
    _METHOD,
    "OverrideIn",
    "A coach's unlock or lock of technique work from a day on; the reason is required.",
)
OverrideOut = output_schema(
    OVERRIDE, "OverrideOut", id=int, created_by=str | None, created_at=dt.datetime
)
ClearanceIn = schema_of(
    CLEARANCE,
    _METHOD,
    "ClearanceIn",
    "A physiotherapist's or doctor's clearance to run again, from a day on; the reason is "
    "required. A cardiac sign is lifted only by a doctor's clearance.",
)
ClearanceOut = output_schema(
    CLEARANCE, "ClearanceOut", id=int, created_by=str | None, created_at=dt.datetime
)


AvailabilityIn = schema_of(
    AVAILABILITY,
    _METHOD,
    "AvailabilityIn",
    "The days the runner can run and, per day, the minutes they have: a day left out is not "
    "available, a day given as null is available without a time limit; at least one day. The "
    "whole body null: not said (the plan uses every day). The runner themself or their coach.",
)

DayName = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
assert get_args(DayName) == WEEKDAYS  # the days as the core's record names them


class AvailabilityOut(Schema):
    """The runner's availability as stored, and in words."""

    availability: dict[DayName, float | None] | None = Field(
        description="The days the runner can run and their minutes (null: no time limit); a day "
        "left out is not available. Null: not said, the plan uses every day.",
        examples=[{"mon": 45, "wed": 45, "sat": 90, "sun": None}],
    )
    text: str = Field(
        description="In words, as the runner's page shows it.",
        examples=["Mon 45 min, Wed 45 min, Sat 90 min, Sun (no time limit)"],
    )


def availability_body() -> dict[str, Any]:
    """The ``requestBody`` of ``PUT .../availability``: the object, or null (not said)."""
    extra = body_openapi(AvailabilityIn)
    content = extra["requestBody"]["content"]["application/json"]
    content["schema"] = {"anyOf": [content["schema"], {"type": "null"}]}
    content["examples"] = {
        "days": {"summary": "Mon, Wed, Sat; Sunday without a limit",
                 "value": {"mon": 45, "wed": 45, "sat": 90, "sun": None}},
        "not said": {"summary": "Not said: every day, no limit", "value": None},
    }  # fmt: skip
    return extra


class SettingsOut(Schema):
    """The runner's weekly cap in force, who set it, and where a coach may set it."""

    weekly_increase_pct: float | None  # the coach's value; null: the default applies
    weekly_increase_in_force: float
    weekly_increase_default: float
    weekly_increase_min: float
    weekly_increase_max: float
    evidence: list[str]


class CapChangeOut(Schema):
    """A change of the runner's weekly cap: who, when, from what, to what, and why."""

    id: int
    old_pct: float | None = Field(description="The cap before; null: the method's default.")
    new_pct: float | None = Field(description="The cap after; null: the method's default.")
    reason: str
    changed_by: str | None = Field(description="Who changed it (the coach's name).")
    changed_at: dt.datetime


class LogChangeOut(Schema):
    """An entry of the log corrected or deleted: who, when, which entry, before and after."""

    id: int
    entry: Literal["run", "pain", "strength"]
    entry_id: int = Field(description="The entry's id (a deleted one is gone).")
    entry_date: dt.date = Field(description="The entry's date before the change.")
    action: Literal["edit", "delete"]
    before: str = Field(description="What the changed fields said, in plain words.")
    after: str = Field(description="What they say now; empty for a deletion.")
    changed_by: str | None
    changed_at: dt.datetime


#: The error answers an endpoint about one runner documents beside its success.
ERRORS: dict[int, type[Schema]] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
#: ... of an endpoint without a body (nothing to refuse as 422).
REFUSALS: dict[int, type[Schema]] = {k: v for k, v in ERRORS.items() if k != 422}


# --- uploaded imports ---------------------------------------------------------------------------


class ImportProgressOut(Schema):
    files: int = Field(description="Files handled so far (saved every few files while it runs).")
    imported: int = Field(description="Files stored as activities (a run, for a running one).")
    duplicates: int = Field(description="Files already stored (the same file or activity).")
    skipped: int = Field(description="Files that are not a usable activity.")


class SkippedFileOut(Schema):
    file: str = Field(description="The file, inside the upload (``export.zip!activities/1.fit``).")
    reason: str = Field(description="Why it was not imported.")


class ImportReportOut(Schema):
    """The final table, as ``insideout import --json`` prints it."""

    imported: int
    duplicates: int
    skipped: list[SkippedFileOut]
    records: int = Field(description="Record messages (track points) of the files stored.")


class ImportJobOut(Schema):
    """An upload and its import, run in the background: queued, running, then done or failed."""

    id: int
    url: str = Field(description="This job in the API (poll it until it is done or failed).")
    page: str = Field(description="This job's page on the site.")
    name: str = Field(description="The file's name as uploaded.")
    size: int = Field(description="Bytes uploaded.")
    status: Literal["queued", "running", "done", "failed"]
    progress: ImportProgressOut
    report: ImportReportOut | None = Field(description="The final table; null until done.")
    error: str | None = Field(description="Why a failed job failed; null otherwise.")
    created_by: str | None = Field(description="Who uploaded (the runner or their coach).")
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None


# --- the advice: insideout advise --json -------------------------------------------------------

#: A number as the core computed it: an int stays an int (``0``, not ``0.0``), so the JSON is the
#: CLI's byte for byte; documented as one ``number``.
Number = Annotated[int | float, WithJsonSchema({"type": "number"})]

PhaseName = Literal["screen_needed", "foundation", "build", "technique", "stop"]
VerdictName = Literal["progress", "hold", "cut", "stop", "refer", "unlock", "lock"]


class PlannedRunOut(Schema):
    date: dt.date = Field(description="The day of the run.")
    kind: Literal["easy", "long", "speed", "run_walk"] = Field(description="The kind of run.")
    distance_km: Number = Field(description="The distance to run, in km.")


class DoseOut(Schema):
    """One exercise of a session: ``reps`` for a counted dose, ``seconds`` for a timed one."""

    id: str = Field(description="The catalogue's exercise id.", examples=["calf_raise"])
    sets: int = Field(description="How many sets.")
    reps: int | None = Field(
        None, description="Repetitions per set; present only when the dose is counted (no seconds)."
    )
    seconds: int | None = Field(
        None, description="Seconds per set; present only when the dose is timed (no reps)."
    )
    side: Literal["left", "right", "both"] | None = Field(
        description="Which side works; null for a whole-body exercise."
    )

    @model_validator(mode="after")
    def _reps_or_seconds(self) -> DoseOut:
        if (self.reps is None) == (self.seconds is None):
            raise ValueError("a dose has reps or seconds, exactly one of them")
        return self


class PlannedStrengthOut(Schema):
    date: dt.date = Field(description="The day of the foundation session.")
    exercises: list[DoseOut] = Field(description="The exercises, in order, with their dose.")


class NextWeekOut(Schema):
    start: dt.date = Field(description="The first day of the week (the advice's ``on``).")
    runs: list[PlannedRunOut] = Field(description="The runs planned; empty when running stops.")
    strength: list[PlannedStrengthOut] = Field(
        description="The foundation sessions, which never drop out of any week."
    )
    planned_km: Number = Field(description="The week's planned distance, in km.")
    longest_run_km: Number = Field(description="The longest planned run, in km.")
    recovery_week: bool = Field(description="Whether this is a recovery week (reduced volume).")


class DecisionOut(Schema):
    """One choice the advice made, explained: which rule, what it saw, against what, why."""

    rule: str = Field(description="The rule's id.", examples=["plan.screen_first"])
    verdict: VerdictName = Field(description="What the rule decided.")
    value: Number | str | None = Field(description="The measured value the rule read, if any.")
    threshold: Number | None = Field(description="The threshold it was held against, if any.")
    evidence: str = Field(description="The evidence id behind the rule.")
    text: str = Field(description="One plain sentence for the runner and the coach.")


class CadenceOut(Schema):
    baseline_spm: Number | None = Field(
        description="The runner's own step rate; null with no cadence logged."
    )
    target_spm: list[Number | None] = Field(
        min_length=2, max_length=2, description="The target step-rate range [low, high]."
    )
    sessions: int = Field(description="Cadence sessions a week.")
    drills: list[str] = Field(description="The drills to practise.")
    text: str = Field(description="The prescription in plain words.")
    evidence: list[str] = Field(description="The evidence ids behind it.")


class TechniqueOut(Schema):
    unlocked: bool = Field(description="Whether technique work is unlocked.")
    missing: list[str] = Field(description="What the runner still lacks to pass the gate.")
    prescription: CadenceOut | None = Field(
        description="The cadence work when unlocked; null while locked."
    )


class ReferOut(Schema):
    reason: str = Field(description="Why the runner is referred.")
    words: str = Field(description="The words shown to the runner.")
    urgent: bool = Field(description="Emergency services, not an appointment (e.g. chest pain).")
    cardiac: bool = Field(
        description="A cardiac sign: all exercise, strength work included, pauses until a doctor "
        "has cleared the runner."
    )


class LoadOut(Schema):
    """The runner's training load: context for the coach, never a rule (it gates nothing)."""

    week_load: Number = Field(description="The last 7 days' load (RPE x minutes); gates nothing.")
    weekly_loads: list[Number] = Field(description="The last four 7-day loads, oldest first.")
    acwr_rolling: Number | None = Field(description="Acute:chronic ratio, rolling; gates nothing.")
    acwr_ewma: Number | None = Field(description="Acute:chronic ratio, EWMA; gates nothing.")
    ewma_warming_up: bool = Field(description="Whether the EWMA has too little history yet.")
    monotony: Number | Literal["max"] | None = Field(
        description="Mean / SD of the daily loads; max when the SD is 0, null with no load."
    )
    strain: Number | Literal["max"] | None = Field(
        description="Weekly load x monotony; gates nothing."
    )
    runs_without_rpe: int = Field(description="Runs without an RPE, so without a load.")
    gates_nothing: Literal[True] = Field(
        description="Always true: no rule of the plan or the guards reads the load."
    )
    text: str = Field(description="The load in plain words.")
    evidence: list[str] = Field(description="The evidence ids behind the figures.")


class AdviceOut(Schema):
    """The week from ``on`` and why: ``insideout advise --json``, names fixed by issue 4."""

    runner: str = Field(description="The runner's handle.", examples=["ana"])
    on: dt.date = Field(description="The day the advice is for; nothing after it is read.")
    phase: PhaseName = Field(description="Where the runner is in the method.")
    profile: ProfileOut | None = Field(
        description="The latest screen's profile (no changes); null with no screen on record."
    )
    next_week: NextWeekOut = Field(description="The week's runs and foundation sessions.")
    decisions: list[DecisionOut] = Field(description="Every decision made, in order of precedence.")
    technique: TechniqueOut = Field(description="The technique gate and, unlocked, its work.")
    refer: ReferOut | None = Field(description="Null, or why and how the runner is referred.")
    load: LoadOut = Field(description="Training load as context for the coach; it gates nothing.")
