"""The core's input records (:mod:`insideout.core.records`) as API schemas and form fields.

The bounds, the words and which fields exist are the core's; this module only says how each kind
of field looks to ninja (for the OpenAPI document) and to a Django form, so that a field added to
a record appears in the parser, the API and the forms at once, with the same bounds and words.

Schemas document the bodies; the bodies themselves are read by the core's parser, so a wrong value
answers with the core's message. Form fields likewise only turn text into values and leave every
judgement to the core (a form then shows all its errors at once, in the API's words): a number may
be typed with a decimal comma ("5,5" is 5.5) in every numeric field, and text that is not a
number is handed on as it is, for the core to refuse naming the field.
"""

from __future__ import annotations

import datetime as dt
import re
from types import GenericAlias
from typing import Any, Literal

from django import forms
from django.core.exceptions import ValidationError
from ninja import Schema
from pydantic import Field as PydanticField
from pydantic import create_model

from insideout.core.method import Method, RedFlag
from insideout.core.records import Field, Kind, Record, bind

__all__ = [
    "body_openapi",
    "form_field",
    "inline_defs",
    "list_of",
    "number",
    "output_schema",
    "schema_of",
    "tickable_flags",
]


# --- API schemas ------------------------------------------------------------------------------


def tickable_flags(method: Method) -> list[RedFlag]:
    """The red flags a runner may tick on a run or a pain report: not those only a screening
    test's pain raises (``screen_only``, IO-SCREEN-PAIN-FLAG), which the labels still know."""
    return [flag for flag in method.red_flags.values() if not flag.screen_only]


def _method_choices(f: Field, method: Method) -> list[str]:
    if f.method_choices == "pain_sites":
        return list(method.pain.sites)
    if f.method_choices == "red_flags":
        return [flag.name for flag in tickable_flags(method)]
    return []


def _type(f: Field) -> Any:
    if f.kind is Kind.DATE:
        return dt.date
    if f.kind is Kind.NUMBER:
        return float
    if f.kind is Kind.BOOL:
        return bool
    if f.kind is Kind.FLAGS:
        return list[str]
    if f.kind is Kind.CHOICE and f.choices:
        return Literal[f.choices]
    return str


def _info(f: Field, method: Method, *, default: Any) -> Any:
    extra: dict[str, Any] = {}
    choices = _method_choices(f, method)
    if choices:
        extra = {"items": {"enum": choices}} if f.kind is Kind.FLAGS else {"enum": choices}
    lengths: dict[str, Any] = {}
    if f.kind is Kind.TEXT:
        shortest = f.min_length or (1 if f.required else None)
        lengths = {"max_length": f.max_length, "min_length": shortest}
    return PydanticField(
        default,
        ge=f.low if f.kind is Kind.NUMBER else None,
        le=f.high if f.kind is Kind.NUMBER else None,
        title=f.title,
        description=f"expected {f.expected}" + (f"; {f.help}" if f.help else ""),
        examples=None if f.example is None else [f.example],
        json_schema_extra=extra or None,
        **lengths,
    )


def schema_of(record: Record, method: Method, name: str, doc: str = "") -> type[Schema]:
    """The request body of a record: required fields required, the others optional (``None``:
    not said), bounded as the core bounds them."""
    record = bind(record, method)
    fields: dict[str, Any] = {}
    for f in record:
        kind = _type(f)
        if f.required:
            fields[f.name] = (kind, _info(f, method, default=...))
        else:
            default = list(f.default) if isinstance(f.default, tuple) else f.default
            fields[f.name] = (kind | None, _info(f, method, default=default))
    return create_model(name, __base__=Schema, __doc__=doc or None, **fields)


def output_schema(record: Record, name: str, doc: str = "", **extra: Any) -> type[Schema]:
    """A stored record as the API answers it: every field, null where not said, and ``extra``
    fields (``id=int``...) around it."""
    fields: dict[str, Any] = {}
    for f in record:
        kind = _type(f)
        optional = not f.required and f.default is None
        fields[f.name] = (kind | None if optional else kind, ...)
    first: dict[str, Any] = {k: (v, ...) for k, v in extra.items() if k == "id"}
    rest: dict[str, Any] = {k: (v, ...) for k, v in extra.items() if k != "id"}
    return create_model(name, __base__=Schema, __doc__=doc or None, **first, **fields, **rest)


