"""A large demo squad: one coach, many runners, a year of history each, written fast.

``manage.py demo-large`` (and ``make demo-large``) builds it to see the dashboard and the runner's
page at the size of a real club (issue 15, part 6), and the page benchmark and the load script
build theirs with it. Unlike ``load-demo`` (three runners through the services, to read) the
rows are written with ``bulk_create`` in batches of runners, one transaction per batch, so 1,000
runners with a year each (about half a million rows) take seconds rather than an hour; no row
goes through the core's parser, so the numbers are drawn within the records' bounds here.

Every runner's year is drawn from a random generator seeded with ``seed`` and the runner's number,
so the same arguments give the same squad on any machine. A runner:

* builds their weekly distance 4-8% a week for three weeks and eases off on the fourth (to about
  75%), from 12-40 km a week towards a ceiling of 35-80 km, over 3, 4 or 5 runs a week, the last
  run of the week the long one (about 30% of the week); one in ten takes one to three weeks off
  (ill, on holiday) once in the year, and comes back lower;
* feels some pain now and then (about 4% of runs, 1-4/10 at a site); one in ten has a niggle that
  rises over the last three weeks; one in fifty logged a red flag in the last fortnight (running
  stopped, a professional to see);
* does two or three strength sessions in most weeks, reports pain without a run now and then;
* is screened (every test, both sides) at the start and every seven to nine weeks after.

Speed: the runners and screens (whose ids are needed) go through ``bulk_create``; runs, strength
sessions, pain reports and measures (99% of the rows) are inserted with one ``executemany`` per few
thousand rows, each value prepared by its field for the database (dates, JSON), with no model
instance made: that is what takes the time with ``bulk_create``. Those inserts send no signal, so
each batch's advice summaries are made right after it commits
(:func:`insideout.training.summaries.refresh_runners`): the squad is ready for the dashboard when
this ends.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction
from django.utils import timezone

from insideout.core import screen as core
from insideout.people.models import Coach, Runner
from insideout.screening.models import Measure, Screen
from insideout.training import summaries
from insideout.training.models import PainReport, Run, StrengthSession

__all__ = ["Squad", "build"]

# The population a screen's values are drawn from (mean, standard deviation), within each test's
# bounds; a runner with a wide spread shows imbalances.
NORMAL = {
    "knee_to_wall": (11.5, 2.5),
    "calf_raise": (24, 6),
    "single_leg_balance_eyes_closed": (12, 5),
    "hip_internal_rotation": (34, 6),
    "hip_external_rotation": (40, 6),
    "thomas_test": (-10, 6),
    "active_straight_leg_raise": (2.6, 0.5),
    "single_leg_bridge": (26, 7),
    "limb_length": (90, 4),
    "y_balance_anterior": (62, 6),
    "y_balance_posteromedial": (100, 8),
    "y_balance_posterolateral": (96, 8),
    "single_leg_squat": (1.5, 1),
    "single_leg_hop": (150, 20),
    "side_plank": (70, 20),
}
INTEGER = frozenset(
    {"active_straight_leg_raise", "single_leg_squat", "calf_raise", "single_leg_bridge"}
)
LIMITS = {"active_straight_leg_raise": (0.0, 3.0), "single_leg_squat": (0.0, 6.0)}
SITES = ("knee", "shin", "achilles", "hip", "calf", "foot")
FLAGS = ("night_pain", "focal_bone_tenderness", "limping", "swelling")
LONG_RUN = 0.3  # the long run's share of the week
FIRST = ("Ana", "Ben", "Cleo", "Dev", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jo", "Kai", "Lia")
LAST = ("Ruiz", "Okafor", "Berg", "Sato", "Novak", "Haddad", "Kowal", "Lund", "Mensah", "Pires")


_Row = dict[str, Any]  # a row to insert: field attname -> value


@dataclass
class Squad:
    """What :func:`build` wrote: the runners (in order) and how many rows of each kind."""

    runners: list[Runner] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str, count: int) -> None:
        self.rows[kind] = self.rows.get(kind, 0) + count


@dataclass
class _Year:
    runs: list[_Row] = field(default_factory=list)
    strength: list[_Row] = field(default_factory=list)
    reports: list[_Row] = field(default_factory=list)
    screens: list[tuple[Screen, list[core.Measure]]] = field(default_factory=list)


def build(
    coach: Coach,
    count: int,
    *,
    today: dt.date,
    days: int = 365,
    first: int = 0,
    seed: int = 1,
    password_hash: str | None = None,
    batch: int = 100,
) -> Squad:
    """Runners ``first`` .. ``first + count - 1`` of ``coach`` with ``days`` of history up to
    (not including) ``today``, ``batch`` runners per transaction. With ``password_hash`` (one
    :func:`~django.contrib.auth.hashers.make_password`, hashed once for all) each runner gets a
    login named ``<coach's username>-<handle>``."""
    squad = Squad()
    for start in range(first, first + count, max(1, batch)):
        numbers = range(start, min(start + max(1, batch), first + count))
        with transaction.atomic():
            runners = _batch(squad, coach, numbers, today, days, seed, password_hash)
        squad.add("summaries", summaries.refresh_runners([r.pk for r in runners], today))
    _analyze()
    return squad


