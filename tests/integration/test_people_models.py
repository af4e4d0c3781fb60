"""The people and screening models: translation to the core, ownership scoping, constraints."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from insideout.core import screen as core
from insideout.people.access import can_coach, can_see, visible_runners
from insideout.people.models import Coach, Runner
from insideout.screening.models import Measure, Screen
from tests.integration.conftest import KTW_RESTRICTED_LEFT, make_runner, make_screen


def test_a_runner_becomes_the_core_runner_with_sex_and_birth_year(ana: Runner) -> None:
    assert ana.to_domain() == core.Runner(id="ana", sex=core.Sex.FEMALE, birth_year=1990)


def test_a_runner_without_a_birth_year_has_no_age(coach: Coach) -> None:
    runner = make_runner(coach, "kim", sex="unspecified", birth_year=None)
    assert runner.to_domain().age_on(dt.date(2026, 1, 1)) is None


def test_a_screen_becomes_the_core_screen_with_its_measures(ana_screen: Screen) -> None:
    domain = ana_screen.to_domain()
    assert domain.runner.id == "ana"
    assert domain.date == dt.date(2026, 9, 14)
    assert set(domain.measures) == {
        core.Measure("knee_to_wall", core.Side.LEFT, 7.5),
        core.Measure("knee_to_wall", core.Side.RIGHT, 11.0),
        core.Measure("beighton", None, 2.0),
    }


def test_a_coach_sees_only_their_own_runners(ana: Runner, ben: Runner, zoe: Runner) -> None:
    assert set(visible_runners(ana.coach.user)) == {ana, ben}


def test_a_runner_who_logs_in_sees_only_themself(ana: Runner, ben: Runner) -> None:
    assert list(visible_runners(ana.user)) == [ana]


def test_nobody_is_visible_to_an_anonymous_visitor(ana: Runner) -> None:
    assert list(visible_runners(AnonymousUser())) == []


def test_only_the_coach_may_change_a_runner(ana: Runner, zoe: Runner) -> None:
    users = (ana.coach.user, ana.user, zoe.coach.user, AnonymousUser())
    assert [can_coach(u, ana) for u in users] == [True, False, False, False]


def test_the_coach_and_the_runner_themself_may_see_a_runner(ana: Runner, zoe: Runner) -> None:
    users = (ana.coach.user, ana.user, zoe.coach.user, zoe.user, AnonymousUser())
    assert [can_see(u, ana) for u in users] == [True, True, False, False, False]


def test_who_may_see_a_runner_is_the_same_as_a_check_and_as_a_query(
    ana: Runner, ben: Runner, zoe: Runner
) -> None:
    for user in (ana.coach.user, ana.user, ben.user, zoe.coach.user, zoe.user, AnonymousUser()):
        seen = {r for r in (ana, ben, zoe) if can_see(user, r)}
        assert set(visible_runners(user)) == seen


def test_a_handle_is_unique_per_coach(ana: Runner) -> None:
    with pytest.raises(IntegrityError):
        make_runner(ana.coach, "ana", login=False)


def test_the_same_handle_may_be_used_by_another_coach(ana: Runner, other_coach: Coach) -> None:
    assert make_runner(other_coach, "ana", login=False).handle == "ana"


@pytest.mark.parametrize("handle", ["Ana", "a b", "new", "-ana", ""])
def test_a_handle_must_be_short_lower_case_and_not_reserved(coach: Coach, handle: str) -> None:
    runner = Runner(coach=coach, handle=handle, name="X")
    with pytest.raises(ValidationError) as e:
        runner.full_clean()
    assert "handle" in e.value.message_dict


@pytest.mark.parametrize("test", ["toe_touch", "y_balance_composite"])
def test_a_measure_names_a_test_a_person_can_enter(ana_screen: Screen, test: str) -> None:
    measure = Measure(screen=ana_screen, test=test, side="left", value=1)
    with pytest.raises(ValidationError) as e:
        measure.full_clean()
    assert "unknown test" in str(e.value.message_dict["test"])


def test_a_test_and_side_is_measured_once_per_screen(ana_screen: Screen) -> None:
    with pytest.raises(IntegrityError):
        Measure.objects.create(screen=ana_screen, test="beighton", side="", value=4)


def test_the_previous_screen_is_the_one_before_by_date_then_by_entry(ana: Runner) -> None:
    first = make_screen(ana, "2026-09-14", KTW_RESTRICTED_LEFT)
    same_day = make_screen(ana, "2026-10-26", KTW_RESTRICTED_LEFT)
    last = make_screen(ana, "2026-10-26", KTW_RESTRICTED_LEFT)
    assert [s.previous() for s in (first, same_day, last)] == [None, first, same_day]


def test_a_screen_left_empty_is_never_the_previous_one(ana: Runner) -> None:
    first = make_screen(ana, "2026-09-14", KTW_RESTRICTED_LEFT)
    make_screen(ana, "2026-10-01", [])
    last = make_screen(ana, "2026-10-26", KTW_RESTRICTED_LEFT)
    assert last.previous() == first


def test_deleting_a_runner_deletes_their_screens(ana_screen: Screen) -> None:
    ana_screen.runner.delete()
    assert (Screen.objects.count(), Measure.objects.count()) == (0, 0)


def test_removing_a_runners_login_keeps_the_runner(ana: Runner) -> None:
    ana.user.delete()
    ana.refresh_from_db()
    assert ana.user is None


def test_the_admin_lists_runners_and_screens(admin_client: Any, ana_screen: Screen) -> None:
    for url in ["/admin/people/runner/", "/admin/screening/screen/", "/admin/people/coach/"]:
        assert admin_client.get(url).status_code == 200
    assert admin_client.get(f"/admin/screening/screen/{ana_screen.pk}/change/").status_code == 200
