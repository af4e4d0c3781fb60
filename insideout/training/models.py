"""Runs, pain reports and strength sessions as stored rows, with the coach's overrides and the
clearances they record; ``to_domain()`` feeds the core.

The rows hold what the runner reported and nothing judged. Every value is checked on the way in by
the core's parser (see :mod:`insideout.training.services`), so the rules live in one place; the
database constraints below are the last line only.
"""

from __future__ import annotations

import zlib
from typing import Any, ClassVar

from django.conf import settings
from django.db import models

from insideout.core import history as core
from insideout.core.activity import RUNNING_SPORTS, Samples
from insideout.core.decision import DecisionVerdict
from insideout.core.records import RUN
from insideout.core.screen import Side
from insideout.people.models import Runner
from insideout.training.streams import unpack

__all__ = [
    "ActivityFile",
    "AdviceSummary",
    "CalendarFeed",
    "CapChange",
    "Clearance",
    "GateOverride",
    "ImportJob",
    "LogChange",
    "PainReport",
    "Run",
    "StrengthSession",
]


def _zero_to_ten(name: str) -> models.CheckConstraint:
    field = models.Q(**{f"{name}__gte": 0, f"{name}__lte": 10})
    return models.CheckConstraint(
        condition=field | models.Q(**{f"{name}__isnull": True}), name=f"run_{name}_0_10"
    )


class PainSide(models.TextChoices):
    LEFT = Side.LEFT.value, "left"
    RIGHT = Side.RIGHT.value, "right"


