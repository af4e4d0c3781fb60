"""The guided screen and the profile page, driven through Django's test client.

The guided screen walks the catalogue's enterable tests in order, one page each; bad input shows a
form error naming the field and the expected range, and changes nothing stored.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from insideout.catalogue import load_catalogue
from insideout.people.models import Runner
from insideout.screening.models import Screen
from tests.integration.conftest import counts, make_screen

STEPS = [t.id for t in load_catalogue().enterable]


def _step(screen: Screen, test: str) -> str:
    return reverse("screening:step", args=[screen.runner.handle, screen.pk, test])


def _stored(screen: Screen) -> list[tuple[str, str, float, bool]]:
    return sorted((m.test, m.side, m.value, m.pain) for m in screen.measures.all())


@pytest.fixture
def empty_screen(ana: Runner) -> Screen:
    return Screen.objects.create(runner=ana, date="2026-10-01", created_by=ana.coach.user)


@pytest.fixture
def coach_client(login: Any, ana: Runner) -> Any:
    return login(ana.coach.user)


def test_starting_a_screen_opens_the_first_test_in_catalogue_order(
    coach_client: Any, ana: Runner
) -> None:
    response = coach_client.post("/runners/ana/screens/new/", {"date": "2026-10-01"})
    screen = Screen.objects.get()
    assert response.url == _step(screen, STEPS[0])
    assert (screen.date.isoformat(), screen.created_by) == ("2026-10-01", ana.coach.user)


def test_a_test_page_shows_its_protocol_beside_a_left_and_a_right_input(
    coach_client: Any, empty_screen: Screen
) -> None:
    page = coach_client.get(_step(empty_screen, "knee_to_wall")).content.decode()
    test = load_catalogue().tests["knee_to_wall"]
    for text in [test.name, test.summary, *test.equipment, *test.watch_for]:
        assert text.replace('"', "&quot;") in page
    assert page.count("<li>") >= len(test.protocol)
    for name in ["left", "right", "left_pain", "right_pain"]:
        assert f'name="{name}"' in page
    for button in ["Save and next", "Skip this test", "Finish screen"]:
        assert button in page


def test_a_whole_body_test_has_one_input(coach_client: Any, empty_screen: Screen) -> None:
    page = coach_client.get(_step(empty_screen, "beighton")).content.decode()
    assert 'name="value"' in page
    assert 'name="left"' not in page


def test_save_and_next_stores_the_test_and_opens_the_next_one(
    coach_client: Any, empty_screen: Screen
) -> None:
    data = {"left": "7,5", "right": "11", "right_pain": "on", "action": "save"}
    response = coach_client.post(_step(empty_screen, "knee_to_wall"), data)
    assert response.url == _step(empty_screen, STEPS[STEPS.index("knee_to_wall") + 1])
    assert _stored(empty_screen) == [
        ("knee_to_wall", "left", 7.5, False),
        ("knee_to_wall", "right", 11.0, True),
    ]


def test_saving_a_test_again_replaces_what_was_entered_for_it(
    coach_client: Any, empty_screen: Screen
) -> None:
    url = _step(empty_screen, "beighton")
    coach_client.post(url, {"value": "3", "action": "save"})
    coach_client.post(url, {"value": "4", "action": "save"})
    assert _stored(empty_screen) == [("beighton", "", 4.0, False)]


def test_a_test_page_shows_what_was_entered_before(coach_client: Any, empty_screen: Screen) -> None:
    coach_client.post(_step(empty_screen, "beighton"), {"value": "3", "action": "save"})
    page = coach_client.get(_step(empty_screen, "beighton")).content.decode()
    assert 'value="3"' in page


def test_skip_opens_the_next_test_and_stores_nothing(
    coach_client: Any, empty_screen: Screen
) -> None:
    data = {"left": "7.5", "right": "11", "action": "skip"}
    response = coach_client.post(_step(empty_screen, STEPS[0]), data)
    assert response.url == _step(empty_screen, STEPS[1])
    assert _stored(empty_screen) == []


def test_the_last_test_leads_to_the_profile(coach_client: Any, empty_screen: Screen) -> None:
    response = coach_client.post(_step(empty_screen, STEPS[-1]), {"action": "skip"})
    assert response.url == reverse("screening:screen", args=["ana", empty_screen.pk])


def test_finish_saves_what_was_typed_and_opens_the_profile(
    coach_client: Any, empty_screen: Screen
) -> None:
    response = coach_client.post(
        _step(empty_screen, "beighton"), {"value": "2", "action": "finish"}
    )
    assert response.url == reverse("screening:screen", args=["ana", empty_screen.pk])
    assert _stored(empty_screen) == [("beighton", "", 2.0, False)]


def test_finish_with_nothing_typed_just_opens_the_profile(
    coach_client: Any, empty_screen: Screen
) -> None:
    response = coach_client.post(_step(empty_screen, "knee_to_wall"), {"action": "finish"})
    assert response.url == reverse("screening:screen", args=["ana", empty_screen.pk])


@pytest.mark.parametrize(
    ("test", "data", "says"),
    [
        pytest.param(
            "knee_to_wall", {"left": "seven", "right": "11"}, ["Left (cm)", "0 to 25 cm"], id="text"
        ),
        pytest.param(
            "knee_to_wall", {"left": "7", "right": "40"}, ["Right (cm)", "0 to 25 cm"], id="range"
        ),
        pytest.param(
            "knee_to_wall", {"left": "7", "right": ""}, ["Right", "0 to 25 cm"], id="missing side"
        ),
        pytest.param("beighton", {"value": "2.5"}, ["Value", "whole number"], id="not whole"),
        pytest.param("beighton", {"value": "-1"}, ["Value", "0 to 9 points"], id="negative"),
        pytest.param("beighton", {"value": ""}, ["Value", "skip this test"], id="empty"),
    ],
)
def test_bad_input_shows_an_error_naming_the_field_and_the_range_and_changes_nothing(
    coach_client: Any, ana: Runner, test: str, data: dict[str, str], says: list[str]
) -> None:
    screen = make_screen(ana, "2026-10-01", [{"test": "beighton", "value": 3}])
    before = counts(), _stored(screen)
    response = coach_client.post(_step(screen, test), data | {"action": "save"})
    page = response.content.decode()
    assert response.status_code == 422
    assert 'class="error"' in page
    for text in says:
        assert text in page
    assert (counts(), _stored(screen)) == before


def test_the_profile_page_shows_needs_findings_and_evidence(
    coach_client: Any, ana_screen: Screen
) -> None:
    page = coach_client.get(reverse("screening:screen", args=["ana", ana_screen.pk])).content
    text = page.decode()
    rule = next(
        r for r in load_catalogue().tests["knee_to_wall"].rules if r.id == "knee_to_wall.restricted"
    )
    assert 'data-region="foot_ankle" data-side="left"' in text
    assert "Left foot/ankle needs more mobility" in text
    assert "knee_to_wall.restricted" in text
    assert rule.evidence in text
    assert "7.5" in text and "Threshold" in text
    assert "Hypermobile: no" in text


def test_the_profile_page_shows_what_changed_since_the_previous_screen(
    login: Any, ana: Runner
) -> None:
    make_screen(ana, "2026-09-14", [{"test": "knee_to_wall", "side": "left", "value": 7.0}])
    later = make_screen(
        ana, "2026-10-26", [{"test": "knee_to_wall", "side": "left", "value": 10.5}]
    )
    page = login(ana.user).get(reverse("screening:screen", args=["ana", later.pk])).content
    assert b"2026-09-14" in page
    assert b"improved" in page
    assert b"Edit measures" not in page


def test_the_latest_profile_address_opens_the_newest_screen(login: Any, ana: Runner) -> None:
    make_screen(ana, "2026-09-14", [{"test": "beighton", "value": 2}])
    newest = make_screen(ana, "2026-10-26", [{"test": "beighton", "value": 2}])
    response = login(ana.user).get("/runners/ana/profile/")
    assert response.url == reverse("screening:screen", args=["ana", newest.pk])


def test_a_screen_started_and_left_empty_does_not_hide_the_latest_profile(
    coach_client: Any, ana_screen: Screen
) -> None:
    coach_client.post("/runners/ana/screens/new/", {"date": "2026-11-01"})
    assert coach_client.get("/runners/ana/profile/").url.endswith(f"/screens/{ana_screen.pk}/")
    assert "more mobility: left foot/ankle" in coach_client.get("/").content.decode()


def test_the_dashboard_lists_each_runner_with_the_latest_screen_and_a_summary(
    coach_client: Any, ana_screen: Screen, ben: Runner
) -> None:
    page = coach_client.get("/").content.decode()
    assert "Ana" in page and "Ben" in page
    assert "2026-09-14" in page
    assert "more mobility: left foot/ankle" in page
    assert "no screen yet" in page


def test_a_coach_adds_a_runner_through_the_form(coach_client: Any, ana: Runner) -> None:
    data = {"name": "Dana Lee", "handle": "dana", "sex": "female", "birth_year": "1992"}
    response = coach_client.post("/runners/new/", data)
    assert response.url == "/runners/dana/"
    assert Runner.objects.get(handle="dana").coach == ana.coach


@pytest.mark.parametrize(
    ("data", "says"),
    [
        ({"name": "Ana again", "handle": "ana", "sex": "female"}, "already coach"),
        ({"name": "Newt", "handle": "new", "sex": "male"}, "reserved"),
        ({"name": "Spaces", "handle": "a b", "sex": "male"}, "lower-case"),
    ],
)
def test_a_bad_runner_form_shows_the_error_and_adds_nobody(
    coach_client: Any, ana: Runner, data: dict[str, str], says: str
) -> None:
    response = coach_client.post("/runners/new/", data)
    assert says in response.content.decode()
    assert Runner.objects.count() == 1


def test_a_runner_who_logs_in_lands_on_their_own_page(login: Any, ana: Runner) -> None:
    assert login(ana.user).get("/").url == "/runners/ana/"


def test_the_login_page_logs_a_coach_in(client: Any, coach: Any) -> None:
    response = client.post("/login/", {"username": "coach", "password": "pw"})
    assert response.url == "/"
    assert client.get("/").status_code == 200


def test_the_runner_page_offers_to_continue_a_screen_left_empty(
    coach_client: Any, empty_screen: Screen
) -> None:
    page = coach_client.get("/runners/ana/").content.decode()
    assert "nothing measured yet" in page
    assert _step(empty_screen, STEPS[0]) in page
