"""Coaches and runners as stored rows; ``to_domain()`` hands the core its plain ``Runner``.

The core knows a runner only by an id, a sex and a birth year. Everything about logins and who
coaches whom is this adapter's business; who may see or change which runner is decided in one
place, :mod:`insideout.people.access`.
"""

from __future__ import annotations

import datetime as dt
import functools
import secrets
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.dispatch import Signal
from django.utils import timezone

from insideout.core import screen as core
from insideout.core.availability import Availability, parse_availability
from insideout.core.coach import RunnerSettings
from insideout.core.errors import Issue

__all__ = [
    "HANDLE_PATTERN",
    "RESERVED_HANDLES",
    "ApiToken",
    "Coach",
    "CoachNotice",
    "Invite",
    "Runner",
    "RunnerQuerySet",
    "default_time_zone",
    "runners_changed",
    "time_zones",
    "validate_time_zone",
]

HANDLE_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,39}$"
RESERVED_HANDLES = frozenset({"new"})  # "runners/new/" is the add-runner page
handle_validator = RegexValidator(
    HANDLE_PATTERN,
    "expected a short handle of lower-case letters, digits, '-' or '_' (such as 'ana')",
)


def validate_not_reserved(value: str) -> None:
    if value in RESERVED_HANDLES:
        raise ValidationError(
            "%(value)r is reserved; choose another handle", params={"value": value}
        )


@functools.cache
def time_zones() -> frozenset[str]:
    """The IANA time zone names a runner may live in (the system's tz database), without the
    aliases that name no place: ``localtime`` (the server's own zone) and ``Factory``."""
    return frozenset(zoneinfo.available_timezones() - {"localtime", "Factory", "posixrules"})


def validate_time_zone(value: str) -> None:
    if value not in time_zones():
        raise ValidationError(
            "%(value)r is not a time zone; expected an IANA name such as 'Europe/Madrid' or "
            "'Australia/Sydney'",
            params={"value": value},
        )


def default_time_zone() -> str:
    """A new runner's time zone: ``INSIDEOUT_DEFAULT_TIME_ZONE`` (an IANA name), else UTC."""
    return str(getattr(settings, "INSIDEOUT_DEFAULT_TIME_ZONE", "") or "UTC")


