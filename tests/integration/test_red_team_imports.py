"""Red team, issue 14 part 3 ("Into the method"): real watch files through the real readers and
archive walker into a runner's history, then the runner's advice.

Every expected figure comes from ``tests/data/expected.json`` (the corpus' reference figures), the
evidence (evidence.md (its ids in ``insideout/catalogue/evidence.yaml``)) or the issue's own lines, never from the importer's code.
"""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from insideout.cli.main import cli
from insideout.core.advise import advice_dict
from insideout.core.decision import DecisionVerdict
from insideout.core.pain import PainLevel
from insideout.core.plan import weekly_km
from insideout.importers.archives import iter_sources
from insideout.importers.readers import read_activity
from insideout.people.models import Coach, Runner
from insideout.training import services, summaries
from insideout.training.advice import advice_for, history_of
from insideout.training.importing import ImportReport, import_sources
from insideout.training.models import ActivityFile, Run, StrengthSession
from tests.advice_builders import BALANCED
from tests.integration.conftest import make_runner, make_screen

DATA = Path(__file__).resolve().parents[1] / "data"
ARCHIVE = DATA / "archive"
BAD = DATA / "bad"
TODAY = dt.date(2026, 10, 14)
DAY = dt.timedelta(days=1)


@pytest.fixture(autouse=True)
def today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services, "today", lambda: TODAY)


@cache
def _expected() -> dict[str, dict[str, Any]]:
    doc = json.loads((DATA / "expected.json").read_text())
    return {f["path"]: f for f in doc["files"]}


def expected(path: str) -> dict[str, Any]:
    """The corpus' reference figures of one file (``fit/x.fit``)."""
    return _expected()[path]


def runner_in(coach: Coach, zone: str, handle: str = "sam") -> Runner:
    return make_runner(coach, handle, time_zone=zone)


def import_paths(runner: Runner, *paths: Path) -> ImportReport:
    """The real archive walker and the real reader, as ``insideout import`` uses them."""
    return import_sources(runner, iter_sources(list(paths)), read=read_activity)


def typed(runner: Runner, day: dt.date, km: float, **fields: Any) -> Run:
    """A run typed by hand, with its answers (no pain, unless said)."""
    values = {
        "duration_min": round(km * 6, 2),
        "rpe": 4.0,
        "pain_during": 0.0,
        "pain_after": 0.0,
        "pain_next_morning": 0.0,
        "kind": "easy",
    } | fields
    return Run.objects.create(runner=runner, date=day, distance_km=km, **values)


def balanced_screen(runner: Runner, day: dt.date) -> None:
    measures = [
        {"test": t, "side": side, "value": v}
        for t, v in BALANCED.items()
        for side in ("left", "right")
    ]
    make_screen(runner, day.isoformat(), [*measures, {"test": "beighton", "value": 2}])


def strength_weeks(runner: Runner, on: dt.date, weeks: int = 8) -> None:
    for w in range(weeks, 0, -1):
        start = on - 7 * w * DAY
        for offset in (1, 4):
            StrengthSession.objects.create(runner=runner, date=start + offset * DAY)


def typed_weeks(runner: Runner, on: dt.date, weeks: int, kms: tuple[float, ...]) -> None:
    """``weeks`` weeks of typed runs before ``on``: one run per entry of ``kms`` on days 0, 2, 4
    of each 7-day block."""
    for w in range(weeks, 0, -1):
        start = on - 7 * w * DAY
        for i, km in enumerate(kms):
            typed(runner, start + 2 * i * DAY, km)


def fresh(runner: Runner) -> Runner:
    return Runner.objects.select_related("advice_summary").get(pk=runner.pk)


def snapshot() -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    runs = list(
        Run.objects.order_by("pk").values_list(
            "pk", "date", "distance_km", "duration_min", "cadence_spm", "pain_during",
            "pain_next_morning", "kind", "activity_file_id",
        )
    )  # fmt: skip
    files = list(ActivityFile.objects.order_by("pk").values_list("pk", "sha256", "local_date"))
    return runs, files


def km_of(path: str) -> float:
    return round(expected(path)["distance_m"] / 1000, 3)