class _Entry(models.Model):
    """What every dated entry of a runner's log keeps: who stored it and when (newest first)."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    @property
    def author(self) -> str | None:
        """Who stored the entry, as people know them: a coach's name, else the login's."""
        by = self.created_by
        if by is None:
            return None
        coach = getattr(by, "coach", None)
        return str(coach.name) if coach is not None else str(by.get_username())


class ActivityFileQuerySet(models.QuerySet["ActivityFile"]):
    def with_blobs(self) -> ActivityFileQuerySet:
        """Rows with their two blobs loaded (the default leaves them out: a list of activities
        never reads megabytes of streams and original files)."""
        return self.defer(None)


class ActivityFileManager(models.Manager["ActivityFile"]):
    def get_queryset(self) -> ActivityFileQuerySet:
        return ActivityFileQuerySet(self.model, using=self._db).defer(*ActivityFile.BLOBS)

    def with_blobs(self) -> ActivityFileQuerySet:
        return ActivityFileQuerySet(self.model, using=self._db)


class ActivityFile(_Entry):
    """One imported watch or phone file (FIT, GPX, TCX): its summary in columns that queries read,
    its per-record streams as one compressed blob, and the file itself, as it came.

    A running activity is also a :class:`Run` of the runner's history (``Run.activity_file``);
    any other sport is kept here only and is never running load. Written by
    :mod:`insideout.training.importing` only; the figures are the reader's
    (:class:`insideout.core.activity.Activity`): metres, seconds, beats/min, steps/min, None when
    the file does not hold a figure.

    Storage: ``samples`` is :func:`insideout.training.streams.pack` of the streams (zlib over
    little-endian float64 columns, one row per activity, never one row per record); ``original``
    is the file's bytes, zlib-compressed, in the database (see ``original_size``), so that the
    activity, its run and its file are written in one transaction and a backup of the database is
    a backup of everything.
    """

    BLOBS = ("samples", "original")

    runner = models.ForeignKey(Runner, on_delete=models.CASCADE, related_name="activity_files")
    sha256 = models.CharField(max_length=64)  # of the file's bytes as imported
    name = models.CharField("original name", max_length=255)
    format = models.CharField(max_length=8)  # "fit", "gpx", "tcx"
    sport = models.CharField(max_length=40)
    sub_sport = models.CharField(max_length=40, null=True, blank=True)  # noqa: DJ001 - null = none
    start = models.DateTimeField(null=True, blank=True)  # UTC; null: the file holds no real time
    utc_offset_s = models.IntegerField(null=True, blank=True)  # as the device recorded it
    local_date = models.DateField(null=True, blank=True)  # in the runner's zone at import
    elapsed_s = models.FloatField(null=True, blank=True)
    moving_s = models.FloatField(null=True, blank=True)
    distance_m = models.FloatField(null=True, blank=True)
    ascent_m = models.FloatField(null=True, blank=True)
    avg_hr = models.FloatField(null=True, blank=True)
    max_hr = models.FloatField(null=True, blank=True)
    avg_speed_mps = models.FloatField(null=True, blank=True)
    avg_cadence_spm = models.FloatField(null=True, blank=True)  # steps per minute
    device = models.CharField(max_length=120, null=True, blank=True)  # noqa: DJ001 - null = unknown
    sessions = models.PositiveSmallIntegerField(default=1)
    records = models.PositiveIntegerField(default=0)  # record messages / track points read
    laps = models.JSONField(default=list, blank=True)
    dynamics = models.JSONField(null=True, blank=True)  # running dynamics' means; null: none
    meta = models.JSONField(default=dict, blank=True)  # what the archive said (title, type...)
    samples = models.BinaryField()
    original = models.BinaryField()
    original_size = models.PositiveIntegerField()  # bytes before compression

    objects = ActivityFileManager()

    class Meta:
        ordering = ["-start", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["runner", "sha256"], name="unique_file_per_runner"),
            # the same activity from another export of the same device (a device-less file is
            # checked by the importer: NULLs are never equal in a unique constraint)
            models.UniqueConstraint(
                fields=["runner", "start", "device"], name="unique_activity_per_runner"
            ),
        ]
        indexes = [models.Index(fields=["runner", "local_date"], name="activity_runner_day")]

    def __str__(self) -> str:
        day = self.local_date.isoformat() if self.local_date else "undated"
        return f"{self.runner.handle} {day} {self.sport} ({self.name})"

    @property
    def is_running(self) -> bool:
        return self.sport in RUNNING_SPORTS

    def streams(self) -> Samples:
        """The per-record streams, unpacked (one query when the blob was not loaded)."""
        return unpack(bytes(self.samples))

    def file_bytes(self) -> bytes:
        """The file as it was imported, byte for byte."""
        return zlib.decompress(bytes(self.original))


class Run(_Entry):
    """One run: distance, time, effort and the pain during, after and the next morning."""

    PainSide = PainSide

    runner = models.ForeignKey(Runner, on_delete=models.CASCADE, related_name="runs")
    # The imported file the figures come from; null: typed by hand. Deleting the file keeps the run.
    activity_file = models.OneToOneField(
        ActivityFile, on_delete=models.SET_NULL, null=True, blank=True, related_name="run"
    )
    date = models.DateField()
    distance_km = models.FloatField()
    duration_min = models.FloatField()
    rpe = models.FloatField("effort (RPE 0-10)", null=True, blank=True)
    # Null: not said (unknown), which the core never reads as "no pain" (see migration 0006).
    pain_during = models.FloatField(null=True, blank=True)
    pain_after = models.FloatField(null=True, blank=True)
    pain_next_morning = models.FloatField(null=True, blank=True)
    pain_site = models.CharField(max_length=40, null=True, blank=True)  # noqa: DJ001 - null = none
    pain_side = models.CharField(  # noqa: DJ001 - null = no side
        max_length=5, choices=PainSide.choices, null=True, blank=True
    )
    red_flags = models.JSONField(default=list, blank=True)
    cadence_spm = models.FloatField(null=True, blank=True)
    kind = models.CharField(  # noqa: DJ001 - null = not said
        max_length=RUN["kind"].max_length, null=True, blank=True
    )

    class Meta:
        ordering = ["-date", "-id"]
        get_latest_by = ["date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["runner", "date", "distance_km", "duration_min"],
                name="unique_run_per_runner",
            ),
            models.CheckConstraint(
                condition=models.Q(distance_km__gte=0), name="run_distance_ge_0"
            ),
            models.CheckConstraint(
                condition=models.Q(duration_min__gte=0), name="run_duration_ge_0"
            ),
            _zero_to_ten("rpe"),
            _zero_to_ten("pain_during"),
            _zero_to_ten("pain_after"),
            _zero_to_ten("pain_next_morning"),
        ]

    def __str__(self) -> str:
        return f"{self.runner.handle} {self.date.isoformat()} {self.distance_km:g} km"

    @property
    def peak_pain(self) -> float:
        values = (self.pain_during, self.pain_after, self.pain_next_morning)
        return max((v for v in values if v is not None), default=0.0)

    def as_input(self) -> dict[str, object]:
        """The run as the core's history input reads it (``runs[i]`` of ``advise``)."""
        return {
            "date": self.date.isoformat(),
            "distance_km": self.distance_km,
            "duration_min": self.duration_min,
            "rpe": self.rpe,
            "pain_during": self.pain_during,
            "pain_after": self.pain_after,
            "pain_next_morning": self.pain_next_morning,
            "pain_site": self.pain_site,
            "pain_side": self.pain_side,
            "red_flags": list(self.red_flags),
            "cadence_spm": self.cadence_spm,
            "kind": self.kind,
        }

    # The fields the core reads, in the order of :meth:`domain_of`'s row: the advice loads them
    # with ``values_list(*DOMAIN)`` (insideout.training.advice), a row's ``to_domain()`` the same.
    DOMAIN: ClassVar[tuple[str, ...]] = (
        "date",
        "distance_km",
        "duration_min",
        "rpe",
        "pain_during",
        "pain_after",
        "pain_next_morning",
        "pain_site",
        "pain_side",
        "red_flags",
        "cadence_spm",
        "kind",
    )

    @staticmethod
    def domain_of(row: tuple[Any, ...]) -> core.RunLog:
        """The core's run from the values of :attr:`DOMAIN`, in that order."""
        day, km, minutes, rpe, during, after, morning, site, side, flags, cadence, kind = row
        return core.RunLog(
            date=day,
            distance_km=km,
            duration_min=minutes,
            rpe=rpe,
            pain_during=during,
            pain_after=after,
            pain_next_morning=morning,
            pain_site=site,
            pain_side=Side(side) if side else None,
            red_flags=tuple(flags),
            cadence_spm=cadence,
            kind=kind,
        )

    def to_domain(self) -> core.RunLog:
        return Run.domain_of(tuple(getattr(self, f) for f in Run.DOMAIN))


