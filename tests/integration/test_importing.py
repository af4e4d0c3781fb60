"""Importing watch files into a runner's history (issue 14, part 3): stored once, dated where the
runner lives, one run when the runner also typed it, never half an activity.

The reader and the sources are fakes passed in (``import_fakes``); the database is real.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import DatabaseError, connection

from insideout.catalogue import load_catalogue
from insideout.people.models import Runner
from insideout.training import services, summaries
from insideout.training.importing import ImportReport, import_sources, merge_margin_km
from insideout.training.models import ActivityFile, AdviceSummary, Run
from tests.integration.import_fakes import TODAY, Shelf, Skipped, Source, run, samples


@pytest.fixture(autouse=True)
def today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services, "today", lambda: TODAY)


@pytest.fixture
def shelf() -> Shelf:
    return Shelf()


def fresh(runner: Runner) -> Runner:
    """The runner as stored now, with their stored summary (the data version moves on writes)."""
    return Runner.objects.select_related("advice_summary").get(pk=runner.pk)


def rows() -> tuple[int, int]:
    return ActivityFile.objects.count(), Run.objects.count()


def typed_run(runner: Runner, day: str, km: float, **fields: Any) -> Run:
    """A run the runner typed by hand, with their answers."""
    values = {
        "duration_min": km * 6,
        "rpe": 6.0,
        "pain_during": 2.0,
        "pain_after": 3.0,
        "pain_next_morning": 1.0,
        "pain_site": "knee",
        "pain_side": "left",
        "kind": "long",
    } | fields
    return Run.objects.create(
        runner=runner, date=dt.date.fromisoformat(day), distance_km=km, **values
    )


# --- a file becomes an activity, and a run ------------------------------------------------------


def test_a_running_file_becomes_a_run_with_the_files_figures_and_no_answers(
    ana: Runner, shelf: Shelf
) -> None:
    source = shelf.add("2026-10-09-run.fit", run(km=10.0, minutes=52.0, cadence=172.4))
    report = import_sources(ana, [source], read=shelf)
    assert (len(report.imported), report.duplicates, report.skipped, report.records) == (
        1,
        [],
        [],
        5,
    )
    stored = Run.objects.get()
    assert (stored.date, stored.distance_km, stored.duration_min, stored.cadence_spm) == (
        dt.date(2026, 10, 9),
        10.0,
        52.0,  # moving time, not the elapsed time with the stop
        172.4,
    )
    # a run without answers has none: not 0, not "easy"
    answers = (stored.rpe, stored.pain_during, stored.pain_after, stored.pain_next_morning)
    assert answers == (None, None, None, None)
    assert (stored.pain_site, stored.red_flags, stored.kind) == (None, [], None)
    assert stored.activity_file is not None and stored.activity_file.name == "2026-10-09-run.fit"
    assert report.imported[0].run_id == stored.pk


def test_the_activity_keeps_its_summary_streams_laps_and_the_file_itself(
    ana: Runner, shelf: Shelf
) -> None:
    activity = run()
    source = shelf.add("run.fit", activity, data=b"\x0e\x10FIT bytes as they came" * 40)
    import_sources(ana, [source], read=shelf)
    row = ActivityFile.objects.with_blobs().get()
    assert (row.format, row.sport, row.sub_sport, row.device) == (
        "fit",
        "running",
        "road",
        "Garmin Forerunner 255 (3412345678)",
    )
    assert (row.start, row.local_date, row.distance_m, row.moving_s, row.elapsed_s) == (
        activity.start,
        dt.date(2026, 10, 9),
        10000.0,
        3120.0,
        3215.0,
    )
    assert (row.avg_hr, row.avg_cadence_spm, row.ascent_m, row.records) == (148.0, 172.0, 84.0, 5)
    assert row.laps == [
        {
            "start": "2026-10-09T06:30:00+00:00",
            "elapsed_s": 3215.0,
            "moving_s": 3120.0,
            "distance_m": 10000.0,
            "avg_hr": 148.0,
            "avg_cadence_spm": 172.0,
        }
    ]
    assert row.dynamics is not None and row.dynamics["stance_time_ms"] == 251.0
    assert row.meta == {"title": "Morning running", "type": "running"}
    assert row.streams() == samples()  # None where the strap read nothing, empty streams empty
    assert row.file_bytes() == source.data
    assert len(row.sha256) == 64 and row.original_size == len(source.data)


def test_a_list_of_activities_does_not_load_the_streams_or_the_files(
    ana: Runner, shelf: Shelf
) -> None:
    import_sources(ana, [shelf.add("run.fit", run())], read=shelf)
    listed = ActivityFile.objects.get()
    assert set(listed.get_deferred_fields()) == {"samples", "original"}
    assert listed.streams() == samples()  # loaded when asked for


# --- duplicates ----------------------------------------------------------------------------------


def test_importing_the_same_files_again_gives_duplicates_and_no_new_rows(
    ana: Runner, shelf: Shelf
) -> None:
    sources = [
        shelf.add("a.fit", run("2026-10-07T06:00:00+00:00")),
        shelf.add("b.fit", run("2026-10-09T06:00:00+00:00")),
    ]
    first = import_sources(ana, sources, read=shelf)
    before, reads = rows(), len(shelf.reads)
    again = import_sources(ana, sources, read=shelf)
    assert (len(first.imported), len(again.imported), again.skipped) == (2, 0, [])
    assert [(d.name, d.reason) for d in again.duplicates] == [
        ("a.fit", "same file as a.fit"),
        ("b.fit", "same file as b.fit"),
    ]
    assert rows() == before == (2, 2)
    assert len(shelf.reads) == reads  # known by its hash: not even decoded again
    assert again.records == 0


def test_the_same_activity_from_another_export_is_a_duplicate_by_start_and_device(
    ana: Runner, shelf: Shelf
) -> None:
    fit = shelf.add("run.fit", run())
    gpx = shelf.add("run.gpx", dataclasses.replace(run(), source_format="gpx"))
    assert fit.data != gpx.data
    report = import_sources(ana, [fit, gpx], read=shelf)
    assert [d.reason for d in report.duplicates] == ["same start and device as run.fit"]
    assert rows() == (1, 1)


def test_a_device_less_file_with_the_same_start_is_a_duplicate_too(
    ana: Runner, shelf: Shelf
) -> None:
    first = shelf.add("phone.gpx", run(device=None))
    second = shelf.add("phone.tcx", run(device=None))
    import_sources(ana, [first], read=shelf)
    report = import_sources(ana, [second], read=shelf)
    assert [d.reason for d in report.duplicates] == ["same start and device as phone.gpx"]
    assert rows() == (1, 1)


def test_the_same_activity_on_another_device_is_another_activity(ana: Runner, shelf: Shelf) -> None:
    """Start and device together make an activity: a start alone is not the same activity."""
    watch = shelf.add("watch.fit", run(km=10.0))
    bike = shelf.add("bike.fit", run(km=30.0, minutes=60.0, sport="cycling", device="Edge 540"))
    report = import_sources(ana, [watch, bike], read=shelf)
    assert (len(report.imported), report.duplicates) == (2, [])


def test_the_same_file_twice_in_one_import_is_stored_once(ana: Runner, shelf: Shelf) -> None:
    source = shelf.add("run.fit", run())
    copy = Source("Copy of run.fit", source.data)
    report = import_sources(ana, [source, copy], read=shelf)
    assert [(d.name, d.reason) for d in report.duplicates] == [
        ("Copy of run.fit", "same file as run.fit")
    ]
    assert rows() == (1, 1)


def test_another_runner_may_import_the_same_file(ana: Runner, ben: Runner, shelf: Shelf) -> None:
    source = shelf.add("shared.fit", run())
    import_sources(ana, [source], read=shelf)
    report = import_sources(ben, [source], read=shelf)
    assert (len(report.imported), report.duplicates) == (1, [])
    assert ben.runs.count() == ana.runs.count() == 1


# --- one run, not two ----------------------------------------------------------------------------


def test_a_run_typed_by_hand_that_day_becomes_the_imported_run_with_its_answers_kept(
    ana: Runner, shelf: Shelf
) -> None:
    typed = typed_run(ana, "2026-10-09", 10.0, duration_min=50.0, red_flags=["limping"])
    report = import_sources(ana, [shelf.add("run.fit", run(km=10.4, minutes=52.5))], read=shelf)
    assert [(i.run_id, i.merged) for i in report.imported] == [(typed.pk, True)]
    merged = Run.objects.get()
    # the file's figures...
    assert (merged.distance_km, merged.duration_min, merged.cadence_spm) == (10.4, 52.5, 172.0)
    # ...and every answer only the runner could give
    assert (merged.rpe, merged.pain_during, merged.pain_after, merged.pain_next_morning) == (
        6.0,
        2.0,
        3.0,
        1.0,
    )
    assert (merged.pain_site, merged.pain_side, merged.red_flags, merged.kind) == (
        "knee",
        "left",
        ["limping"],
        "long",
    )
    assert merged.activity_file == ActivityFile.objects.get()


@pytest.mark.parametrize(
    ("file_km", "typed_km", "one_run"),
    [
        (4.0, 4.5, True),  # 0.5 km apart: the floor of the margin for a short run
        (4.0, 4.51, False),
        (4.0, 3.5, True),
        (20.0, 18.0, True),  # 10% of the file's 20 km
        (20.0, 17.9, False),
        (20.0, 22.0, True),
    ],
)
def test_a_typed_run_is_the_same_run_within_the_merge_margin_only(
    ana: Runner, shelf: Shelf, file_km: float, typed_km: float, one_run: bool
) -> None:
    typed_run(ana, "2026-10-09", typed_km)
    import_sources(ana, [shelf.add("run.fit", run(km=file_km, minutes=file_km * 6))], read=shelf)
    assert Run.objects.count() == (1 if one_run else 2)
    assert merge_margin_km(file_km) == max(0.5, file_km / 10)


def test_of_two_typed_runs_that_day_the_nearest_in_distance_takes_the_file(
    ana: Runner, shelf: Shelf
) -> None:
    typed_run(ana, "2026-10-09", 9.5, pain_during=1.0)
    nearest = typed_run(ana, "2026-10-09", 10.2, pain_during=4.0)
    report = import_sources(ana, [shelf.add("run.fit", run(km=10.0))], read=shelf)
    assert report.imported[0].run_id == nearest.pk
    assert Run.objects.filter(activity_file__isnull=False).get().pain_during == 4.0
    assert Run.objects.count() == 2


def test_a_typed_run_on_another_day_is_left_alone(ana: Runner, shelf: Shelf) -> None:
    typed = typed_run(ana, "2026-10-08", 10.0)
    import_sources(ana, [shelf.add("run.fit", run(km=10.0))], read=shelf)
    typed.refresh_from_db()
    assert (typed.activity_file, typed.distance_km, Run.objects.count()) == (None, 10.0, 2)


def test_a_run_already_imported_is_not_merged_again(ana: Runner, shelf: Shelf) -> None:
    """Two watch files of one day are two runs: only a run typed by hand takes a file's figures."""
    morning = shelf.add("morning.fit", run("2026-10-09T05:00:00+00:00", km=10.0))
    evening = shelf.add("evening.fit", run("2026-10-09T17:00:00+00:00", km=10.2))
    report = import_sources(ana, [morning, evening], read=shelf)
    assert [i.merged for i in report.imported] == [False, False]
    assert Run.objects.count() == 2


