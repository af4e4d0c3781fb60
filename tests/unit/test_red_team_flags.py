"""Warning signs evidence.md lists, and screening pain it says to refer, stop running (red team).

evidence.md §4 stop rules: "any cardiac red flag → stop running, urgent medical review … Any BSI
warning feature → stop running, no hop tests, refer." EV-RED-CARDIAC lists "breathlessness lying
flat or at night" and "known heart murmur"; EV-BSI-SIGNS lists "prior BSI" and "low energy
availability / menstrual disturbance". A cardiac sign is lifted by a doctor's clearance only.

Screening pain: §1.3 mapping, "Painful, limited internal rotation (especially with groin pain) →
refer" (IO-HIPROT-PAIN-REFER); §1.13 EV-BEIGHTON-RULE, "pain, dislocations or skin signs →
refer". In this product a referral stops running until a physiotherapist or doctor clears it.
The histories enter through the same door as ``insideout advise`` (a JSON dict, parsed, advised).
"""

from __future__ import annotations

from typing import Any

import pytest

from insideout.core import Phase
from insideout.core.decision import DecisionVerdict
from tests.history_docs import (
    CATALOGUE,
    METHOD,
    advise_doc,
    assert_stopped,
    calm,
    day,
    decision,
    measures,
    ready,
    report,
    run,
    verdicts,
)

# --- signs of evidence.md §4 that can now be ticked --------------------------------------------

NEW_FLAGS = [
    # (red flag, evidence it comes from, a doctor's clearance only)
    ("breathless_lying_flat", "EV-RED-CARDIAC", True),
    ("heart_murmur", "EV-RED-CARDIAC", True),
    ("prior_bsi", "EV-BSI-SIGNS", False),
    ("low_energy_availability", "EV-BSI-SIGNS", False),
    ("menstrual_disturbance", "EV-BSI-SIGNS", False),
]


def _clearance(days_ago: int, by: str) -> dict[str, Any]:
    return {"date": day(days_ago), "by": by, "reason": "examined"}


@pytest.mark.parametrize(("flag", "evidence", "doctor_only"), NEW_FLAGS)
def test_each_warning_sign_evidence_lists_stops_running_when_ticked_after_a_run(
    flag: str, evidence: str, doctor_only: bool
) -> None:
    a = advise_doc(calm([run(2, 5, flags=[flag])]))
    assert_stopped(a)
    stop = decision(a, f"red_flag.{flag}")
    assert stop.verdict is DecisionVerdict.STOP
    assert stop.evidence == evidence
    assert a.refer is not None and METHOD.red_flags[flag].words in a.refer.words
    assert a.refer.cardiac is doctor_only
    who = "until a doctor has seen you" if doctor_only else "until a physiotherapist or a doctor"
    assert who in stop.text, stop.text
    if doctor_only:
        assert a.foundation.sessions == (), "a cardiac sign pauses all exercise"


@pytest.mark.parametrize(("flag", "evidence", "doctor_only"), NEW_FLAGS)
def test_each_new_warning_sign_ticked_on_a_pain_report_stops_running(
    flag: str, evidence: str, doctor_only: bool
) -> None:
    a = advise_doc(calm(reports=[report(1, 0, site=None, flags=[flag])]))
    assert_stopped(a)
    assert decision(a, f"red_flag.{flag}").evidence == evidence


@pytest.mark.parametrize(("flag", "evidence", "doctor_only"), NEW_FLAGS)
def test_a_physiotherapists_clearance_lifts_a_bone_sign_but_not_a_cardiac_one(
    flag: str, evidence: str, doctor_only: bool
) -> None:
    physio = advise_doc(
        calm([run(5, 5, flags=[flag])], clearances=[_clearance(2, "physiotherapist")])
    )
    assert (physio.phase is Phase.STOP) is doctor_only
    doctor = advise_doc(calm([run(5, 5, flags=[flag])], clearances=[_clearance(2, "doctor")]))
    assert doctor.phase is not Phase.STOP


def test_a_training_change_is_not_a_box_to_tick_and_the_design_record_says_why() -> None:
    """EV-BSI-SIGNS' "training change 3-8 weeks before onset" lives in the log, not in a box."""
    assert not any("training" in name for name in METHOD.red_flags)
    record = CATALOGUE.evidence["IO-BSI-TRAINING-CHANGE"]
    assert record.status.value == "D"


# --- pain during hip internal rotation and the Beighton score refers ---------------------------


def _beighton(score: int, *, pain: bool) -> dict[str, Any]:
    out = [m for m in measures() if m["test"] != "beighton"]
    out.append({"test": "beighton", "value": score, **({"pain": True} if pain else {})})
    return {"date": day(20), "measures": out}


