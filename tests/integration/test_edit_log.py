"""Correcting the log: edit or delete a run, a pain report or a strength session (issue 15, part 4).

An edit is checked as a new entry is (the core's one record definition: bounds, a humanly
possible pace, not a duplicate of another run, excluding itself); a refused edit changes nothing.
A deletion asks first on the pages and is a POST (or an API DELETE). A run from a watch file keeps
the device's figures, and goes with its file when deleted. Every correction is recorded (who,
when, what it said before and after) and shown in the coach's decisions block; the advice follows
the corrected log at once. Who may: the runner themself and their coach; others 404, anonymous
401 (API) or the login page.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.utils.html import escape

from insideout.catalogue.method import load_method
from insideout.core.decision import DecisionVerdict
from insideout.people.models import Coach, Runner
from insideout.training import services, summaries
from insideout.training.advice import advice_for
from insideout.training.models import ActivityFile, LogChange, PainReport, Run, StrengthSession
from tests.integration.access import access_cases as _cases
from tests.integration.access import actor_user as _user
from tests.integration.access import send_json as _send
from tests.integration.test_red_team_imports import (
    DATA,
    balanced_screen,
    import_paths,
    runner_in,
    strength_weeks,
    typed,
    typed_weeks,
)

TODAY = dt.date(2026, 10, 14)
DAY = dt.timedelta(days=1)
METHOD = load_method()


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services, "today", lambda: TODAY)


def stored() -> tuple[list[Any], ...]:
    """Every entry of every log and every recorded change (a refusal changes none of them)."""
    return (
        list(Run.objects.order_by("id").values_list()),
        list(PainReport.objects.order_by("id").values_list()),
        list(StrengthSession.objects.order_by("id").values_list()),
        list(LogChange.objects.order_by("id").values_list()),
        list(ActivityFile.objects.order_by("id").values_list("id", "runner_id")),
    )


def entries(runner: Runner) -> dict[str, int]:
    """One run, one pain report and one strength session of the runner's, by their ids."""
    run = typed(runner, TODAY - 2 * DAY, 6.0)
    pain = PainReport.objects.create(runner=runner, date=TODAY - DAY, pain=3, site="knee")
    strength = StrengthSession.objects.create(runner=runner, date=TODAY - DAY)
    return {"run": run.pk, "pain": pain.pk, "strength": strength.pk}


# --- who may do what ---------------------------------------------------------------------------

RUN_PATCH = {"pain_after": 1}
PAIN_PATCH = {"pain": 2}
STRENGTH_PATCH = {"completed": False}
API_TABLE: list[tuple[str, str, Any, tuple[int, ...]]] = [
    ("patch", "/api/runners/ana/runs/{run}", RUN_PATCH, (401, 200, 404, 200, 404)),
    ("delete", "/api/runners/ana/runs/{run}", None, (401, 204, 404, 204, 404)),
    ("patch", "/api/runners/ana/pain/{pain}", PAIN_PATCH, (401, 200, 404, 200, 404)),
    ("delete", "/api/runners/ana/pain/{pain}", None, (401, 204, 404, 204, 404)),
    ("patch", "/api/runners/ana/strength/{strength}", STRENGTH_PATCH, (401, 200, 404, 200, 404)),
    ("delete", "/api/runners/ana/strength/{strength}", None, (401, 204, 404, 204, 404)),
    ("get", "/api/runners/ana/log-changes", None, (401, 200, 404, 200, 404)),
    ("patch", "/api/runners/nobody/runs/{run}", RUN_PATCH, (401, 404, 404, 404, 404)),
    ("delete", "/api/runners/nobody/pain/{pain}", None, (401, 404, 404, 404, 404)),
]
RUN_FORM = {"date": "2026-10-12", "distance_km": "6", "duration_min": "36", "pain_during": "1"}
PAIN_FORM = {"date": "2026-10-13", "pain": "2", "site": "knee"}
STRENGTH_FORM = {"date": "2026-10-13"}
PAGE_TABLE: list[tuple[str, str, Any, tuple[int, ...]]] = [
    ("get", "/runners/ana/runs/{run}/edit/", None, (302, 200, 404, 200, 404)),
    ("post", "/runners/ana/runs/{run}/edit/", RUN_FORM, (302, 302, 404, 302, 404)),
    ("get", "/runners/ana/runs/{run}/delete/", None, (302, 200, 404, 200, 404)),
    ("post", "/runners/ana/runs/{run}/delete/", {}, (302, 302, 404, 302, 404)),
    ("get", "/runners/ana/pain/{pain}/edit/", None, (302, 200, 404, 200, 404)),
    ("post", "/runners/ana/pain/{pain}/edit/", PAIN_FORM, (302, 302, 404, 302, 404)),
    ("get", "/runners/ana/pain/{pain}/delete/", None, (302, 200, 404, 200, 404)),
    ("post", "/runners/ana/pain/{pain}/delete/", {}, (302, 302, 404, 302, 404)),
    ("get", "/runners/ana/strength/{strength}/edit/", None, (302, 200, 404, 200, 404)),
    ("post", "/runners/ana/strength/{strength}/edit/", STRENGTH_FORM, (302, 302, 404, 302, 404)),
    ("get", "/runners/ana/strength/{strength}/delete/", None, (302, 200, 404, 200, 404)),
    ("post", "/runners/ana/strength/{strength}/delete/", {}, (302, 302, 404, 302, 404)),
]