# --- the runner's day ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "start", "day"),
    [
        # 23:30 in Sydney (UTC+11 in October) is that day's run
        ("Australia/Sydney", "2026-10-09T12:30:00+00:00", "2026-10-09"),
        # 06:30 in Sydney is already the next day, while it is still the 9th in UTC
        ("Australia/Sydney", "2026-10-09T19:30:00+00:00", "2026-10-10"),
        # 23:30 in New York (UTC-4) is that day's run, while it is the 10th in UTC
        ("America/New_York", "2026-10-10T03:30:00+00:00", "2026-10-09"),
        ("UTC", "2026-10-10T03:30:00+00:00", "2026-10-10"),
    ],
)
def test_a_run_is_dated_on_the_day_it_started_where_the_runner_lives(
    coach: Any, shelf: Shelf, zone: str, start: str, day: str
) -> None:
    runner = Runner.objects.create(coach=coach, handle="sam", name="Sam", time_zone=zone)
    import_sources(runner, [shelf.add("run.fit", run(start))], read=shelf)
    assert Run.objects.get().date == ActivityFile.objects.get().local_date
    assert Run.objects.get().date == dt.date.fromisoformat(day)


def test_a_late_run_merges_with_the_run_typed_for_that_local_day(coach: Any, shelf: Shelf) -> None:
    runner = Runner.objects.create(
        coach=coach, handle="sam", name="Sam", time_zone="America/New_York"
    )
    typed = typed_run(runner, "2026-10-09", 8.0)
    import_sources(
        runner, [shelf.add("late.fit", run("2026-10-10T03:30:00+00:00", km=8.1))], read=shelf
    )
    assert Run.objects.get().pk == typed.pk


