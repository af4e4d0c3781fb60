"""The few-taps forms: log a run, answer the next-morning pain question, report pain without a run,
answer the pain questions of a run that came in from a watch file, upload watch files; the days
the runner can run and for how long.

A form's fields are made from the core's records (:mod:`insideout.core.records`, through
:func:`insideout.people.records.form_field`): the same fields, labels and help as the parser's and
the API's. A form only turns text into values (a decimal comma is fine; an empty box is not said,
never 0); whether they fit (ranges, red-flag names, a required value, a date not in the future, a
duplicate run) is decided by :mod:`insideout.training.services` through the core's parser, in one
pass, and each issue is attached to the field it names. So a form shows all its errors at once,
and the page says what the API says.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import Any, ClassVar

from django import forms

from insideout.catalogue.labels import load_labels
from insideout.core.availability import day_name
from insideout.core.errors import InputError, Issue
from insideout.core.records import (
    AVAILABILITY,
    CLEARANCE,
    MORNING,
    OVERRIDE,
    PAIN_ANSWERS,
    PAIN_REPORT,
    RUN,
    SETTINGS_CHANGE,
    STRENGTH,
    WEEKDAYS,
    Kind,
    Record,
)
from insideout.people.models import Runner
from insideout.people.records import form_field
from insideout.training import services
from insideout.training.models import Clearance, GateOverride, PainReport, Run, StrengthSession

__all__ = [
    "AnswersForm",
    "AvailabilityForm",
    "ClearanceForm",
    "MorningForm",
    "OverrideForm",
    "PainEditForm",
    "PainForm",
    "RunEditForm",
    "RunForm",
    "SettingsForm",
    "StrengthEditForm",
    "UploadForm",
]


def _keep_stored_flags(fields: Mapping[str, Any], stored: Iterable[str]) -> None:
    """An entry's stored red flags that are not offered to tick (those only a screen raises,
    ``screen_only``) stay on its edit form, ticked, so saving the form never drops one."""
    if "red_flags" not in fields:
        return
    flags = services.method().red_flags
    offered = {value for value, _ in fields["red_flags"].choices}
    extra = [(n, flags[n].label) for n in stored if n in flags and n not in offered]
    fields["red_flags"].choices = [*fields["red_flags"].choices, *extra]


def _labelled_sites(
    fields: Mapping[str, Any], names: Iterable[str] = ("pain_site", "site")
) -> None:
    """Show a form's pain-site choices as their labels ("front of the thigh"); the values stay."""
    labels = load_labels()
    for name in names:
        if name in fields:
            fields[name].choices = [
                (value, labels.of("site", value) if value else text)
                for value, text in fields[name].choices
            ]


class _CoreForm(forms.Form):
    """A form made from a core record, whose values become a body that a service checks.

    A subclass names its ``record`` and the ``names`` of the fields it shows (all of them by
    default), and which service checks the body (:meth:`check`); the issues found are attached
    to the fields they name. A form without a body (the morning question) is checked when it is
    saved instead.
    """

    record: ClassVar[Record]
    names: ClassVar[tuple[str, ...]] = ()
    labels: ClassVar[dict[str, str]] = {}
    body: dict[str, Any]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        method = services.method()
        for name in self.shown():
            field = form_field(self.record[name], method)
            field.label = self.labels.get(name, field.label)
            self.fields[name] = field
            if self.record[name].kind is Kind.DATE:
                field.initial = services.today

    def shown(self) -> tuple[str, ...]:
        """The record's fields this form shows (``names``; all of them by default)."""
        return self.names or self.record.names

    def body_of(self, data: dict[str, Any]) -> dict[str, Any] | None:
        """The cleaned values as the core reads them (blank choices are not said)."""
        body: dict[str, Any] = {}
        for name in self.fields:
            value = data.get(name)
            if isinstance(value, dt.date):
                value = value.isoformat()
            elif value == "":
                value = None if self.record[name].kind is Kind.CHOICE else value
            elif isinstance(value, list | tuple):
                value = list(value)
            body[name] = value
        return body

    def check(self, body: dict[str, Any]) -> None:
        """Raise :class:`InputError` when the body does not fit (the service decides)."""

    def clean(self) -> dict[str, Any]:
        super().clean()  # Django's returns self.cleaned_data; typed "or None" for other overrides
        data = self.cleaned_data
        body = self.body_of(data)
        if body is None:
            return data
        self.body = body
        try:
            self.check(body)
        except InputError as exc:
            self.attach(exc)
        return data

    def attach(self, exc: InputError) -> None:
        for issue in exc.issues:
            self._attach(issue)

    def _attach(self, issue: Issue) -> None:
        name = next((p for p in issue.loc if isinstance(p, str)), None)
        if name not in self.fields:
            self.add_error(None, str(issue))
            return
        self.add_error(name, f"{self[name].label}: {issue.message}")


