"""The coach's controls on one runner: their own weekly distance cap, within bounds in data.

The method's weekly cap (``plan.weekly_increase_pct``) is a default. A coach may set a runner's
own cap anywhere within ``plan.weekly_increase_bounds`` (0 to 30%: rises above 30% over a 2-week
period looked riskier, EV-LOAD-WEEK30; the control itself is IO-COACH-WEEKLY-CAP, status D).
:func:`with_settings` returns the method with that cap in place, so the plan reads one number
wherever it comes from and its sentence says who set it. A value outside the bounds is refused
with an :class:`~insideout.core.errors.InputError` naming the field.

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
from insideout.core.method import Method, Setting
from insideout.core.records import SETTINGS, bind

__all__ = ["SETTINGS_FIELDS", "RunnerSettings", "check_cap", "parse_settings", "with_settings"]

Loc = tuple[str | int, ...]
SETTINGS_FIELDS = SETTINGS.names


@dataclass(frozen=True)
class RunnerSettings:
    """What a coach set for one runner; ``None`` keeps the method's default."""

    weekly_increase_pct: float | None = None


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
                f"{fmt(method.plan.weekly_increase_pct.value)}% ({b.evidence}), got {value!r}",
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


def with_settings(method: Method, settings: RunnerSettings) -> Method:
    """The method with the runner's own weekly cap, or :class:`InputError` naming the field."""
    if settings.weekly_increase_pct is None:
        return method
    issues: list[Issue] = []
    value = check_cap(settings.weekly_increase_pct, ("weekly_increase_pct",), method, issues)
    if value is None:
        raise InputError(issues)
    plan = method.plan
    default = plan.weekly_default if plan.weekly_default is not None else plan.weekly_increase_pct
    own = Setting(value, plan.weekly_increase_bounds.coach_evidence)
    return dataclasses.replace(
        method,
        plan=dataclasses.replace(plan, weekly_increase_pct=own, weekly_default=default),
    )
