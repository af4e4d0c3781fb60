"""The guided screen's forms: a date to start, then one form per test.

A test's form only turns text into numbers; whether a value fits the test (type, range, whole
number, side) is decided by the core's :func:`~insideout.core.screen.parse_measures`, and its
issues are attached to the fields they name, so the page says what the CLI and the API say.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from insideout.catalogue import load_catalogue
from insideout.core.errors import Issue
from insideout.core.screen import Measure, ScreenTest, Side, parse_measures
from insideout.people.records import number

__all__ = ["ScreenStartForm", "TestForm"]


class ScreenStartForm(forms.Form):
    date = forms.DateField(
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The day the tests were done.",
    )


class TestForm(forms.Form):
    """The inputs for one test: a value (left and right for per-side tests) and pain."""

    def __init__(self, test: ScreenTest, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.test = test
        self.measures: tuple[Measure, ...] = ()
        rng = f"{test.min_value:g} to {test.max_value:g} {test.unit}".strip()
        for name, label in self.sides():
            self.fields[name] = forms.CharField(
                label=f"{label} ({test.unit})" if test.unit else label,
                required=False,
                help_text=rng,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
            )
            self.fields[f"{name}_pain"] = forms.BooleanField(
                label="Pain during the test", required=False
            )

    def sides(self) -> list[tuple[str, str]]:
        """(field name, label) per input: left and right, or one value for the whole body."""
        if self.test.per_side:
            return [(Side.LEFT.value, "Left"), (Side.RIGHT.value, "Right")]
        return [("value", "Value")]

    def rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        """Each value field with its pain checkbox, for the template."""
        return [(self[name], self[f"{name}_pain"]) for name, _ in self.sides()]

    def is_blank(self) -> bool:
        return self.is_bound and not any(
            str(self.data.get(name, "")).strip() for name, _ in self.sides()
        )

    def clean(self) -> dict[str, Any]:
        super().clean()  # Django's returns self.cleaned_data; typed "or None" for other overrides
        data = self.cleaned_data
        raw: list[dict[str, object]] = []
        names: list[str] = []
        for name, label in self.sides():
            text = (data.get(name) or "").strip()
            if not text:
                rng = f"{self.test.min_value:g} to {self.test.max_value:g} {self.test.unit}"
                self.add_error(name, f"{label}: enter a value ({rng.strip()}) or skip this test")
                continue
            side = name if self.test.per_side else None
            item = {"test": self.test.id, "value": number(text), "pain": data.get(f"{name}_pain")}
            raw.append(item | ({"side": side} if side else {}))
            names.append(name)
        issues: list[Issue] = []
        self.measures = parse_measures(raw, load_catalogue(), issues)
        for issue in issues:
            self._attach(issue, names)
        return data

    def _attach(self, issue: Issue, names: list[str]) -> None:
        index = next((p for p in issue.loc if isinstance(p, int)), None)
        name = names[index] if index is not None else None
        if name is not None and issue.loc[-1] == "pain":
            name = f"{name}_pain"
        label = self.fields[name].label if name else ""
        self.add_error(name, f"{label}: {issue.message}" if label else issue.message)