@pytest.mark.parametrize(("method", "path", "body", "actor", "status"), _cases(API_TABLE))
def test_api_access(
    login: Any, ana: Runner, ben: Runner, zoe: Runner, method: str, path: str, body: Any,
    actor: str, status: int,
) -> None:  # fmt: skip
    url = path.format(**entries(ana))
    before = stored()
    client = login(_user(actor, ana, ben, zoe))
    response = client.get(url) if method == "get" else _send(client, method, url, body)
    assert response.status_code == status
    if method != "get" and status >= 400:
        assert stored() == before, "a refused write changes nothing"


@pytest.mark.parametrize(("method", "path", "body", "actor", "status"), _cases(PAGE_TABLE))
def test_page_access(
    login: Any, ana: Runner, ben: Runner, zoe: Runner, method: str, path: str, body: Any,
    actor: str, status: int,
) -> None:  # fmt: skip
    url = path.format(**entries(ana))
    before = stored()
    client = login(_user(actor, ana, ben, zoe))
    response = client.get(url) if method == "get" else client.post(url, body)
    assert response.status_code == status
    if actor == "anonymous":
        assert "/login/" in response["Location"]
    if method == "get" or status != 302 or actor == "anonymous":
        assert stored() == before
    else:
        assert stored() != before


@pytest.mark.parametrize("kind", ["run", "pain", "strength"])
@pytest.mark.parametrize("surface", ["api", "page"])
def test_an_entry_of_another_runner_is_not_found_under_yours(
    login: Any, ana: Runner, ben: Runner, kind: str, surface: str
) -> None:
    """The coach of both may correct each, but never one runner's entry under the other's name."""
    bens = entries(ben)[kind]
    before = stored()
    client = login(ana.coach.user)
    if surface == "api":
        response = client.delete(f"/api/runners/ana/{kind}{'s' if kind == 'run' else ''}/{bens}")
    else:
        plural = "runs" if kind == "run" else kind
        response = client.post(f"/runners/ana/{plural}/{bens}/delete/")
    assert response.status_code == 404
    assert stored() == before


def test_deleting_asks_first_and_a_get_deletes_nothing(login: Any, ana: Runner) -> None:
    ids = entries(ana)
    before = stored()
    page = login(ana.user).get(f"/runners/ana/runs/{ids['run']}/delete/")
    html = page.content.decode()
    assert page.status_code == 200
    assert f'action="/runners/ana/runs/{ids["run"]}/delete/"' in html and 'method="post"' in html
    assert "Distance (km): 6" in html
    assert stored() == before


