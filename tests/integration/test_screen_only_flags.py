"""Red flags a runner ticks, and those only the screen raises (red team, IO-SCREEN-PAIN-FLAG).

The warning signs evidence.md §4 lists (EV-RED-CARDIAC, EV-BSI-SIGNS) are boxes on the run and
pain-report forms and values of the API's enum. Pain during the hip internal rotation test or the
Beighton score raises a red flag of its own (``screen_only``): it is no box to tick and no value
of the enum, but a stored one still reads (its label on the page, its stop in the advice) and an
edit form keeps it.
"""

from __future__ import annotations

from typing import Any

import pytest

from insideout.catalogue.method import load_method
from insideout.core.advise import Phase
from insideout.core.records import PAIN_REPORT, RUN
from insideout.people.models import Runner
from insideout.people.records import form_field, schema_of
from insideout.training import services
from insideout.training.advice import advice_for
from insideout.training.forms import PainEditForm, PainForm, RunEditForm, RunForm
from insideout.training.models import PainReport
from tests.integration.conftest import make_screen
from tests.integration.training_builders import DAY, TODAY, run, weeks_of_running

SCREEN_ONLY = {"hip_rotation_pain", "beighton_pain"}
TICKABLE_NEW = {
    "breathless_lying_flat",
    "heart_murmur",
    "prior_bsi",
    "low_energy_availability",
    "menstrual_disturbance",
}


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services, "today", lambda: TODAY)


def _enum(record: Any) -> set[str]:
    schema = schema_of(record, load_method(), "Body").model_json_schema()
    return set(schema["properties"]["red_flags"]["items"]["enum"])


@pytest.mark.parametrize("record", [RUN, PAIN_REPORT], ids=["run", "pain report"])
def test_the_api_enum_offers_the_new_signs_and_not_the_screen_only_flags(record: Any) -> None:
    enum = _enum(record)
    assert TICKABLE_NEW <= enum
    assert not SCREEN_ONLY & enum
    assert enum == {n for n, f in load_method().red_flags.items() if not f.screen_only}


def test_the_openapi_document_leaves_the_screen_only_flags_out(client: Any, db: None) -> None:
    text = client.get("/api/openapi.json").content.decode()
    assert "heart_murmur" in text and "menstrual_disturbance" in text
    assert not any(name in text for name in SCREEN_ONLY)


@pytest.mark.parametrize("form", [RunForm, PainForm], ids=["run form", "pain form"])
def test_the_forms_offer_the_new_signs_as_boxes_and_not_the_screen_only_flags(
    form: Any, ana: Runner
) -> None:
    choices = dict(form(ana).fields["red_flags"].choices)
    assert TICKABLE_NEW <= set(choices)
    assert not SCREEN_ONLY & set(choices)
    assert choices["heart_murmur"] == load_method().red_flags["heart_murmur"].label
    field = form_field(RUN["red_flags"], load_method())
    assert not SCREEN_ONLY & {v for v, _ in field.choices}


def test_a_new_sign_ticked_on_the_run_form_is_stored_and_stops_running(ana: Runner) -> None:
    weeks_of_running(ana)
    data = {"date": (TODAY - DAY).isoformat(), "distance_km": "5", "duration_min": "30",
            "red_flags": ["heart_murmur"]}  # fmt: skip
    form = RunForm(ana, data)
    assert form.is_valid(), form.errors
    stored = form.save()
    assert stored.red_flags == ["heart_murmur"]
    advice = advice_for(ana)
    assert advice.phase is Phase.STOP
    assert advice.refer is not None and advice.refer.cardiac


def test_a_stored_screen_only_flag_reads_stops_and_stays_on_its_edit_form(ana: Runner) -> None:
    weeks_of_running(ana)
    stored = run(ana, TODAY - DAY, red_flags=["hip_rotation_pain"])
    advice = advice_for(ana)
    assert advice.phase is Phase.STOP
    assert any(d.rule == "red_flag.hip_rotation_pain" for d in advice.decisions)
    label = load_method().red_flags["hip_rotation_pain"].label
    assert label in services.describe(RUN, stored.as_input(), ("red_flags",))
    form = RunEditForm(stored)
    assert form.initial["red_flags"] == ["hip_rotation_pain"]
    assert dict(form.fields["red_flags"].choices)["hip_rotation_pain"] == label
    data = {**stored.as_input(), "distance_km": "6"}
    data = {k: v for k, v in data.items() if v is not None}
    edited = RunEditForm(stored, data)
    assert edited.is_valid(), edited.errors
    assert edited.save().red_flags == ["hip_rotation_pain"], "saving never drops a red flag"


def test_a_stored_screen_only_flag_on_a_pain_report_stays_on_its_edit_form(ana: Runner) -> None:
    report = PainReport.objects.create(
        runner=ana, date=TODAY - DAY, pain=2.0, site="hip", red_flags=["beighton_pain"]
    )
    assert "beighton_pain" in dict(PainEditForm(report).fields["red_flags"].choices)
    assert "beighton_pain" not in dict(PainForm(ana).fields["red_flags"].choices)
    assert advice_for(ana, TODAY).phase is Phase.STOP


def test_hip_rotation_pain_on_a_stored_screen_stops_running(ana: Runner) -> None:
    weeks_of_running(ana)
    day = (TODAY - 10 * DAY).isoformat()
    make_screen(ana, day, [{"test": "hip_internal_rotation", "side": "left", "value": 18,
                            "pain": True}])  # fmt: skip
    advice = advice_for(ana)
    assert advice.phase is Phase.STOP
    assert advice.refer is not None and "inside the hip joint" in advice.refer.words
    assert advice.refer.reason.startswith("Red flag: pain in the hip or groin")


@pytest.mark.parametrize(
    ("measure", "words"),
    [
        ({"test": "single_leg_hop", "side": "left", "value": 150, "pain": True}, "hopping"),
        ({"test": "hip_internal_rotation", "side": "left", "value": 18, "pain": True}, "groin"),
        ({"test": "beighton", "value": 7, "pain": True}, "Beighton"),
    ],
)
def test_the_screens_profile_page_says_stop_running_first(
    ana: Runner, login: Any, measure: dict[str, Any], words: str
) -> None:
    screen = make_screen(ana, (TODAY - 2 * DAY).isoformat(), [measure])
    page = login(ana.coach.user).get(f"/runners/ana/screens/{screen.pk}/").content.decode()
    assert 'class="banner stop" role="alert">Stop running: pain during' in page
    assert words in page.split('class="banner stop"')[1].split("</p>")[0]


def test_a_profile_page_without_painful_warning_tests_has_no_stop(ana: Runner, login: Any) -> None:
    screen = make_screen(ana, (TODAY - 2 * DAY).isoformat(),
                         [{"test": "single_leg_hop", "side": "left", "value": 150}])  # fmt: skip
    page = login(ana.coach.user).get(f"/runners/ana/screens/{screen.pk}/").content.decode()
    assert page.count("Stop running") == 0
