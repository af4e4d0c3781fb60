"""A screen and its measures as stored rows; ``to_domain()`` hands the core a plain ``Screen``.

The rows hold the measured values only, checked against the catalogue on the way in (through the
core's parser, see :mod:`insideout.screening.services`); nothing judged by a rule is stored.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from typing_extensions import TypeVar

from insideout.catalogue import load_catalogue
from insideout.core import screen as core
from insideout.people.models import Runner

__all__ = ["Measure", "Screen", "validate_test_id"]


def validate_test_id(value: str) -> None:
    """A measure names a test a person can enter (derived tests are computed, not stored)."""
    known = [t.id for t in load_catalogue().enterable]
    if value not in known:
        raise ValidationError(
            "unknown test %(value)r; expected one of: %(known)s",
            params={"value": value, "known": ", ".join(known)},
        )


# A row: a Screen, or a Screen with what ``annotate()`` added (``n`` on the runner's page), which
# django-stubs then keeps through iteration.
_Row = TypeVar("_Row", bound="Screen", covariant=True, default="Screen")


class ScreenQuerySet(models.QuerySet["Screen", _Row]):
    def measured(self) -> ScreenQuerySet[_Row]:
        """Screens with at least one measure: a screen started and left empty says nothing."""
        return self.filter(models.Exists(Measure.objects.filter(screen=models.OuterRef("pk"))))


class Screen(models.Model):
    """One session of the movement screen for one runner on one day."""

    runner = models.ForeignKey(Runner, on_delete=models.CASCADE, related_name="screens")
    date = models.DateField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScreenQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]
        get_latest_by = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.runner.handle} {self.date.isoformat()}"

    def to_domain(self) -> core.Screen:
        """The screen as the core reads it: runner, date and measures."""
        return core.Screen(
            runner=self.runner.to_domain(),
            date=self.date,
            measures=tuple(m.to_domain() for m in self.measures.all()),
        )

    def previous(self) -> Screen | None:
        """The runner's measured screen just before this one (by date, then by entry order)."""
        earlier = (
            Screen.objects.measured()
            .filter(runner_id=self.runner_id)
            .filter(models.Q(date__lt=self.date) | models.Q(date=self.date, id__lt=self.pk))
        )
        return earlier.order_by("-date", "-id").first()


class MeasureQuerySet(models.QuerySet["Measure"]):
    def bulk_create(self, objs: Iterable[Measure], *args: Any, **kwargs: Any) -> list[Measure]:
        """Store measures at once; their runners' advice has changed (no save signal is sent)."""
        made = super().bulk_create(objs, *args, **kwargs)
        screens = {m.screen_id for m in made}
        if screens:
            Runner.objects.filter(screens__in=screens).changed()
        return made


class Measure(models.Model):
    """One measured value: a test, a side ("" for whole-body tests), the value and pain."""

    class Side(models.TextChoices):
        LEFT = core.Side.LEFT.value, "left"
        RIGHT = core.Side.RIGHT.value, "right"
        NONE = "", "whole body"

    screen = models.ForeignKey(Screen, on_delete=models.CASCADE, related_name="measures")
    test = models.CharField(max_length=64, validators=[validate_test_id])
    side = models.CharField(max_length=5, choices=Side.choices, blank=True, default="")
    value = models.FloatField()
    pain = models.BooleanField(default=False)

    objects = MeasureQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["screen", "test", "side"], name="unique_measure_per_screen"
            )
        ]

    def __str__(self) -> str:
        return f"{self.test} {self.side or 'whole body'} = {self.value:g}"

    # The fields the core reads, in the order of :meth:`domain_of`'s row: the advice loads them
    # with ``values_list(*DOMAIN)`` (insideout.training.advice), a row's ``to_domain()`` the same.
    DOMAIN: ClassVar[tuple[str, ...]] = ("test", "side", "value", "pain")

    @staticmethod
    def domain_of(row: tuple[Any, ...]) -> core.Measure:
        test, side, value, pain = row
        return core.Measure(
            test=test, side=core.Side(side) if side else None, value=value, pain=pain
        )

    def to_domain(self) -> core.Measure:
        return Measure.domain_of((self.test, self.side, self.value, self.pain))

    @classmethod
    def from_domain(cls, screen: Screen, measure: core.Measure) -> Measure:
        return cls(
            screen=screen,
            test=measure.test,
            side=measure.side.value if measure.side else "",
            value=measure.value,
            pain=measure.pain,
        )