# --- 1. the step rate is steps per minute -----------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "fit/sportslib__6916663933.fit",  # coros: 2 x 92 strides/min
        "fit/togeojson__run.fit",
        "fit/sportslib__6860622783-treadmill.fit",
        "fit/fitparse__activity-small-fenix2-run.fit",
        "tcx/sportslib__unknown_example.tcx",
    ],
)
def test_an_imported_runs_step_rate_is_steps_per_minute_as_the_reference_figures_give_it(
    coach: Coach, path: str
) -> None:
    """EV-TECH-FIT-REC/-SESSION, EV-F-SPM: a FIT running file counts strides (one foot); the run
    stores steps/min = 2 x (cadence + fractional cadence), the figure of expected.json."""
    runner = runner_in(coach, "UTC")
    report = import_paths(runner, DATA / path)
    assert report.skipped == [] and len(report.imported) == 1
    stored = Run.objects.get(runner=runner)
    spm = expected(path)["avg_cadence_spm"]
    assert stored.cadence_spm == pytest.approx(spm, abs=0.5)
    assert stored.cadence_spm > 120  # not strides (EV-TECH-FIT-SPM: < ~120 is strides)
    assert stored.distance_km == pytest.approx(km_of(path), abs=0.002)


# --- 2. it feeds the technique gate's baseline --------------------------------------------------


def test_the_imported_step_rate_is_the_technique_gates_cadence_baseline(coach: Coach) -> None:
    """Issue: "the cadence baseline of the technique gate come from it"; EV-TECH-180-VERDICT (own
    baseline), EV-TECH-STEP5/10 (+5% to +10%). The runner typed easy runs without a step rate;
    the file merged into the typed run of 2020-03-14 brings 184 steps/min (expected.json)."""
    ana = runner_in(coach, "UTC", "ana")
    on = dt.date(2020, 3, 16)
    balanced_screen(ana, dt.date(2020, 2, 1))
    strength_weeks(ana, on)
    typed_weeks(ana, on - 7 * DAY, 4, (6.0, 7.0, 10.0))
    typed(ana, dt.date(2020, 3, 10), 7.0)
    typed(ana, dt.date(2020, 3, 14), 10.5)  # the same run, typed by hand the evening after
    before = advice_for(ana, on).technique
    assert before.unlocked and before.prescription is not None
    assert before.prescription.baseline_spm is None  # nothing measured yet

    import_paths(ana, DATA / "fit/sportslib__6916663933.fit")
    gate = advice_for(ana, on).technique
    assert gate.unlocked and gate.prescription is not None
    spm = expected("fit/sportslib__6916663933.fit")["avg_cadence_spm"]
    # IO-TECH-CADENCE-BASELINE: the baseline is the median of the first 4 easy runs with a step
    # rate, and no target is set before there are 4 (red team F2): the imported run is the first
    assert gate.prescription.baseline_spm is None
    assert f"first 4 (1 so far, median {spm:.0f} steps/min" in gate.prescription.text
    for day in (11, 12, 15):
        typed(ana, dt.date(2020, 3, day), 6.0, cadence_spm=spm)
    gate = advice_for(ana, on).technique
    assert gate.unlocked and gate.prescription is not None
    assert gate.prescription.baseline_spm == pytest.approx(spm, abs=0.5)
    assert gate.prescription.target_low_spm == pytest.approx(spm * 1.05, abs=0.5)
    assert gate.prescription.target_high_spm == pytest.approx(spm * 1.10, abs=0.5)


# --- 3. other sports are kept, never running load ----------------------------------------------


