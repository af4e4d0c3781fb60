"""Form widgets written plainly: the same HTML as Django's widget templates, without the templates.

A page with a few small forms (the runner's page has five, one with fifteen warning-sign boxes)
spent a quarter of its time rendering Django's widget templates: an input is three templates, a
check box five, each resolving its variables one by one. :class:`PlainRenderer` writes the common
widgets (inputs of every type, check boxes and radio buttons, selects and their options, text
areas) as Python strings, byte for byte what the templates of Django 5.2 write
(``tests/integration/test_plain_widgets.py`` renders every form of the site both ways and compares),
and hands any other template to Django's renderer. Every value is escaped as the templates escape
it (``conditional_escape``: text marked safe stays as it is).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

__all__ = ["PlainRenderer"]

W = "django/forms/widgets/"


def _e(value: Any) -> str:
    """``{{ value }}``: as text, escaped unless marked safe."""
    return str(conditional_escape(value))


def _s(value: Any) -> str:
    """``{{ value|stringformat:'s' }}``, escaped."""
    if isinstance(value, tuple):
        value = str(value)
    try:
        text = "%s" % value  # noqa: UP031 - the filter's own formatting
    except (ValueError, TypeError):
        text = ""
    return _e(text)


def _attrs(attrs: Mapping[str, Any]) -> str:
    """``attrs.html``: ``name="value"``, a bare name for True, nothing for False."""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        out.append(f" {_e(name)}" if value is True else f' {_e(name)}="{_s(value)}"')
    return "".join(out)


def _input(w: Mapping[str, Any]) -> str:
    """``input.html`` (with its closing newline)."""
    value = f' value="{_s(w["value"])}"' if w["value"] != None else ""  # noqa: E711 - as the template
    return f'<input type="{_e(w["type"])}" name="{_e(w["name"])}"{value}{_attrs(w["attrs"])}>\n'


def _input_option(w: Mapping[str, Any]) -> str:
    """``input_option.html``: the input, wrapped in its label when the widget says so."""
    if not w.get("wrap_label"):
        return _input(w) + "\n"
    target = w["attrs"].get("id")
    where = f' for="{_e(target)}"' if target else ""
    return f"<label{where}>{_input(w)} {_e(w['label'])}</label>\n"


def _multiple(w: Mapping[str, Any]) -> str:
    """``multiple_input.html``: check boxes or radio buttons, each in a ``div``."""
    ident, css = w["attrs"].get("id"), w["attrs"].get("class")
    out = ["<div", f' id="{_e(ident)}"' if ident else "", f' class="{_e(css)}"' if css else "", ">"]
    for group, options, _ in w["optgroups"]:
        if group:
            out.append(f"\n  <div><label>{_e(group)}</label>")
        for option in options:
            out.append(f"<div>\n    {_option(option)}</div>")
        if group:
            out.append("\n  </div>")
    out.append("\n</div>\n")
    return "".join(out)


def _select_option(w: Mapping[str, Any]) -> str:
    return f'<option value="{_s(w["value"])}"{_attrs(w["attrs"])}>{_e(w["label"])}</option>\n'


def _select(w: Mapping[str, Any]) -> str:
    out = [f'<select name="{_e(w["name"])}"{_attrs(w["attrs"])}>']
    for group, options, _ in w["optgroups"]:
        if group:
            out.append(f'\n  <optgroup label="{_e(group)}">')
        for option in options:
            out.append(f"\n  {_option(option)}")
        if group:
            out.append("\n  </optgroup>")
    out.append("\n</select>\n")
    return "".join(out)


def _textarea(w: Mapping[str, Any]) -> str:
    text = _e(w["value"]) if w["value"] else ""
    return f'<textarea name="{_e(w["name"])}"{_attrs(w["attrs"])}>\n{text}</textarea>\n'


def _wrapped(inner: Callable[[Mapping[str, Any]], str]) -> Callable[[Mapping[str, Any]], str]:
    """A template that only includes another one (``text.html``...): its output and a newline."""
    return lambda w: inner(w) + "\n"


_INPUT_TYPES = (
    "text", "number", "email", "url", "password", "hidden", "date", "datetime", "time", "file",
    "search", "tel", "color",
)  # fmt: skip
PLAIN: dict[str, Callable[[Mapping[str, Any]], str]] = {
    f"{W}input.html": _input,
    **{f"{W}{kind}.html": _wrapped(_input) for kind in _INPUT_TYPES},
    f"{W}input_option.html": _input_option,
    f"{W}checkbox_option.html": _wrapped(_input_option),
    f"{W}radio_option.html": _wrapped(_input_option),
    f"{W}multiple_input.html": _multiple,
    f"{W}checkbox_select.html": _wrapped(_multiple),
    f"{W}radio.html": _wrapped(_multiple),
    f"{W}select.html": _select,
    f"{W}select_option.html": _select_option,
    f"{W}textarea.html": _textarea,
}


def _option(w: Mapping[str, Any]) -> str:
    """``{% include option.template_name with widget=option %}``."""
    plain = PLAIN.get(w["template_name"])
    if plain is None:
        raise _Unknown(w["template_name"])
    return plain(w)


class _Unknown(Exception):
    """An option template this module does not write: the whole widget goes to the templates."""


class PlainRenderer(DjangoTemplates):
    """Django's template renderer, except for the widgets :data:`PLAIN` writes directly."""

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        plain = PLAIN.get(template_name)
        widget = context.get("widget")
        if plain is not None and isinstance(widget, Mapping):
            try:
                # stripped, as Django's renderer strips a template's output
                return mark_safe(plain(widget).strip())  # noqa: S308 - every value escaped above
            except _Unknown:
                pass
        found: SafeString | str = super().render(template_name, context, request)
        return found
