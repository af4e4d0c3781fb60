"""``manage.py load-demo``: three runners with three different profiles, loaded idempotently."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.http import HttpRequest
from django.test import Client

from insideout.people.models import Runner
from insideout.screening.models import Measure, Screen
from insideout.screening.services import latest_screen, profile_of
from insideout.training.advice import advice_for
from insideout.training.models import Run, StrengthSession


def _load() -> str:
    from io import StringIO

    out = StringIO()
    call_command("load-demo", stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(db: None) -> str:
    return _load()


def _profile(handle: str) -> Any:
    return profile_of(latest_screen(Runner.objects.get(handle=handle)))


def test_the_demo_prints_the_address_and_every_login(demo: str) -> None:
    assert "http://127.0.0.1:8000/" in demo
    for login in ["coach / coach", "ana / ana", "ben / ben", "cleo / cleo"]:
        assert login in demo


def test_loading_the_demo_twice_stores_the_same_rows(demo: str) -> None:
    def rows() -> tuple[int, ...]:
        return tuple(m.objects.count() for m in (Runner, Screen, Measure, Run, StrengthSession))

    before = rows()
    _load()
    assert rows() == before
    assert before[0] == 3 and before[3] > 0 and before[4] > 0


def test_anas_restricted_left_ankle_improved_on_the_re_screen(demo: str) -> None:
    judged = _profile("ana")
    first = profile_of(judged.previous)
    verdicts = {c.rule: c.verdict.value for c in judged.changes}
    assert {f.rule for f in first.profile.findings if f.side and f.side.value == "left"} >= {
        "knee_to_wall.restricted"
    }
    assert verdicts["knee_to_wall.restricted"] == "improved"


def test_ben_is_hypermobile_with_a_beighton_of_six(demo: str) -> None:
    profile = _profile("ben").profile
    beighton = next(f for f in profile.findings if f.test == "beighton")
    assert (profile.hypermobile, beighton.value) == (True, 6)


def test_cleo_is_balanced(demo: str) -> None:
    profile = _profile("cleo").profile
    assert {r.need.value for r in profile.regions} == {"none"}
    assert profile.findings == ()


@pytest.mark.parametrize("login", ["coach", "ana", "ben", "cleo"])
def test_each_demo_login_works(demo: str, login: str) -> None:
    # authenticate() runs django-axes' backend first, which needs the request (web/settings.py)
    assert Client().login(request=HttpRequest(), username=login, password=login)


def verdicts(handle: str) -> tuple[str, dict[str, str]]:
    a = advice_for(Runner.objects.get(handle=handle))
    return a.phase.value, {d.rule: d.verdict.value for d in a.decisions}


def test_ana_is_building_with_her_foundation_in_place(demo: str) -> None:
    phase, v = verdicts("ana")
    assert phase == "build"
    assert v["gate.strength_weeks"] == "lock"  # five weeks of strength work, six needed


def test_bens_rising_knee_pain_cuts_his_running(demo: str) -> None:
    phase, v = verdicts("ben")
    assert phase == "foundation"
    assert v["pain.week_rise"] == "cut"


def test_cleo_has_unlocked_technique_work(demo: str) -> None:
    phase, v = verdicts("cleo")
    assert phase == "technique"
    assert v["gate.technique"] == "unlock"