# --- what is not a run ---------------------------------------------------------------------------


@pytest.mark.parametrize("sport", ["cycling", "swimming", "walking", "generic"])
def test_an_activity_that_is_not_running_is_stored_but_is_not_a_run(
    ana: Runner, shelf: Shelf, sport: str
) -> None:
    typed_run(ana, "2026-10-09", 10.0)  # never takes a ride's figures
    report = import_sources(ana, [shelf.add("other.fit", run(km=10.0, sport=sport))], read=shelf)
    assert [(i.sport, i.run_id) for i in report.imported] == [(sport, None)]
    assert ActivityFile.objects.get().sport == sport
    assert Run.objects.get().activity_file is None  # the typed run, untouched
    assert not hasattr(ActivityFile.objects.get(), "run")


def test_a_walk_with_a_running_sport_but_a_walkers_step_rate_keeps_the_run_without_it(
    ana: Runner, shelf: Shelf
) -> None:
    """A device's average under 120 steps/min is real (much walking), not strides typed for
    steps: the run counts, without the step rate; the activity keeps it."""
    import_sources(
        ana, [shelf.add("hike.fit", run(km=12.0, minutes=110.0, cadence=112.0))], read=shelf
    )
    assert Run.objects.get().cadence_spm is None
    assert ActivityFile.objects.get().avg_cadence_spm == 112.0


