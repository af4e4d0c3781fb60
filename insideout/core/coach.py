"""The coach's controls on one runner: their own weekly distance cap, within bounds in data.

The method's weekly cap (``plan.weekly_increase_pct``) is a default. A coach may set a runner's
own cap anywhere within ``plan.weekly_increase_bounds`` (0 to 30%: rises above 30% over a 2-week
period looked riskier, EV-LOAD-WEEK30; the control itself is IO-COACH-WEEKLY-CAP, status D).
:func:`with_settings` returns the method with that cap in force, so the plan reads one number
(``PlanRules.weekly_increase_pct``, always the cap in force) wherever it comes from and its
sentence says who set it.

Input and storage are told apart, because the bounds are data and may narrow after a coach set a
cap. *Input* (a form, the API, a history file: :func:`parse_settings`, or ``RunnerSettings(x)``)
outside the bounds is refused with an :class:`~insideout.core.errors.InputError` naming the
field. A value *read back from storage* (``RunnerSettings.from_store(x)``, what the adapters
build from the database) was checked when it was set: outside today's bounds it is clamped into
them and the plan's sentence says so ("your coach set 25%, the method now allows at most 20%: 20%
applies"), so a stored setting never breaks a page.

The other control, unlocking or re-locking technique work with a reason, is part of the runner's
history (:class:`~insideout.core.history.GateOverride`) and is applied by the gate.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass

from insideout.core.decision import fmt
from insideout.core.errors import InputError, Issue
from insideout.core.method import Bounds, Method, PlanRules, Setting
from insideout.core.records import SETTINGS, SETTINGS_CHANGE, bind

__all__ = [
    "SETTINGS_FIELDS",
    "RunnerSettings",
    "SettingsChange",
    "check_cap",
    "clamp_cap",
    "default_cap",
    "parse_settings",
    "parse_settings_change",
    "with_settings",
]

Loc = tuple[str | int, ...]
SETTINGS_FIELDS = SETTINGS.names


@dataclass(frozen=True)
class RunnerSettings:
    """What a coach set for one runner; ``None`` keeps the method's default.

    ``stored`` is true for settings read back from storage (build them with :meth:`from_store`):
    :func:`with_settings` clamps those into the bounds instead of refusing them.
    """

    weekly_increase_pct: float | None = None
    stored: bool = False

    @classmethod
    def from_store(cls, weekly_increase_pct: float | None) -> RunnerSettings:
        """Settings read back from storage: checked when set, clamped if the bounds narrowed."""
        return cls(weekly_increase_pct, stored=True)


def default_cap(plan: PlanRules) -> Setting:
    """The method's default weekly cap (plan.yaml), whether or not a runner's own is in force."""
    return plan.weekly_default if plan.weekly_default is not None else plan.weekly_increase_pct


def check_cap(value: object, loc: Loc, method: Method, issues: list[Issue]) -> float | None:
    """A weekly cap within the method's bounds, or an issue at ``loc`` saying which bounds."""
    b = method.plan.weekly_increase_bounds
    spec = bind(SETTINGS, method)["weekly_increase_pct"]
    ok = not isinstance(value, bool) and isinstance(value, int | float) and math.isfinite(value)
    if not ok or not spec.accepts(float(value)):  # type: ignore[arg-type]
        issues.append(
            Issue(
                loc,
                f"expected {spec.expected} or null for the default of "
                f"{fmt(default_cap(method.plan).value)}% ({b.evidence}), got {value!r}",
            )
        )
        return None
    return float(value)  # type: ignore[arg-type]


def parse_settings(
    raw: object, method: Method, loc: Loc, issues: list[Issue]
) -> RunnerSettings | None:
    """Read ``{"weekly_increase_pct": 8}`` (or null, or ``{}``: the defaults)."""
    if raw is None:
        return RunnerSettings()
    if not isinstance(raw, Mapping):
        issues.append(
            Issue(loc, f"expected an object with {', '.join(SETTINGS_FIELDS)}, got {raw!r}")
        )
        return None
    before = len(issues)
    extra = sorted(set(raw) - set(SETTINGS_FIELDS))
    if extra:
        issues.append(
            Issue(
                loc,
                f"unexpected field(s) {', '.join(map(repr, extra))}; expected "
                f"{', '.join(SETTINGS_FIELDS)}",
            )
        )
    cap = raw.get("weekly_increase_pct")
    value = None if cap is None else check_cap(cap, (*loc, "weekly_increase_pct"), method, issues)
    if len(issues) > before:
        return None
    return RunnerSettings(weekly_increase_pct=value)


