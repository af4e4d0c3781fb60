"""The evidence register as the core sees it, and how a rule states the strength of its source.

Every rule cites an evidence id. When the source is unverified (U) or a design choice of ours (D),
the rule's sentence says so: a coach must be able to tell a published cut-off from a convention.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

__all__ = ["Evidence", "EvidenceStatus", "caveat"]


class EvidenceStatus(StrEnum):
    VERIFIED = "V"
    SECONDARY = "S"
    UNVERIFIED = "U"
    DESIGN = "D"


@dataclass(frozen=True)
class Evidence:
    id: str
    status: EvidenceStatus
    fact: str
    source: str


def caveat(evidence_id: str, register: Mapping[str, Evidence]) -> str:
    """The clause a sentence carries for a weak source; empty for V and S."""
    ev = register.get(evidence_id)
    if ev is None or ev.status in (EvidenceStatus.VERIFIED, EvidenceStatus.SECONDARY):
        return ""
    if ev.status is EvidenceStatus.UNVERIFIED:
        return (
            f" This cut-off is unverified ({evidence_id}, status U: not yet checked against its "
            "primary source), so treat it as a guide, not a verdict."
        )
    return (
        f" This threshold is insideout's design choice ({evidence_id}, status D), built from the "
        "published figures it cites; a coach may change it."
    )
