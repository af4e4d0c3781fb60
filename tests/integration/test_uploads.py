"""Uploading watch files (issue 14, part 5): on the runner's page and through the API, imported in
the background, the job followed on its page and in the API; refused uploads store nothing; and
after an import the runner's page asks about the pain of the runs that came in without answers.

Tasks run at once here (``tasks_at_once`` in conftest: django_tasks' ImmediateBackend), except in
the last test, which enqueues in the database and runs the real worker once in-process.
"""

from __future__ import annotations

import datetime as dt
import io
import signal
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from insideout.people.models import Runner
from insideout.training import services, uploads
from insideout.training.models import ActivityFile, ImportJob, Run
from tests.integration.access import ACTORS
from tests.integration.access import actor_user as _user

DATA = Path(__file__).resolve().parents[1] / "data"
RUN_FIT = DATA / "fit" / "togeojson__run.fit"  # a run of 8.605 km on 2022-02-26 (UTC)
STRAVA = DATA / "archive" / "strava-export-sample.zip"  # 8 activities, 6 of them runs
TODAY = dt.date(2022, 2, 27)  # the day after RUN_FIT's run

# What `insideout import --json` prints for the Strava sample (checked by hand against the CLI):
# its eight files stored (two are not runs: a pool swim and a ride), none skipped.
STRAVA_REPORT = {"imported": 8, "duplicates": 0, "skipped": [], "records": 20866}


@pytest.fixture(autouse=True)
def today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services, "today", lambda: TODAY)


def a_file(path: Path = RUN_FIT, *, name: str | None = None, data: bytes | None = None) -> Any:
    return SimpleUploadedFile(name or path.name, path.read_bytes() if data is None else data)


def upload_page(client: Any, handle: str = "ana", **file: Any) -> Any:
    return client.post(f"/runners/{handle}/imports/new/", {"file": a_file(**file)})


def upload_api(client: Any, handle: str = "ana", **file: Any) -> Any:
    return client.post(f"/api/runners/{handle}/imports", {"file": a_file(**file)})


def stored_uploads(settings: Any) -> list[Path]:
    folder = Path(settings.INSIDEOUT_UPLOAD_DIR)
    return sorted(folder.iterdir()) if folder.exists() else []


# --- an upload is imported ----------------------------------------------------------------------


def test_a_watch_file_uploaded_on_the_page_is_imported_and_its_page_shows_the_table(
    login: Any, ana: Runner, settings: Any
) -> None:
    client = login(ana.user)
    response = upload_page(client)
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/runners/ana/imports/{job.pk}/"
    assert (job.status, job.name, job.size) == ("done", RUN_FIT.name, RUN_FIT.stat().st_size)
    assert (job.files, job.imported, job.duplicates, job.skipped) == (1, 1, 0, 0)
    assert job.report is not None and job.report["imported"] == 1
    assert (job.created_by, job.stored, stored_uploads(settings)) == (ana.user, "", [])
    run = Run.objects.get()
    assert (run.date, run.distance_km, run.created_by) == (dt.date(2022, 2, 26), 8.605, ana.user)
    assert run.activity_file is not None and run.activity_file.name == RUN_FIT.name
    page = client.get(response["Location"]).content.decode()
    assert "Done." in page and "Refresh" not in page
    assert '<th scope="row">Imported</th><td>1</td>' in page
    runner_page = client.get("/runners/ana/").content.decode()
    assert "2022-02-26" in runner_page.split('id="recent-runs"', 1)[1]


def test_the_strava_export_uploaded_through_the_api_answers_202_and_imports_its_eight_files(
    login: Any, ana: Runner, settings: Any
) -> None:
    client = login(ana.coach.user)
    response = upload_api(client, path=STRAVA)
    job = ImportJob.objects.get()
    assert response.status_code == 202
    body = response.json()
    assert (body["id"], body["url"], response["Location"]) == (
        job.pk,
        f"/api/runners/ana/imports/{job.pk}",
        f"/api/runners/ana/imports/{job.pk}",
    )
    assert body["page"] == f"/runners/ana/imports/{job.pk}/"
    polled = client.get(body["url"]).json()
    assert (polled["status"], polled["report"], polled["error"]) == ("done", STRAVA_REPORT, None)
    assert polled["progress"] == {"files": 8, "imported": 8, "duplicates": 0, "skipped": 0}
    assert (polled["name"], polled["created_by"]) == (STRAVA.name, ana.coach.name)
    assert (ActivityFile.objects.count(), Run.objects.count()) == (8, 6)
    names = set(ActivityFile.objects.values_list("name", flat=True))
    assert f"{STRAVA.name}!activities/6782987395.fit.gz" in names  # named after the upload
    listed = client.get("/api/runners/ana/runs").json()
    assert len(listed) == 6 and listed[0]["date"] == "2020-03-14"
    assert stored_uploads(settings) == []