class StrengthSession(_Entry):
    """One foundation (strength) session on a day: done or not."""

    runner = models.ForeignKey(Runner, on_delete=models.CASCADE, related_name="strength_sessions")
    date = models.DateField()
    completed = models.BooleanField(default=True)

    class Meta:
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.runner.handle} {self.date.isoformat()} strength"

    DOMAIN: ClassVar[tuple[str, ...]] = ("date", "completed")  # see Run.DOMAIN

    @staticmethod
    def domain_of(row: tuple[Any, ...]) -> core.StrengthLog:
        day, completed = row
        return core.StrengthLog(day, completed)

    def to_domain(self) -> core.StrengthLog:
        return StrengthSession.domain_of((self.date, self.completed))


class PainReport(_Entry):
    """Pain felt on a day without a run: at rest, at night (the red flags the runs cannot carry)."""

    PainSide = PainSide

    runner = models.ForeignKey(Runner, on_delete=models.CASCADE, related_name="pain_reports")
    date = models.DateField()
    pain = models.FloatField("pain (0-10)")
    site = models.CharField(max_length=40, null=True, blank=True)  # noqa: DJ001 - null = none
    side = models.CharField(  # noqa: DJ001 - null = no side
        max_length=5, choices=PainSide.choices, null=True, blank=True
    )
    red_flags = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-date", "-id"]
        get_latest_by = ["date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pain__gte=0, pain__lte=10), name="pain_report_pain_0_10"
            )
        ]

    def __str__(self) -> str:
        return f"{self.runner.handle} {self.date.isoformat()} pain {self.pain:g}"

    def as_input(self) -> dict[str, object]:
        """The report as the core's history input reads it (``pain_reports[i]`` of ``advise``)."""
        return {
            "date": self.date.isoformat(),
            "pain": self.pain,
            "site": self.site,
            "side": self.side,
            "red_flags": list(self.red_flags),
        }

    DOMAIN: ClassVar[tuple[str, ...]] = ("date", "pain", "site", "side", "red_flags")

    @staticmethod
    def domain_of(row: tuple[Any, ...]) -> core.PainReport:
        """The core's report from the values of :attr:`DOMAIN` (see Run.DOMAIN)."""
        day, pain, site, side, flags = row
        return core.PainReport(
            date=day,
            pain=pain,
            site=site,
            side=Side(side) if side else None,
            red_flags=tuple(flags),
        )

    def to_domain(self) -> core.PainReport:
        return PainReport.domain_of(tuple(getattr(self, f) for f in PainReport.DOMAIN))