# --- a run corrected: the advice follows --------------------------------------------------------


def _plan_runner(coach: Coach, handle: str, long_km: float) -> Runner:
    """Two weeks of 5, 6 and 8 km (the last long run logged as ``long_km``; a third loading week
    would make the next one a recovery week), screened and doing the foundation sessions."""
    runner = runner_in(coach, "UTC", handle)
    balanced_screen(runner, TODAY - 40 * DAY)
    strength_weeks(runner, TODAY, 6)
    typed_weeks(runner, TODAY - 7 * DAY, 1, (5.0, 6.0, 8.0))
    start = TODAY - 7 * DAY
    typed(runner, start, 5.0)
    typed(runner, start + 2 * DAY, 6.0)
    typed(runner, start + 4 * DAY, long_km)
    return runner


def _spike(runner: Runner) -> list[DecisionVerdict]:
    return [d.verdict for d in advice_for(runner).decisions if d.rule == "plan.spike"]


def _advice(client: Any, handle: str) -> dict[str, Any]:
    out: dict[str, Any] = client.get(f"/api/runners/{handle}/advice").json()
    del out["runner"]
    return out


def test_a_spike_corrected_makes_the_plan_grow_from_the_corrected_run(
    login: Any, coach: Coach
) -> None:
    """plan.spike (EV-LOAD-SPIKE-REF): a run longer than spike_ratio x the longest of the 30 days
    before it holds progression. 18 km typed for 8 km is such a run; corrected, the week is
    advised exactly as for the runner who typed 8 km in the first place, and the plan grows."""
    ana = _plan_runner(coach, "ana", 18.0)
    ben = _plan_runner(coach, "ben", 8.0)
    ratio = METHOD.plan.spike_ratio.value
    assert 18.0 > 8.0 * ratio >= 8.0  # the wrong entry is a spike, the right one is not
    assert DecisionVerdict.HOLD in _spike(ana)
    assert DecisionVerdict.HOLD not in _spike(ben)
    client = login(coach.user)
    held = _advice(client, "ana")
    summaries.refresh([ana], TODAY)
    wrong = ana.runs.get(distance_km=18.0)

    response = _send(
        client, "patch", f"/api/runners/ana/runs/{wrong.pk}", {"distance_km": 8, "duration_min": 48}
    )

    assert response.status_code == 200, response.json()
    assert (response.json()["distance_km"], response.json()["duration_min"]) == (8.0, 48.0)
    corrected = _advice(client, "ana")
    assert corrected == _advice(client, "ben")
    assert DecisionVerdict.HOLD not in _spike(ana)
    # The week grows from the corrected week (5 + 6 + 8 km), within the weekly cap (plan.yaml).
    week = 5.0 + 6.0 + 8.0
    cap = METHOD.plan.weekly_increase_pct.value / 100
    assert held["next_week"]["planned_km"] <= week
    assert week < corrected["next_week"]["planned_km"] <= week * (1 + cap) + 1e-9
    fresh = Runner.objects.select_related("advice_summary").get(pk=ana.pk)
    assert not summaries.is_current(fresh, TODAY), "the correction marks the summary stale"


def test_a_deleted_run_can_be_logged_again(login: Any, ana: Runner) -> None:
    """Before: the same run again is refused as a duplicate. Deleted, it is logged afresh."""
    body = {"date": "2026-10-12", "distance_km": 6, "duration_min": 36, "rpe": 4}
    client = login(ana.user)
    first = _send(client, "post", "/api/runners/ana/runs", body)
    again = _send(client, "post", "/api/runners/ana/runs", body)
    assert (first.status_code, again.status_code) == (201, 422)
    assert "duplicate run" in again.json()["detail"][0]["msg"]

    deleted = client.delete(f"/api/runners/ana/runs/{first.json()['id']}")

    assert deleted.status_code == 204 and deleted.content == b""
    assert _send(client, "post", "/api/runners/ana/runs", body).status_code == 201
    assert Run.objects.filter(runner=ana).count() == 1


