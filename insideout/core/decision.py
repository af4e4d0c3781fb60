"""A decision that explains itself: which rule, what it saw, against what, on which evidence.

Every choice the advice makes (a guard that fires, a cap that binds, a gate that stays shut) is
one :class:`Decision`. The runner and the coach read ``text``; tools read the rest.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from insideout.core.evidence import Evidence, caveat

__all__ = ["Decision", "DecisionVerdict", "decide", "fmt"]


class DecisionVerdict(StrEnum):
    PROGRESS = "progress"
    HOLD = "hold"
    CUT = "cut"
    STOP = "stop"
    REFER = "refer"
    UNLOCK = "unlock"
    LOCK = "lock"


@dataclass(frozen=True)
class Decision:
    rule: str
    verdict: DecisionVerdict
    value: float | str | None
    threshold: float | None
    evidence: str
    text: str


def fmt(x: float) -> str:
    """A number as people write it: 5, 5.5, 12.3."""
    return f"{round(x, 1):g}"


def decide(
    rule: str,
    verdict: DecisionVerdict,
    value: float | str | None,
    threshold: float | None,
    evidence: str,
    text: str,
    register: Mapping[str, Evidence],
) -> Decision:
    """A decision whose sentence carries the caveat of a U or D source. The value is kept to two
    decimals and the threshold to six, rid of floating-point noise (110% of a reference is 110,
    not 110.00000000000001; a cut to 70% of 20.001 km is 14.0007, not 14.000699999999997)."""
    if isinstance(value, float):
        value = round(value, 2)
    if isinstance(threshold, float):
        threshold = round(threshold, 6)
    return Decision(rule, verdict, value, threshold, evidence, text + caveat(evidence, register))