class _CoachLog(_Entry):
    """A decision the coach appends to a runner's log from a day on, with the reason: never edited
    or deleted (the latest one on or before the day advised on applies)."""

    date = models.DateField()
    reason = models.TextField(max_length=core.REASON_MAX)

    class Meta:
        abstract = True
        ordering = ["-date", "-id"]
        get_latest_by = ["date", "id"]


def _choice_and_reason(table: str, field: str, values: list[str]) -> list[models.BaseConstraint]:
    """A coach's log entry holds one of its choices and a reason that is not empty."""
    return [
        models.CheckConstraint(
            condition=models.Q(**{f"{field}__in": values}), name=f"{table}_{field}"
        ),
        models.CheckConstraint(condition=~models.Q(reason=""), name=f"{table}_reason_required"),
    ]


class GateOverride(_CoachLog):
    """A coach's unlock or lock of technique work from a day on, with the reason (append-only).

    The latest one on or before the day advised on applies (never past a pain or red-flag guard);
    earlier ones stay as the record of what was decided and why.
    """

    class Verdict(models.TextChoices):
        UNLOCK = DecisionVerdict.UNLOCK.value, "unlock"
        LOCK = DecisionVerdict.LOCK.value, "lock"

    runner = models.ForeignKey(Runner, on_delete=models.CASCADE, related_name="gate_overrides")
    rule = models.CharField(max_length=40, default="gate.technique")
    verdict = models.CharField(max_length=6, choices=Verdict.choices)

    class Meta(_CoachLog.Meta):
        constraints = _choice_and_reason("gate_override", "verdict", ["unlock", "lock"])

    def __str__(self) -> str:
        return f"{self.runner.handle} {self.date.isoformat()} {self.verdict} {self.rule}"

    def as_input(self) -> dict[str, object]:
        """The override as the core's history input reads it (``overrides[i]`` of ``advise``)."""
        return {
            "date": self.date.isoformat(),
            "rule": self.rule,
            "verdict": self.verdict,
            "reason": self.reason,
        }

    DOMAIN: ClassVar[tuple[str, ...]] = ("date", "verdict", "reason", "rule")  # see Run.DOMAIN

    @staticmethod
    def domain_of(row: tuple[Any, ...]) -> core.GateOverride:
        day, verdict, reason, rule = row
        return core.GateOverride(day, DecisionVerdict(verdict), reason, rule)

    def to_domain(self) -> core.GateOverride:
        return GateOverride.domain_of((self.date, self.verdict, self.reason, self.rule))


