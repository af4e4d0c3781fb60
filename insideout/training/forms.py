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
from insideout.training.models import GateOverride, PainReport, Run

__all__ = ["MorningForm", "OverrideForm", "PainForm", "RunForm", "SettingsForm"]

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


class _CoreForm(forms.Form):
    """A form whose values are checked by a service raising :class:`InputError`."""

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
    red_flags = forms.MultipleChoiceField(
        label="Any warning signs? (night pain, a sore spot on a bone, limping, swelling…)",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, runner: Runner, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.runner = runner
        self.fields["date"].initial = services.today
        method = services.method()
        self.fields["pain_site"].choices = [("", "—"), *((s, s) for s in method.pain.sites)]
        self.fields["red_flags"].choices = [(f.name, f.label) for f in method.red_flags.values()]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.errors:
            return data
        body = {
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
        try:
            services.check_run(self.runner, body)
        except InputError as exc:
            self.attach(exc)
        self.body = body
        return data

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
    red_flags = forms.MultipleChoiceField(
        label="Any warning signs? (night pain, a sore spot on a bone, limping, swelling…)",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, runner: Runner, *args: Any, **kwargs: Any) -> None:
        # Its own element ids: it shares the runner's page with the run form (same field names).
        kwargs.setdefault("auto_id", "pain_%s")
        super().__init__(*args, **kwargs)
        self.runner = runner
        self.fields["date"].initial = services.today
        method = services.method()
        self.fields["site"].choices = [("", "—"), *((s, s) for s in method.pain.sites)]
        self.fields["red_flags"].choices = [(f.name, f.label) for f in method.red_flags.values()]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.errors:
            return data
        body = {
            "date": data["date"].isoformat(),
            "pain": data["pain"],
            "site": _blank_none(data.get("site")),
            "side": _blank_none(data.get("side")),
            "red_flags": list(data.get("red_flags") or []),
        }
        try:
            services.check_pain(self.runner, body)
        except InputError as exc:
            self.attach(exc)
        self.body = body
        return data

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

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.errors:
            return data
        self.body = {"weekly_increase_pct": data.get("weekly_increase_pct")}
        try:
            services.check_settings(self.body)
        except InputError as exc:
            self.attach(exc)
        return data

    def save(self) -> Runner:
        return services.update_settings(self.runner, self.body)


class OverrideForm(_CoreForm):
    """Unlock or lock technique work from a day on, with the coach's reason (required)."""

    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    verdict = forms.ChoiceField(label="Technique work", choices=GateOverride.Verdict.choices)
    reason = forms.CharField(
        label="Reason",
        help_text="Required; the runner sees it with the decision.",
        widget=forms.Textarea(attrs={"rows": 2}),
        # The core says what is wrong with an empty reason, as the API does.
        required=False,
        strip=False,
    )

    def __init__(self, runner: Runner, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "override_%s")
        super().__init__(*args, **kwargs)
        self.runner = runner
        self.fields["date"].initial = services.today

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.errors:
            return data
        self.body = {
            "date": data["date"].isoformat(),
            "verdict": data["verdict"],
            "reason": data.get("reason") or "",
        }
        try:
            services.check_override(self.runner, self.body)
        except InputError as exc:
            self.attach(exc)
        return data

    def save(self, by: Any = None) -> GateOverride:
        return services.record_override(self.runner, self.body, by=by)