@pytest.mark.parametrize(
    ("path", "zone"),
    [
        ("fit/sportslib__6860712481-poolswim.fit", "America/New_York"),
        ("fit/fitparse__coros-pace-2-cycling-misaligned-fields.fit", "UTC"),
        ("fit/fitparse__20170518-191602-1740899583.fit", "Europe/Berlin"),  # indoor rowing
        ("fit/fitparse__garmin-fenix-5-walk.fit", "America/Los_Angeles"),
        ("tcx/tcxreader__cross-country-skiing_activity_1.tcx", "Europe/Ljubljana"),
        ("tcx/tcxreader__mapmyride_biking.tcx", "UTC"),
    ],
)
def test_a_swim_a_ride_a_row_a_walk_and_a_ski_are_kept_but_add_no_running_load(
    coach: Coach, login: Any, path: str, zone: str
) -> None:
    """Issue: "Non-running activities are kept and shown but are not running load": the advice
    (through the API) is the same with and without the file, and the file is stored."""
    ana = make_runner(coach, "ana", time_zone=zone)
    start = dt.datetime.fromisoformat(expected(path)["start"].replace("Z", "+00:00"))
    day = start.astimezone(__import__("zoneinfo").ZoneInfo(zone)).date()
    on = day + 2 * DAY
    balanced_screen(ana, on - 30 * DAY)
    typed_weeks(ana, on, 4, (5.0, 6.0, 8.0))
    client = login(ana.user)
    url = f"/api/runners/ana/advice?on={on.isoformat()}"
    before = client.get(url).json()
    runs = Run.objects.count()

    report = import_paths(ana, DATA / path)
    assert len(report.imported) == 1 and report.imported[0].run_id is None
    assert ActivityFile.objects.get(runner=ana).local_date == day
    assert Run.objects.count() == runs
    after = client.get(url).json()
    assert after["next_week"] == before["next_week"]
    assert after["decisions"] == before["decisions"]


def test_importing_only_a_swim_still_marks_the_runners_advice_out_of_date(ana: Runner) -> None:
    """Issue: "Every import marks the runner's advice out of date, like any other write"."""
    summaries.refresh([fresh(ana)], TODAY)
    assert summaries.is_current(fresh(ana), TODAY)
    report = import_paths(ana, DATA / "fit/sportslib__6860712481-poolswim.fit")
    assert len(report.imported) == 1
    assert not summaries.is_current(fresh(ana), TODAY)


# --- 4. a spike from a file holds progression and is no base -----------------------------------


def test_an_imported_ultra_that_is_a_spike_holds_progression_and_is_not_the_new_base(
    coach: Coach,
) -> None:
    """EV-F-SPIKE, EV-LOAD-SPIKE-REF/-LARGE: the 49.9 km file (2021-05-29) is 249% of the longest
    run (20 km) of the 30 days before it: a large spike; progression holds, and next week's
    longest run is capped from the 20 km, not from the spike (IO-PLAN-ABSORBED)."""
    ana = runner_in(coach, "Europe/London", "ana")
    on = dt.date(2021, 5, 31)
    balanced_screen(ana, on - 40 * DAY)
    typed_weeks(ana, on, 5, (8.0, 10.0, 20.0))
    control = advice_for(ana, on)
    assert all(
        d.verdict is not DecisionVerdict.HOLD for d in control.decisions if d.rule == "plan.spike"
    )

    report = import_paths(ana, DATA / "fit/sportslib__6914448270.fit")
    assert [i.local_date for i in report.imported] == [dt.date(2021, 5, 29)]
    advice = advice_for(ana, on)
    [spike] = [d for d in advice.decisions if d.rule == "plan.spike"]
    assert spike.verdict is DecisionVerdict.HOLD
    assert spike.evidence == "EV-LOAD-SPIKE-LARGE"
    assert spike.value == pytest.approx(49.897 / 20.0 * 100, abs=0.5)
    assert advice.running.longest_run_km <= 20.0 * 1.10 + 1e-9
    assert advice.running.planned_km <= 38.0 + 1e-9  # no progression on a kept 38 km week


# --- 5. a run without answers has none ------------------------------------------------------------