class RunForm(_CoreForm):
    """Date, distance, minutes, effort, pain during and after, where it hurts, red flags."""

    record = RUN
    names: ClassVar[tuple[str, ...]] = (
        "date",
        "distance_km",
        "duration_min",
        "rpe",
        "pain_during",
        "pain_after",
        "pain_site",
        "pain_side",
        "red_flags",
    )

    def __init__(self, runner: Runner, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.runner = runner
        _labelled_sites(self.fields)

    def check(self, body: dict[str, Any]) -> None:
        services.check_run(self.runner, body)

    def save(self, by: Any = None) -> Run:
        return services.record_run(self.runner, self.body, by=by)


class RunEditForm(RunForm):
    """The log form for a run already stored, filled in with it (the next morning's pain too).
    A run from a watch file shows only what was typed by hand: the device's date, distance, time
    and cadence stay as the file has them."""

    names: ClassVar[tuple[str, ...]] = (*RunForm.names[:6], "pain_next_morning", *RunForm.names[6:])
    by_hand: ClassVar[tuple[str, ...]] = tuple(n for n in names if n not in services.DEVICE_FIELDS)

    def __init__(self, run: Run, *args: Any, **kwargs: Any) -> None:
        self.run = run
        kwargs.setdefault("initial", run.as_input())
        super().__init__(run.runner, *args, **kwargs)
        _keep_stored_flags(self.fields, run.red_flags)

    def shown(self) -> tuple[str, ...]:
        return self.by_hand if self.run.activity_file_id is not None else self.names

    def check(self, body: dict[str, Any]) -> None:
        services.check_edit(self.run, body)

    def save(self, by: Any = None) -> Run:
        return services.edit_run(self.run, self.body, by=by)


class MorningForm(_CoreForm):
    """The one question of the morning after a run."""

    record = MORNING
    names = ("pain_next_morning",)
    labels: ClassVar[dict[str, str]] = {"pain_next_morning": "How is the pain this morning? (0-10)"}

    def __init__(self, run: Run, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.run = run

    def body_of(self, data: dict[str, Any]) -> dict[str, Any] | None:
        return None

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("pain_next_morning") is None:  # the one question: the answer is needed
            spec = MORNING["pain_next_morning"]
            self._attach(
                Issue(("pain_next_morning",), f"required: expected {spec.expected}, got nothing")
            )
        return data

    def save(self) -> Run | None:
        """Store the answer, or attach the issues and store nothing."""
        try:
            return services.add_morning_pain(
                self.run, {"pain_next_morning": self.cleaned_data["pain_next_morning"]}
            )
        except InputError as exc:
            self.attach(exc)
            return None


class AnswersForm(_CoreForm):
    """The pain questions of a run that came in from a watch file without answers (compact: one
    per run on the runner's page, each with its own element ids)."""

    record = PAIN_ANSWERS
    labels: ClassVar[dict[str, str]] = {
        "pain_during": "Pain during (0-10)",
        "pain_after": "After (0-10)",
        "pain_next_morning": "Next morning (0-10)",
    }

    def __init__(self, run: Run, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"run{run.pk}_%s")
        super().__init__(*args, **kwargs)
        self.run = run
        _labelled_sites(self.fields)
        for field in self.fields.values():
            field.help_text = ""  # the section says it once: empty is not said, never 0

    def save(self) -> Run | None:
        """Store the answers, or attach the issues and store nothing."""
        try:
            return services.answer_pain(self.run, self.body)
        except InputError as exc:
            self.attach(exc)
            return None


class UploadForm(forms.Form):
    """A watch file or an account export to import (checked and stored by
    :func:`insideout.training.uploads.accept`)."""

    file = forms.FileField(
        label="Watch file or export",
        help_text=".fit, .gpx or .tcx (or a .gz of one), or a .zip export from Garmin or Strava",
        widget=forms.FileInput(attrs={"accept": ".fit,.gpx,.tcx,.gz,.zip"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "upload_%s")
        super().__init__(*args, **kwargs)


class PainForm(_CoreForm):
    """Pain on a day without a run: how much, where, and whether it is at rest or at night."""

    record = PAIN_REPORT

    def __init__(self, runner: Runner, *args: Any, **kwargs: Any) -> None:
        # Its own element ids: it shares the runner's page with the run form (same field names).
        kwargs.setdefault("auto_id", "pain_%s")
        super().__init__(*args, **kwargs)
        self.runner = runner
        _labelled_sites(self.fields)

    def check(self, body: dict[str, Any]) -> None:
        services.check_pain(self.runner, body)

    def save(self, by: Any = None) -> PainReport:
        return services.record_pain(self.runner, self.body, by=by)


class PainEditForm(PainForm):
    """The pain form for a report already stored, filled in with it."""

    def __init__(self, report: PainReport, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", report.as_input())
        super().__init__(report.runner, *args, **kwargs)
        _keep_stored_flags(self.fields, report.red_flags)
        self.report = report

    def check(self, body: dict[str, Any]) -> None:
        services.check_edit(self.report, body)

    def save(self, by: Any = None) -> PainReport:
        return services.edit_pain(self.report, self.body, by=by)


class StrengthEditForm(_CoreForm):
    """A strength session already stored: its day, and whether it was done."""

    record = STRENGTH

    def __init__(self, session: StrengthSession, *args: Any, **kwargs: Any) -> None:
        initial = {"date": session.date.isoformat(), "completed": session.completed}
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.session = session

    def check(self, body: dict[str, Any]) -> None:
        services.check_edit(self.session, body)

    def save(self, by: Any = None) -> StrengthSession:
        return services.edit_strength(self.session, self.body, by=by)


class SettingsForm(_CoreForm):
    """The coach's own weekly cap for the runner (empty goes back to the method's default) and
    the reason for a change, which is recorded with it."""

    record = SETTINGS_CHANGE

    def __init__(self, runner: Runner, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "settings_%s")
        kwargs.setdefault("initial", {"weekly_increase_pct": runner.weekly_increase_pct})
        super().__init__(*args, **kwargs)
        self.runner = runner
        plan = services.method().plan
        b = plan.weekly_increase_bounds
        self.fields["weekly_increase_pct"].help_text = (
            f"{b.low:g} to {b.high:g} ({b.evidence}); empty: the default of "
            f"{plan.weekly_increase_pct.value:g}%"
        )

    def check(self, body: dict[str, Any]) -> None:
        services.check_settings(body, self.runner)

    def save(self, by: Any = None) -> Runner:
        return services.update_settings(self.runner, self.body, by=by)


class _CoachLogForm(_CoreForm):
    """A dated entry the coach appends to a runner's log (an override, a clearance): a date, one
    of the model's choices (``choice``) and the reason, checked and stored by the service."""

    prefix_id: ClassVar[str]
    choice: ClassVar[str]
    choices: ClassVar[list[tuple[str, str]]]
    checker: ClassVar[Callable[[Runner, dict[str, Any]], object]]
    recorder: ClassVar[Callable[..., Any]]

    def __init__(self, runner: Runner, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{self.prefix_id}_%s")
        super().__init__(*args, **kwargs)
        self.runner = runner
        field = self.fields[self.choice]
        assert isinstance(field, forms.ChoiceField)  # form_field makes one for a CHOICE field
        field.choices = self.choices

    def check(self, body: dict[str, Any]) -> None:
        type(self).checker(self.runner, body)

    def save(self, by: Any = None) -> Any:
        return type(self).recorder(self.runner, self.body, by=by)


class OverrideForm(_CoachLogForm):
    """Unlock or lock technique work from a day on, with the coach's reason (required)."""

    prefix_id, record, choice = "override", OVERRIDE, "verdict"
    names = ("date", "verdict", "reason")
    choices = GateOverride.Verdict.choices
    checker, recorder = services.check_override, services.record_override


class ClearanceForm(_CoachLogForm):
    """A physiotherapist's or doctor's clearance to run again, with the reason (required)."""

    prefix_id, record, choice = "clearance", CLEARANCE, "by"
    names = ("date", "by", "reason")
    choices = Clearance.By.choices
    checker, recorder = services.check_clearance, services.record_clearance


class AvailabilityForm(forms.Form):
    """The days the runner can run (a box per day) and, per day, the minutes they have (empty: no
    time limit). No day ticked: not said, the plan uses every day. The days and the minutes'
    bounds and words are the core's record (:data:`insideout.core.records.AVAILABILITY`), judged
    by the core: minutes given for a day not ticked are an error on that day, nothing is stored.
    """

    body: dict[str, Any] | None

    def __init__(self, runner: Runner, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "availability_%s")
        kwargs.setdefault("initial", self._initial(runner))
        super().__init__(*args, **kwargs)
        self.runner = runner
        method = services.method()
        for spec in AVAILABILITY:
            day = day_name(WEEKDAYS.index(spec.name), short=False)
            self.fields[spec.name] = forms.BooleanField(label=day, required=False)
            minutes = form_field(spec, method)
            minutes.label, minutes.help_text = f"Minutes on {day}", ""
            self.fields[f"{spec.name}_minutes"] = minutes

    @staticmethod
    def _initial(runner: Runner) -> dict[str, Any]:
        found = runner.days_available()
        if found is None:
            return {}
        out: dict[str, Any] = {}
        for day, minutes in found.as_doc().items():
            out[day] = True
            out[f"{day}_minutes"] = minutes
        return out

    def rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        """Each day's box and its minutes, Monday first."""
        return [(self[day], self[f"{day}_minutes"]) for day in WEEKDAYS]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        body: dict[str, Any] = {}
        for day in WEEKDAYS:
            minutes = data.get(f"{day}_minutes")
            if data.get(day):
                body[day] = minutes
            elif minutes is not None:
                self.add_error(
                    f"{day}_minutes",
                    f"{self.fields[day].label}: tick the day to run on it, or leave the minutes "
                    "empty",
                )
        self.body = body or None  # no day ticked: not said
        try:
            services.check_availability(self.body)
        except InputError as exc:
            for issue in exc.issues:
                name = f"{issue.loc[0]}_minutes" if issue.loc else None
                where = self.fields[name].label if name in self.fields else ""
                self.add_error(name if name in self.fields else None, f"{where}: {issue.message}")
        return data

    def save(self) -> Runner:
        return services.update_availability(self.runner, self.body)
