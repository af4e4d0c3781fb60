"""A coach's cap stored before plan.yaml's bounds narrowed never breaks a page (issue 13, part 5).

The bounds are data: a cap a coach set within them yesterday may lie outside them today. Storing
45% by hand stands for that (today's bounds are 0 to 30%). The stored value is read back as
stored (``Runner.coach_settings()`` -> ``RunnerSettings.from_store``): every page answers, and
the plan applies the bound and says what the coach set. A new input of 45% is still refused.
"""

from __future__ import annotations

from typing import Any

import pytest

from insideout.people.models import Runner
from insideout.screening.models import Screen
from insideout.training import services
from insideout.training.advice import advice_for
from tests.integration.training_builders import TODAY, weeks_of_running

CLAMPED = "Your coach set 45%, the method now allows at most 30%: 30% applies"


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services, "today", lambda: TODAY)


@pytest.fixture
def ana_over(ana_screen: Screen) -> Runner:
    """Ana, running for four weeks, with a cap of 45% stored when the bounds were wider."""
    ana = ana_screen.runner
    weeks_of_running(ana, weeks=4)
    Runner.objects.filter(pk=ana.pk).update(weekly_increase_pct=45)
    ana.refresh_from_db()
    return ana


@pytest.mark.parametrize("path", ["/", "/runners/ana/", "/api/runners/ana/advice"])
def test_every_page_answers_with_a_stored_cap_beyond_the_bounds(
    login: Any, ana_over: Runner, path: str
) -> None:
    assert login(ana_over.coach.user).get(path).status_code == 200


def test_the_plan_applies_the_bound_and_says_what_the_coach_set(ana_over: Runner) -> None:
    advice = advice_for(ana_over, TODAY)
    texts = [d.text for d in advice.decisions if d.rule.startswith("plan.weekly")]
    assert texts, [d.rule for d in advice.decisions]
    assert any(CLAMPED in t for t in texts), texts
    assert all(d.threshold == 30 for d in advice.decisions if d.rule == "plan.weekly_change")


def test_a_new_input_beyond_the_bounds_is_still_refused(login: Any, ana_over: Runner) -> None:
    client = login(ana_over.coach.user)
    body = '{"weekly_increase_pct": 45}'
    response = client.patch("/api/runners/ana/settings", body, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "weekly_increase_pct"
    assert Runner.objects.get(pk=ana_over.pk).weekly_increase_pct == 45, "nothing changed"