def _analyze() -> None:
    """Refresh the database's statistics after a bulk load. Until PostgreSQL's autovacuum gets to
    it (minutes later, or never on a quiet site) its planner still believes the tables small and
    reads all of ``screening_measure`` for one runner's screens: measured at 1,000 runners, a
    runner page's queries took 25 ms before ``ANALYZE`` and 1 ms after. SQLite gains its
    statistics table too."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def login_hash(password: str) -> str:
    """One hash for every demo runner's password (hashing each would take minutes)."""
    return make_password(password)


def _batch(
    squad: Squad,
    coach: Coach,
    numbers: range,
    today: dt.date,
    days: int,
    seed: int,
    password_hash: str | None,
) -> list[Runner]:
    users: dict[int, Any] = {}
    if password_hash is not None:
        prefix = coach.user.get_username()
        made = get_user_model().objects.bulk_create(
            get_user_model()(username=f"{prefix}-r{i:04d}", password=password_hash) for i in numbers
        )
        users = dict(zip(numbers, made, strict=True))
    rngs = {i: random.Random(f"{seed}:{i}") for i in numbers}  # noqa: S311 - demo data
    runners = Runner.objects.bulk_create(
        Runner(
            coach=coach,
            handle=f"r{i:04d}",
            name=f"{rngs[i].choice(FIRST)} {rngs[i].choice(LAST)} {i:04d}",
            sex=rngs[i].choice(("female", "male")),
            birth_year=rngs[i].randint(1960, 2006),
            user=users.get(i),
        )
        for i in numbers
    )
    if any(r.pk is None for r in runners):  # a backend that does not return ids
        runners = list(Runner.objects.filter(coach=coach, handle__in=[r.handle for r in runners]))
        runners.sort(key=lambda r: r.handle)
    year = _Year()
    for i, runner in zip(numbers, runners, strict=True):
        _draw(year, runner, rngs[i], today, days)
    _insert(Run, year.runs)
    _insert(StrengthSession, year.strength)
    _insert(PainReport, year.reports)
    screens = Screen.objects.bulk_create([s for s, _ in year.screens], batch_size=1000)
    measures = [
        {"screen_id": screen.pk, "test": m.test, "side": m.side.value if m.side else "",
         "value": m.value}
        for screen, (_, drawn) in zip(screens, year.screens, strict=True)
        for m in drawn
    ]  # fmt: skip
    _insert(Measure, measures)
    squad.runners.extend(runners)
    for kind, n in (
        ("runners", len(runners)),
        ("runs", len(year.runs)),
        ("strength sessions", len(year.strength)),
        ("pain reports", len(year.reports)),
        ("screens", len(screens)),
        ("measures", len(measures)),
    ):
        squad.add(kind, n)
    return runners