def test_a_run_deleted_on_the_page_is_gone_from_the_log_and_the_advice(
    login: Any, coach: Coach
) -> None:
    ana = _plan_runner(coach, "ana", 18.0)
    wrong = ana.runs.get(distance_km=18.0)
    client = login(coach.user)
    response = client.post(f"/runners/ana/runs/{wrong.pk}/delete/")
    assert response.status_code == 302
    assert response["Location"].endswith("/runners/ana/#recent-runs")
    assert not Run.objects.filter(pk=wrong.pk).exists()
    assert DecisionVerdict.HOLD not in _spike(ana)
    change = LogChange.objects.get()
    assert (change.action, change.entry, change.entry_id, change.changed_by) == (
        "delete", "run", wrong.pk, coach.user,
    )  # fmt: skip
    assert "Distance (km): 18" in change.before and change.after == ""


# --- a refused edit changes nothing --------------------------------------------------------------

BAD_EDITS: list[tuple[str, dict[str, Any], str]] = [
    ("a pace nobody can run", {"distance_km": 30}, "(input)"),
    ("a distance beyond the method's bound", {"distance_km": 900}, "distance_km"),
    ("a negative duration", {"duration_min": -1}, "duration_min"),
    ("distance as text", {"distance_km": "five"}, "distance_km"),
    ("pain above 10", {"pain_during": 11}, "pain_during"),
    ("a date in the future", {"date": "2026-10-15"}, "date"),
    ("an unknown red flag", {"red_flags": ["sore_toe"]}, "red_flags[0]"),
    ("a kind too long", {"kind": "x" * 41}, "kind"),
    ("an unknown field", {"pace": 5}, "(input)"),
    ("not an object", [1], "(input)"),
    ("the same as another run", {"date": "2026-10-10", "distance_km": 8, "duration_min": 48},
     "date"),
]  # fmt: skip


@pytest.mark.parametrize(("body", "field"), [pytest.param(b, f, id=i) for i, b, f in BAD_EDITS])
def test_a_bad_run_edit_answers_422_naming_the_field_and_changes_nothing(
    login: Any, ana: Runner, body: Any, field: str
) -> None:
    typed(ana, dt.date(2026, 10, 10), 8.0, duration_min=48.0)
    run = typed(ana, dt.date(2026, 10, 12), 6.0, duration_min=36.0)
    before = stored()
    response = _send(login(ana.coach.user), "patch", f"/api/runners/ana/runs/{run.pk}", body)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert field in [d["field"] for d in detail], detail
    assert stored() == before


def test_an_impossible_run_is_named_in_the_cores_words(login: Any, ana: Runner) -> None:
    run = typed(ana, dt.date(2026, 10, 12), 6.0, duration_min=36.0)
    response = _send(
        login(ana.user), "patch", f"/api/runners/ana/runs/{run.pk}", {"distance_km": 30}
    )
    (issue,) = response.json()["detail"]
    assert "30 km in 36 min" in issue["msg"]


def test_an_impossible_run_on_the_edit_page_is_refused_and_shown(login: Any, ana: Runner) -> None:
    run = typed(ana, dt.date(2026, 10, 12), 6.0, duration_min=36.0)
    before = stored()
    form = RUN_FORM | {"distance_km": "30"}
    response = login(ana.user).post(f"/runners/ana/runs/{run.pk}/edit/", form)
    assert response.status_code == 422
    assert "30 km in 36 min" in response.content.decode()
    assert stored() == before