def test_the_same_export_uploaded_twice_is_all_duplicates_the_second_time(
    login: Any, ana: Runner
) -> None:
    client = login(ana.user)
    upload_api(client, path=STRAVA)
    again = client.get(upload_api(client, path=STRAVA).json()["url"]).json()
    assert (again["report"]["imported"], again["report"]["duplicates"]) == (0, 8)
    assert (ActivityFile.objects.count(), Run.objects.count()) == (8, 6)


def test_the_imports_list_is_paged_newest_first(login: Any, ana: Runner) -> None:
    client = login(ana.user)
    for _ in range(3):
        upload_api(client)
    first = client.get("/api/runners/ana/imports?limit=2")
    second = client.get("/api/runners/ana/imports?limit=2&page=2").json()
    ids = list(ImportJob.objects.order_by("-id").values_list("id", flat=True))
    assert [j["id"] for j in first.json()] + [j["id"] for j in second] == ids
    assert first["X-Total-Count"] == "3"
    assert first["Link"] == '</api/runners/ana/imports?page=2&limit=2>; rel="next"'


def test_an_upload_through_api_v1_points_to_its_job_in_api_v1_and_is_listed_a_page_at_a_time(
    login: Any, ana: Runner
) -> None:
    client = login(ana.user)
    response = client.post("/api/v1/runners/ana/imports", {"file": a_file()})
    job = ImportJob.objects.get()
    assert response.status_code == 202
    url = f"/api/v1/runners/ana/imports/{job.pk}"
    assert (response.json()["url"], response["Location"]) == (url, url)
    assert client.get(url).json()["status"] == "done"
    listed = client.get("/api/v1/runners/ana/imports").json()
    assert (listed["count"], [j["url"] for j in listed["items"]]) == (1, [url])
    assert client.get("/api/runners/ana/imports").json()[0]["url"] == url.replace("/v1", "")