def test_a_file_the_reader_refuses_and_a_member_the_archive_skipped_are_reported(
    ana: Runner, shelf: Shelf
) -> None:
    sources = [
        Source("notes.txt.fit", b"not a watch file"),
        Skipped("export/profile.json", "not an activity file"),
        shelf.add("run.fit", run()),
    ]
    report = import_sources(ana, sources, read=shelf)
    assert report.skipped == [
        ("notes.txt.fit", "not a FIT, GPX or TCX file"),
        ("export/profile.json", "not an activity file"),
    ]
    assert (len(report.imported), rows()) == (1, (1, 1))


def test_a_reader_that_breaks_on_one_file_does_not_end_the_import(
    ana: Runner, shelf: Shelf
) -> None:
    def read(name: str, data: bytes) -> Any:
        if name == "broken.fit":
            raise IndexError("list index out of range")
        return shelf(name, data)

    sources = [Source("broken.fit", b"\x0e"), shelf.add("run.fit", run())]
    report = import_sources(ana, sources, read=read)
    assert report.skipped == [
        ("broken.fit", "could not be read (IndexError: list index out of range)")
    ]
    assert len(report.imported) == 1


@pytest.mark.parametrize(
    ("activity", "says"),
    [
        (run(km=50.0, minutes=30.0), "impossible pace"),  # a GPS jump: 100 km/h
        (run(km=600.0, minutes=3000.0), "a distance of 0 to 500 km"),
        (run(start="2026-10-20T06:00:00+00:00"), "future"),  # a watch with its clock wrong
        (run(distance_m=None), "a run without a distance"),
        (run(moving_s=None, elapsed_s=None), "a run without a duration"),
        (run(start=None), "a run without a start time"),
    ],
    ids=["pace", "bounds", "future", "no-distance", "no-duration", "no-start"],
)
def test_an_activity_whose_run_is_refused_is_skipped_with_the_reason_and_nothing_is_stored(
    ana: Runner, shelf: Shelf, activity: Any, says: str
) -> None:
    typed = typed_run(ana, "2026-10-09", 50.0, duration_min=300.0)  # a merge refused as well
    report = import_sources(ana, [shelf.add("odd.fit", activity)], read=shelf)
    assert [name for name, _ in report.skipped] == ["odd.fit"]
    assert says in report.skipped[0][1]
    assert (report.imported, rows()) == ([], (0, 1))
    typed.refresh_from_db()
    assert (typed.distance_km, typed.duration_min, typed.activity_file) == (50.0, 300.0, None)


