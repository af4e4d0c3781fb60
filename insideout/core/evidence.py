"""The evidence register as the core sees it, and how a rule states the strength of its source.

Every rule cites an evidence id. When the source is unverified (U) or a design choice of ours (D),
the rule's sentence says so: a coach must be able to tell a published cut-off from a convention.

Most ids come with the method's data (``plan.yaml``, the screen files), checked when they load. The
few the code itself cites are listed in :data:`CODE_EVIDENCE`; the catalogue loader refuses to
start when one of them is not in the register, and ``tests/unit/test_evidence_ids.py`` keeps the
list complete. So an id reaching :func:`caveat` is always known.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

__all__ = ["CODE_EVIDENCE", "Evidence", "EvidenceStatus", "caveat"]

#: Every evidence id written in the core's code (not its data), checked when the catalogue loads.
CODE_EVIDENCE = (
    "EV-BEIGHTON-RULE",  # profile: hypermobility redirects a mobility need to stability
    "EV-F-ACWR-EWMA",  # load: the figures shown as context (never a rule)
    "EV-F-ACWR-ROLL",
    "EV-F-MONO",
    "EV-F-SRPE",
    "EV-F-STRAIN",
    "EV-LOAD-ACWR-DISMISS",
    "EV-LOAD-DELOAD",  # plan: recovery weeks are a convention (the sentence says so)
    "EV-PAIN-BAD",  # pain: a red flag under a name the method no longer lists
    "EV-RED-CARDIAC",  # programme: a cardiac sign pauses all exercise
    "EV-TECH-180-ELITE",  # gate: step rate rises with speed, so the baseline is the easy pace's
    "IO-BSI-NO-IMPACT",  # programme, red flags: no hopping while a bone-stress warning stands
    "IO-NO-ERROR-MARGIN",  # block: a design margin, no published error: the report calls no change
    "IO-NORM-AGE",  # profile: a norm by age is not applied when the age is not known
    "IO-ORDINAL-CHANGE",
    "IO-PAIN-AFTER",  # pain: pain just after a run is judged by the during limit
    "IO-PAIN-REFER-UNTIL-CLEARED",  # pain: a pain referral stands until a clearance
    "IO-SCREEN-PAIN",  # profile: pain during a screening test is recorded, not scored
    "IO-SCREEN-UNVERIFIED",  # profile: an unverified cut-off suggests work, gates nothing
)


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
    """The clause a sentence carries for a weak source; empty for V and S.

    An id not in the register is a bug (ids are checked when the catalogue loads): it raises
    :class:`LookupError` rather than lose the caveat silently.
    """
    ev = register.get(evidence_id)
    if ev is None:
        raise LookupError(f"unknown evidence id {evidence_id!r}: not in the evidence register")
    if ev.status in (EvidenceStatus.VERIFIED, EvidenceStatus.SECONDARY):
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