def test_the_jobs_counts_are_saved_every_few_files_while_it_runs(
    login: Any, ana: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(uploads, "PROGRESS_EVERY", 3)
    seen: list[tuple[str, int, int]] = []
    save = uploads._Progress.save

    def save_and_look(progress: Any) -> None:
        save(progress)
        job = ImportJob.objects.get()
        seen.append((job.status, job.files, job.imported))

    monkeypatch.setattr(uploads._Progress, "save", save_and_look)
    upload_api(login(ana.user), path=STRAVA)
    assert seen == [("running", 3, 3), ("running", 6, 6)]
    assert ImportJob.objects.values_list("status", "files").get() == ("done", 8)


def test_an_import_that_stops_marks_its_job_failed_with_why_and_deletes_the_upload(
    login: Any, ana: Runner, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def gone(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(uploads, "import_sources", gone)
    client = login(ana.user)
    response = upload_page(client)
    job = ImportJob.objects.get()
    assert (job.status, job.error, job.report) == (
        "failed",
        "the import stopped (RuntimeError: the database went away)",
        None,
    )
    assert job.finished_at is not None and stored_uploads(settings) == []
    page = client.get(response["Location"]).content.decode()
    assert "Failed: the import stopped (RuntimeError: the database went away)" in page
    assert client.get(f"/api/runners/ana/imports/{job.pk}").json()["status"] == "failed"


# --- refused uploads store nothing ---------------------------------------------------------------

REFUSED = [
    # (what, file name, bytes or None for RUN_FIT's, page status, API status)
    ("too big", "run.fit", None, 413, 413),
    ("not a watch file", "notes.txt", b"hello", 422, 422),
    ("a gzip of something unknown", "run.gz", b"\x1f\x8b rest", 422, 422),
    ("empty", "run.fit", b"", 422, 422),
]


@pytest.mark.parametrize(
    ("name", "data", "page_status", "api_status"),
    [pytest.param(*row[1:], id=row[0]) for row in REFUSED],
)
def test_a_refused_upload_answers_why_and_stores_nothing(
    login: Any,
    ana: Runner,
    settings: Any,
    name: str,
    data: bytes | None,
    page_status: int,
    api_status: int,
) -> None:
    settings.INSIDEOUT_UPLOAD_MAX_BYTES = RUN_FIT.stat().st_size - 1
    client = login(ana.user)
    page = upload_page(client, name=name, data=data)
    api = upload_api(client, name=name, data=data)
    assert (page.status_code, api.status_code) == (page_status, api_status)
    assert [d["loc"] for d in api.json()["detail"]] == [["file"]]
    assert 'class="errors"' in page.content.decode()
    assert ImportJob.objects.count() == ActivityFile.objects.count() == 0
    assert stored_uploads(settings) == []


def test_an_upload_over_the_limit_names_the_limit(login: Any, ana: Runner, settings: Any) -> None:
    settings.INSIDEOUT_UPLOAD_MAX_BYTES = 1000
    detail = upload_api(login(ana.user)).json()["detail"][0]
    assert detail["msg"] == (
        f"expected at most 1000 bytes, got {RUN_FIT.stat().st_size} ({RUN_FIT.name})"
    )


# --- who may upload and see the jobs -------------------------------------------------------------

FILE = "(a watch file)"  # a body this module's access test replaces with a fresh upload

UPLOAD_TABLE: list[tuple[str, str, Any, tuple[int, ...]]] = [
    ("get", "/runners/ana/imports/new/", None, (302, 200, 404, 200, 404)),
    ("post", "/runners/ana/imports/new/", FILE, (302, 302, 404, 302, 404)),
    ("get", "/runners/ana/imports/{job}/", None, (302, 200, 404, 200, 404)),
    ("get", "/runners/ana/runs/{run}/pain/", None, (302, 200, 404, 200, 404)),
    ("post", "/runners/ana/runs/{run}/pain/", {"pain_during": "1"}, (302, 302, 404, 302, 404)),
    ("get", "/api/runners/ana/imports", None, (401, 200, 404, 200, 404)),
    ("post", "/api/runners/ana/imports", FILE, (401, 202, 404, 202, 404)),
    ("get", "/api/runners/ana/imports/{job}", None, (401, 200, 404, 200, 404)),
    ("get", "/api/runners/nobody/imports", None, (401, 404, 404, 404, 404)),
]


@pytest.mark.parametrize(
    ("method", "path", "body", "actor", "status"),
    [
        pytest.param(method, path, body, actor, status, id=f"{method} {path} as {actor}")
        for method, path, body, statuses in UPLOAD_TABLE
        for actor, status in zip(ACTORS, statuses, strict=True)
    ],
)
def test_each_actor_gets_the_expected_status_on_the_upload_pages_and_endpoints(
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
    job = ImportJob.objects.create(runner=ana, name="run.fit", size=1, status="done")
    run = Run.objects.create(runner=ana, date=TODAY, distance_km=5, duration_min=30)
    client = login(_user(actor, ana, ben, zoe))
    url = path.format(job=job.pk, run=run.pk)
    before = (ImportJob.objects.count(), Run.objects.filter(pain_during__isnull=False).count())
    if method == "get":
        response = client.get(url)
    else:
        response = client.post(url, {"file": a_file()} if body == FILE else body)
    assert response.status_code == status
    if status in (302, 401, 404) and (actor == "anonymous" or status == 404):
        after = (ImportJob.objects.count(), Run.objects.filter(pain_during__isnull=False).count())
        assert after == before


def test_another_coachs_job_answers_exactly_like_a_job_that_does_not_exist(
    login: Any, ana: Runner, zoe: Runner
) -> None:
    job = ImportJob.objects.create(runner=ana, name="run.fit", size=1)
    client = login(zoe.coach.user)
    for path in ("/api/runners/zoe/imports/{id}", "/api/runners/ana/imports/{id}"):
        theirs = client.get(path.format(id=job.pk))
        missing = client.get(path.format(id=job.pk + 1000))
        assert (theirs.status_code, theirs.json()) == (missing.status_code, missing.json())
        assert theirs.status_code == 404
    page = client.get(f"/runners/zoe/imports/{job.pk}/")
    assert page.status_code == 404


# --- the pain of the runs that came in --------------------------------------------------------


def test_after_an_import_the_runners_page_asks_the_pain_of_the_new_run(
    login: Any, ana: Runner
) -> None:
    client = login(ana.user)
    upload_page(client)
    page = client.get("/runners/ana/").content.decode()
    assert "Runs from your watch without pain answers" in page
    section = page.split('id="imported-runs"', 1)[1].split("</section>", 1)[0]
    run = Run.objects.get()
    assert "Sat 2022-02-26" in section
    assert f'action="/runners/ana/runs/{run.pk}/pain/"' in section
    assert f'<label for="run{run.pk}_pain_during">Pain during (0-10)</label>' in section
    # its next-morning question is in the list, not asked a second time above it
    assert "How is the pain this morning?" not in page


def test_answering_an_imported_runs_pain_stores_it_and_takes_it_off_the_list(
    login: Any, ana: Runner
) -> None:
    client = login(ana.user)
    upload_page(client)
    run = Run.objects.get()
    response = client.post(
        f"/runners/ana/runs/{run.pk}/pain/",
        {"pain_during": "2", "pain_after": "0", "pain_site": "knee", "pain_side": "left"},
    )
    assert (response.status_code, response["Location"]) == (302, "/runners/ana/#imported-runs")
    run.refresh_from_db()
    assert (run.pain_during, run.pain_after, run.pain_next_morning) == (2, 0, None)
    assert (run.pain_site, run.pain_side, run.red_flags, run.rpe) == ("knee", "left", [], None)
    page = client.get("/runners/ana/").content.decode()
    assert 'id="imported-runs"' not in page
    assert "Saved: the pain of the run on Sat 2022-02-26." in page


def test_an_empty_answer_is_refused_and_nothing_is_assumed(login: Any, ana: Runner) -> None:
    client = login(ana.user)
    upload_page(client)
    run = Run.objects.get()
    response = client.post(f"/runners/ana/runs/{run.pk}/pain/", {"pain_site": "knee"})
    assert response.status_code == 422
    assert "Pain during (0-10): required" in response.content.decode()
    run.refresh_from_db()
    assert (run.pain_during, run.pain_after, run.pain_next_morning, run.pain_site) == (
        None,
        None,
        None,
        None,
    )


def test_runs_typed_by_hand_or_imported_long_ago_are_not_asked_about(
    login: Any, ana: Runner
) -> None:
    client = login(ana.user)
    Run.objects.create(runner=ana, date=TODAY, distance_km=5, duration_min=30)  # typed, no answers
    upload_api(client, path=STRAVA)  # runs from 2017 to 2020
    assert Run.objects.filter(activity_file__isnull=False, pain_during__isnull=True).count() == 6
    assert 'id="imported-runs"' not in client.get("/runners/ana/").content.decode()


# --- the runs list is paged ---------------------------------------------------------------------


@pytest.fixture
def sixty_runs(ana: Runner) -> list[Run]:
    first = TODAY - dt.timedelta(days=59)
    return Run.objects.bulk_create(
        Run(runner=ana, date=first + dt.timedelta(days=i), distance_km=5, duration_min=30)
        for i in range(60)
    )


def test_the_runs_list_is_paged_fifty_at_a_time_by_default(
    login: Any, ana: Runner, sixty_runs: list[Run]
) -> None:
    client = login(ana.user)
    first = client.get("/api/runners/ana/runs")
    second = client.get("/api/runners/ana/runs?page=2")
    assert (len(first.json()), len(second.json())) == (50, 10)
    assert first.json()[0]["date"] == TODAY.isoformat()
    assert (first["X-Total-Count"], second["X-Total-Count"]) == ("60", "60")
    assert first["Link"] == '</api/runners/ana/runs?page=2&limit=50>; rel="next"'
    assert second["Link"] == '</api/runners/ana/runs?page=1&limit=50>; rel="prev"'
    assert client.get("/api/runners/ana/runs?page=3").json() == []
    assert len(client.get("/api/runners/ana/runs?limit=500").json()) == 60


@pytest.mark.parametrize(("query", "field"), [("limit=501", "limit"), ("page=0", "page")])
def test_a_page_outside_the_bounds_answers_422_naming_it(
    login: Any, ana: Runner, query: str, field: str
) -> None:
    response = login(ana.user).get(f"/api/runners/ana/runs?{query}")
    assert response.status_code == 422
    assert [d["field"] for d in response.json()["detail"]] == [field]


def test_the_runner_page_shows_the_runs_a_page_at_a_time(
    login: Any, ana: Runner, sixty_runs: list[Run]
) -> None:
    client = login(ana.coach.user)
    first = client.get("/runners/ana/").content.decode().split('id="recent-runs"', 1)[1]
    later = client.get("/runners/ana/?runs=6").content.decode().split('id="recent-runs"', 1)[1]
    assert "page 1 of 6 (60 runs)" in first and 'href="?runs=2#recent-runs">older runs' in first
    assert TODAY.isoformat() in first and "2021-12-30" not in first
    assert "page 6 of 6 (60 runs)" in later and "2021-12-30" in later


# --- the real queue: enqueued in the database, run by the worker ------------------------------


@pytest.mark.django_db(transaction=True)
def test_with_the_database_backend_an_upload_waits_until_the_worker_runs_it(
    login: Any, ana: Runner, settings: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client = login(ana.user)
    body = upload_api(client).json()
    assert (body["status"], Run.objects.count(), len(stored_uploads(settings))) == ("queued", 0, 1)
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:  # the worker's own command, once over what is queued, in this process
        call_command(
            "db_worker", batch=True, reload=False, startup_delay=False, stdout=io.StringIO()
        )
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)
    done = client.get(body["url"]).json()
    assert (done["status"], done["report"]["imported"], Run.objects.count()) == ("done", 1, 1)
    assert stored_uploads(settings) == []