def test_a_run_edited_with_its_own_figures_is_no_duplicate_of_itself(
    login: Any, ana: Runner
) -> None:
    run = typed(ana, dt.date(2026, 10, 12), 6.0, duration_min=36.0)
    body = {"date": "2026-10-12", "distance_km": 6, "duration_min": 36, "rpe": 6}
    response = _send(login(ana.user), "patch", f"/api/runners/ana/runs/{run.pk}", body)
    assert response.status_code == 200, response.json()
    assert response.json()["rpe"] == 6


def test_the_edit_page_is_the_log_form_filled_in(login: Any, ana: Runner) -> None:
    run = typed(ana, dt.date(2026, 10, 12), 6.5, duration_min=40.0, pain_site="knee")
    html = login(ana.user).get(f"/runners/ana/runs/{run.pk}/edit/").content.decode()
    assert re.search(r'name="distance_km" value="6.5"', html)
    assert re.search(r'name="date" value="2026-10-12"', html)
    assert re.search(r'<option value="knee" selected>', html)
    assert 'name="pain_next_morning"' in html


# --- pain corrected: the cut it caused is lifted, at the method's limit --------------------------

LIMIT = METHOD.pain.during_max.value  # pain during a run strictly above this cuts the week


def _cut(runner: Runner) -> bool:
    return any(
        d.rule == "pain.during" and d.verdict is DecisionVerdict.CUT
        for d in advice_for(runner).decisions
    )


@pytest.mark.parametrize(
    ("corrected", "cut"),
    [(LIMIT - 3, False), (LIMIT, False), (LIMIT + 0.5, True)],
    ids=["well below the limit", "at the limit", "just above the limit"],
)
def test_pain_corrected_below_the_limit_lifts_the_cut_the_wrong_entry_caused(
    login: Any, coach: Coach, corrected: float, cut: bool
) -> None:
    ana = _plan_runner(coach, "ana", 8.0)
    wrong = ana.runs.order_by("-date").first()
    assert wrong is not None
    Run.objects.filter(pk=wrong.pk).update(pain_during=LIMIT + 1)  # 6/10 typed for the truth
    assert _cut(ana)
    response = _send(
        login(ana.user), "patch", f"/api/runners/ana/runs/{wrong.pk}", {"pain_during": corrected}
    )
    assert response.status_code == 200, response.json()
    assert _cut(ana) is cut


def test_a_pain_report_corrected_on_its_page_lifts_the_cut(login: Any, coach: Coach) -> None:
    ana = _plan_runner(coach, "ana", 8.0)
    report = PainReport.objects.create(runner=ana, date=TODAY - DAY, pain=LIMIT + 1, site="knee")
    assert _cut(ana)
    form = {"date": (TODAY - DAY).isoformat(), "pain": f"{LIMIT - 3:g}", "site": "knee"}
    response = login(ana.user).post(f"/runners/ana/pain/{report.pk}/edit/", form)
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.pain == LIMIT - 3
    assert not _cut(ana)


@pytest.mark.parametrize(
    ("form", "field"),
    [
        ({"date": "2026-10-13", "pain": ""}, "pain"),
        ({"date": "2026-10-13", "pain": "11"}, "pain"),
        ({"date": "2026-10-13", "pain": "<script>x</script>"}, "pain"),
        ({"date": "2026-10-15", "pain": "2"}, "date"),
    ],
    ids=["missing", "above 10", "script-bearing", "in the future"],
)
def test_a_bad_pain_edit_on_the_page_names_the_field_and_changes_nothing(
    login: Any, ana: Runner, form: dict[str, str], field: str
) -> None:
    report = PainReport.objects.create(runner=ana, date=TODAY - DAY, pain=4)
    before = stored()
    response = login(ana.user).post(f"/runners/ana/pain/{report.pk}/edit/", form)
    assert response.status_code == 422
    assert field in response.context["form"].errors
    assert "<script>x</script>" not in response.content.decode()
    assert stored() == before