def list_of(schema: type[Schema]) -> GenericAlias:
    """``list[schema]`` for ninja's ``response=``, for a schema made here at run time: the same
    object, but one the type checker accepts (it takes such a schema for a variable, not a class,
    and refuses it inside ``list[...]``)."""
    return GenericAlias(list, (schema,))


def inline_defs(schema: dict[str, Any]) -> dict[str, Any]:
    """Pydantic's schema with its ``$defs`` resolved in place (OpenAPI has no local ``$defs``)."""
    defs = schema.pop("$defs", {})

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref", "")
            if ref.startswith("#/$defs/"):
                return walk(defs[ref.removeprefix("#/$defs/")])
            return {k: walk(v) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    resolved: dict[str, Any] = walk(schema)  # a dict walked is a dict
    return resolved


def body_openapi(schema: type[Schema]) -> dict[str, Any]:
    """The ``requestBody`` for the OpenAPI document of an endpoint that parses its own body."""
    return {
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": inline_defs(schema.model_json_schema())}},
        }
    }


# --- form fields ------------------------------------------------------------------------------

_DECIMAL_COMMA = re.compile(r"[-+]?\d*,\d+")
_WHOLE = re.compile(r"[-+]?\d+")


def number(text: str) -> object:
    """Typed text as a number: "5.5" and "5,5" are 5.5; empty is None (not said); anything else
    is left as text for the core to refuse with its message."""
    text = text.strip()
    if not text:
        return None
    if _DECIMAL_COMMA.fullmatch(text):
        text = text.replace(",", ".")
    try:
        return int(text) if _WHOLE.fullmatch(text) else float(text)  # "900" is 900, as in JSON
    except ValueError:
        return text


class NumberField(forms.Field):
    """A number typed on a phone: decimal point or comma; judged by the core, not here."""

    widget = forms.TextInput

    def to_python(self, value: Any) -> object:
        return number(str(value)) if value not in (None, "") else None


class DateField(forms.DateField):
    """A date; text that is not one is left for the core to refuse (its words, its field)."""

    def to_python(self, value: Any) -> Any:
        try:
            return super().to_python(value)
        except ValidationError:
            return str(value).strip()


class _Any:
    """Choice fields whose values the core judges (an unknown site, side or verdict is named in
    the core's words with the others, not by Django's "Select a valid choice")."""

    def valid_value(self, value: Any) -> bool:
        return True


class ChoiceField(_Any, forms.ChoiceField):
    pass


class MultipleChoiceField(_Any, forms.MultipleChoiceField):
    pass


def _attrs(f: Field, **more: str) -> dict[str, str]:
    attrs = dict(more)
    if f.required:
        attrs["required"] = "required"
    return attrs


def form_field(f: Field, method: Method) -> forms.Field:
    """The form field for one of a record's fields, with the record's label and help.

    Every field is optional to Django: a required value left out is reported by the core
    ("required: expected a distance of 0 to 500 km, got nothing"), with the other issues.
    """
    label, help_text = f.title, f.help
    if f.kind is Kind.NUMBER:
        attrs = _attrs(f, inputmode="decimal", autocomplete="off")
        return NumberField(
            label=label,
            required=False,
            help_text=help_text,
            widget=forms.TextInput(attrs=attrs),
        )
    if f.kind is Kind.DATE:
        picker = forms.DateInput(attrs=_attrs(f, type="date"), format="%Y-%m-%d")
        return DateField(label=label, required=False, help_text=help_text, widget=picker)
    if f.kind is Kind.BOOL:
        return forms.BooleanField(label=label, required=False, help_text=help_text)
    if f.kind is Kind.FLAGS:
        return MultipleChoiceField(
            label=label,
            required=False,
            help_text=help_text,
            choices=[(flag.name, flag.label) for flag in tickable_flags(method)],
            widget=forms.CheckboxSelectMultiple,
        )
    if f.kind is Kind.CHOICE:
        values = list(f.choices) or _method_choices(f, method)
        blank = [] if f.required else [("", "—")]
        return ChoiceField(
            label=label,
            required=False,
            help_text=help_text,
            choices=[*blank, *((v, v) for v in values)],
        )
    widget: forms.Widget = forms.TextInput()
    if f.max_length is not None and f.max_length > 100:
        widget = forms.Textarea(attrs={"rows": 2})
    return forms.CharField(
        label=label, required=False, help_text=help_text, widget=widget, strip=False
    )
