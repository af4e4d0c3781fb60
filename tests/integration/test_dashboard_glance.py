"""The coach's dashboard answers at a glance (issue 15, part 3): filters, sorts, plain words.

Each filter at its boundary (pain: a report 7 days ago in, 8 days ago out; quiet: 9 days not
quiet, 10 and 11 quiet), the trend, the sorts, filters together, paging that keeps the filters,
values the form does not know (answered in words, never an error page), the holding rule in words,
another coach's runners never listed, and a number of queries that does not grow with the runners.

The filters and sorts read the *stored* summaries, which a write makes when its transaction commits
(:mod:`insideout.training.summaries`), so these tests commit for real (``transaction=True``), as
the site does; a runner with no stored summary yet is still listed (its advice made for the page).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.utils.text import slugify

from insideout.catalogue.labels import load_labels
from insideout.people.models import Coach, Runner
from insideout.site import views
from insideout.training import services
from insideout.training.models import AdviceSummary, PainReport, Run, StrengthSession
from tests.integration.conftest import KTW_RESTRICTED_LEFT, make_runner, make_screen
from tests.integration.html import parse

pytestmark = pytest.mark.django_db(transaction=True)  # each write commits: it stores the summary

TODAY = dt.date(2026, 10, 14)
DAY = dt.timedelta(days=1)

# A write stores its runner's summary when it commits (insideout.training.summaries): these tests
# commit, so the summaries the dashboard reads are there.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services, "today", lambda: TODAY)


def _runner(coach: Coach, handle: str, **fields: Any) -> Runner:
    return make_runner(coach, handle, login=False, **fields)


def _run(runner: Runner, days_ago: int, **fields: Any) -> Run:
    values = {"duration_min": 30.0, "rpe": 4.0, "pain_next_morning": 0.0} | fields
    return Run.objects.create(runner=runner, date=TODAY - days_ago * DAY, distance_km=5, **values)


def _report(runner: Runner, days_ago: int, pain: float, **fields: Any) -> PainReport:
    # under 3/10 (IO-PAIN-REST): pain counted by every pain rule, not a warning sign on its own
    return PainReport.objects.create(runner=runner, date=TODAY - days_ago * DAY, pain=pain,
                                     site="knee", **fields)  # fmt: skip


def _get(client: Any, query: str = "") -> str:
    response = client.get(f"/{query}")
    assert response.status_code == 200
    return str(response.content.decode())


def _listed(html: str) -> list[str]:
    """The handles of the runners on the page, in order."""
    rows = re.findall(r"<tr class=.*?</tr>", html, flags=re.S)
    return [m.group(1) for r in rows if (m := re.search(r'<span class="muted">([^<]+)</span>', r))]


def _summary(runner: Runner) -> AdviceSummary:
    return AdviceSummary.objects.get(runner=runner)


# --- what the summary holds -----------------------------------------------------------------------


def test_the_summary_holds_the_glance_from_the_advice(login: Any, coach: Coach) -> None:
    ana = _runner(coach, "ana")
    make_screen(ana, "2026-09-14", KTW_RESTRICTED_LEFT)
    _run(ana, 12, pain_during=1.0)
    _run(ana, 3, pain_during=4.0)
    StrengthSession.objects.create(runner=ana, date=TODAY - 2 * DAY)
    nobody = _runner(coach, "nobody")
    _get(login(coach.user))
    s = _summary(ana)
    assert (s.pain_week, s.pain_trend, s.last_logged) == (4.0, "rising", TODAY - 2 * DAY)
    assert not s.ready_to_progress and not s.technique_ready  # a pain cut holds her
    n = _summary(nobody)
    assert (n.pain_week, n.pain_trend, n.last_logged, n.needs_screen) == (None, "none", None, True)
    assert not n.ready_to_progress  # screen first holds him


# --- each filter at its boundary ------------------------------------------------------------------


def test_pain_in_the_last_7_days_counts_a_report_7_days_ago_not_8(login: Any, coach: Coach) -> None:
    _report(_runner(coach, "seven"), 7, 2.0)
    _report(_runner(coach, "eight"), 8, 2.0)
    _runner(coach, "none")
    html = _get(login(coach.user), "?show=pain")
    assert _listed(html) == ["seven"]
    assert "Pain in the last 7 days (1)" in parse(html).visible


@pytest.mark.parametrize(("days_ago", "quiet"), [(9, False), (10, True), (11, True)])
def test_a_runner_is_quiet_from_10_days_without_an_entry(
    login: Any, coach: Coach, days_ago: int, quiet: bool
) -> None:
    _run(_runner(coach, "runner"), days_ago)
    _runner(coach, "never")  # nothing logged yet: needs a screen, not "quiet"
    html = _get(login(coach.user), "?show=quiet")
    assert _listed(html) == (["runner"] if quiet else [])
    assert ("gone quiet" in html) is quiet


def test_rising_pain_is_told_from_falling_pain(login: Any, coach: Coach) -> None:
    rising, falling = _runner(coach, "rising"), _runner(coach, "falling")
    _run(rising, 10, pain_during=1.0)
    _run(rising, 2, pain_during=4.0)
    _run(falling, 10, pain_during=5.0)
    _run(falling, 2, pain_during=2.0)
    client = login(coach.user)
    assert _listed(_get(client, "?show=pain-rising")) == ["rising"]
    assert _listed(_get(client, "?show=pain")) == ["falling", "rising"]
    assert (_summary(rising).pain_trend, _summary(falling).pain_trend) == ("rising", "falling")


def test_referred_and_needs_a_screen_and_phase(login: Any, coach: Coach) -> None:
    flagged = _runner(coach, "flagged")
    _report(flagged, 1, 2.0, red_flags=["night_pain"])
    screened = _runner(coach, "screened")
    make_screen(screened, "2026-10-01", KTW_RESTRICTED_LEFT)
    client = login(coach.user)
    assert _listed(_get(client, "?show=referred")) == ["flagged"]
    assert _listed(_get(client, "?show=screen")) == ["flagged"]  # no screen yet
    assert _listed(_get(client, "?phase=stop")) == ["flagged"]
    assert _listed(_get(client, "?phase=foundation")) == ["screened"]
    visible = parse(_get(client)).visible
    assert "Referred (1)" in visible and "Running stopped (1)" in visible


def test_asked_for_help_lists_runners_with_an_unread_message_until_the_coach_reads_it(
    login: Any, coach: Coach
) -> None:
    from insideout.help.models import Message

    asking = _runner(coach, "asking")
    _runner(coach, "quiet-one")
    answered = _runner(coach, "answered")
    Message.objects.create(runner=answered, kind=Message.Kind.COACH, body="how did it go?")
    message = Message.objects.create(runner=asking, kind=Message.Kind.RUNNER, body="my calf hurts")
    client = login(coach.user)
    assert _listed(_get(client, "?show=help")) == ["asking"]  # a coach's answer is not a request
    assert "Asked for help (unread) (1)" in parse(_get(client)).visible
    client.get("/runners/asking/help/")  # the coach opens the thread: read
    message.refresh_from_db()
    assert message.read_by_coach_at is not None
    assert _listed(_get(client, "?show=help")) == []


def test_a_re_screen_due_counts_as_needing_a_screen(login: Any, coach: Coach) -> None:
    old = _runner(coach, "old")
    make_screen(old, (TODAY - 50 * DAY).isoformat(), KTW_RESTRICTED_LEFT)  # over 6 weeks ago
    recent = _runner(coach, "recent")
    make_screen(recent, (TODAY - 10 * DAY).isoformat(), KTW_RESTRICTED_LEFT)
    html = _get(login(coach.user), "?show=screen")
    assert _listed(html) == ["old"]
    assert "re-screen due" in html


def test_technique_ready_and_ready_to_progress(login: Any, coach: Coach, ana: Runner) -> None:
    from insideout.core.plan.model import Mode
    from insideout.training.advice import advice_for_all
    from insideout.training.models import GateOverride

    make_screen(ana, (TODAY - 20 * DAY).isoformat(), KTW_RESTRICTED_LEFT)
    GateOverride.objects.create(runner=ana, date=TODAY - DAY, verdict="unlock", reason="ready",
                                created_by=coach.user)  # fmt: skip
    _runner(coach, "unscreened")
    client = login(coach.user)
    assert _listed(_get(client, "?show=technique")) == ["ana"]
    # ready to progress is the advice's own reading: the plan progresses and nothing holds
    advised = advice_for_all([Runner.objects.get(pk=ana.pk)], TODAY)[0]
    ready = advised.advice.running.mode is Mode.PROGRESS and advised.holding is None
    assert _summary(ana).ready_to_progress is ready
    assert _listed(_get(client, "?show=ready")) == (["ana"] if ready else [])
    # the filter reads the stored field (still current: same day, data and method)
    AdviceSummary.objects.filter(runner=ana).update(ready_to_progress=True)
    html = _get(client, "?show=ready")
    assert _listed(html) == ["ana"] and "ready to progress" in html
    assert "Ready to progress (1)" in parse(html).visible


# --- the holding rule, in words -------------------------------------------------------------------


def test_the_holding_rule_is_shown_and_chosen_in_words(login: Any, coach: Coach) -> None:
    ben = _runner(coach, "ben")  # no screen: "Screen first" holds him
    screened = _runner(coach, "screened")
    make_screen(screened, "2026-10-01", KTW_RESTRICTED_LEFT)
    client = login(coach.user)
    page = parse(_get(client))
    assert "plan." not in page.visible and "gate." not in page.visible
    assert "Screen first: running holds until the movement screen is done" in page.visible
    label = load_labels().of("rule", _summary(ben).rule)
    assert f"{label} (1)" in page.visible
    chosen = _get(client, f"?held={slugify(label)}")
    assert _listed(chosen) == ["ben"]
    assert "plan." not in chosen.replace('data-rule="plan.', "")


# --- sorts ----------------------------------------------------------------------------------------


@pytest.fixture
def team(coach: Coach) -> dict[str, Runner]:
    """Cleo in pain 3/10 logged yesterday, Abe quiet for 12 days, Bea flagged, Dan never logged."""
    cleo, abe = _runner(coach, "cleo", name="Cleo"), _runner(coach, "abe", name="Abe")
    bea, dan = _runner(coach, "bea", name="Bea"), _runner(coach, "dan", name="Dan")
    _run(cleo, 1, pain_during=3.0)
    _run(abe, 12, pain_during=1.0)
    _report(bea, 2, 2.0, red_flags=["night_pain"])
    return {"cleo": cleo, "abe": abe, "bea": bea, "dan": dan}


@pytest.mark.parametrize(
    ("sort", "order"),
    [
        ("", ["bea", "abe", "cleo", "dan"]),  # flagged first, then by name
        ("?sort=flagged", ["bea", "abe", "cleo", "dan"]),
        ("?sort=name", ["abe", "bea", "cleo", "dan"]),
        ("?sort=pain", ["cleo", "bea", "abe", "dan"]),  # highest first, none given last
        ("?sort=last", ["dan", "abe", "bea", "cleo"]),  # never first, then the longest ago
        ("?sort=phase", ["bea", "abe", "cleo", "dan"]),  # stopped, then screen first by name
    ],
)
def test_each_sort_orders_the_runners(
    login: Any, coach: Coach, team: dict[str, Runner], sort: str, order: list[str]
) -> None:
    assert _listed(_get(login(coach.user), sort)) == order


def test_a_runner_without_a_stored_summary_is_still_listed_and_sorted(
    login: Any, coach: Coach, team: dict[str, Runner]
) -> None:
    # no summary stored for Abe and Dan (not written to since summaries were stored)
    AdviceSummary.objects.filter(runner__handle__in=["abe", "dan"]).delete()
    client = login(coach.user)
    html = _get(client)
    # flagged first (Bea, stored), then by name, the two without a summary among the others
    assert _listed(html) == ["bea", "abe", "cleo", "dan"]
    assert _listed(_get(client, "?sort=flagged")) == ["bea", "abe", "cleo", "dan"]
    assert "4 runners." in parse(html).visible
    assert "2026-10-02" in html  # Abe's last run, from his advice made for the page
    for sort in ("name", "phase", "pain", "last"):
        assert sorted(_listed(_get(client, f"?sort={sort}"))) == ["abe", "bea", "cleo", "dan"]
    assert not AdviceSummary.objects.filter(runner__handle__in=["abe", "dan"]).exists()  # a GET


def test_filters_combine_and_are_kept_in_the_form(
    login: Any, coach: Coach, team: dict[str, Runner]
) -> None:
    client = login(coach.user)
    assert _listed(_get(client, "?show=pain")) == ["bea", "cleo"]
    assert _listed(_get(client, "?show=pain&show=referred")) == ["bea"]
    assert _listed(_get(client, "?show=pain&show=quiet")) == []
    html = _get(client, "?show=pain&sort=pain&phase=screen_needed")
    assert _listed(html) == ["cleo"]
    assert 'value="pain" checked' in html and 'value="pain" selected' in html
    assert 'value="screen_needed" selected' in html
    assert "1 of 4 runners match." in parse(html).visible


def test_paging_keeps_the_filters_and_the_sort(
    login: Any, coach: Coach, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    for name in ("a", "b", "c", "d", "e"):
        _runner(coach, name)
    _run(_runner(coach, "logged"), 1)  # needs a screen too, sorted last by name
    client = login(coach.user)
    first = _get(client, "?show=screen&sort=name")
    assert _listed(first) == ["a", "b"]
    link = re.search(r'href="(\?[^"]*page=2[^"]*)"', first)
    assert link is not None
    assert "show=screen" in link.group(1) and "sort=name" in link.group(1)
    second = _get(client, link.group(1).replace("&amp;", "&"))
    assert _listed(second) == ["c", "d"]
    assert "page 2 of 3 (6 runners)" in parse(second).visible


# --- what the form does not know ------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "?show=bogus",
        "?sort=sideways",
        "?phase=<script>alert(1)</script>",
        "?held=" + "x" * 500,
        "?page=abc",
        "?page=-1&show=",
        "?show=pain&show=pain&sort=",
    ],
)
def test_a_value_the_form_does_not_know_is_said_and_ignored_never_an_error(
    login: Any, coach: Coach, team: dict[str, Runner], query: str
) -> None:
    html = _get(login(coach.user), query)
    assert "<script>alert" not in html
    assert len(_listed(html)) in (2, 4)  # the pain filter (two runners) or everyone
    if any(bad in query for bad in ("bogus", "sideways", "script", "xxx")):
        assert "is not one of the choices: it was left out." in parse(html).visible
        assert "x" * 41 not in html  # the value is repeated shortened


# --- whose runners --------------------------------------------------------------------------------


def test_another_coachs_runners_are_never_listed_or_counted(
    login: Any, coach: Coach, other_coach: Coach, zoe: Runner
) -> None:
    _report(zoe, 1, 2.0, red_flags=["night_pain"])
    _run(_runner(coach, "mine"), 12)
    client = login(coach.user)
    for query in ("", "?show=referred", "?show=pain", "?phase=stop", "?sort=pain", "?show=quiet"):
        html = _get(client, query)
        assert ">zoe<" not in html
    visible = parse(_get(client)).visible
    assert "Referred (0)" in visible and "Gone quiet (10 days) (1)" in visible
    assert _listed(_get(login(other_coach.user), "?show=referred")) == ["zoe"]


def test_a_runner_opening_the_dashboard_goes_to_their_own_page(login: Any, ana: Runner) -> None:
    response = login(ana.user).get("/?show=referred")
    assert response.status_code == 302 and response["Location"] == "/runners/ana/"


# --- queries --------------------------------------------------------------------------------------

FILTERED = "/?show=pain&show=screen&phase=screen_needed&sort=pain&held=screen-first"


def test_a_filtered_dashboard_asks_as_often_for_twelve_runners_as_for_two(
    login: Any, coach: Coach, django_assert_max_num_queries: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(FILTERED).status_code == 200
        return len(ctx.captured_queries)

    client = login(coach.user)
    for i in range(2):
        _run(_runner(coach, f"r{i}"), i + 1, pain_during=1.0)
    two = queries()
    for i in range(2, 12):
        _run(_runner(coach, f"r{i}"), i + 1, pain_during=1.0)
    twelve = queries()
    assert twelve == two
    # session and user, the coach, the help header link and banner, the coach's notices, the
    # filters' counts and the held-by choices, the page's count and rows: a dozen, whatever the
    # squad's size
    with django_assert_max_num_queries(12):
        html = client.get(FILTERED).content.decode()
    assert len(_listed(html)) == 7  # pain 1 day to 7 days ago: r0 to r6