def _insert(model: type[models.Model], rows: list[_Row], chunk: int = 5000) -> None:
    """Insert these rows (field attname -> value; every other field its default, ``created_at``
    now) with ``executemany``: no model instances, no signals."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    now = timezone.now()
    defaults: dict[str, Any] = {}
    for f in fields:
        if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False):
            defaults[f.attname] = f.get_db_prep_save(now, connection)
        elif f.has_default() or f.null:
            defaults[f.attname] = f.get_db_prep_save(f.get_default(), connection)
    prepared = {  # fields whose Python values the database driver does not take as they are
        f.attname
        for f in fields
        if isinstance(f, models.DateField | models.JSONField | models.DateTimeField)
    }
    quote = connection.ops.quote_name
    columns = ", ".join(quote(str(f.column)) for f in fields)
    # names from the model's own metadata, quoted; the values are parameters
    table, marks = quote(model._meta.db_table), ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
    by_name = {f.attname: f for f in fields}

    def value(row: _Row, name: str) -> Any:
        if name not in row:
            return defaults[name]
        raw = row[name]
        return by_name[name].get_db_prep_save(raw, connection) if name in prepared else raw

    with connection.cursor() as cursor:
        for start in range(0, len(rows), chunk):
            part = rows[start : start + chunk]
            cursor.executemany(sql, [tuple(value(r, f.attname) for f in fields) for r in part])


def _draw(year: _Year, runner: Runner, rng: random.Random, today: dt.date, days: int) -> None:
    start = today - dt.timedelta(days=days)
    weeks = max(1, days // 7)
    niggle = rng.random() < 0.10
    flag_week = weeks - 1 - rng.randint(0, 1) if rng.random() < 0.02 else -1
    for week, km, per_week in _weeks(rng, weeks):
        monday = start + dt.timedelta(days=7 * week)
        days_run = sorted(rng.sample(range(7), per_week))
        for n, offset in enumerate(days_run):
            day = monday + dt.timedelta(days=offset)
            if day >= today:
                continue
            long_run = n == len(days_run) - 1
            share = LONG_RUN if long_run else (1 - LONG_RUN) / (per_week - 1)
            distance = round(max(2.0, km * share), 1)
            pain, site = _pain(rng, niggle, weeks - week)
            year.runs.append(
                {
                    "runner_id": runner.pk,
                    "date": day,
                    "distance_km": distance,
                    "duration_min": round(distance * rng.uniform(5.0, 6.8), 1),
                    "rpe": float(rng.randint(6, 8) if long_run else rng.randint(2, 6)),
                    "pain_during": pain,
                    "pain_after": pain,
                    "pain_next_morning": max(0.0, pain - 1) if pain else 0.0,
                    "pain_site": site,
                    "red_flags": [rng.choice(FLAGS)] if week == flag_week and n == 0 else [],
                    "cadence_spm": float(round(rng.gauss(168, 6))),
                }
            )
        _strength_and_reports(year, runner, rng, monday, today)
    _screens(year, runner, rng, start, today)


def _weeks(rng: random.Random, weeks: int) -> Iterator[tuple[int, float, int]]:
    """(week, its distance, runs in it): build three weeks, ease off the fourth, a break now
    and then."""
    km = rng.uniform(12, 40)
    ceiling = rng.uniform(35, 80)
    per_week = rng.choice((3, 4, 5))
    break_at = rng.randrange(weeks) if rng.random() < 0.10 else -1
    break_len = rng.randint(1, 3)
    for week in range(weeks):
        if break_at <= week < break_at + break_len:
            if week == break_at + break_len - 1:
                km *= 0.6  # back lower
            continue
        easy = week % 4 == 3
        yield week, (km * 0.75 if easy else km), per_week
        if not easy:
            km = min(ceiling, km * rng.uniform(1.04, 1.08))


def _pain(rng: random.Random, niggle: bool, weeks_left: int) -> tuple[float, str | None]:
    if niggle and weeks_left <= 3:
        return float(min(5, 4 - weeks_left + rng.randint(1, 2))), "knee"
    if rng.random() < 0.04:
        return float(rng.randint(1, 4)), rng.choice(SITES)
    return 0.0, None


def _strength_and_reports(
    year: _Year, runner: Runner, rng: random.Random, monday: dt.date, today: dt.date
) -> None:
    sessions = rng.choice((2, 3)) if rng.random() < 0.8 else rng.randint(0, 1)
    for offset in rng.sample(range(7), sessions):
        day = monday + dt.timedelta(days=offset)
        if day < today:
            year.strength.append({"runner_id": runner.pk, "date": day})
    if rng.random() < 0.02 and monday + dt.timedelta(days=3) < today:
        day = monday + dt.timedelta(days=3)
        year.reports.append(
            {"runner_id": runner.pk, "date": day, "pain": 2.0, "site": rng.choice(SITES)}
        )


def _screens(
    year: _Year, runner: Runner, rng: random.Random, start: dt.date, today: dt.date
) -> None:
    spread = 0.15 if rng.random() < 0.4 else 1.0  # balanced, or with imbalances to work on
    day = start + dt.timedelta(days=rng.randint(0, 20))
    while day < today:
        year.screens.append((Screen(runner=runner, date=day), _measures(rng, spread)))
        day += dt.timedelta(days=rng.randint(49, 63))


def _measures(rng: random.Random, spread: float) -> list[core.Measure]:
    out = []
    for test, (mu, sd) in NORMAL.items():
        for side in core.Side:
            low, high = LIMITS.get(test, (-60.0 if test == "thomas_test" else 0.0, 400.0))
            value = min(max(rng.gauss(mu, sd * spread), low), high)
            value = float(round(value)) if test in INTEGER else round(value, 1)
            out.append(core.Measure(test, side, value))
    out.append(core.Measure("beighton", None, float(rng.randint(0, 6))))
    return out
