"""The widgets written plainly (insideout.web.renderers) are byte for byte Django's templates'.

Every page of the site with a form is rendered twice, with Django's template renderer and with
:class:`~insideout.web.renderers.PlainRenderer`, and the two pages must be the same (the CSRF
token, new on every response, aside): empty forms, forms filled in, forms sent back with errors,
values and labels that need escaping, check boxes, selects, dates, numbers, text areas and files.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.forms import Form, fields, widgets
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from insideout.people.models import Runner
from insideout.screening.models import Screen
from insideout.training import services
from insideout.training.models import Run
from insideout.web.renderers import PlainRenderer
from tests.integration.training_builders import TODAY, run, weeks_of_running

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')
SCRIPT = '"><script>alert(1)</script>'


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services, "today", lambda: TODAY)


def _both(settings: Any, ask: Any) -> tuple[str, str]:
    settings.FORM_RENDERER = "django.forms.renderers.DjangoTemplates"
    templates = TOKEN.sub("", ask().content.decode())
    settings.FORM_RENDERER = "insideout.web.renderers.PlainRenderer"
    plain = TOKEN.sub("", ask().content.decode())
    return templates, plain


def _pages(runner: Runner, run_id: int) -> list[str]:
    h = runner.handle
    return [
        f"/runners/{h}/",
        f"/runners/{h}/?runs=2",
        f"/runners/{h}/runs/{run_id}/edit/",
        f"/runners/{h}/runs/{run_id}/morning/",
        f"/runners/{h}/runs/{run_id}/pain/",
        f"/runners/{h}/pain/new/",
        f"/runners/{h}/availability/",
        f"/runners/{h}/screens/new/",
        f"/runners/{h}/help/",
        "/runners/new/",
    ]


def test_every_form_page_is_the_same_with_plain_widgets(
    login: Any, ana_screen: Screen, settings: Any
) -> None:
    ana = ana_screen.runner
    weeks_of_running(ana, weeks=3)
    last = run(ana, TODAY - dt.timedelta(days=1), km=7.3)
    for who in (ana.coach.user, ana.user):
        client = login(who)
        for path in _pages(ana, last.pk):
            templates, plain = _both(settings, lambda p=path, c=client: c.get(p))
            assert templates == plain, path
            assert "<input" in plain or "/help/" in path, path


def test_forms_sent_back_with_errors_are_the_same(
    login: Any, ana_screen: Screen, settings: Any
) -> None:
    ana = ana_screen.runner
    client = login(ana.coach.user)
    bad = {
        "date": "not a day",
        "distance_km": SCRIPT,
        "duration_min": "-4",
        "rpe": "11",
        "pain_site": SCRIPT,
        "red_flags": ["night_pain", SCRIPT],
    }
    for path in (f"/runners/{ana.handle}/runs/new/", f"/runners/{ana.handle}/pain/new/"):
        templates, plain = _both(settings, lambda p=path: client.post(p, bad))
        assert templates == plain, path
    assert Run.objects.filter(runner=ana).count() == 0


class _Everything(Form):
    """One of each widget the renderer writes, with values that need escaping."""

    text = fields.CharField(initial=SCRIPT, widget=widgets.TextInput(attrs={"data-x": SCRIPT}))
    safe = fields.CharField(initial=mark_safe("<b>kept</b>"))
    number = fields.FloatField(initial=1.5, widget=widgets.NumberInput(attrs={"step": 0.1}))
    day = fields.DateField(widget=widgets.DateInput(attrs={"type": "date"}))
    hidden = fields.CharField(initial="h", widget=widgets.HiddenInput)
    mail = fields.EmailField(required=False)
    note = fields.CharField(initial=SCRIPT, widget=widgets.Textarea(attrs={"rows": 2}))
    empty_note = fields.CharField(required=False, widget=widgets.Textarea)
    pick = fields.ChoiceField(choices=[("a", "A & B"), ("b", SCRIPT)], initial="b")
    grouped = fields.ChoiceField(choices=[("G & H", [("1", "one"), ("2", "two")]), ("3", "three")])
    many = fields.MultipleChoiceField(
        choices=[("x", "X"), ("y", SCRIPT)], initial=["y"], widget=widgets.CheckboxSelectMultiple
    )
    radio = fields.ChoiceField(
        choices=[("p", "P"), ("q", "Q")], widget=widgets.RadioSelect(attrs={"class": "c"})
    )
    tick = fields.BooleanField(required=False, initial=True)
    off = fields.CharField(required=False, widget=widgets.TextInput(attrs={"disabled": False}))
    upload = fields.FileField(required=False)


@pytest.mark.parametrize("data", [None, {"text": SCRIPT, "many": ["x", "y"], "radio": "q"}])
def test_each_widget_is_written_as_its_template_writes_it(data: dict[str, Any] | None) -> None:
    form_t, form_p = _Everything(data), _Everything(data)
    form_t.renderer, form_p.renderer = DjangoTemplates(), PlainRenderer()
    for name in form_t.fields:
        assert str(form_t[name]) == str(form_p[name]), name
    assert "&lt;script&gt;" in str(form_p["text"]) and "<script>" not in str(form_p)
    if data is None:  # text marked safe is written as it is, by both
        assert "<b>kept</b>" in str(form_p["safe"])
