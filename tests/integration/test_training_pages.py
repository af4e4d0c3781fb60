"""The training pages: log a run in a few taps, the next-morning question, strength done.

The forms sit on the runner's page; a form with errors is shown again naming the field (422) and
nothing stored changes. The runner themself and their coach may both log; nobody else sees it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from insideout.people.models import Runner
from insideout.training import services
from insideout.training.models import Run, StrengthSession
from tests.integration.access import ACTORS
from tests.integration.access import actor_user as _user

TODAY = dt.date(2026, 10, 14)
QUESTION = "How is the pain this morning?"

FORM = {
    "date": "2026-10-14",
    "distance_km": "5",
    "duration_min": "31",
    "rpe": "4",
    "pain_during": "0",
    "pain_after": "2",
    "pain_site": "knee",
    "pain_side": "left",
}


class Clock:
    """The day the pages think it is."""

    def __init__(self) -> None:
        self.day = TODAY

    def __call__(self) -> dt.date:
        return self.day


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fixed = Clock()
    monkeypatch.setattr(services, "today", fixed)
    return fixed


def counts() -> tuple[int, int, list[tuple[Any, ...]]]:
    rows = list(Run.objects.order_by("id").values_list())
    return Run.objects.count(), StrengthSession.objects.count(), rows


def test_the_runner_page_offers_to_log_a_run_with_today_and_the_pain_not_said_yet(
    login: Any, ana: Runner
) -> None:
    page = login(ana.user).get("/runners/ana/").content.decode()
    assert "Log a run" in page
    assert 'name="date" value="2026-10-14"' in page
    assert 'name="pain_during" value=' not in page  # an empty box: not said, never 0
    assert 'value="night_pain"' in page  # the red flags come from the method's data
    assert "Strength session done" in page
    assert QUESTION not in page


def test_a_logged_run_is_stored_and_listed_with_its_pain(login: Any, ana: Runner) -> None:
    client = login(ana.user)
    response = client.post("/runners/ana/runs/new/", FORM | {"red_flags": ["swelling"]})
    assert response.status_code == 302
    assert response["Location"] == "/runners/ana/"
    run = Run.objects.get()
    assert (run.date, run.distance_km, run.pain_after, run.pain_site) == (TODAY, 5, 2, "knee")
    assert (run.red_flags, run.pain_next_morning, run.created_by) == (["swelling"], None, ana.user)
    page = client.get("/runners/ana/").content.decode()
    assert "Recent runs" in page
    assert "knee left" in page


def test_the_coach_may_log_a_run_too(login: Any, ana: Runner) -> None:
    response = login(ana.coach.user).post("/runners/ana/runs/new/", FORM)
    assert response.status_code == 302
    assert Run.objects.get().created_by == ana.coach.user


BAD_FORMS: list[tuple[str, dict[str, Any], str, str]] = [
    ("negative distance", {"distance_km": "-3"}, "distance_km", "distance of 0 to 500 km"),
    ("negative minutes", {"duration_min": "-1"}, "duration_min", "0 to 3000 minutes"),
    ("effort above 10", {"rpe": "11"}, "rpe", "from 0 to 10"),
    ("pain during above 10", {"pain_during": "12"}, "pain_during", "from 0 to 10"),
    ("pain after below 0", {"pain_after": "-1"}, "pain_after", "from 0 to 10"),
    ("unknown red flag", {"red_flags": ["sore_toe"]}, "red_flags", "sore_toe"),
    ("unknown site", {"pain_site": "elbow"}, "pain_site", "elbow"),
    ("date in the future", {"date": "2026-10-15"}, "date", "in the future"),
    ("malformed date", {"date": "14.10.2026x"}, "date", "expected a date as YYYY-MM-DD"),
    ("distance missing", {"distance_km": ""}, "distance_km", "required"),
]


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [pytest.param(c, f, w, id=name) for name, c, f, w in BAD_FORMS],
)
def test_a_bad_run_form_names_the_field_and_stores_nothing(
    login: Any, ana: Runner, change: dict[str, Any], field: str, words: str
) -> None:
    Run.objects.create(runner=ana, date=dt.date(2026, 10, 1), distance_km=9, duration_min=60)
    before = counts()
    response = login(ana.user).post("/runners/ana/runs/new/", FORM | change)
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert field in errors, errors
    assert words in " ".join(errors[field])
    assert words in response.content.decode()
    assert counts() == before


def test_a_duplicate_run_is_a_form_error(login: Any, ana: Runner) -> None:
    client = login(ana.user)
    assert client.post("/runners/ana/runs/new/", FORM).status_code == 302
    response = client.post("/runners/ana/runs/new/", FORM)
    assert response.status_code == 422
    assert "duplicate run" in " ".join(response.context["form"].errors["date"])
    assert Run.objects.count() == 1


def test_the_morning_question_appears_the_next_day_and_goes_once_answered(
    login: Any, ana: Runner, clock: Clock
) -> None:
    client = login(ana.user)
    client.post("/runners/ana/runs/new/", FORM)
    run = Run.objects.get()
    assert QUESTION not in client.get("/runners/ana/").content.decode()  # the same day

    clock.day = TODAY + dt.timedelta(days=1)
    page = client.get("/runners/ana/").content.decode()
    assert QUESTION in page
    assert page.index(QUESTION) < page.index('id="log-run"')  # at the top
    assert f"/runners/ana/runs/{run.pk}/morning/" in page

    response = client.post(f"/runners/ana/runs/{run.pk}/morning/", {"pain_next_morning": "1"})
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.pain_next_morning == 1
    assert QUESTION not in client.get("/runners/ana/").content.decode()


def test_the_morning_question_is_about_the_latest_run_only(
    login: Any, ana: Runner, clock: Clock
) -> None:
    Run.objects.create(runner=ana, date=dt.date(2026, 10, 10), distance_km=5, duration_min=30)
    Run.objects.create(
        runner=ana, date=dt.date(2026, 10, 12), distance_km=6, duration_min=36, pain_next_morning=0
    )
    assert QUESTION not in login(ana.user).get("/runners/ana/").content.decode()


@pytest.mark.parametrize("answer", ["11", "-1", "lots", ""])
def test_a_bad_morning_answer_names_the_field_and_stores_nothing(
    login: Any, ana: Runner, answer: str
) -> None:
    run = Run.objects.create(runner=ana, date=dt.date(2026, 10, 13), distance_km=5, duration_min=30)
    response = login(ana.user).post(
        f"/runners/ana/runs/{run.pk}/morning/", {"pain_next_morning": answer}
    )
    assert response.status_code == 422
    assert "pain_next_morning" in response.context["form"].errors
    run.refresh_from_db()
    assert run.pain_next_morning is None


def test_strength_session_done_is_stored_once_a_day_on_the_page(login: Any, ana: Runner) -> None:
    client = login(ana.user)
    assert client.post("/runners/ana/strength/done/").status_code == 302
    assert client.post("/runners/ana/strength/done/").status_code == 302  # a double tap
    session = StrengthSession.objects.get()
    assert (session.date, session.completed) == (TODAY, True)
    page = client.get("/runners/ana/").content.decode()
    assert "Strength session done today." in page


TABLE: list[tuple[str, str, dict[str, Any] | None, tuple[int, ...]]] = [
    ("get", "/runners/ana/runs/new/", None, (302, 200, 404, 200, 404)),
    ("post", "/runners/ana/runs/new/", FORM, (302, 302, 404, 302, 404)),
    ("get", "/runners/ana/runs/{run}/morning/", None, (302, 200, 404, 200, 404)),
    (
        "post",
        "/runners/ana/runs/{run}/morning/",
        {"pain_next_morning": "0"},
        (302, 302, 404, 302, 404),
    ),
    ("post", "/runners/ana/strength/done/", {}, (302, 302, 404, 302, 404)),
]
CASES = [
    pytest.param(method, path, body, actor, status, id=f"{method} {path} as {actor}")
    for method, path, body, statuses in TABLE
    for actor, status in zip(ACTORS, statuses, strict=True)
]


@pytest.mark.parametrize(("method", "path", "body", "actor", "status"), CASES)
def test_access(
    login: Any,
    ana: Runner,
    ben: Runner,
    zoe: Runner,
    method: str,
    path: str,
    body: dict[str, Any] | None,
    actor: str,
    status: int,
) -> None:
    run = Run.objects.create(runner=ana, date=dt.date(2026, 10, 1), distance_km=5, duration_min=30)
    client = login(_user(actor, ana, ben, zoe))
    path = path.format(run=run.pk)
    before = counts()
    response = client.get(path) if method == "get" else client.post(path, body)
    assert response.status_code == status
    if status == 302 and actor == "anonymous":
        assert response["Location"].startswith("/login/")
    if status != 302 or actor == "anonymous":
        assert counts() == before