def test_a_refused_run_gives_the_cores_reason(ana: Runner, shelf: Shelf) -> None:
    report = import_sources(
        ana, [shelf.add("gps-jump.fit", run(km=50.0, minutes=30.0))], read=shelf
    )
    [(name, reason)] = report.skipped
    assert name == "gps-jump.fit"
    assert "impossible pace" in reason and "world record" in reason


# --- all or nothing, per activity ----------------------------------------------------------------


class FailOnRunInsert:
    """Make the database refuse the n-th insert of a run (a disk full, a lost connection)."""

    def __init__(self, nth: int) -> None:
        self.nth, self.seen = nth, 0

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        if sql.startswith('INSERT INTO "training_run"'):
            self.seen += 1
            if self.seen == self.nth:
                raise DatabaseError("disk I/O error")
        return execute(sql, params, many, context)


def test_a_failing_write_in_the_middle_leaves_no_part_of_that_activity_and_keeps_the_others(
    ana: Runner, shelf: Shelf
) -> None:
    sources = [
        shelf.add("1.fit", run("2026-10-07T06:00:00+00:00")),
        shelf.add("2.fit", run("2026-10-08T06:00:00+00:00")),
        shelf.add("3.fit", run("2026-10-09T06:00:00+00:00")),
    ]
    with connection.execute_wrapper(FailOnRunInsert(2)):
        report = import_sources(ana, sources, read=shelf)
    assert [i.name for i in report.imported] == ["1.fit", "3.fit"]
    assert report.skipped == [
        ("2.fit", "could not be stored (disk I/O error); nothing of it was kept")
    ]
    # the 2nd file's activity row was written before its run failed: it is gone with it
    assert sorted(ActivityFile.objects.values_list("name", flat=True)) == ["1.fit", "3.fit"]
    assert sorted(Run.objects.values_list("date", flat=True)) == [
        dt.date(2026, 10, 7),
        dt.date(2026, 10, 9),
    ]
    # and it imports once the disk is back
    again = import_sources(ana, sources, read=shelf)
    assert ([i.name for i in again.imported], len(again.duplicates), rows()) == (
        ["2.fit"],
        2,
        (3, 3),
    )


