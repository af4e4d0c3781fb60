"""The catalogue: the method's numbers as versioned data files, loaded and validated once.

Files (all YAML, beside this module):

* ``evidence.yaml`` and ``design.yaml`` — the evidence register (ids, status V/S/U/D, sources).
* ``screen/<test>.yaml`` — one movement-screen test each: protocol, units, ranges and rules.
* ``regions.yaml`` — which tests a region needs before its verdict can be "none".
* ``labels.yaml`` — the words people read for rule ids, run kinds, sites, phases, needs and
  regions (:func:`insideout.catalogue.labels.load_labels`).

A broken file stops the program at start with :class:`CatalogueError`, naming the file, the entry
and the field. The core never reads files; this module turns the data into core dataclasses.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from insideout.core.errors import InsideoutError
from insideout.core.evidence import CODE_EVIDENCE, Evidence, EvidenceStatus
from insideout.core.profile import TEMPLATE_WORDS
from insideout.core.screen import (
    Band,
    Better,
    Catalogue,
    Comparison,
    Derivation,
    LinearNorm,
    MobilityFirst,
    Need,
    Quality,
    Quantity,
    Region,
    Rule,
    RuleKind,
    ScreenTest,
    Sex,
)

from .schema import EvidenceEntry, RuleFile, TestFile

__all__ = ["HERE", "CatalogueError", "load_catalogue", "read_yaml"]

HERE = Path(__file__).resolve().parent
M = TypeVar("M", bound=BaseModel)


class CatalogueError(InsideoutError):
    """A catalogue file is missing, unreadable or does not fit its schema."""

    def __init__(self, path: Path | str, where: str, message: str) -> None:
        self.path, self.where = str(path), where
        super().__init__(f"{path}: {where}: {message}" if where else f"{path}: {message}")


def read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.safe_load(fh)
    except OSError as e:
        raise CatalogueError(path, "", f"cannot read file ({e.strerror})") from e
    except yaml.YAMLError as e:
        raise CatalogueError(path, "", f"not valid YAML ({e})") from e


def _loc(loc: Iterable[int | str]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def validate(model: type[M], raw: Any, path: Path, entry: str = "") -> M:
    """Validate one entry; a failure names the file, the entry and the field."""
    try:
        return model.model_validate(raw)
    except ValidationError as e:
        err = e.errors()[0]
        field = _loc(err["loc"])
        where = " ".join(p for p in (entry, field) if p)
        raise CatalogueError(
            path, where or "(top)", f"{err['msg']} (got {err.get('input')!r})"
        ) from e


def _evidence(root: Path) -> dict[str, Evidence]:
    out: dict[str, Evidence] = {}
    for name in ("evidence.yaml", "design.yaml"):
        path = root / name
        doc = read_yaml(path)
        if not isinstance(doc, dict) or not isinstance(doc.get("evidence"), list):
            raise CatalogueError(path, "evidence", "expected a list of evidence entries")
        for i, raw in enumerate(doc["evidence"]):
            e = validate(EvidenceEntry, raw, path, f"evidence[{i}]")
            if e.id in out:
                raise CatalogueError(path, f"evidence[{i}].id", f"duplicate id {e.id!r}")
            out[e.id] = Evidence(e.id, EvidenceStatus(e.status), e.fact, e.source)
    return out


def _check_ids(path: Path, where: str, ids: Iterable[str], known: Mapping[str, Evidence]) -> None:
    for ev in ids:
        if ev not in known:
            raise CatalogueError(path, where, f"unknown evidence id {ev!r}")


def _check_template(path: Path, where: str, text: str) -> None:
    try:
        text.format(**{w: "x" for w in TEMPLATE_WORDS})
    except (KeyError, IndexError, ValueError) as e:
        allowed = ", ".join("{" + w + "}" for w in TEMPLATE_WORDS)
        raise CatalogueError(path, where, f"bad placeholder {e}; allowed: {allowed}") from e


def _rule(r: RuleFile) -> Rule:
    return Rule(
        id=r.id,
        kind=RuleKind(r.kind),
        quantity=Quantity(r.quantity),
        op=Comparison(r.op),
        threshold=r.threshold,
        bands=tuple(
            Band(b.value, Sex(b.sex) if b.sex else None, b.min_age, b.max_age) for b in r.bands
        ),
        also=tuple((Quantity(a.quantity), Comparison(a.op), a.threshold) for a in r.also),
        need=Need(r.need) if r.need else None,
        evidence=r.evidence,
        sources=tuple(r.sources),
        error=r.error,
        error_evidence=r.error_evidence,
        supporting=r.supporting,
        text=r.text,
        norm=LinearNorm(**r.norm.model_dump()) if r.norm else None,
    )


def _test(t: TestFile) -> ScreenTest:
    return ScreenTest(
        id=t.id,
        name=t.name,
        regions=tuple(Region(r) for r in t.regions),
        quality=Quality(t.quality),
        unit=t.unit,
        per_side=t.per_side,
        equipment=tuple(t.equipment),
        protocol=tuple(t.protocol),
        min_value=t.range.min,
        max_value=t.range.max,
        integer=t.range.integer,
        better=Better(t.better),
        rules=tuple(_rule(r) for r in t.rules),
        evidence=tuple(t.evidence),
        summary=t.summary,
        watch_for=tuple(t.watch_for),
        pain_value=t.pain_value,
        derived=(
            Derivation(
                t.derived.formula, tuple(t.derived.inputs), t.derived.per, t.derived.evidence
            )
            if t.derived
            else None
        ),
        scored_as=t.scored_as,
        mobility_first=(
            MobilityFirst(t.mobility_first.test, t.mobility_first.evidence)
            if t.mobility_first
            else None
        ),
        alternative_to=t.alternative_to,
    )


def _tests(root: Path, evidence: Mapping[str, Evidence]) -> dict[str, ScreenTest]:
    tests: dict[str, ScreenTest] = {}
    files = sorted((root / "screen").glob("*.yaml"))
    if not files:
        raise CatalogueError(root / "screen", "", "no screen test files found")
    raw_by_file = {path: validate(TestFile, read_yaml(path), path) for path in files}
    for path, tf in raw_by_file.items():
        if tf.id != path.stem:
            raise CatalogueError(
                path, "id", f"expected {path.stem!r} (the file name), got {tf.id!r}"
            )
        _check_ids(path, "evidence", tf.evidence, evidence)
        for i, r in enumerate(tf.rules):
            _check_ids(path, f"rules[{i}].evidence", [r.evidence, *r.sources], evidence)
            _check_ids(path, f"rules[{i}].error_evidence", [r.error_evidence], evidence)
            _check_template(path, f"rules[{i}].text", r.text)
        tests[tf.id] = _test(tf)
    for path, tf in raw_by_file.items():
        if tf.derived:
            for name in [*tf.derived.inputs, tf.derived.per]:
                if name not in tests:
                    raise CatalogueError(path, "derived.inputs", f"unknown test {name!r}")
            _check_ids(path, "derived.evidence", [tf.derived.evidence], evidence)
        if tf.mobility_first:
            if tf.mobility_first.test not in tests:
                raise CatalogueError(
                    path, "mobility_first.test", f"unknown test {tf.mobility_first.test!r}"
                )
            _check_ids(path, "mobility_first.evidence", [tf.mobility_first.evidence], evidence)
        if tf.alternative_to:
            _check_alternative(path, tf, raw_by_file)
    return tests


def _check_alternative(path: Path, tf: TestFile, files: Mapping[Path, TestFile]) -> None:
    """A test stands for another that exists, is measured the same way (regions, sides) and
    stands for no third test."""
    other = next((f for f in files.values() if f.id == tf.alternative_to), None)
    if other is None:
        raise CatalogueError(path, "alternative_to", f"unknown test {tf.alternative_to!r}")
    if other.alternative_to or (other.regions, other.per_side) != (tf.regions, tf.per_side):
        raise CatalogueError(
            path,
            "alternative_to",
            f"{other.id!r} must have the same regions and sides and stand for no other test",
        )


def _ordered(root: Path, tests: dict[str, ScreenTest]) -> dict[str, ScreenTest]:
    """The tests in the guided-screen order of regions.yaml; every test must be listed once."""
    path = root / "regions.yaml"
    doc = read_yaml(path)
    order = doc.get("order") if isinstance(doc, dict) else None
    if not isinstance(order, list):
        raise CatalogueError(path, "order", "expected the list of test ids in screening order")
    for i, name in enumerate(order):
        if name not in tests:
            raise CatalogueError(path, f"order[{i}]", f"unknown test {name!r}")
    if len(set(order)) != len(order) or set(order) != set(tests):
        left = sorted(set(tests) - set(order))
        raise CatalogueError(path, "order", f"list each test exactly once; not listed: {left}")
    return {name: tests[name] for name in order}


def _regions(root: Path, tests: Mapping[str, ScreenTest]) -> dict[Region, tuple[str, ...]]:
    path = root / "regions.yaml"
    doc = read_yaml(path)
    regions = doc.get("regions") if isinstance(doc, dict) else None
    if not isinstance(regions, dict):
        raise CatalogueError(path, "regions", "expected a mapping of region to test ids")
    out: dict[Region, tuple[str, ...]] = {}
    for name, ids in regions.items():
        try:
            region = Region(name)
        except ValueError:
            raise CatalogueError(path, f"regions.{name}", "unknown region") from None
        for t in ids:
            if t not in tests:
                raise CatalogueError(path, f"regions.{name}", f"unknown test {t!r}")
        out[region] = tuple(ids)
    return out


def load_catalogue(root: Path | str | None = None) -> Catalogue:
    """Load and validate every catalogue file (cached for the default location)."""
    if root is None:
        return _default()
    return _load(Path(root))


@functools.cache
def _default() -> Catalogue:
    return _load(HERE)


def _load(root: Path) -> Catalogue:
    evidence = _evidence(root)
    # the ids the core's code cites (not its data): insideout.core.evidence.CODE_EVIDENCE
    _check_ids(root / "evidence.yaml", "cited by insideout.core", CODE_EVIDENCE, evidence)
    tests = _ordered(root, _tests(root, evidence))
    return Catalogue(
        tests=tests, evidence=evidence, region_tests=_regions(root, tests), version=str(len(tests))
    )
