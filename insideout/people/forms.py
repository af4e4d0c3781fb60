"""The "add runner" form; the handle must be new among the coach's runners."""

from __future__ import annotations

from typing import Any

from django import forms

from insideout.people.models import Coach, Runner

__all__ = ["RunnerForm"]


class RunnerForm(forms.ModelForm[Runner]):
    class Meta:
        model = Runner
        fields = ["name", "handle", "sex", "birth_year"]
        help_texts = {
            "handle": "Short, lower case, used in addresses: e.g. 'ana'.",
            "birth_year": "Optional; some norms depend on age.",
        }

    def __init__(self, *args: Any, coach: Coach, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.coach = coach

    def clean_handle(self) -> str:
        handle: str = self.cleaned_data["handle"]
        if Runner.objects.filter(coach=self.instance.coach, handle=handle).exists():
            raise forms.ValidationError(
                "you already coach a runner with handle %(handle)r; choose another",
                params={"handle": handle},
            )
        return handle