def test_a_failing_merge_leaves_the_typed_run_as_the_runner_typed_it(
    ana: Runner, shelf: Shelf
) -> None:
    typed = typed_run(ana, "2026-10-09", 10.0)

    def fail_update(
        execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        if sql.startswith('UPDATE "training_run"'):
            raise DatabaseError("database is locked")
        return execute(sql, params, many, context)

    source = shelf.add("run.fit", run(km=10.3))
    with connection.execute_wrapper(fail_update):
        report = import_sources(ana, [source], read=shelf)
    assert [name for name, _ in report.skipped] == ["run.fit"]
    typed.refresh_from_db()
    assert (typed.distance_km, typed.activity_file, ActivityFile.objects.count()) == (10.0, None, 0)
    # the next import merges it
    assert import_sources(ana, [source], read=shelf).imported[0].merged


def test_activities_are_written_in_batches_and_all_arrive(
    ana: Runner, shelf: Shelf, monkeypatch: pytest.MonkeyPatch
) -> None:
    from insideout.training import importing

    monkeypatch.setattr(importing, "BATCH", 2)
    sources = [
        shelf.add(f"{day}.fit", run(f"2026-10-{day:02d}T06:00:00+00:00", km=5.0 + day / 10))
        for day in range(1, 8)
    ]
    report = import_sources(ana, sources, read=shelf)
    assert (len(report.imported), rows(), report.records) == (7, (7, 7), 35)


# --- the advice knows --------------------------------------------------------------------------


def test_the_dashboard_summary_goes_stale_after_an_import(ana: Runner, shelf: Shelf) -> None:
    summaries.refresh([fresh(ana)], TODAY)
    assert summaries.is_current(fresh(ana), TODAY)
    import_sources(fresh(ana), [shelf.add("run.fit", run())], read=shelf)
    assert AdviceSummary.objects.filter(runner=ana).exists()
    assert not summaries.is_current(fresh(ana), TODAY)


def test_a_merge_makes_the_summary_stale_too(ana: Runner, shelf: Shelf) -> None:
    typed_run(ana, "2026-10-09", 10.0)
    summaries.refresh([fresh(ana)], TODAY)
    assert summaries.is_current(fresh(ana), TODAY)
    import_sources(fresh(ana), [shelf.add("run.fit", run(km=10.3))], read=shelf)
    assert not summaries.is_current(fresh(ana), TODAY)


def test_an_imported_run_counts_in_the_runners_advice(ana: Runner, shelf: Shelf) -> None:
    from insideout.training.advice import history_of

    import_sources(ana, [shelf.add("run.fit", run(km=10.0))], read=shelf)
    history = history_of(ana, TODAY)
    assert [(r.date, r.distance_km, r.pain_during) for r in history.runs] == [
        (dt.date(2026, 10, 9), 10.0, None)
    ]


def test_the_merge_margin_is_a_design_record_of_the_register() -> None:
    record = load_catalogue().evidence["IO-IMPORT-MERGE"]
    assert record.status.value == "D"
    assert "10%" in record.fact and "0.5 km" in record.fact


# --- the report ----------------------------------------------------------------------------------


def test_progress_is_told_of_every_file_as_it_is_handled(ana: Runner, shelf: Shelf) -> None:
    told: list[tuple[str, str]] = []
    source = shelf.add("run.fit", run())
    sources = [source, Source("copy.fit", source.data), Skipped("a.csv", "not an activity file")]
    import_sources(ana, sources, read=shelf, progress=lambda name, what: told.append((name, what)))
    assert told == [("run.fit", "imported"), ("copy.fit", "duplicate"), ("a.csv", "skipped")]


def test_the_report_as_json_counts_and_names_the_skipped_files(ana: Runner, shelf: Shelf) -> None:
    source = shelf.add("run.fit", run())
    report = import_sources(
        ana, [source, Source("again.fit", source.data), Source("x.fit", b"?")], read=shelf
    )
    assert isinstance(report, ImportReport)
    assert report.as_dict() == {
        "imported": 1,
        "duplicates": 1,
        "skipped": [{"file": "x.fit", "reason": "not a FIT, GPX or TCX file"}],
        "records": 5,
    }


def test_who_imported_is_stored_as_the_author(ana: Runner, shelf: Shelf) -> None:
    import_sources(ana, [shelf.add("run.fit", run())], read=shelf, by=ana.coach.user)
    assert ActivityFile.objects.get().author == ana.coach.name
    assert Run.objects.get().author == ana.coach.name


def test_the_admin_shows_an_imported_file_without_its_blobs(
    admin_client: Any, ana: Runner, shelf: Shelf
) -> None:
    report = import_sources(ana, [shelf.add("run.fit", run())], read=shelf)
    pk = report.imported[0].activity_file_id
    listed = admin_client.get("/admin/training/activityfile/")
    page = admin_client.get(f"/admin/training/activityfile/{pk}/change/")
    assert (listed.status_code, page.status_code) == (200, 200)
    assert "run.fit" in page.content.decode() and "Samples" not in page.content.decode()
    run_page = admin_client.get(f"/admin/training/run/{report.imported[0].run_id}/change/")
    assert run_page.status_code == 200