class Clearance(_CoachLog):
    """A physiotherapist's or doctor's clearance to run again after a stop, recorded by the coach,
    with the reason (append-only).

    The latest one on or before the day advised on ends the stop that came from what was reported
    on or before its date (a cardiac sign only by a doctor's); earlier ones stay as the record.
    """

    class By(models.TextChoices):
        PHYSIOTHERAPIST = core.ClearedBy.PHYSIOTHERAPIST.value, "physiotherapist"
        DOCTOR = core.ClearedBy.DOCTOR.value, "doctor"

    runner = models.ForeignKey(Runner, on_delete=models.CASCADE, related_name="clearances")
    by = models.CharField(max_length=15, choices=By.choices)

    class Meta(_CoachLog.Meta):
        constraints = _choice_and_reason("clearance", "by", ["physiotherapist", "doctor"])

    def __str__(self) -> str:
        return f"{self.runner.handle} {self.date.isoformat()} cleared by {self.by}"

    def as_input(self) -> dict[str, object]:
        """The clearance as the core's history input reads it (``clearances[i]`` of ``advise``)."""
        return {"date": self.date.isoformat(), "by": self.by, "reason": self.reason}

    DOMAIN: ClassVar[tuple[str, ...]] = ("date", "by", "reason")  # see Run.DOMAIN

    @staticmethod
    def domain_of(row: tuple[Any, ...]) -> core.Clearance:
        day, by, reason = row
        return core.Clearance(day, core.ClearedBy(by), reason)

    def to_domain(self) -> core.Clearance:
        return Clearance.domain_of((self.date, self.by, self.reason))


def _name_of(user: object) -> str | None:
    """A user as people know them: a coach's name, else the login's (None: nobody, or gone)."""
    if user is None:
        return None
    coach = getattr(user, "coach", None)
    return str(coach.name) if coach is not None else str(user.get_username())  # type: ignore[attr-defined]


class CapChange(models.Model):
    """A change of a runner's own weekly cap: who changed it, when, from what to what, and why
    (append-only, written with the runner's new cap in one transaction; IO-CAP-CHANGE).

    ``old_pct`` and ``new_pct`` are null for the method's default (no cap of the runner's own).
    """

    runner = models.ForeignKey(Runner, on_delete=models.CASCADE, related_name="cap_changes")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    changed_at = models.DateTimeField(auto_now_add=True)
    old_pct = models.FloatField(null=True, blank=True)
    new_pct = models.FloatField(null=True, blank=True)
    reason = models.TextField(max_length=core.REASON_MAX)

    class Meta:
        ordering = ["-changed_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(reason=""), name="cap_change_reason")
        ]

    def __str__(self) -> str:
        return f"{self.runner.handle} cap {self.old_pct} -> {self.new_pct}"

    @property
    def author(self) -> str | None:
        return _name_of(self.changed_by)


class LogChange(models.Model):
    """An entry of a runner's log (a run, a pain report, a strength session) edited or deleted
    after it was stored: who, when, which entry, and what it said before and after, in plain
    words (``after`` empty for a deletion). Append-only; the entry itself may be gone."""

    class Entry(models.TextChoices):
        RUN = "run", "run"
        PAIN = "pain", "pain report"
        STRENGTH = "strength", "strength session"

    class Action(models.TextChoices):
        EDIT = "edit", "edited"
        DELETE = "delete", "deleted"

    runner = models.ForeignKey(Runner, on_delete=models.CASCADE, related_name="log_changes")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    changed_at = models.DateTimeField(auto_now_add=True)
    entry = models.CharField(max_length=8, choices=Entry.choices)
    entry_id = models.PositiveBigIntegerField()  # the entry's id when it was changed
    entry_date = models.DateField()  # the entry's date before the change
    action = models.CharField(max_length=6, choices=Action.choices)
    before = models.TextField()
    after = models.TextField(blank=True)

    class Meta:
        ordering = ["-changed_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(entry__in=["run", "pain", "strength"]), name="log_change_entry"
            ),
            models.CheckConstraint(
                condition=models.Q(action__in=["edit", "delete"]), name="log_change_action"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.runner.handle} {self.entry} {self.entry_id} {self.action}"

    @property
    def author(self) -> str | None:
        return _name_of(self.changed_by)


