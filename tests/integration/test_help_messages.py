"""'I need help': a runner writes to their coach with the context of their week, the coach answers.

Who may read and write a thread is one table (anonymous, the runner's coach, another coach, the
runner themself, another runner): only the two of them; anyone else gets 404 like a runner that
does not exist. Messages are 1 to 2,000 characters (page and API alike, naming ``body``), and are
shown as text wherever they appear. Each side's unread messages are counted until that side opens
the thread.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from insideout.help.models import BODY_MAX, Message
from insideout.help.queries import unread_for_coach, unread_for_runner
from insideout.people.models import Coach, Runner
from insideout.training import services
from insideout.training.models import PainReport
from tests.integration.access import access_cases as _cases
from tests.integration.access import actor_user as _user
from tests.integration.access import send_json
from tests.integration.conftest import KTW_RESTRICTED_LEFT, make_runner, make_screen
from tests.integration.training_builders import DAY, TODAY, run, weeks_of_running

SCRIPT = "<script>alert('x')</script>"


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services, "today", lambda: TODAY)


def _write(client: Any, handle: str, body: str) -> Any:
    return client.post(f"/runners/{handle}/help/", {"body": body})


def _api_write(client: Any, handle: str, body: object) -> Any:
    return send_json(client, "post", f"/api/runners/{handle}/messages", body)


def _html(response: Any) -> str:
    return str(response.content.decode())


def _without_tokens(response: Any) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", _html(response))


def _message(runner: Runner, kind: str, body: str = "hello", **fields: Any) -> Message:
    author = {"runner": runner.user, "coach": runner.coach.user}.get(kind)
    return Message.objects.create(runner=runner, author=author, kind=kind, body=body, **fields)


@pytest.fixture
def ana_training(ana: Runner) -> Runner:
    """Ana screened, with four weeks of running, a painful run yesterday and pain at rest."""
    make_screen(ana, "2026-09-14", KTW_RESTRICTED_LEFT)
    weeks_of_running(ana)
    run(ana, TODAY - DAY, 6.0, pain_during=4.0, pain_after=3.0, pain_site="front_thigh",
        pain_side="left")  # fmt: skip
    PainReport.objects.create(runner=ana, date=TODAY - 2 * DAY, pain=2.0, site="shin")
    return ana


# --- the runner asks, the coach answers -----------------------------------------------------------


def test_a_runner_asks_for_help_with_their_week_attached_and_the_coach_reads_it(
    login: Any, ana_training: Runner
) -> None:
    ana = ana_training
    sent = _write(login(ana.user), "ana", "  My thigh hurts since yesterday's run.  ")
    assert sent.status_code == 302 and sent["Location"] == "/runners/ana/help/#latest"
    message = Message.objects.get()
    assert (message.kind, message.author, message.body) == (
        "runner", ana.user, "My thigh hurts since yesterday's run."
    )  # fmt: skip
    context = message.context
    assert context["on"] == "2026-10-14"
    assert context["pain"] == [
        "2026-10-12: pain 2/10 without a run (shin)",
        "2026-10-13: run of 6 km, pain 4/10 during, 3/10 after (front of the thigh, left)",
    ]
    assert context["plan"] and all(" km" in line for line in context["plan"])
    assert isinstance(context["planned_km"], float) and isinstance(context["phase"], str)
    assert isinstance(context["decisions"], list)
    # plain JSON: strings, numbers and lists of strings only; no rule ids in the words
    assert json.loads(json.dumps(context)) == context
    words = json.dumps(context)
    assert "front_thigh" not in words and "plan." not in words and "pain." not in words

    page = _html(login(ana.coach.user).get("/runners/ana/help/"))
    assert "My thigh hurts since yesterday&#x27;s run." in page
    assert escape(context["pain"][1]) in page
    assert escape(context["plan"][0]) in page


def test_the_pain_attached_is_the_last_14_days_only(login: Any, ana: Runner) -> None:
    PainReport.objects.create(runner=ana, date=TODAY - 14 * DAY, pain=5.0, site="knee")
    PainReport.objects.create(runner=ana, date=TODAY - 13 * DAY, pain=1.0, site="knee")
    run(ana, TODAY - 3 * DAY, 5.0, pain_during=0.0, pain_after=0.0)  # a run without pain
    _write(login(ana.user), "ana", "Help")
    assert Message.objects.get().context["pain"] == ["2026-10-01: pain 1/10 without a run (knee)"]


def test_the_coach_answers_in_the_app_and_the_runner_sees_it_as_new_once(
    login: Any, ana: Runner
) -> None:
    _message(ana, "runner", "Is it fine to run today?")
    coach = login(ana.coach.user)
    sent = _write(coach, "ana", "Rest today; we talk tomorrow.")
    assert sent.status_code == 302
    answer = Message.objects.get(kind="coach")
    assert (answer.author, answer.context) == (ana.coach.user, {})
    assert unread_for_runner(ana) == 1
    runner = login(ana.user)
    first = _html(runner.get("/runners/ana/help/"))
    assert "Rest today; we talk tomorrow." in first and ">new</span>" in first
    assert unread_for_runner(ana) == 0
    assert ">new</span>" not in _html(runner.get("/runners/ana/help/"))


# --- read marks, per side ----------------------------------------------------------------------


def test_opening_the_thread_marks_only_the_other_sides_messages_read(
    login: Any, ana: Runner
) -> None:
    asked = _message(ana, "runner")
    notice = Message.objects.create(runner=ana, kind="notice", body="Running stopped.")
    answered = _message(ana, "coach")
    login(ana.user).get("/runners/ana/help/")
    for m in (asked, notice, answered):
        m.refresh_from_db()
    assert (asked.read_by_coach_at, notice.read_by_coach_at) == (None, None)
    assert answered.read_by_runner_at is not None
    assert (asked.read_by_runner_at, notice.read_by_runner_at) == (None, None)

    login(ana.coach.user).get("/runners/ana/help/")
    for m in (asked, notice, answered):
        m.refresh_from_db()
    assert asked.read_by_coach_at is not None and notice.read_by_coach_at is not None
    assert answered.read_by_coach_at is None


def test_unread_counts_for_the_coach_from_none_to_one_and_back_to_none(
    login: Any, ana: Runner, ben: Runner, zoe: Runner
) -> None:
    coach = ana.coach
    assert unread_for_coach(coach) == {}
    _message(ana, "coach")  # the coach's own message is never unread for the coach
    assert unread_for_coach(coach) == {}
    _message(ana, "runner")
    assert unread_for_coach(coach) == {ana.pk: 1}
    _message(zoe, "runner")  # another coach's runner counts for that coach only
    assert unread_for_coach(coach) == {ana.pk: 1}
    assert unread_for_coach(zoe.coach) == {zoe.pk: 1}
    login(coach.user).get("/runners/ana/help/")
    assert unread_for_coach(coach) == {}


def test_the_inbox_lists_unread_threads_first_then_the_newest(login: Any, coach: Coach) -> None:
    ben, ana, cleo = (make_runner(coach, h) for h in ("ben", "ana", "cleo"))
    _message(ben, "runner", "ben's question")  # oldest, unread
    _message(ana, "runner", "ana's question")  # read below
    _message(ana, "runner", "ana's second")
    make_runner(coach, "dan")  # no thread: not listed
    client = login(coach.user)
    client.get("/runners/ana/help/")
    _message(cleo, "coach", "a word for cleo")  # newest, but nothing unread
    page = _html(client.get("/help/"))
    order = [page.index(f"/runners/{h}/help/") for h in ("ben", "cleo", "ana")]
    assert order == sorted(order)
    assert "/runners/dan/help/" not in page
    assert "1 unread" in page and "2 messages" in page


def test_the_dashboard_shows_the_unread_messages_at_the_top_until_they_are_read(
    login: Any, ana: Runner, ben: Runner
) -> None:
    client = login(ana.coach.user)
    assert 'id="help-banner"' not in _html(client.get("/"))
    _message(ana, "runner")
    page = _html(client.get("/"))
    assert 'id="help-banner"' in page and "1 unread message</strong>" in page
    assert page.index('id="help-banner"') < page.index("<h1>")
    assert 'href="/runners/ana/help/"' in page
    client.get("/runners/ana/help/")
    assert 'id="help-banner"' not in _html(client.get("/"))


def _queries(client: Any, path: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


def test_the_banner_asks_as_often_for_five_waiting_runners_as_for_one(
    login: Any, coach: Coach
) -> None:
    runners = [make_runner(coach, f"runner-{i}", login=False) for i in range(5)]
    client = login(coach.user)
    _message(runners[0], "notice")
    client.get("/")  # the summaries are made: the next dashboards read them
    one = _queries(client, "/")
    for runner in runners[1:]:
        _message(runner, "notice")
        _message(runner, "notice")
    assert _queries(client, "/") == one
    page = _html(client.get("/"))
    assert "9 unread messages</strong>" in page and "and 2 more." in page


def test_every_page_offers_a_runner_i_need_help_and_a_coach_the_messages(
    login: Any, ana: Runner
) -> None:
    _message(ana, "runner")
    runner_page = _html(login(ana.user).get("/runners/ana/"))
    assert (
        '<a class="help-link" id="help-link" href="/runners/ana/help/">I need help' in runner_page
    )
    report_page = _html(login(ana.user).get("/runners/ana/pain/new/"))
    assert 'href="/runners/ana/help/">I need help' in report_page
    coach_page = _html(login(ana.coach.user).get("/runners/ana/"))
    assert 'href="/help/">Messages <span class="badge unread">1 unread</span>' in coach_page
    assert "I need help" not in coach_page
    _message(ana, "coach")
    answered = _html(login(ana.user).get("/runners/ana/"))
    assert 'I need help <span class="badge unread">1 new</span>' in answered


# --- bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "stored"),
    [
        ("x" * BODY_MAX, True),
        ("x" * (BODY_MAX + 1), False),
        ("", False),
        ("   \n ", False),
    ],
    ids=["2000 characters", "2001 characters", "empty", "only spaces"],
)
def test_a_message_is_1_to_2000_characters_on_the_page_and_in_the_api(
    login: Any, ana: Runner, body: str, stored: bool
) -> None:
    client = login(ana.user)
    page = _write(client, "ana", body)
    api = _api_write(client, "ana", {"body": body})
    assert Message.objects.count() == (2 if stored else 0)
    if stored:
        assert (page.status_code, api.status_code) == (302, 201)
        return
    assert (page.status_code, api.status_code) == (422, 422)
    [issue] = api.json()["detail"]
    assert (issue["loc"], issue["field"]) == (["body"], "body")
    expected = "expected a message, got nothing" if not body.strip() else (
        f"expected at most {BODY_MAX} characters, got {BODY_MAX + 1}"
    )  # fmt: skip
    assert issue["msg"] == expected
    assert escape(expected) in _html(page)


@pytest.mark.parametrize(
    ("raw", "status", "loc"),
    [
        ({"body": 5}, 422, ["body"]),
        ({"body": None}, 422, ["body"]),
        ({}, 422, ["body"]),
        ({"body": "hi", "kind": "coach"}, 422, ["kind"]),
        (["hi"], 422, []),
        ("{not json", 400, ["body"]),
    ],
    ids=["a number", "null", "missing", "an unknown field", "not an object", "not JSON"],
)
def test_a_body_the_api_cannot_take_is_refused_naming_where_and_nothing_is_stored(
    login: Any, ana: Runner, raw: object, status: int, loc: list[str]
) -> None:
    response = _api_write(login(ana.user), "ana", raw)
    assert response.status_code == status
    assert response.json()["detail"][0]["loc"][: len(loc)] == loc
    assert Message.objects.count() == 0


def test_a_script_in_a_message_or_a_name_is_text_everywhere(login: Any, coach: Coach) -> None:
    runner = make_runner(coach, "ana", name=SCRIPT)
    _write(login(runner.user), "ana", SCRIPT)
    client = login(coach.user)
    for path in ("/", "/help/", "/runners/ana/help/"):  # banner, inbox, thread
        page = _html(client.get(path))
        assert SCRIPT not in page
        assert escape(SCRIPT) in page, path
    found = client.get("/api/runners/ana/messages").json()
    assert [m["body"] for m in found] == [SCRIPT]  # JSON: the text as written, as text


# --- who may read and write ------------------------------------------------------------------------

# (method, path, body, expected status for each actor: anonymous, owner coach, other coach,
# the runner themself, another runner)
HELP_TABLE: list[tuple[str, str, Any, tuple[int, ...]]] = [
    ("get", "/help/", None, (302, 200, 200, 302, 302)),
    ("get", "/runners/ana/help/", None, (302, 200, 404, 200, 404)),
    ("post", "/runners/ana/help/", {"body": "hi"}, (302, 302, 404, 302, 404)),
    ("get", "/runners/nobody/help/", None, (302, 404, 404, 404, 404)),
    ("get", "/api/runners/ana/messages", None, (401, 200, 404, 200, 404)),
    ("post", "/api/runners/ana/messages", {"body": "hi"}, (401, 201, 404, 201, 404)),
    ("post", "/api/runners/ana/messages/read", {}, (401, 204, 404, 204, 404)),
    ("get", "/api/runners/nobody/messages", None, (401, 404, 404, 404, 404)),
]


@pytest.mark.parametrize(("method", "path", "body", "actor", "status"), _cases(HELP_TABLE))
def test_only_the_runner_and_their_coach_read_and_write_the_thread(
    method: str,
    path: str,
    body: Any,
    actor: str,
    status: int,
    login: Any,
    ana: Runner,
    ben: Runner,
    zoe: Runner,
) -> None:
    Message.objects.create(runner=ana, author=ana.user, kind="runner", body="private words")
    client = login(_user(actor, ana, ben, zoe))
    if path.startswith("/api/"):
        response = send_json(client, method, path, body)
    elif method == "get":
        response = client.get(path)
    else:
        response = client.post(path, body)
    assert response.status_code == status
    if status in (401, 404) or (status == 302 and actor == "anonymous"):
        assert Message.objects.count() == 1  # nothing written
        assert b"private words" not in response.content
    if status == 302 and actor == "anonymous":
        assert response["Location"].startswith("/login/")


def test_a_runner_opening_the_inbox_goes_to_their_own_thread(login: Any, ana: Runner) -> None:
    response = login(ana.user).get("/help/")
    assert (response.status_code, response["Location"]) == (302, "/runners/ana/help/")


def test_someone_elses_thread_reads_exactly_like_a_runner_that_does_not_exist(
    login: Any, ana: Runner, zoe: Runner
) -> None:
    _message(ana, "runner", "private words")
    client = login(zoe.coach.user)
    theirs, missing = client.get("/runners/ana/help/"), client.get("/runners/nobody/help/")
    assert theirs.status_code == missing.status_code == 404
    assert _without_tokens(theirs) == _without_tokens(missing)
    api_theirs = client.get("/api/runners/ana/messages")
    api_missing = client.get("/api/runners/nobody/messages")
    assert (api_theirs.status_code, api_theirs.json()) == (404, api_missing.json())


# --- the API -----------------------------------------------------------------------------------


def test_the_api_round_trip_ask_answer_and_mark_read(login: Any, ana_training: Runner) -> None:
    ana = ana_training
    runner = login(ana.user)
    asked = _api_write(runner, "ana", {"body": "Knee again."})
    assert asked.status_code == 201
    got = asked.json()
    assert (got["kind"], got["by"], got["body"]) == ("runner", "Ana", "Knee again.")
    assert got["context"]["pain"] and got["read_by_coach_at"] is None

    coach = login(ana.coach.user)
    answer = _api_write(coach, "ana", {"body": "Rest two days."})
    assert (answer.status_code, answer.json()["kind"], answer.json()["context"]) == (
        201, "coach", {}
    )  # fmt: skip
    assert [m["body"] for m in coach.get("/api/runners/ana/messages").json()] == [
        "Knee again.",
        "Rest two days.",
    ]
    assert unread_for_coach(ana.coach) == {ana.pk: 1}  # reading the list marks nothing
    assert coach.post("/api/runners/ana/messages/read").status_code == 204
    assert unread_for_coach(ana.coach) == {}
    assert unread_for_runner(ana) == 1

    runner = login(ana.user)
    assert runner.post("/api/runners/ana/messages/read").status_code == 204
    thread = runner.get("/api/runners/ana/messages").json()
    assert [m["read_by_coach_at"] is not None for m in thread] == [True, False]
    assert [m["read_by_runner_at"] is not None for m in thread] == [False, True]


def test_the_openapi_document_lists_every_answer_of_the_help_endpoints(
    login: Any, ana: Runner
) -> None:
    paths = login(ana.user).get("/api/openapi.json").json()["paths"]
    thread = paths["/api/runners/{handle}/messages"]
    assert set(thread["get"]["responses"]) == {"200", "401", "404"}
    assert {"201", "401", "404", "422"} <= set(thread["post"]["responses"])
    assert "requestBody" in thread["post"]
    read = paths["/api/runners/{handle}/messages/read"]["post"]
    assert set(read["responses"]) == {"204", "401", "403", "404"}  # 403: a failed CSRF check


# --- the admin ---------------------------------------------------------------------------------


def test_the_admin_lists_messages_read_only(client: Any, ana: Runner) -> None:
    _message(ana, "runner", "in the admin")
    admin = get_user_model().objects.create_superuser("root", "root@example.org", "pw")
    client.force_login(admin)
    listing = client.get("/admin/help/message/")
    assert listing.status_code == 200 and "ana" in _html(listing)
    assert client.get("/admin/help/message/add/").status_code == 403
    message = Message.objects.get()
    change = client.post(f"/admin/help/message/{message.pk}/change/", {"body": "changed"})
    assert change.status_code == 403
    message.refresh_from_db()
    assert message.body == "in the admin"