@dataclass(frozen=True)
class SettingsChange:
    """The coach's settings as a page or the API changes them: the new settings, whether the cap
    changes (``changes``: given, and not the one stored), and the reason for it."""

    settings: RunnerSettings
    changes: bool
    reason: str | None


def _reason(raw: Mapping[str, object], loc: Loc, required: bool, issues: list[Issue]) -> str | None:
    """The reason for a change (trimmed), within its length; required when the cap changes."""
    spec = SETTINGS_CHANGE["reason"]
    value = raw.get(spec.name)
    where = (*loc, spec.name)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            issues.append(
                Issue(where, f"required when the weekly cap changes: expected {spec.expected}, "
                      f"got {value!r}")
            )  # fmt: skip
        return None
    if not isinstance(value, str):
        issues.append(Issue(where, f"expected {spec.expected}, got {value!r}"))
        return None
    text = value.strip()
    low, high = spec.min_length or 1, spec.max_length or len(text)
    if not low <= len(text) <= high:
        issues.append(Issue(where, f"expected {spec.expected}, got {len(text)} characters"))
        return None
    return text


def parse_settings_change(
    raw: object, method: Method, current: float | None, loc: Loc, issues: list[Issue]
) -> SettingsChange | None:
    """Read ``{"weekly_increase_pct": 8, "reason": "..."}`` against the cap stored now
    (``current``, None for the default): a cap that changes needs a reason (IO-CAP-CHANGE); a
    reason given without a change is checked and not needed."""
    if not isinstance(raw, Mapping):
        issues.append(
            Issue(loc, f"expected an object with {', '.join(SETTINGS_CHANGE.names)}, got {raw!r}")
        )
        return None
    before = len(issues)
    extra = sorted(set(raw) - set(SETTINGS_CHANGE.names))
    if extra:
        issues.append(
            Issue(
                loc,
                f"unexpected field(s) {', '.join(map(repr, extra))}; expected "
                f"{', '.join(SETTINGS_CHANGE.names)}",
            )
        )
    cap = raw.get("weekly_increase_pct")
    value = None if cap is None else check_cap(cap, (*loc, "weekly_increase_pct"), method, issues)
    changes = "weekly_increase_pct" in raw and len(issues) == before and value != current
    reason = _reason(raw, loc, changes, issues)
    if len(issues) > before:
        return None
    return SettingsChange(RunnerSettings(weekly_increase_pct=value), changes, reason)


def clamp_cap(value: float, bounds: Bounds) -> float | None:
    """A stored cap brought within ``bounds`` (None for a stored value that is not a number)."""
    if math.isnan(value):
        return None
    return min(max(value, bounds.low), bounds.high)


def with_settings(method: Method, settings: RunnerSettings) -> Method:
    """The method with the runner's own weekly cap in force.

    Input outside the bounds raises :class:`InputError` naming the field; a stored value outside
    them is clamped into them (not a number: the default stays in force), and
    ``plan.weekly_coach_pct`` keeps what the coach set so that the plan's sentence can say so.
    """
    asked = settings.weekly_increase_pct
    if asked is None:
        return method
    plan = method.plan
    if settings.stored:
        value = clamp_cap(asked, plan.weekly_increase_bounds)
    else:
        issues: list[Issue] = []
        value = check_cap(asked, ("weekly_increase_pct",), method, issues)
        if value is None:
            raise InputError(issues)
    default = default_cap(plan)
    own = default if value is None else Setting(value, plan.weekly_increase_bounds.coach_evidence)
    return dataclasses.replace(
        method,
        plan=dataclasses.replace(
            plan, weekly_increase_pct=own, weekly_default=default, weekly_coach_pct=float(asked)
        ),
    )
