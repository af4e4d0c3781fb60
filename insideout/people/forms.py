"""The "add runner" form; the handle must be new among the coach's runners, the time zone a real one
(left empty: the default, ``INSIDEOUT_DEFAULT_TIME_ZONE``)."""

from __future__ import annotations

from typing import Any

from django import forms

from insideout.people.models import Coach, Runner, default_time_zone, time_zones

__all__ = ["RunnerForm"]


class RunnerForm(forms.ModelForm[Runner]):
    class Meta:
        model = Runner
        fields = ["name", "handle", "sex", "birth_year", "time_zone"]
        help_texts = {
            "handle": "Short, lower case, used in addresses: e.g. 'ana'.",
            "birth_year": "Optional; some norms depend on age.",
            "time_zone": "Where the runner lives: an imported activity's day is the day there.",
        }

    def __init__(self, *args: Any, coach: Coach, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.coach = coach
        default = default_time_zone()
        self.fields["time_zone"] = forms.ChoiceField(
            label="Time zone",
            choices=[(z, z) for z in sorted(time_zones())],
            required=False,
            initial=default,
            help_text=self.Meta.help_texts["time_zone"],
        )

    def clean_time_zone(self) -> str:
        """An empty choice is the default zone; the model's validator names a bad one."""
        zone: str = self.cleaned_data.get("time_zone") or default_time_zone()
        return zone

    def clean_handle(self) -> str:
        handle: str = self.cleaned_data["handle"]
        if Runner.objects.filter(coach=self.instance.coach, handle=handle).exists():
            raise forms.ValidationError(
                "you already coach a runner with handle %(handle)r; choose another",
                params={"handle": handle},
            )
        return handle