@pytest.mark.parametrize("answered", [False, True], ids=["unanswered", "answered-zero"])
def test_an_imported_run_without_answers_does_not_end_a_pain_episode(
    coach: Coach, answered: bool
) -> None:
    """Issue: "nothing is assumed: a run without answers has none"; IO-PAIN-EPISODE: an episode
    ends only at an explicit "no pain". Knee pain 3/10 on 02-28, 03-03, 03-08, 03-12, 03-16 with
    imported runs (no answers) on 03-04 and 03-14: an 18-day episode, longer than 14 days
    (IO-PAIN-PERSIST) -> refer. Once the runner answers 0 for the run of 03-04 it ends there."""
    ana = runner_in(coach, "UTC", "ana")
    on = dt.date(2020, 3, 17)
    balanced_screen(ana, dt.date(2020, 2, 1))
    for day in (28, 3, 8, 12, 16):
        date = dt.date(2020, 2 if day == 28 else 3, day)
        typed(ana, date, 6.0, pain_during=3.0, pain_after=None, pain_next_morning=1.0,
              pain_site="knee")  # fmt: skip
    report = import_paths(
        ana, DATA / "fit/sportslib__6909950168.fit", DATA / "fit/sportslib__6916663933.fit"
    )
    assert [i.local_date for i in report.imported] == [dt.date(2020, 3, 4), dt.date(2020, 3, 14)]
    imported = Run.objects.filter(runner=ana, activity_file__isnull=False)
    assert {(r.pain_during, r.pain_after, r.pain_next_morning) for r in imported} == {
        (None, None, None)
    }
    if answered:
        Run.objects.filter(runner=ana, date=dt.date(2020, 3, 4)).update(
            pain_during=0.0, pain_after=0.0, pain_next_morning=0.0
        )
    advice = advice_for(ana, on)
    persist = [d for d in advice.decisions if d.rule == "pain.persist"]
    if answered:
        assert persist == [] and advice.pain.level is not PainLevel.STOP
    else:
        assert [d.verdict for d in persist] == [DecisionVerdict.REFER]
        assert persist[0].value == 18
        assert advice.pain.level is PainLevel.STOP


def test_a_typed_run_merged_with_its_file_keeps_the_morning_pain_that_cuts_the_week(
    coach: Coach,
) -> None:
    """Issue: "a run already typed by hand for that day and distance becomes one run, with the
    file's figures and the runner's pain answers" (IO-IMPORT-MERGE): morning pain 4/10 (> 2,
    EV-PAIN-MODEL-MORNING) still cuts; the distance counts once, the file's 10.74 km."""
    ana = runner_in(coach, "UTC", "ana")
    on = dt.date(2020, 3, 16)
    balanced_screen(ana, dt.date(2020, 2, 1))
    typed(ana, dt.date(2020, 3, 10), 6.0)
    typed(ana, dt.date(2020, 3, 14), 10.0, pain_next_morning=4.0, pain_site="shin")
    report = import_paths(ana, DATA / "fit/sportslib__6916663933.fit")
    assert [i.merged for i in report.imported] == [True]
    history = history_of(ana, on)
    assert weekly_km(history, on, 1) == pytest.approx(6.0 + 10.744, abs=0.01)
    advice = advice_for(ana, on)
    assert advice.pain.level is PainLevel.CUT
    assert any(d.rule == "pain.morning" and d.verdict is not DecisionVerdict.PROGRESS
               for d in advice.decisions)  # fmt: skip


# --- 6. duplicates --------------------------------------------------------------------------------


def test_the_same_fit_in_the_strava_and_the_garmin_exports_is_one_run(ana: Runner) -> None:
    """Issue: "Re-importing the same file or archive creates no duplicate (a content hash...)":
    6782987395.fit.gz (Strava) gunzipped is byte-identical to Garmin's 900000001.fit."""
    first = import_paths(ana, ARCHIVE / "garmin-export-sample.zip")
    second = import_paths(ana, ARCHIVE / "strava-export-sample.zip")
    assert any("6782987395" in d.name for d in second.duplicates)
    day = dt.date.fromisoformat(expected("fit/sportslib__6782987395.fit")["start"][:10])
    assert Run.objects.filter(runner=ana, date=day).count() == 1
    assert weekly_km(history_of(ana, day + DAY), day + DAY, 1) == pytest.approx(
        km_of("fit/sportslib__6782987395.fit"), abs=0.01
    )
    assert first.skipped == []


def test_importing_both_exports_again_stores_nothing_and_the_advice_is_unchanged(
    ana: Runner,
) -> None:
    """Issue: re-importing an archive creates no duplicate; bad input aside, "nothing already
    stored changes"."""
    paths = (ARCHIVE / "garmin-export-sample.zip", ARCHIVE / "strava-export-sample.zip")
    import_paths(ana, *paths)
    on = dt.date(2020, 3, 16)
    before, advice = snapshot(), advice_dict(advice_for(ana, on))
    again = import_paths(ana, *paths)
    assert again.imported == [] and again.skipped == []
    assert snapshot() == before
    assert advice_dict(advice_for(ana, on)) == advice