def test_a_strength_session_is_corrected_and_deleted(login: Any, ana: Runner) -> None:
    session = StrengthSession.objects.create(runner=ana, date=TODAY - DAY)
    client = login(ana.user)
    url = f"/api/runners/ana/strength/{session.pk}"
    patched = _send(client, "patch", url, {"date": "2026-10-12", "completed": False})
    assert patched.status_code == 200
    assert (patched.json()["date"], patched.json()["completed"]) == ("2026-10-12", False)
    bad = _send(client, "patch", url, {"completed": "yes"})
    assert bad.status_code == 422 and bad.json()["detail"][0]["field"] == "completed"
    assert client.delete(url).status_code == 204
    assert not StrengthSession.objects.exists()
    assert [c.action for c in LogChange.objects.order_by("id")] == ["edit", "delete"]


# --- a run from a watch file ---------------------------------------------------------------------

WATCH_FILE = DATA / "fit/sportslib__6909950168.fit"


@pytest.fixture
def imported(coach: Coach) -> Run:
    sam = runner_in(coach, "UTC", "sam")
    report = import_paths(sam, WATCH_FILE)
    assert len(report.imported) == 1
    return Run.objects.select_related("runner").get(runner=sam)


@pytest.mark.parametrize(
    "field", ["distance_km", "duration_min", "date", "cadence_spm"], ids=lambda f: f
)
def test_the_devices_figures_of_an_imported_run_are_refused_naming_the_field(
    login: Any, imported: Run, field: str
) -> None:
    change = {
        "distance_km": imported.distance_km + 1,
        "duration_min": imported.duration_min + 5,
        "date": (imported.date - DAY).isoformat(),
        "cadence_spm": 170 if imported.cadence_spm != 170 else 171,
    }
    before = stored()
    response = _send(
        login(imported.runner.coach.user),
        "patch",
        f"/api/runners/sam/runs/{imported.pk}",
        {field: change[field]},
    )
    assert response.status_code == 422
    (issue,) = response.json()["detail"]
    assert issue["field"] == field
    assert "watch file" in issue["msg"]
    assert stored() == before


def test_an_imported_run_takes_its_pain_answers_and_its_own_figures_back_unchanged(
    login: Any, imported: Run
) -> None:
    body = {"distance_km": imported.distance_km, "pain_during": 2, "rpe": 5}
    response = _send(
        login(imported.runner.coach.user), "patch", f"/api/runners/sam/runs/{imported.pk}", body
    )
    assert response.status_code == 200, response.json()
    imported.refresh_from_db()
    assert (imported.pain_during, imported.rpe) == (2.0, 5.0)


def test_the_edit_page_of_an_imported_run_shows_only_what_was_typed_by_hand(
    login: Any, imported: Run
) -> None:
    html = login(imported.runner.coach.user).get(f"/runners/sam/runs/{imported.pk}/edit/")
    text = html.content.decode()
    assert 'name="pain_during"' in text and 'name="rpe"' in text
    assert 'name="distance_km"' not in text and 'name="date"' not in text
    assert 'id="from-watch"' in text


def test_deleting_an_imported_run_deletes_its_file_and_it_is_no_other_activity(
    login: Any, imported: Run
) -> None:
    client = login(imported.runner.user)
    file_id = imported.activity_file_id
    assert client.delete(f"/api/runners/sam/runs/{imported.pk}").status_code == 204
    assert not Run.objects.filter(pk=imported.pk).exists()
    assert not ActivityFile.objects.filter(pk=file_id).exists()
    page = client.get("/runners/sam/").content.decode()
    assert 'id="other-activities"' not in page
    again = import_paths(imported.runner, WATCH_FILE)
    assert len(again.imported) == 1, "the same file may be imported again"


# --- every correction is recorded, and shown ------------------------------------------------------


