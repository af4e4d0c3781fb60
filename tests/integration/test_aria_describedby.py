"""Every ``aria-describedby`` on every page names an element that is on that page.

Django adds ``aria-describedby="id_x_helptext id_x_error"`` to a field's input when it has help
text or errors; a page that renders the help text or the errors itself must give them those ids,
or a screen reader announces nothing. Each page is rendered as its visitors see it: the runner's
page (by the runner and by the coach, with a pending morning question, a referral and a pain
report), the dashboard, the screen pages, and every form, blank and with errors.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from insideout.catalogue import load_catalogue
from insideout.people.models import Runner
from insideout.screening.models import Screen
from insideout.training import services
from insideout.training.models import Run
from tests.integration.html import parse
from tests.integration.training_builders import DAY, TODAY, run, weeks_of_running

Visit = tuple[str, str, str, dict[str, str] | None]  # (who, method, path, form data)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services, "today", lambda: TODAY)


@pytest.fixture
def pending(ana_screen: Screen) -> Run:
    """Ana's weeks of running, a run yesterday with night pain and no morning answer yet."""
    ana = ana_screen.runner
    weeks_of_running(ana)
    ana.pain_reports.create(date=TODAY - DAY, pain=3, site="front_thigh")
    return run(ana, TODAY - DAY, red_flags=["night_pain"], pain_site="shin",
               pain_next_morning=None)  # fmt: skip


def visits(ana: Runner, screen: Screen, yesterday: Run) -> list[Visit]:
    base = f"/runners/{ana.handle}"
    bad_run = {"date": "2099-01-01", "distance_km": "-1", "duration_min": "x", "rpe": "11",
               "pain_during": "12", "pain_after": "", "red_flags": "nonsense"}  # fmt: skip
    out: list[Visit] = [
        ("anonymous", "get", "/login/", None),
        ("anonymous", "post", "/login/", {"username": "nobody", "password": "wrong"}),
        ("coach", "get", "/", None),
        ("coach", "get", "/runners/new/", None),
        ("coach", "post", "/runners/new/", {"handle": "Not A Slug!", "name": ""}),
        ("runner", "get", f"{base}/", None),
        ("coach", "get", f"{base}/", None),
        ("runner", "get", f"{base}/runs/new/", None),
        ("runner", "post", f"{base}/runs/new/", bad_run),
        ("runner", "get", f"{base}/runs/{yesterday.pk}/morning/", None),
        ("runner", "post", f"{base}/runs/{yesterday.pk}/morning/", {"pain_next_morning": "99"}),
        ("runner", "get", f"{base}/pain/new/", None),
        ("runner", "post", f"{base}/pain/new/", {"date": "x", "pain": "11", "site": "moon"}),
        ("coach", "get", f"{base}/settings/", None),
        ("coach", "post", f"{base}/settings/", {"weekly_increase_pct": "99"}),
        ("runner", "get", f"{base}/availability/", None),
        ("runner", "post", f"{base}/availability/", {"mon": "on", "mon_minutes": "0"}),
        ("coach", "get", f"{base}/overrides/new/", None),
        ("coach", "post", f"{base}/overrides/new/", {"date": "", "verdict": "unlock"}),
        ("coach", "get", f"{base}/clearances/new/", None),
        ("coach", "post", f"{base}/clearances/new/", {"date": "", "by": "doctor"}),
        ("coach", "get", f"{base}/screens/new/", None),
        ("coach", "post", f"{base}/screens/new/", {"date": "not a date"}),
        ("runner", "get", f"{base}/screens/{screen.pk}/", None),
        ("coach", "get", f"{base}/screens/{screen.pk}/", None),
    ]
    for test in load_catalogue().enterable:
        step = f"{base}/screens/{screen.pk}/tests/{test.id}/"
        out.append(("coach", "get", step, None))
    first = load_catalogue().enterable[0]
    side = "left" if first.per_side else "value"
    out.append(("coach", "post", f"{base}/screens/{screen.pk}/tests/{first.id}/",
                {side: "not a number", "action": "save"}))  # fmt: skip
    return out


@pytest.fixture
def pages(login: Callable[[Any], Any], pending: Run) -> list[tuple[Visit, str]]:
    ana = pending.runner
    screen = ana.screens.get()
    users = {"anonymous": None, "runner": ana.user, "coach": ana.coach.user}
    out = []
    for visit in visits(ana, screen, pending):
        who, method, path, data = visit
        client = login(users[who])
        response = getattr(client, method)(path, data or {})
        assert response.status_code in (200, 422), (visit, response.status_code)
        out.append((visit, response.content.decode()))
        client.logout()
    return out


def test_every_step_of_the_screen_is_among_the_pages_checked() -> None:
    assert len(load_catalogue().enterable) >= 10


def test_every_aria_describedby_points_at_an_element_on_the_page(
    pages: list[tuple[Visit, str]],
) -> None:
    broken = []
    described = 0
    for visit, html in pages:
        page = parse(html)
        ids = set(page.ids)
        described += len(page.describedby)
        broken += [(visit[:3], element, target) for element, target in page.describedby
                   if target not in ids]  # fmt: skip
    assert described > 20, "the pages checked have fields with help text or errors"
    assert not broken, "\n".join(map(str, broken))


def test_forms_with_errors_describe_their_fields_by_the_error(
    pages: list[tuple[Visit, str]],
) -> None:
    with_errors = [(visit, parse(html)) for visit, html in pages if visit[1] == "post"]
    assert len(with_errors) > 5, "the pages include forms posted with errors"
    for visit, page in with_errors:
        errors = [t for _, t in page.describedby if t.endswith("_error")]
        assert errors or visit[2] == "/login/", visit