@pytest.mark.parametrize(
    ("watch", "export"),
    [
        ("fit/sportslib__6782987395.fit", "tcx/sportslib__6782987395.tcx"),
        ("fit/sportslib__6782987395.fit", "gpx/sportslib__6782987395.gpx"),
        ("fit/sportslib__6860622783-treadmill.fit", "tcx/sportslib__6860622783-treadmill.tcx"),
    ],
)
def test_the_same_run_from_the_watch_and_from_a_website_export_is_one_run(
    ana: Runner, watch: str, export: str
) -> None:
    """Issue: no duplicate by "the start time and device"; MANIFEST: each pair is the same
    activity (same start to the second, same Forerunner 945). Two runs would double the week's
    running load and fake a spike (EV-F-SPIKE)."""
    assert expected(watch)["start"] == expected(export)["start"]
    import_paths(ana, DATA / watch, DATA / export)
    assert Run.objects.filter(runner=ana).count() == 1


def test_the_tcx_export_of_a_run_already_imported_is_reported_as_a_duplicate_not_as_bad_input(
    ana: Runner,
) -> None:
    """Issue: duplicates are found by "the start time and device" and create nothing; "skipped
    with a reason" is for bad input. The TCX of 6782987395 is a good file of a run already
    imported from its FIT (same start, same Forerunner 945): a duplicate, not a skipped file."""
    report = import_paths(
        ana, DATA / "fit/sportslib__6782987395.fit", DATA / "tcx/sportslib__6782987395.tcx"
    )
    assert [d.name.rsplit("/", 1)[-1] for d in report.duplicates] == ["sportslib__6782987395.tcx"]
    assert report.skipped == []


def test_a_strava_export_after_the_watchs_own_files_counts_each_run_once(ana: Runner) -> None:
    """Same as above at archive level: Strava ships 2067489619 as GPX and 6860622783 as TCX; the
    runner imported the watch's FIT files first (MANIFEST: "same activity")."""
    import_paths(
        ana,
        DATA / "fit/sportslib__2067489619.fit",
        DATA / "fit/sportslib__6860622783-treadmill.fit",
    )
    import_paths(ana, ARCHIVE / "strava-export-sample.zip")
    for path in ("fit/sportslib__2067489619.fit", "fit/sportslib__6860622783-treadmill.fit"):
        day = dt.date.fromisoformat(expected(path)["start"][:10])
        assert Run.objects.filter(runner=ana, date=day).count() == 1, path


# --- 7. bad input -------------------------------------------------------------------------------


def test_bad_archives_and_files_are_each_skipped_by_name_and_change_nothing_stored(
    ana: Runner,
) -> None:
    """Issue: "each is skipped with a reason naming the file ... and nothing already stored
    changes"."""
    typed(ana, dt.date(2020, 3, 10), 6.0)
    import_paths(ana, DATA / "fit/sportslib__6916663933.fit")
    summaries.refresh([fresh(ana)], TODAY)
    before = snapshot()
    bad = [
        BAD / "fittrackee__gpx_test_all_incorrect.zip",
        BAD / "fittrackee__gpx_test_no_gpx.zip",
        BAD / "truncated-gzip-sportslib__2067489619.fit.gz",
        BAD / "corrupt-16-bytes-mid-sportslib__6916663933.fit",
        BAD / "truncated-half-fitparse__activity-small-fenix2-run.fit",
        BAD / "zero-bytes.tcx",
        BAD / "togeojson__bad.gpx",
    ]
    report = import_paths(ana, *bad)
    assert report.imported == []
    named = " ".join(name for name, _ in report.skipped)
    for path in bad:
        assert path.name in named, path.name
    assert all(reason for _, reason in report.skipped)
    assert snapshot() == before
    assert summaries.is_current(fresh(ana), TODAY)  # nothing the advice reads changed


