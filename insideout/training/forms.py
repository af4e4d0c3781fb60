"""The few-taps forms: log a run, answer the next-morning pain question, report pain without a run.

A form only turns text into values; whether they fit (ranges, red-flag names, a date not in the
future, a duplicate run) is decided by :mod:`insideout.training.services` through the core's
parser, and each issue is attached to the field it names, so the page says what the API says.
"""

from __future__ import annotations

from typing import Any

from django import forms

from insideout.core.errors import InputError, Issue
from insideout.people.models import Runner
from insideout.training import services
from insideout.training.models import Clearance, GateOverride, PainReport, Run

__all__ = ["ClearanceForm", "MorningForm", "OverrideForm", "PainForm", "RunForm", "SettingsForm"]

PAIN_HELP = "0 = no pain, 10 = worst imaginable"


def _pain(label: str, *, required: bool = True) -> forms.FloatField:
    return forms.FloatField(
        label=label,
        required=required,
        initial=0,
        help_text=PAIN_HELP,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": "1"}),
    )


def _blank_none(value: Any) -> Any:
    return None if value in ("", None) else value


def _warning_signs() -> forms.MultipleChoiceField:
    """The red flags, folded away on the page (see form_fields.html); choices from plan.yaml."""
    return forms.MultipleChoiceField(
        label="Any warning signs? (night pain, a sore spot on a bone, limping, swelling…)",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


def _pain_choices(form: forms.Form, site_field: str) -> None:
    """The pain sites and red flags the method knows, as the choices of a form's fields."""
    method = services.method()
    form.fields[site_field].choices = [("", "—"), *((s, s) for s in method.pain.sites)]
    form.fields["red_flags"].choices = [(f.name, f.label) for f in method.red_flags.values()]


class _CoreForm(forms.Form):
    """A form whose values become a body that a service checks, raising :class:`InputError`.

    A subclass says how its cleaned values become the body (:meth:`body_of`) and which service
    checks it (:meth:`check`); the issues found are attached to the fields they name. A form
    without a body (the morning question) is checked when it is saved instead.
    """

    body: dict[str, Any]

    def body_of(self, data: dict[str, Any]) -> dict[str, Any] | None:
        return None

    def check(self, body: dict[str, Any]) -> None:
        """Raise :class:`InputError` when the body does not fit (the service decides)."""

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        body = None if self.errors else self.body_of(data)
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
        # The bound field's label: a field declared without one reads "Date", not "None".
        self.add_error(name, f"{self[name].label}: {issue.message}")


class RunForm(_CoreForm):
    """Date, distance, minutes, effort, pain during and after, where it hurts, red flags."""

    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    distance_km = forms.FloatField(
        label="Distance (km)",
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.1"}),
    )
    duration_min = forms.FloatField(
        label="Minutes", widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": "1"})
    )
    rpe = forms.FloatField(
        label="Effort (0-10)",
        help_text="0 = rest, 10 = flat out",
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": "1"}),
    )
    pain_during = _pain("Pain during the run (0-10)")
    pain_after = _pain("Pain after the run (0-10)")
    pain_site = forms.ChoiceField(label="Where it hurts", required=False)
    pain_side = forms.ChoiceField(
        label="Side",
        required=False,
        choices=[("", "—"), *((c.value, c.label) for c in Run.PainSide)],
    )
    red_flags = _warning_signs()

    def __init__(self, runner: Runner, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.runner = runner
        self.fields["date"].initial = services.today
        _pain_choices(self, "pain_site")

    def body_of(self, data: dict[str, Any]) -> dict[str, Any]:
        return {
            "date": data["date"].isoformat(),
            "distance_km": data["distance_km"],
            "duration_min": data["duration_min"],
            "rpe": data["rpe"],
            "pain_during": data["pain_during"],
            "pain_after": data["pain_after"],
            "pain_site": _blank_none(data.get("pain_site")),
            "pain_side": _blank_none(data.get("pain_side")),
            "red_flags": list(data.get("red_flags") or []),
        }

    def check(self, body: dict[str, Any]) -> None:
        services.check_run(self.runner, body)

    def save(self, by: Any = None) -> Run:
        return services.record_run(self.runner, self.body, by=by)


class MorningForm(_CoreForm):
    """The one question of the morning after a run."""

    pain_next_morning = forms.FloatField(
        label="How is the pain this morning? (0-10)",
        help_text=PAIN_HELP,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": "1"}),
    )

    def __init__(self, run: Run, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.run = run

    def save(self) -> Run | None:
        """Store the answer, or attach the issues and store nothing."""
        try:
            return services.add_morning_pain(
                self.run, {"pain_next_morning": self.cleaned_data["pain_next_morning"]}
            )
        except InputError as exc:
            self.attach(exc)
            return None


class PainForm(_CoreForm):
    """Pain on a day without a run: how much, where, and whether it is at rest or at night."""

    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    pain = forms.FloatField(
        label="Pain (0-10)",
        initial=0,
        help_text=PAIN_HELP,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": "1"}),
    )
    site = forms.ChoiceField(label="Where it hurts", required=False)
    side = forms.ChoiceField(
        label="Side",
        required=False,
        choices=[("", "—"), *((c.value, c.label) for c in PainReport.PainSide)],
    )
    red_flags = _warning_signs()

    def __init__(self, runner: Runner, *args: Any, **kwargs: Any) -> None:
        # Its own element ids: it shares the runner's page with the run form (same field names).
        kwargs.setdefault("auto_id", "pain_%s")
        super().__init__(*args, **kwargs)
        self.runner = runner
        self.fields["date"].initial = services.today
        _pain_choices(self, "site")

    def body_of(self, data: dict[str, Any]) -> dict[str, Any]:
        return {
            "date": data["date"].isoformat(),
            "pain": data["pain"],
            "site": _blank_none(data.get("site")),
            "side": _blank_none(data.get("side")),
            "red_flags": list(data.get("red_flags") or []),
        }

    def check(self, body: dict[str, Any]) -> None:
        services.check_pain(self.runner, body)

    def save(self, by: Any = None) -> PainReport:
        return services.record_pain(self.runner, self.body, by=by)


class SettingsForm(_CoreForm):
    """The coach's own weekly cap for the runner; empty goes back to the method's default."""

    weekly_increase_pct = forms.FloatField(
        label="Weekly distance cap (%)",
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.5"}),
    )

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

    def body_of(self, data: dict[str, Any]) -> dict[str, Any]:
        return {"weekly_increase_pct": data.get("weekly_increase_pct")}

    def check(self, body: dict[str, Any]) -> None:
        services.check_settings(body)

    def save(self) -> Runner:
        return services.update_settings(self.runner, self.body)


def _reason(help_text: str) -> forms.CharField:
    """The coach's reason; left to the core to require, so the page says what the API says."""
    return forms.CharField(
        label="Reason",
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        strip=False,
    )


class _CoachLogForm(_CoreForm):
    """A dated entry the coach appends to a runner's log (an override, a clearance)."""

    prefix_id = ""
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, runner: Runner, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{self.prefix_id}_%s")
        super().__init__(*args, **kwargs)
        self.runner = runner
        self.fields["date"].initial = services.today


class OverrideForm(_CoachLogForm):
    """Unlock or lock technique work from a day on, with the coach's reason (required)."""

    prefix_id = "override"
    verdict = forms.ChoiceField(label="Technique work", choices=GateOverride.Verdict.choices)
    reason = _reason("Required; the runner sees it with the decision.")

    def body_of(self, data: dict[str, Any]) -> dict[str, Any]:
        return {
            "date": data["date"].isoformat(),
            "verdict": data["verdict"],
            "reason": data.get("reason") or "",
        }

    def check(self, body: dict[str, Any]) -> None:
        services.check_override(self.runner, body)

    def save(self, by: Any = None) -> GateOverride:
        return services.record_override(self.runner, self.body, by=by)


class ClearanceForm(_CoachLogForm):
    """A physiotherapist's or doctor's clearance to run again, with the reason (required)."""

    prefix_id = "clearance"
    by = forms.ChoiceField(label="Cleared by", choices=Clearance.By.choices)
    reason = _reason(
        "Required; the runner sees it with the decision. A cardiac sign needs a doctor."
    )

    def body_of(self, data: dict[str, Any]) -> dict[str, Any]:
        return {
            "date": data["date"].isoformat(),
            "by": data["by"],
            "reason": data.get("reason") or "",
        }

    def check(self, body: dict[str, Any]) -> None:
        services.check_clearance(self.runner, body)

    def save(self, by: Any = None) -> Clearance:
        return services.record_clearance(self.runner, self.body, by=by)
