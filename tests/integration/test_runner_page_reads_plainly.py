"""What the runner and the coach see (issue 12): what matters today first, in plain words.

A referral, a stop or a pain cut is the first thing on the runner's page, with what to do; a run
just logged is confirmed and counted; "report pain without a run" is one tap from the top; and
nobody reads an internal name (``plan.recovery_week``, ``run_walk``, ``front_thigh``) outside the
details for coaches, on the runner's page, the dashboard or the profile.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from insideout.catalogue import load_catalogue
from insideout.catalogue.labels import RUN_KINDS, load_labels
from insideout.catalogue.method import load_method
from insideout.core.advise import Phase
from insideout.core.decision import Decision, DecisionVerdict
from insideout.core.pain import Referral
from insideout.core.screen import Need, Region
from insideout.people.models import Runner
from insideout.screening.models import Screen
from insideout.site.presenters import alert
from insideout.training import services
from insideout.training.advice import advice_for
from tests.integration.html import Page, parse
from tests.integration.training_builders import DAY, TODAY, run, weeks_of_running

RULE_LIKE = re.compile(r"\b[a-z][a-z_]+(?:\.[a-z_]{2,})+\b")  # not "e.g."
SNAKE = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services, "today", lambda: TODAY)


def html_of(client: Any, path: str = "/runners/ana/") -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def before(html: str, first: str, *rest: str) -> bool:
    return all(html.index(first) < html.index(mark) for mark in rest)


def pain_cut(ana: Runner) -> None:
    """Four weeks of running, the last with a run that hurt 7/10 at the knee: a pain cut."""
    weeks_of_running(ana)
    run(ana, TODAY - 3 * DAY, 5.0, pain_during=7.0, pain_site="front_thigh", pain_side="left")


# --- first things first ------------------------------------------------------------------------


def test_a_pain_cut_is_the_first_thing_on_the_runners_page_with_what_to_do(
    login: Any, ana_screen: Screen
) -> None:
    ana = ana_screen.runner
    pain_cut(ana)
    advice = advice_for(ana)
    assert any(d.rule == "plan.pain_cut" for d in advice.decisions), "the fixture cuts"
    html = html_of(login(ana.user))
    assert before(html, 'id="cut"', "<h1", 'id="today"', 'id="log-run"', 'id="this-week"')
    top = parse(html.split('id="cut"', 1)[1].split("</section>", 1)[0]).visible
    assert "Running is cut back this week" in top
    assert "Run only the shorter week below" in top
    assert f"{advice.running.planned_km:g} km in all" in top
    cut = next(d for d in advice.decisions if d.rule == "plan.pain_cut")
    assert load_labels().plain(cut.text) in top


def test_a_referral_comes_first_in_the_advices_own_words(login: Any, ana_screen: Screen) -> None:
    ana = ana_screen.runner
    weeks_of_running(ana)
    run(ana, TODAY - DAY, red_flags=["night_pain"], pain_next_morning=None)
    refer = advice_for(ana).refer
    assert refer is not None
    for user in (ana.user, ana.coach.user):
        html = html_of(login(user))
        assert before(html, 'id="refer"', "<h1", 'id="this-week"', 'id="report-pain"')
        top = parse(html.split('id="refer"', 1)[1].split("</section>", 1)[0]).visible
        assert "See a physiotherapist or doctor" in top and refer.words in top


def _d(rule: str, verdict: DecisionVerdict, text: str = "") -> Decision:
    return Decision(rule, verdict, None, None, "EV", text)


@pytest.mark.parametrize(
    ("phase", "decisions", "refer", "kind", "title"),
    [
        (Phase.STOP, [_d("plan.stop", DecisionVerdict.STOP, "No.")], None,
         "stop", "Stop running for now"),
        (Phase.BUILD, [_d("pain.morning", DecisionVerdict.CUT, "M")], None,
         "cut", "Running is cut back this week"),
        (Phase.STOP, [], Referral("R", "W", urgent=True, cardiac=True),
         "refer", "See a doctor now"),
    ],
)  # fmt: skip
def test_the_alert_is_the_referral_else_the_stop_else_the_cut(
    phase: Phase, decisions: list[Decision], refer: Referral | None, kind: str, title: str
) -> None:
    found = alert(phase, decisions, refer)
    assert found is not None and (found.kind, found.title) == (kind, title)


def test_a_week_that_progresses_has_no_alert() -> None:
    decisions = [_d("plan.recovery_week", DecisionVerdict.HOLD)]
    assert alert(Phase.BUILD, decisions, None) is None


def test_report_pain_without_a_run_is_one_tap_from_the_top_of_the_runners_page(
    login: Any, ana_screen: Screen
) -> None:
    ana = ana_screen.runner
    weeks_of_running(ana)
    client = login(ana.user)
    html = html_of(client)
    link = re.search(r'<a [^>]*id="report-pain-link"[^>]*href="([^"]+)"', html)
    assert link is not None and "Report pain without a run" in html
    assert before(html, 'id="report-pain-link"', 'id="today"', 'id="log-run"', 'id="this-week"')
    form = html_of(client, link.group(1))
    assert 'action="/runners/ana/pain/new/"' in form and 'name="pain"' in form


def test_logging_a_run_today_confirms_what_was_saved_and_counts_it_this_week(
    login: Any, ana_screen: Screen
) -> None:
    ana = ana_screen.runner
    weeks_of_running(ana)
    week_before = sum(r.distance_km for r in ana.runs.filter(date__gte=TODAY - 6 * DAY))
    client = login(ana.user)
    form = {"date": TODAY.isoformat(), "distance_km": "8", "duration_min": "45", "rpe": "4",
            "pain_during": "0", "pain_after": "0"}  # fmt: skip
    response = client.post("/runners/ana/runs/new/", form, follow=True)
    assert response.status_code == 200
    page = parse(response.content.decode())
    assert "Saved: 8 km on Wed 2026-10-14, 45 min." in page.visible
    assert "Run today: 8 km" in page.visible
    assert f"last 7 days, today included: {week_before + 8:g} km" in page.visible
    html = response.content.decode()
    assert before(html, 'id="messages"', 'id="today"', 'id="this-week"')
    assert "Saved:" not in parse(html_of(client)).visible  # said once


# --- no internal names -------------------------------------------------------------------------


def catalogue_names() -> set[str]:
    """Every snake_case name a catalogue gives a page (sites, exercises, tests, kinds…)."""
    method, catalogue = load_method(), load_catalogue()
    names = {*method.pain.sites, *method.exercises, *method.red_flags, *catalogue.tests}
    names |= {*RUN_KINDS, *(p.value for p in Phase), *(n.value for n in Need)}
    names |= {r.value for r in Region}
    return {n for n in names if "_" in n}


def internal_names(page: Page) -> list[str]:
    text = page.visible
    found = RULE_LIKE.findall(text) + SNAKE.findall(text)
    return sorted(set(found) | {n for n in catalogue_names() if re.search(rf"\b{n}\b", text)})


def test_the_check_finds_internal_names_in_the_visible_text_only() -> None:
    html = (
        '<p data-rule="plan.spike">Recovery week, run_walk and front_thigh; e.g. 1.05 km</p>'
        '<details class="for-coaches"><code>plan.recovery_week</code></details>'
    )
    assert internal_names(parse(html)) == ["front_thigh", "run_walk"]
    assert "plan.recovery_week" in internal_names(parse("<td>plan.recovery_week (hold)</td>"))


@pytest.fixture
def scenes(ana_screen: Screen, ben: Runner) -> None:
    """Ana cut back for pain at the front of the thigh; Ben with no screen."""
    ana = ana_screen.runner
    pain_cut(ana)
    # 2/10: counted, below the rest-pain level that would stop her (IO-PAIN-REST)
    ana.pain_reports.create(date=TODAY - 2 * DAY, pain=2, site="lower_back")


def test_the_runners_page_shows_no_internal_names_outside_the_coaches_details(
    login: Any, scenes: Any, ana_screen: Screen, ben: Runner
) -> None:
    ana = ana_screen.runner
    for user, path in [(ana.user, "/runners/ana/"), (ana.coach.user, "/runners/ana/"),
                       (ben.user, "/runners/ben/"), (ana.coach.user, "/runners/ben/")]:  # fmt: skip
        page = parse(html_of(login(user), path))
        assert not internal_names(page), (path, internal_names(page))
        assert "plan.screen_first" in " ".join(page.coaches) or "plan.pain_cut" in " ".join(
            page.coaches
        ), "rule ids stay in the coaches' details"
    ana_page = parse(html_of(login(ana.user)))
    assert "front of the thigh" in ana_page.visible and "lower back" in ana_page.visible
    assert "easy run" in ana_page.visible


def test_the_profile_shows_no_internal_names_and_no_threshold_of_zero(
    login: Any, ana: Runner
) -> None:
    from tests.integration.conftest import make_screen

    measures = [
        {"test": "knee_to_wall", "side": "left", "value": 7.5, "pain": True},
        {"test": "knee_to_wall", "side": "right", "value": 11.0},
        {"test": "beighton", "value": 6},
        {"test": "hip_internal_rotation", "side": "left", "value": 20},
        {"test": "hip_internal_rotation", "side": "right", "value": 35},
    ]
    screen = make_screen(ana, "2026-09-14", measures)
    page = parse(html_of(login(ana.user), f"/runners/ana/screens/{screen.pk}/"))
    assert not internal_names(page), internal_names(page)
    assert "Threshold" not in page.visible and " 0 cm" not in page.visible
    assert "knee_to_wall.pain" in " ".join(page.coaches)


def test_the_dashboard_says_in_words_what_holds_each_runner(
    login: Any, scenes: Any, ana_screen: Screen, ben: Runner
) -> None:
    html = html_of(login(ana_screen.runner.coach.user), "/")
    page = parse(html)
    assert not internal_names(page), internal_names(page)
    assert "Screen first: running holds until the movement screen is done" in page.visible
    held = advice_for(ana_screen.runner)
    rule = next(d for d in held.decisions if d.verdict.value in ("cut", "hold", "stop", "lock"))
    assert load_labels().holds(rule.rule, rule.verdict.value) in page.visible
    assert f'data-rule="{rule.rule}"' in html


def test_the_demo_pages_show_no_internal_names_and_every_rule_they_decide_has_a_label(
    db: None, client: Any
) -> None:
    from io import StringIO

    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    call_command("load-demo", stdout=StringIO())
    users = get_user_model().objects
    labels = load_labels()
    for handle in ("ana", "ben", "cleo"):
        runner = Runner.objects.get(handle=handle)
        advice = advice_for(runner)
        found = [d.rule for d in advice.decisions]
        found += [f.rule for f in advice.profile.findings] if advice.profile else []
        assert not [r for r in found if labels.known_rule(r) is None], handle
        paths = [f"/runners/{handle}/", *(f"/runners/{handle}/screens/{s.pk}/"
                                          for s in runner.screens.all())]  # fmt: skip
        for username in (handle, "coach"):
            client.force_login(users.get(username=username))
            for path in paths:
                page = parse(html_of(client, path))
                assert not internal_names(page), (username, path, internal_names(page))
    page = parse(html_of(client, "/"))
    assert not internal_names(page), internal_names(page)