def test_a_damaged_member_is_skipped_by_name_and_the_rest_of_the_archive_imports(
    ana: Runner, tmp_path: Path
) -> None:
    """Issue: "the rest of the archive still imports, no half activity is ever stored (one
    transaction per activity)". A zip of real files: two good runs, a ride, three bad files."""
    members = {
        "good/run-a.fit": DATA / "fit/sportslib__6916663933.fit",
        "bad/crc.fit": BAD / "corrupt-file-crc-sportslib__6916663933.fit",
        "good/run-b.tcx": DATA / "tcx/sportslib__polar.tcx",
        "bad/half.tcx": BAD / "truncated-half-tcxparser__test.tcx",
        "good/ride.fit": DATA / "fit/fitparse__Edge810-Vector-2013-08-16-15-35-10.fit",
        "bad/header.fit": BAD / "truncated-header-only-sportslib__6782987395.fit",
    }
    export = tmp_path / "export.zip"
    with zipfile.ZipFile(export, "w") as z:
        for name, path in members.items():
            z.writestr(name, path.read_bytes())
    report = import_paths(ana, export)
    skipped = sorted(name.rsplit("!", 1)[-1] for name, _ in report.skipped)
    assert skipped == ["bad/crc.fit", "bad/half.tcx", "bad/header.fit"]
    assert sorted(i.name.rsplit("!", 1)[-1] for i in report.imported) == [
        "good/ride.fit", "good/run-a.fit", "good/run-b.tcx"
    ]  # fmt: skip
    assert ActivityFile.objects.filter(runner=ana).count() == 3
    assert Run.objects.filter(runner=ana).count() == 2
    assert Run.objects.filter(runner=ana, activity_file__isnull=True).count() == 0


# --- 8. one run or two --------------------------------------------------------------------------


def test_an_imported_run_and_a_typed_run_20_percent_apart_stay_two_runs_and_both_count(
    ana: Runner,
) -> None:
    """IO-IMPORT-MERGE: one run only within 10% or 0.5 km; 8.6 km typed vs the file's 10.74 km
    (20% apart) are two runs of that day, and both are running load."""
    typed(ana, dt.date(2020, 3, 14), 8.6, pain_during=2.0)
    report = import_paths(ana, DATA / "fit/sportslib__6916663933.fit")
    assert [i.merged for i in report.imported] == [False]
    on = dt.date(2020, 3, 16)
    runs = [r for r in history_of(ana, on).runs if r.date == dt.date(2020, 3, 14)]
    assert sorted(r.distance_km for r in runs) == pytest.approx([8.6, 10.744], abs=0.01)
    assert weekly_km(history_of(ana, on), on, 1) == pytest.approx(19.344, abs=0.01)


# --- 9. the runner's local day ------------------------------------------------------------------


def test_a_run_at_23_42_in_sao_paulo_is_that_local_days_run_not_the_next_utc_day(
    coach: Coach,
) -> None:
    """Issue: "Its local date is the runner's (a runner has a time zone; a 23:30 run in Sydney is
    not the next day's run)". togeojson__sample.tcx starts 2007-08-07T02:42:41Z, which is
    23:42 on 2007-08-06 in Sao Paulo (UTC-3); it merges with the run typed for 08-06 and is in
    the history advised on 08-07 (runs before the day advised on)."""
    runner = runner_in(coach, "America/Sao_Paulo")
    mine = typed(runner, dt.date(2007, 8, 6), 8.2, pain_after=1.0)
    report = import_paths(runner, DATA / "tcx/togeojson__sample.tcx")
    assert [(i.local_date, i.merged) for i in report.imported] == [(dt.date(2007, 8, 6), True)]
    one = Run.objects.get(runner=runner)
    assert (one.pk, one.date, one.pain_after) == (mine.pk, dt.date(2007, 8, 6), 1.0)
    assert one.distance_km == pytest.approx(km_of("tcx/togeojson__sample.tcx"), abs=0.002)
    assert [r.date for r in history_of(runner, dt.date(2007, 8, 6)).runs] == [dt.date(2007, 8, 6)]


def test_a_run_at_23_42_in_kiritimati_is_not_the_next_days_run(coach: Coach) -> None:
    """Issue (local date): 6782987395 starts 09:42:23Z = 23:42 on 2019-06-15 at UTC+14."""
    runner = runner_in(coach, "Pacific/Kiritimati")
    import_paths(runner, DATA / "fit/sportslib__6782987395.fit")
    assert Run.objects.get(runner=runner).date == dt.date(2019, 6, 15)


