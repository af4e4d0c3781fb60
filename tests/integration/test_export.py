"""All of a runner's data as a zip, the squad as CSV, and ``insideout export`` (issue 16, part 4).

The zip's ``history.json`` given to ``insideout advise`` (the click command itself) gives the
API's advice for the same day, decision for decision; the watch file comes back byte for byte;
names in the zip are safe; an invitation's token never leaves the database.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from insideout.cli.exporting import run_export
from insideout.cli.main import cli
from insideout.help.models import Message
from insideout.people.accounts import make_invite
from insideout.people.models import Coach, Runner
from insideout.site.export import activity_names, safe_name
from insideout.site.squad import BOM, COLUMNS, cell
from insideout.training import services, summaries
from insideout.training.models import (
    ActivityFile,
    CapChange,
    Clearance,
    GateOverride,
    PainReport,
)
from tests.integration.access import ACTORS, access_cases
from tests.integration.access import actor_user as _user
from tests.integration.conftest import KTW_RESTRICTED_LEFT, make_coach, make_runner, make_screen
from tests.integration.test_red_team_imports import DATA, import_paths
from tests.integration.training_builders import TODAY, run, weeks_of_running

WATCH_FILE = DATA / "fit/sportslib__6909950168.fit"


@pytest.fixture(autouse=True)
def today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services, "today", lambda: TODAY)


@pytest.fixture
def full(ana: Runner) -> Runner:
    """Ana with a bit of everything: a screen, weeks of runs, pain, the coach's decisions, a
    watch file, a message, a cap change and an invitation."""
    make_screen(ana, "2026-09-14", KTW_RESTRICTED_LEFT)
    weeks_of_running(ana, 4)
    run(ana, TODAY - dt.timedelta(days=1), 6.0, pain_during=3.0, pain_site="knee")
    PainReport.objects.create(runner=ana, date=TODAY, pain=2.0, site="heel", side="left")
    GateOverride.objects.create(runner=ana, date=TODAY, verdict="lock", reason="form first")
    Clearance.objects.create(runner=ana, date=TODAY, by="doctor", reason="all clear")
    ana.weekly_increase_pct = 8.0
    ana.availability = {"mon": 45, "wed": 60, "sat": None}
    ana.save()
    CapChange.objects.create(runner=ana, new_pct=8.0, reason="back after a calf strain")
    Message.objects.create(runner=ana, kind="runner", body="My knee aches <b>a bit</b>")
    assert len(import_paths(ana, WATCH_FILE).imported) == 1
    # the stored summary, as a write stores it once it commits (these tests do not commit)
    summaries.refresh(Runner.objects.filter(pk=ana.pk), TODAY)
    return ana


def unzip(response: Any) -> zipfile.ZipFile:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith("attachment;")
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_the_history_in_the_zip_gives_the_apis_advice_through_insideout_advise(
    login: Any, full: Runner, tmp_path: Path
) -> None:
    client = login(full.user)
    zf = unzip(client.get("/runners/ana/export.zip"))
    path = tmp_path / "history.json"
    path.write_bytes(zf.read("history.json"))
    for day in (TODAY, TODAY + dt.timedelta(days=3)):
        result = CliRunner().invoke(cli, ["advise", str(path), "--on", day.isoformat(), "--json"])
        assert result.exit_code == 0, result.output
        from_file = json.loads(result.output)
        from_api = client.get(f"/api/runners/ana/advice?on={day.isoformat()}").json()
        assert from_file["decisions"], "an advice without decisions compares nothing"
        assert from_file["decisions"] == from_api["decisions"]
        assert from_file == from_api


def test_the_zip_holds_the_watch_file_byte_for_byte_the_records_and_a_readme(
    login: Any, full: Runner
) -> None:
    zf = unzip(login(full.coach.user).get("/runners/ana/export.zip"))
    names = zf.namelist()
    assert {"README.txt", "history.json", "records.json"} <= set(names)
    (watch,) = [n for n in names if n.startswith("activities/")]
    assert watch == "activities/sportslib__6909950168.fit"
    assert zf.read(watch) == WATCH_FILE.read_bytes()
    records = json.loads(zf.read("records.json"))
    assert records["runner"]["handle"] == "ana"
    assert [m["body"] for m in records["messages"]] == ["My knee aches <b>a bit</b>"]
    assert [c["reason"] for c in records["cap_changes"]] == ["back after a calf strain"]
    (activity,) = records["activities"]
    assert activity["file"] == watch and activity["sha256"] == ActivityFile.objects.get().sha256
    history = json.loads(zf.read("history.json"))
    assert history["settings"] == {"weekly_increase_pct": 8.0}
    assert history["availability"] == {"mon": 45, "wed": 60, "sat": None}
    readme = zf.read("README.txt").decode()
    for words in ("distance_km", "expected a distance of 0 to 500 km", "IO-RUN-BOUNDS",
                  "pain_next_morning", "records.json", "activities/", "method "):  # fmt: skip
        assert words in readme


def test_an_invitation_is_exported_without_its_token_or_its_hash(login: Any, coach: Coach) -> None:
    nia = make_runner(coach, "nia", login=False)
    invite, token = make_invite(coach, nia, "nia@example.org")
    body = b"".join(login(coach.user).get("/runners/nia/export.zip").streaming_content)
    zf = zipfile.ZipFile(io.BytesIO(body))
    everything = b"".join(zf.read(n) for n in zf.namelist())
    assert token.encode() not in everything and invite.token_hash.encode() not in everything
    (sent,) = json.loads(zf.read("records.json"))["invites"]
    assert sent["email"] == "nia@example.org" and sent["state"] == "pending"


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("run.fit", "run.fit"),
        ("export.zip!activities/12345.fit", "12345.fit"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\ana\\Morning Run.FIT", "Morning Run.FIT"),
        (".hidden.gpx", "hidden.gpx"),
        ("Zoë's run\x00\r\n.tcx", "Zoe_s run_.tcx"),
        ("", "activity"),
        ("....", "activity"),
        ("a" * 300 + ".fit", "a" * 96 + ".fit"),
    ],
)
def test_a_name_in_the_zip_is_plain_and_short_whatever_the_original(name: str, safe: str) -> None:
    assert safe_name(name) == safe


def test_names_in_the_zip_are_unique_whatever_their_case() -> None:
    names = activity_names([(1, "run.fit"), (2, "RUN.fit"), (3, "a/run.fit"), (4, "run-2.fit")])
    assert names == {1: "run.fit", 2: "RUN-2.fit", 3: "run-3.fit", 4: "run-2-2.fit"}


EXPORTS = [
    ("get", "/runners/ana/export.zip", (302, 200, 404, 200, 404)),
    ("get", "/api/runners/ana/export", (401, 200, 404, 200, 404)),
    ("get", "/api/v1/runners/ana/export", (401, 200, 404, 200, 404)),
]


@pytest.mark.parametrize(
    ("method", "path", "body", "actor", "status"),
    access_cases([(m, p, None, s) for m, p, s in EXPORTS]),
)
def test_only_the_runner_and_their_coach_export_the_runners_data(
    login: Any, ana: Runner, ben: Runner, zoe: Runner, method: str, path: str, body: Any,
    actor: str, status: int,
) -> None:  # fmt: skip
    assert ACTORS
    response = login(_user(actor, ana, ben, zoe)).get(path)
    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith("/login/")
    if status == 404 and path.startswith("/api/"):
        assert response.json()["detail"][0]["msg"] == "Not Found"


# --- the squad as CSV --------------------------------------------------------------------------


def read_csv(response: Any) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith(BOM)
    return list(csv.reader(io.StringIO(text[len(BOM) :])))


def test_the_squad_csv_has_the_dashboards_columns_and_no_formula(
    login: Any, coach: Coach, full: Runner, ben: Runner
) -> None:
    evil = make_runner(coach, "evil", name='=HYPERLINK("http://x","ok")')
    make_runner(coach, "minus", name="-2+3")
    rows = read_csv(login(coach.user).get("/export/runners.csv"))
    assert rows[0] == list(COLUMNS)
    by_handle = {r[1]: dict(zip(COLUMNS, r, strict=True)) for r in rows[1:]}
    assert set(by_handle) == {"ana", "ben", "evil", "minus"}
    assert by_handle["evil"]["Name"] == "'" + evil.name
    assert by_handle["minus"]["Name"] == "'-2+3"
    ana = by_handle["ana"]
    assert ana["Latest screen"] == "2026-09-14"
    assert ana["Pain, last 7 days (0-10)"] == "3"
    assert ana["Last logged"] == TODAY.isoformat()
    assert ana["Phase"] and "." not in ana["Held by"].split(":")[0]  # words, not a rule id
    assert (
        by_handle["ben"]["Latest screen"] == "" and by_handle["ben"]["Profile"] == "no screen yet"
    )


def test_the_squad_csv_is_filtered_like_the_dashboard(
    login: Any, coach: Coach, full: Runner
) -> None:
    rows = read_csv(login(coach.user).get("/export/runners.csv?show=pain"))
    assert [r[1] for r in rows[1:]] == ["ana"]


@pytest.mark.parametrize(
    ("actor", "status"), [("anonymous", 302), ("runner_themself", 403), ("other_coach", 200)]
)
def test_the_squad_csv_is_a_coachs_and_holds_only_their_runners(
    login: Any, ana: Runner, ben: Runner, zoe: Runner, actor: str, status: int
) -> None:
    response = login(_user(actor, ana, ben, zoe)).get("/export/runners.csv")
    assert response.status_code == status
    if status == 200:
        assert [r[1] for r in read_csv(response)[1:]] == ["zoe"]


@pytest.mark.parametrize(
    ("value", "written"),
    [("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"),
     ("\tx", "'\tx"), ("a=b", "a=b"), (None, ""), (True, "yes"), (False, "no"), (7.0, "7"),
     (2.5, "2.5")],
)  # fmt: skip
def test_a_cell_a_spreadsheet_would_run_is_written_as_text(value: object, written: str) -> None:
    assert cell(value) == written


# --- insideout export --------------------------------------------------------------------------


def test_insideout_export_writes_the_same_zip_as_the_page(
    login: Any, full: Runner, tmp_path: Path
) -> None:
    out = tmp_path / "ana.zip"
    assert run_export("ana", out) == 0
    zf = zipfile.ZipFile(out)
    page = unzip(login(full.user).get("/runners/ana/export.zip"))
    assert zf.namelist() == page.namelist()
    for name in zf.namelist():
        if name != "README.txt":  # it says when it was made
            assert zf.read(name) == page.read(name)
    assert [p.name for p in tmp_path.iterdir()] == ["ana.zip"]


def test_insideout_export_of_an_unknown_runner_exits_2_and_writes_nothing(
    db: None, tmp_path: Path
) -> None:
    result = CliRunner().invoke(
        cli, ["export", "--runner", "nobody", "--out", str(tmp_path / "x.zip")]
    )
    assert result.exit_code == 2
    assert "no runner with handle 'nobody'" in result.output
    assert list(tmp_path.iterdir()) == []


def test_insideout_export_of_a_handle_two_coaches_use_needs_the_coach(
    ana: Runner, tmp_path: Path
) -> None:
    other = make_coach("second")
    make_runner(other, "ana", name="Another Ana")
    out = tmp_path / "ana.zip"
    result = CliRunner().invoke(cli, ["export", "--runner", "ana", "--out", str(out)])
    assert result.exit_code == 2 and "name the coach" in result.output
    assert not out.exists()
    result = CliRunner().invoke(
        cli, ["export", "--runner", "ana", "--out", str(out), "--coach", "second"]
    )
    assert result.exit_code == 0, result.output
    records = json.loads(zipfile.ZipFile(out).read("records.json"))
    assert records["runner"]["name"] == "Another Ana"
