"""The runner's page opens on the profile over time (issue 15, part 3): each screened test per
side across the screens, as an SVG chart with its figures; one screen is a table and a sentence,
none says to screen first; only the runner and their coach may see it."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from xml.etree import ElementTree

import pytest

from insideout.people.models import Coach, Runner
from insideout.training import services
from insideout.training.models import PainReport
from tests.integration.conftest import make_runner, make_screen
from tests.integration.html import parse

TODAY = dt.date(2026, 10, 14)
CHART = "/runners/ana/charts/profile.svg"

FIRST = [
    {"test": "knee_to_wall", "side": "left", "value": 7.5},
    {"test": "knee_to_wall", "side": "right", "value": 11.0},
    {"test": "hip_internal_rotation", "side": "left", "value": 20},
    {"test": "hip_internal_rotation", "side": "right", "value": 36},
    {"test": "beighton", "value": 2},
]
SECOND = [
    {"test": "knee_to_wall", "side": "left", "value": 10.5},
    {"test": "knee_to_wall", "side": "right", "value": 11.5},
]


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services, "today", lambda: TODAY)


@pytest.fixture
def screened(ana: Runner) -> Runner:
    make_screen(ana, "2026-08-10", FIRST)
    make_screen(ana, "2026-09-21", SECOND)
    return ana


def _figures(html: str) -> list[list[str]]:
    table = re.search(r'<table class="over-time-figures">.*?</table>', html, flags=re.S)
    assert table is not None
    rows = re.findall(r"<tr>(.*?)</tr>", table.group(0).split("<tbody>")[1], flags=re.S)
    return [re.findall(r"<td>(.*?)</td>", r, flags=re.S) for r in rows]


def test_the_chart_is_an_svg_with_a_panel_per_test(login: Any, screened: Runner) -> None:
    response = login(screened.coach.user).get(CHART)
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    root = ElementTree.fromstring(response.content)
    texts = " ".join(t.text or "" for t in root.iter() if t.tag.endswith("text"))
    assert "Balance per region and side" in texts
    assert "Knee-to-wall (weight-bearing lunge) (cm)" in texts
    assert "cut-off 10" in texts  # the knee-to-wall norm drawn as a line


def test_the_figures_are_the_screens_values_with_the_cores_cut_offs(
    login: Any, screened: Runner
) -> None:
    html = login(screened.coach.user).get("/runners/ana/").content.decode()
    assert 'src="/runners/ana/charts/profile.svg"' in html
    rows = _figures(html)
    by = {(r[0], r[2]): r for r in rows}
    ktw = next(k for k in by if k[0] == "2026-08-10" and "wall" in k[1].lower())
    first, second = by[ktw], by[("2026-09-21", ktw[1])]
    assert (first[3], first[4], second[3], second[4]) == ("7.5", "11", "10.5", "11.5")
    assert first[6] == "&lt; 10 cm" and "past the cut-off" in first[7]  # 3.5 cm apart, over 1.5
    assert "past the cut-off" not in second[7]  # 1 cm apart
    hip = [r for r in rows if r[0] == "2026-08-10" and r[3] == "20"]
    assert len(hip) == 1 and hip[0][4] == "36"
    whole = [r for r in rows if r[5] == "2"]
    assert len(whole) == 1 and whole[0][1] == "whole body"
    # only what was measured on each screen: the re-screen measured the ankle alone
    assert {r[0] for r in rows} == {"2026-08-10", "2026-09-21"}
    assert sum(1 for r in rows if r[0] == "2026-09-21") == 1
    assert "2 screens from 2026-08-10 to 2026-09-21" in parse(html).visible


def test_it_comes_after_a_stop_and_before_the_week(login: Any, screened: Runner) -> None:
    PainReport.objects.create(runner=screened, date=TODAY, pain=4, red_flags=["night_pain"])
    html = login(screened.coach.user).get("/runners/ana/").content.decode()
    assert html.index('id="refer"') < html.index('id="over-time-title"')
    assert html.index('id="over-time-title"') < html.index('id="this-week"')


def test_one_screen_is_a_table_and_a_sentence(login: Any, ana: Runner) -> None:
    make_screen(ana, "2026-09-21", FIRST)
    html = login(ana.coach.user).get("/runners/ana/").content.decode()
    assert "charts/profile.svg" not in html
    assert "One screen so far" in parse(html).visible
    assert len(_figures(html)) == 3  # knee to wall, hip rotation, Beighton


def test_no_screen_says_screen_first(login: Any, ana: Runner) -> None:
    html = login(ana.coach.user).get("/runners/ana/").content.decode()
    assert "No screen yet, screen first" in parse(html).visible
    assert "over-time-figures" not in html and "charts/profile.svg" not in html
    assert login(ana.coach.user).get(CHART).status_code == 200  # an empty picture, not an error


@pytest.mark.parametrize(
    ("who", "status"),
    [("coach", 200), ("runner", 200), ("other runner", 404), ("other coach", 404), ("anon", 302)],
)
def test_only_the_runner_and_their_coach_see_the_chart(
    client: Any, screened: Runner, other_coach: Coach, who: str, status: int
) -> None:
    users = {
        "coach": screened.coach.user,
        "runner": screened.user,
        "other runner": make_runner(screened.coach, "ben").user,
        "other coach": other_coach.user,
        "anon": None,
    }
    if users[who] is not None:
        client.force_login(users[who])
    assert client.get(CHART).status_code == status
