"""Profiles arranged for reading: region rows with both sides, and a one-line summary.

Only arrangement and wording of what the core decided; no rule, threshold or need is worked out
here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from insideout.catalogue.labels import load_labels
from insideout.core.profile import Finding, Profile, RegionProfile
from insideout.core.screen import Catalogue, Need, Quantity, Region, Side

__all__ = ["FindingRow", "RegionRow", "finding_rows", "region_name", "region_rows", "summary"]


def region_name(region: Region) -> str:
    """The region's label ("foot/ankle"), from the labels catalogue."""
    return load_labels().of("region", region.value)


@dataclass(frozen=True)
class RegionRow:
    name: str
    left: RegionProfile
    right: RegionProfile


def region_rows(profile: Profile) -> list[RegionRow]:
    """One row per region with its left and right side, in the core's region order."""
    return [
        RegionRow(region_name(r), profile.region(r, Side.LEFT), profile.region(r, Side.RIGHT))
        for r in Region
    ]


def summary(profile: Profile) -> str:
    """One line for the dashboard: which sides need what, hypermobility, what is missing."""
    parts: list[str] = []
    for need in (Need.MOBILITY, Need.STABILITY, Need.BOTH):
        where = [
            f"{r.side.value} {region_name(r.region)}" for r in profile.regions if r.need is need
        ]
        if where:
            label = "mobility and stability" if need is Need.BOTH else need.value
            parts.append(f"more {label}: {', '.join(where)}")
    if not parts:
        balanced = all(r.need is Need.NONE for r in profile.regions)
        parts.append("no need found" if balanced else "no need found so far")
    if profile.hypermobile:
        parts.append("hypermobile")
    if profile.missing:
        n = len(profile.missing)
        parts.append(f"{n} test{'s' if n != 1 else ''} not measured")
    return "; ".join(parts)


@dataclass(frozen=True)
class FindingRow:
    finding: Finding
    test_name: str
    unit: str


def finding_rows(findings: Iterable[Finding], catalogue: Catalogue) -> list[FindingRow]:
    """Findings with their test's name and the unit of their value (a symmetry index is in %)."""
    rows = []
    for f in findings:
        test = catalogue.tests[f.test]
        rule = next((r for r in test.rules if r.id == f.rule), None)
        lsi = rule is not None and rule.quantity is Quantity.LSI
        rows.append(FindingRow(f, test.name, "%" if lsi else test.unit))
    return rows