def _hip_ir(left: float, *, pain: bool) -> dict[str, Any]:
    painful = [("hip_internal_rotation", "left")] if pain else []
    return {
        "date": day(20),
        "measures": measures(hip_internal_rotation=(left, 35), painful=painful),
    }


SCREEN_PAIN = [
    # (id, screen, red flag raised or None, words of the referral)
    ("hip IR painful and limited", _hip_ir(18, pain=True), "hip_rotation_pain", "inside the hip joint"),
    ("hip IR painful, full range", _hip_ir(35, pain=True), "hip_rotation_pain", "inside the hip joint"),
    ("hip IR limited, pain-free", _hip_ir(18, pain=False), None, ""),
    ("hip IR normal, pain-free", _hip_ir(35, pain=False), None, ""),
    ("Beighton 7 with pain", _beighton(7, pain=True), "beighton_pain", "dislocated"),
    ("Beighton 2 with pain", _beighton(2, pain=True), "beighton_pain", "dislocated"),
    ("Beighton 7, pain-free", _beighton(7, pain=False), None, ""),
    ("Beighton 2, pain-free", _beighton(2, pain=False), None, ""),
]  # fmt: skip


@pytest.mark.parametrize(
    ("scr", "flag", "words"), [pytest.param(*r[1:], id=r[0]) for r in SCREEN_PAIN]
)
def test_pain_during_hip_rotation_or_the_beighton_test_stops_running_and_refers(
    scr: dict[str, Any], flag: str | None, words: str
) -> None:
    a = advise_doc(ready(scr=scr))
    if flag is None:
        assert a.phase is not Phase.STOP and a.refer is None
        assert not any(r.startswith("red_flag.") for r in verdicts(a))
        return
    assert_stopped(a)
    stop = decision(a, f"red_flag.{flag}")
    assert stop.evidence == METHOD.red_flags[flag].evidence
    assert "IO-SCREEN-PAIN-FLAG" in stop.text and "test of the screen" in stop.text
    assert a.refer is not None and words in a.refer.words
    assert "physiotherapist or doctor" in a.refer.words
    assert not a.refer.cardiac, "a physiotherapist's clearance is enough"
    assert len(a.foundation.sessions) >= 2, "pain-free strength work goes on"


def test_the_hip_referral_cites_evidence_md_s_mapping_and_the_beighton_one_its_rule() -> None:
    register = CATALOGUE.evidence
    hip = METHOD.red_flags["hip_rotation_pain"]
    assert hip.evidence == "IO-HIPROT-PAIN-REFER"
    assert register["IO-HIPROT-PAIN-REFER"].status.value == "D"
    assert "§1.3" in register["IO-HIPROT-PAIN-REFER"].source
    assert METHOD.red_flags["beighton_pain"].evidence == "EV-BEIGHTON-RULE"
    assert METHOD.pain.screen_flags["hip_internal_rotation"] == "hip_rotation_pain"
    assert METHOD.pain.screen_flags["beighton"] == "beighton_pain"


@pytest.mark.parametrize("by", ["physiotherapist", "doctor"])
def test_a_clearance_after_the_screen_lifts_the_screen_pain_stop(by: str) -> None:
    a = advise_doc(ready(scr=_hip_ir(18, pain=True), clearances=[_clearance(10, by)]))
    assert a.phase is not Phase.STOP and a.refer is None
    before = advise_doc(ready(scr=_hip_ir(18, pain=True), clearances=[_clearance(21, by)]))
    assert before.phase is Phase.STOP, "a clearance before the screen does not cover it"


def test_the_referral_keeps_the_capital_of_a_label() -> None:
    a = advise_doc(ready(scr=_beighton(7, pain=True)))
    assert a.refer is not None and "(Beighton score)" in a.refer.reason, a.refer.reason


# --- screen-only flags: raised by the screen, never ticked, still read when stored ------------


def test_only_the_two_screen_pain_flags_are_screen_only() -> None:
    only = {n for n, f in METHOD.red_flags.items() if f.screen_only}
    assert only == {"hip_rotation_pain", "beighton_pain"}
    assert only <= set(METHOD.pain.screen_flags.values())
    assert not METHOD.red_flags["pain_hopping"].screen_only, "hopping pain is also ticked"


def test_a_stored_screen_only_flag_on_a_run_still_reads_and_stops() -> None:
    """A run stored with one (exported, then read back) is read, not refused: a red flag is
    never thrown away."""
    a = advise_doc(calm([run(2, 5, flags=["hip_rotation_pain"])]))
    assert_stopped(a)
    assert "hip or groin" in decision(a, "red_flag.hip_rotation_pain").text
