"""Plain-dict views of core results: the JSON contract other tools read.

Field names here are a contract (issue 3): ``profile`` entries carry ``region``, ``side``, ``need``
and ``findings``; each finding carries ``rule``, ``test``, ``side``, ``value``, ``threshold``,
``kind``, ``evidence`` and ``text``. Extra fields may be added; these may not be renamed.
"""

from __future__ import annotations

from typing import Any

from insideout.core.profile import Change, Finding, Profile, RegionProfile

__all__ = ["change_dict", "finding_dict", "profile_dict", "region_dict"]


def finding_dict(f: Finding) -> dict[str, Any]:
    return {
        "rule": f.rule,
        "test": f.test,
        "side": f.side.value if f.side else None,
        "value": f.value,
        "threshold": f.threshold,
        "kind": f.kind.value,
        "evidence": f.evidence,
        "text": f.text,
        "basis": f.basis,
        "regions": [r.value for r in f.regions],
        "supporting": f.supporting,
        "redirected_by": f.redirected_by,
        "unverified": f.unverified,
    }


def region_dict(r: RegionProfile) -> dict[str, Any]:
    return {
        "region": r.region.value,
        "side": r.side.value,
        "need": r.need.value,
        "suggested": r.train.value,
        "findings": [finding_dict(f) for f in r.findings],
        "missing": list(r.missing),
        "reason": r.reason,
    }


def change_dict(c: Change) -> dict[str, Any]:
    return {
        "rule": c.rule,
        "test": c.test,
        "side": c.side.value if c.side else None,
        "before": round(c.before, 2),
        "after": round(c.after, 2),
        "error": c.error,
        "error_evidence": c.error_evidence,
        "verdict": c.verdict.value,
        "was_finding": c.was_finding,
        "is_finding": c.is_finding,
        "text": c.text,
    }


def profile_dict(p: Profile, changes: tuple[Change, ...] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "date": p.date.isoformat(),
        "oldest": p.since.isoformat(),
        "carried": [
            {"test": t, "side": s.value if s else None, "date": d.isoformat()}
            for t, s, d in p.carried
        ],
        "profile": [region_dict(r) for r in p.regions],
        "findings": [finding_dict(f) for f in p.findings],
        "hypermobile": p.hypermobile,
        "missing": list(p.missing),
    }
    if changes is not None:
        out["changes"] = [change_dict(c) for c in changes]
    return out