class AdviceSummary(models.Model):
    """What the coach's dashboard shows of a runner's advice, kept so it is not advised per request.

    Not a record: a copy of the core's answer for ``computed_on``, made from the runner's data at
    ``data_version`` with the catalogue and method named by ``basis``. When any of the three is not
    the current one the row is stale and is made again (:mod:`insideout.training.summaries`).
    """

    runner = models.OneToOneField(
        Runner, on_delete=models.CASCADE, primary_key=True, related_name="advice_summary"
    )
    computed_on = models.DateField()
    data_version = models.PositiveBigIntegerField()
    basis = models.CharField(max_length=64)
    phase = models.CharField(max_length=20)
    flagged = models.BooleanField()
    referred = models.BooleanField()
    refer_reason = models.TextField(blank=True)
    rule = models.CharField(max_length=80, blank=True)  # the holding rule; "" when progressing
    verdict = models.CharField(max_length=10, blank=True)
    sentence = models.TextField(blank=True)
    latest_screen_id = models.PositiveIntegerField(null=True)
    latest_screen_date = models.DateField(null=True)
    profile_line = models.TextField(blank=True)
    # At a glance (insideout.core.glance): the highest pain of the last 7 days (null: none
    # given) and its trend, ready to progress (the plan progresses and nothing holds), technique
    # work unlocked, a screen or re-screen asked for, the newest day anything was logged.
    pain_week = models.FloatField(null=True)
    pain_trend = models.CharField(max_length=8, default="none")
    ready_to_progress = models.BooleanField(default=False)
    technique_ready = models.BooleanField(default=False)
    needs_screen = models.BooleanField(default=False)
    last_logged = models.DateField(null=True)

    def __str__(self) -> str:
        return f"{self.runner_id} {self.computed_on.isoformat()} {self.phase}"


class ImportJob(_Entry):
    """One upload of watch files (a file, a gzip or an account export) and its import, run in the
    background (:mod:`insideout.training.uploads`): queued, running, then done or failed.

    ``stored`` is where the upload waits under ``INSIDEOUT_UPLOAD_DIR`` (relative to it); the file
    is deleted when the job ends (what it held is then in the database), and ``stored`` emptied.
    The counts grow while it runs (saved every few files); ``report`` is the final table, as
    ``insideout import --json`` prints it: ``{"imported", "duplicates", "skipped": [{"file",
    "reason"}], "records"}``. ``created_by`` is who uploaded (the runner or their coach).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "queued"
        RUNNING = "running", "running"
        DONE = "done", "done"
        FAILED = "failed", "failed"

    runner = models.ForeignKey(Runner, on_delete=models.CASCADE, related_name="import_jobs")
    name = models.CharField("original name", max_length=255)
    size = models.PositiveBigIntegerField()  # bytes uploaded
    stored = models.CharField(
        max_length=255, blank=True
    )  # under INSIDEOUT_UPLOAD_DIR; "" once done
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    files = models.PositiveIntegerField(default=0)  # files handled so far
    imported = models.PositiveIntegerField(default=0)
    duplicates = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    report = models.JSONField(null=True, blank=True)  # the final table; null until done
    error = models.TextField(blank=True)  # why a failed job failed
    task_id = models.CharField(max_length=64, blank=True)  # the background task's id
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["queued", "running", "done", "failed"]),
                name="import_job_status",
            )
        ]

    def __str__(self) -> str:
        return f"{self.runner.handle} import {self.pk} {self.name} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class CalendarFeed(models.Model):
    """A runner's private calendar subscription (``/calendar/<token>.ics``, no login: calendar
    apps cannot log in). Only the token's SHA-256 and its first characters are stored; the token
    is shown once, when it is made (:mod:`insideout.training.calendar_feeds`). One per runner:
    renewing stores a new hash, so the old address answers 404 from then on; ``revoked_at`` set
    means no address works until a new one is made."""

    runner = models.OneToOneField(Runner, on_delete=models.CASCADE, related_name="calendar_feed")
    prefix = models.CharField(max_length=8, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        state = "revoked" if self.revoked_at else "active"
        return f"{self.runner.handle} calendar ({self.prefix}…, {state})"

    @property
    def active(self) -> bool:
        return self.revoked_at is None
