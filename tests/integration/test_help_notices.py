"""Notices: a red flag or a referral the runner logs reaches the coach without a word written.

When a runner's stored summary becomes flagged (running stopped, a professional to see), a notice
joins their thread, unread by the coach, in plain words: what happened and what the runner must do.
It is said once while the runner stays flagged, and again when a new flag follows a clearance.
A write stores the summary when its transaction commits; most tests here write inside the test's
transaction, which never commits, and make the summary as the day's roll-over does
(:func:`insideout.training.summaries.refresh`); the page's test commits for real.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils.html import escape

from insideout.catalogue.method import load_method
from insideout.help.models import Message
from insideout.help.queries import unread_for_coach
from insideout.people.models import Coach, Runner
from insideout.training import services, summaries
from insideout.training.models import AdviceSummary, Clearance, PainReport
from tests.integration.conftest import KTW_RESTRICTED_LEFT, make_runner, make_screen
from tests.integration.training_builders import DAY, TODAY, run, weeks_of_running


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services, "today", lambda: TODAY)


@pytest.fixture
def ana_running(ana: Runner) -> Runner:
    """Ana screened and running for four weeks, without pain: not flagged."""
    make_screen(ana, "2026-09-14", KTW_RESTRICTED_LEFT)
    weeks_of_running(ana)
    return ana


def _refresh(runner: Runner, day: dt.date = TODAY) -> AdviceSummary:
    [made] = summaries.refresh(Runner.objects.filter(pk=runner.pk), day)
    return made


def _pain(runner: Runner, day: dt.date, pain: float, **fields: Any) -> PainReport:
    return PainReport.objects.create(runner=runner, date=day, pain=pain, **fields)


def _notices(runner: Runner) -> list[Message]:
    return list(runner.help_messages.filter(kind="notice"))


def test_a_runner_progressing_without_pain_gets_no_notice(ana_running: Runner) -> None:
    assert not _refresh(ana_running).flagged
    assert _notices(ana_running) == []


def test_pain_that_cuts_the_week_without_stopping_is_no_notice(ana_running: Runner) -> None:
    # 6/10 during a run is above the 5/10 limit: the week is cut, running does not stop
    run(ana_running, TODAY - DAY, 5.0, pain_during=6.0, pain_after=2.0, pain_site="knee")
    summary = _refresh(ana_running)
    assert (summary.flagged, summary.verdict) == (False, "cut")
    assert _notices(ana_running) == []


def test_pain_at_rest_that_refers_notifies_the_coach_once_in_plain_words(
    ana_running: Runner,
) -> None:
    ana = ana_running
    _pain(ana, TODAY - 3 * DAY, 6.0, site="shin", side="left")  # 6/10 at rest: a red flag
    summary = _refresh(ana)
    assert summary.referred
    [notice] = _notices(ana)
    assert (notice.author, notice.read_by_coach_at, notice.read_by_runner_at) == (None, None, None)
    rest = load_method().red_flags["rest_pain"]
    assert notice.body.startswith("Running stopped for Ana: red flag: pain at rest (2026-10-11).")
    assert rest.words in notice.body
    assert "physiotherapist or doctor has cleared Ana" in notice.body
    assert "rest_pain" not in notice.body and "red_flag." not in notice.body
    assert unread_for_coach(ana.coach) == {ana.pk: 1}

    _pain(ana, TODAY - 2 * DAY, 7.0, site="shin")  # a second write while still flagged
    assert _refresh(ana).referred
    _refresh(ana)  # and the same summary made again
    assert len(_notices(ana)) == 1


def test_a_new_flag_after_a_clearance_is_a_new_notice(ana_running: Runner) -> None:
    ana = ana_running
    _pain(ana, TODAY - 5 * DAY, 6.0, site="shin")
    _refresh(ana, TODAY - 2 * DAY)
    Clearance.objects.create(
        runner=ana, date=TODAY - DAY, by="physiotherapist", reason="Seen: shin splints, settled."
    )
    assert not _refresh(ana, TODAY - DAY).flagged  # cleared: no notice, and the flag is over
    assert len(_notices(ana)) == 1
    run(ana, TODAY, 4.0, red_flags=["chest_pain"])
    assert _refresh(ana).referred
    first, second = _notices(ana)
    chest = load_method().red_flags["chest_pain"]
    assert "red flag: chest, neck, jaw or arm pain or pressure (2026-10-14)." in second.body
    assert chest.words in second.body
    assert "until a doctor has cleared Ana" in second.body  # a heart sign: a doctor only
    assert first.body != second.body


def test_a_runners_first_summary_already_flagged_is_a_notice(ana: Runner) -> None:
    _pain(ana, TODAY - DAY, 0, red_flags=["night_pain"])
    assert AdviceSummary.objects.filter(runner=ana).count() == 0
    assert _refresh(ana).flagged
    [notice] = _notices(ana)
    assert "pain that wakes you at night" in notice.body


def test_the_stale_summaries_of_the_day_bring_the_notices_too(
    ana_running: Runner, ben: Runner, zoe: Runner
) -> None:
    _pain(ana_running, TODAY - DAY, 4.0)  # 4/10 at rest: from 3/10 it stops and refers
    _pain(zoe, TODAY - DAY, 2.0)  # below: nothing
    assert summaries.refresh_stale(TODAY) == 3
    assert [len(_notices(r)) for r in (ana_running, ben, zoe)] == [1, 0, 0]


@pytest.mark.django_db(transaction=True)  # the report commits: its summary is stored at once
def test_a_pain_report_from_the_page_reaches_the_coachs_dashboard_and_thread(
    login: Any, ana_running: Runner
) -> None:
    ana = ana_running
    assert _notices(ana) == []
    form = {"date": (TODAY - DAY).isoformat(), "pain": "6", "site": "shin", "side": "left"}
    assert login(ana.user).post("/runners/ana/pain/new/", form).status_code == 302
    assert AdviceSummary.objects.get(runner=ana).flagged  # stored by the write, not a page
    assert len(_notices(ana)) == 1  # before the coach opens anything
    coach = login(ana.coach.user)
    dashboard = coach.get("/").content.decode()
    assert "1 unread message</strong>" in dashboard
    thread = coach.get("/runners/ana/help/").content.decode()
    assert escape("Running stopped for Ana: red flag: pain at rest (2026-10-13).") in thread
    assert 'class="message message-notice unread"' in thread
    assert unread_for_coach(ana.coach) == {}  # opened: read
    assert "1 unread message</strong>" not in coach.get("/").content.decode()


def test_a_notice_says_the_runners_name_as_text(login: Any, coach: Coach) -> None:
    runner = make_runner(coach, "eve", name="<b>Eve</b>")
    _pain(runner, TODAY - DAY, 5.0)
    _refresh(runner)
    [notice] = _notices(runner)
    assert notice.body.startswith("Running stopped for <b>Eve</b>:")  # stored as written...
    page = login(coach.user).get("/runners/eve/help/").content.decode()
    assert "<b>Eve</b>" not in page and escape("<b>Eve</b>") in page  # ...shown as text