def test_a_coachs_edit_is_recorded_and_shown_in_the_coachs_decisions_block(
    login: Any, ana: Runner
) -> None:
    run = typed(ana, dt.date(2026, 10, 12), 12.0, duration_min=70.0)
    client = login(ana.coach.user)
    body = {"distance_km": 8, "duration_min": 48}
    assert _send(client, "patch", f"/api/runners/ana/runs/{run.pk}", body).status_code == 200
    change = LogChange.objects.get()
    assert (change.runner, change.changed_by, change.entry, change.entry_id, change.action) == (
        ana, ana.coach.user, "run", run.pk, "edit",
    )  # fmt: skip
    assert change.before == "Distance (km): 12; Minutes: 70"
    assert change.after == "Distance (km): 8; Minutes: 48"
    listed = client.get("/api/runners/ana/log-changes").json()
    assert [(c["action"], c["changed_by"], c["before"]) for c in listed] == [
        ("edit", "Coach Coach", "Distance (km): 12; Minutes: 70")
    ]
    page = login(ana.user).get("/runners/ana/").content.decode()
    block = page[page.index('id="coach-controls"') :]
    assert "Coach Coach" in block and "Distance (km): 12; Minutes: 70" in block


def test_a_runners_own_edit_is_recorded_too_but_a_morning_answer_is_not_a_correction(
    login: Any, ana: Runner
) -> None:
    run = typed(ana, dt.date(2026, 10, 12), 6.0, pain_next_morning=None, rpe=None)
    client = login(ana.user)
    url = f"/api/runners/ana/runs/{run.pk}"
    assert _send(client, "patch", url, {"pain_next_morning": 1}).status_code == 200
    assert not LogChange.objects.exists(), "filling in what was not said is an answer"
    assert _send(client, "patch", url, {"pain_next_morning": 3}).status_code == 200
    change = LogChange.objects.get()
    assert change.changed_by == ana.user
    assert (change.before, change.after) == (
        "Pain the next morning (0-10): 1",
        "Pain the next morning (0-10): 3",
    )


def test_script_bearing_text_in_a_corrected_entry_is_escaped_on_the_page(
    login: Any, ana: Runner
) -> None:
    run = typed(ana, dt.date(2026, 10, 12), 6.0)
    client = login(ana.coach.user)
    script = "<script>alert(1)</script>"
    assert (
        _send(client, "patch", f"/api/runners/ana/runs/{run.pk}", {"kind": script}).status_code
        == 200
    )
    page = client.get("/runners/ana/").content.decode()
    assert script not in page
    assert escape(script) in page


def test_the_runner_page_links_each_entry_to_its_correction(login: Any, ana: Runner) -> None:
    ids = entries(ana)
    page = login(ana.user).get("/runners/ana/").content.decode()
    for path in (
        f"/runners/ana/runs/{ids['run']}/edit/",
        f"/runners/ana/runs/{ids['run']}/delete/",
        f"/runners/ana/pain/{ids['pain']}/edit/",
        f"/runners/ana/pain/{ids['pain']}/delete/",
        f"/runners/ana/strength/{ids['strength']}/edit/",
        f"/runners/ana/strength/{ids['strength']}/delete/",
    ):
        assert f'href="{path}"' in page, path


def test_the_api_documents_every_answer_of_the_corrections(client: Any) -> None:
    doc = client.get("/api/openapi.json").json()["paths"]
    for path in ("runs/{run_id}", "pain/{pain_id}", "strength/{strength_id}"):
        ops = doc[f"/api/runners/{{handle}}/{path}"]
        # a write with a body: not JSON 400, too big 413, 403 also for the CSRF check
        patch = ops["patch"]["responses"]
        assert set(patch) == {"200", "400", "401", "403", "404", "413", "422"}, path
        # a delete has no body; its id is a number: 422 names it when it is not one
        delete = ops["delete"]["responses"]
        assert set(delete) == {"204", "401", "403", "404", "422"}, path
        [invalid] = delete["422"]["content"]["application/json"]["examples"].values()
        assert invalid["value"]["detail"][0]["field"] == path.split("{")[1].rstrip("}"), path
        for answers in (patch, delete):
            assert "csrf" in answers["403"]["content"]["application/json"]["examples"], path