# --- 10. what counts as running -----------------------------------------------------------------


def test_a_treadmill_file_without_gps_counts_as_running_load(ana: Runner) -> None:
    """RUNNING_SPORTS / issue: a treadmill run is a run (no GPS, distance from the watch's
    accelerometer, expected.json 10630.37 m): last week's distance grows by it."""
    on = dt.date(2020, 2, 4)
    typed_weeks(ana, on, 3, (5.0, 6.0))
    before = weekly_km(history_of(ana, on), on, 1)
    report = import_paths(ana, DATA / "fit/sportslib__6860622783-treadmill.fit")
    assert [i.run_id is not None for i in report.imported] == [True]
    after = weekly_km(history_of(ana, on), on, 1)
    assert after - before == pytest.approx(
        km_of("fit/sportslib__6860622783-treadmill.fit"), abs=0.01
    )


def test_a_triathlon_file_counts_its_run_leg_as_running_load_and_nothing_else(
    coach: Coach,
) -> None:
    """Issue: "Non-running activities ... are not running load" -- and a run is: the FIT
    multisport file (swim, T1, bike, T2, run; MANIFEST) holds a 9.81 km run leg (session 5,
    9805.92 m in 2850.7 s). Running load is that leg alone: not the 1.64 km swim (the first
    session), not the 40.9 km ride, and not nothing."""
    runner = runner_in(coach, "Europe/Berlin")
    import_paths(runner, DATA / "fit/fitparse__sample_mulitple_header.fit")
    runs = list(Run.objects.filter(runner=runner))
    assert [(r.date, round(r.distance_km, 1)) for r in runs] == [(dt.date(2018, 5, 27), 9.8)]


def test_a_fit_file_with_only_a_local_wall_clock_start_is_dated_on_that_local_day(
    coach: Coach,
) -> None:
    """MANIFEST: compressed-speed-distance.fit, "import with caution: device-relative timestamps
    (no absolute UTC start); activity.local_timestamp = 2012-02-13T12:21:03 (local wall time)".
    The local day is what a run is dated by (issue), and the file gives it: a 10.25 km run on
    2012-02-13, not a skipped file."""
    runner = runner_in(coach, "Europe/Berlin")
    report = import_paths(runner, DATA / "fit/fitparse__compressed-speed-distance.fit")
    assert report.skipped == []
    stored = Run.objects.get(runner=runner)
    assert stored.date == dt.date(2012, 2, 13)
    assert stored.distance_km == pytest.approx(10.249, abs=0.002)


# --- 11. the advice knows -------------------------------------------------------------------------


def test_importing_the_strava_export_with_the_cli_makes_the_dashboard_summary_stale(
    ana: Runner,
) -> None:
    """Issue: "Every import marks the runner's advice out of date, like any other write":
    ``insideout import`` on a real export, end to end."""
    summaries.refresh([fresh(ana)], TODAY)
    assert summaries.is_current(fresh(ana), TODAY)
    result = CliRunner().invoke(
        cli, ["import", str(ARCHIVE / "strava-export-sample.zip"), "--runner", "ana", "--json"]
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output[result.output.index("{") :])
    assert doc["imported"] == 8 and doc["skipped"] == []
    assert Run.objects.filter(runner=ana).count() == 6  # 6 runs; the swim and the ride are not
    assert not summaries.is_current(fresh(ana), TODAY)


def test_after_an_import_the_runner_is_asked_about_pain_for_the_new_run(
    login: Any, ana: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue: "After an import the runner is asked about pain for the new runs (nothing is
    assumed)": the day after, the runner's page asks about that run's pain (during, after and the
    next morning, in the list of watch runs without answers; not twice as the morning question)."""
    monkeypatch.setattr(services, "today", lambda: dt.date(2020, 3, 15))
    typed(ana, dt.date(2020, 3, 12), 6.0)  # answered
    report = import_paths(ana, DATA / "fit/sportslib__6916663933.fit")
    new = Run.objects.get(pk=report.imported[0].run_id)
    assert services.pending_morning(ana) == new
    page = login(ana.user).get("/runners/ana/")
    assert page.status_code == 200
    asked = [run.pk for run, _ in page.context["answers"].runs]
    assert asked == [new.pk]