class Coach(models.Model):
    """A person who screens runners and sees their profiles."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coach"
    )
    name = models.CharField("display name", max_length=120)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


# Sent by RunnerQuerySet.changed() with ``runner_ids`` (a frozenset), inside the writing
# transaction: how the training app learns whose advice summary to make again once the write
# commits (:mod:`insideout.training.summaries`), without this app knowing it exists.
runners_changed = Signal()


class CoachNotice(models.Model):
    """Something a coach is told that belongs to no runner's thread: a runner who deleted their
    account (their thread went with them), a runner moved to this coach. Shown on the dashboard
    until read (``/notices/``); a plain sentence, with no more of a deleted runner than their
    name and handle."""

    TEXT_MAX = 500

    coach = models.ForeignKey(Coach, on_delete=models.CASCADE, related_name="notices")
    text = models.CharField(max_length=TEXT_MAX)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.coach}: {self.text[:40]}"


class RunnerQuerySet(models.QuerySet["Runner"]):
    """Runner rows in bulk (who may see which is :mod:`insideout.people.access`'s)."""

    def changed(self) -> int:
        """Say that something these runners' advice reads has changed (see ``data_version``),
        and send :data:`runners_changed` with their ids.

        The new version is a fresh random number, not the old one plus one: a full ``save()`` of
        a runner loaded earlier writes its older version back, and a count could then come back
        to a number a stored summary was made at.
        """
        ids = frozenset(self.values_list("pk", flat=True))
        if not ids:
            return 0
        done = Runner.objects.filter(pk__in=ids).update(data_version=secrets.randbits(62) + 1)
        runners_changed.send(sender=Runner, runner_ids=ids)
        return done


class Runner(models.Model):
    """A runner coached by one coach, who may also log in to see their own data."""

    class Sex(models.TextChoices):
        FEMALE = core.Sex.FEMALE.value, "female"
        MALE = core.Sex.MALE.value, "male"
        UNSPECIFIED = core.Sex.UNSPECIFIED.value, "unspecified"

    # PROTECT: a coach who still has runners cannot be deleted (nor their login) until each
    # runner is moved to another coach, made self-coached, or deleted on purpose (issue 16).
    coach = models.ForeignKey(Coach, on_delete=models.PROTECT, related_name="runners")
    handle = models.CharField(max_length=40, validators=[handle_validator, validate_not_reserved])
    name = models.CharField("display name", max_length=120)
    sex = models.CharField(max_length=12, choices=Sex.choices, default=Sex.UNSPECIFIED)
    birth_year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="runner",
    )
    # The coach's own weekly distance cap for this runner (%); null: the method's default. Its
    # bounds are data (plan.yaml), checked by the core on the way in, not a database constraint.
    weekly_increase_pct = models.FloatField("weekly distance cap (%)", null=True, blank=True)
    # Where the runner lives: the day of an imported activity is the day there (a 23:30 run in
    # Sydney is that day's run). Changing it does not move runs already stored.
    time_zone = models.CharField(
        "time zone",
        max_length=64,
        default=default_time_zone,
        validators=[validate_time_zone],
        help_text="An IANA name such as 'Europe/Madrid': the day of an imported activity is "
        "the day there.",
    )
    # The days the runner can run and their minutes, as the history document holds them
    # (``{"mon": 45, "sat": 90, "sun": null}``: a day left out is not available, null is no time
    # limit); null: not said, the plan uses every day. Checked by the core on the way in
    # (insideout.core.records.AVAILABILITY); the runner themself and their coach may set it.
    availability = models.JSONField("availability", null=True, blank=True, default=None)
    # Renewed on every write to anything the runner's advice reads (screens, measures, runs,
    # strength sessions, pain reports, gate overrides, clearances, this row and its settings): a
    # stored summary of the advice made at another version is stale. See
    # :mod:`insideout.training.summaries`.
    data_version = models.PositiveBigIntegerField(default=0, editable=False)

    objects = RunnerQuerySet.as_manager()

    class Meta:
        ordering = ["name", "handle"]
        constraints = [
            models.UniqueConstraint(fields=["coach", "handle"], name="unique_handle_per_coach")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.handle})"

    def to_domain(self) -> core.Runner:
        """The runner as the core sees it: an id, a sex and a birth year."""
        return core.Runner(id=self.handle, sex=core.Sex(self.sex), birth_year=self.birth_year)

    def coach_settings(self) -> RunnerSettings:
        """What the coach set for this runner, as the core reads it."""
        return RunnerSettings.from_store(self.weekly_increase_pct)

    def days_available(self) -> Availability | None:
        """The runner's availability as the core reads it (None: not said). It was checked when
        it was stored; a value that no longer reads (written around the services, by hand) is
        taken as not said rather than breaking the runner's page."""
        issues: list[Issue] = []
        found = parse_availability(self.availability, ("availability",), issues)
        return None if issues else found


class Invite(models.Model):
    """A coach's invitation to a runner to log in: a link with a single-use token, valid for
    ``INSIDEOUT_INVITE_DAYS`` days. Only the token's SHA-256 is stored, so the table cannot be read
    back into working links; see :mod:`insideout.people.accounts`."""

    class State(models.TextChoices):
        PENDING = "pending", "waiting to be accepted"
        USED = "used", "accepted"
        EXPIRED = "expired", "expired"
        REVOKED = "revoked", "withdrawn"

    coach = models.ForeignKey(Coach, on_delete=models.CASCADE, related_name="invites")
    runner = models.ForeignKey(Runner, on_delete=models.CASCADE, related_name="invites")
    email = models.EmailField(max_length=254)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"invite of {self.runner} to {self.email}"

    def state(self, now: dt.datetime | None = None) -> Invite.State:
        """What the link does now: accepted and withdrawn first, then expired at ``expires_at``
        (the link works strictly before it)."""
        if self.used_at is not None:
            return Invite.State.USED
        if self.revoked_at is not None:
            return Invite.State.REVOKED
        if (now or timezone.now()) >= self.expires_at:
            return Invite.State.EXPIRED
        return Invite.State.PENDING


class ApiToken(models.Model):
    """A key an integrator sends as ``Authorization: Bearer <key>``: it acts as its one owner.
    Only the key's SHA-256 and its first characters (to tell keys apart in a list) are stored;
    the key itself is shown once, when it is made (:mod:`insideout.people.tokens`)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=80)
    prefix = models.CharField(max_length=8, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
