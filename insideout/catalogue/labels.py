"""The words people read for the internal names: ``labels.yaml``, loaded and checked.

Rule ids (``plan.recovery_week``), run kinds (``run_walk``), pain sites (``front_thigh``), phases,
needs and regions are names for code and for the JSON; a page shows their labels instead. The
labels of exercises, screen tests and red flags come from their own catalogues (their ``name`` or
``label``), so each word is written once.

Like the other catalogue files, ``labels.yaml`` is validated with pydantic when loaded, and a
broken file stops the program naming the file and the key: an empty label, or a site, phase,
need, region, run kind or screen rule without one. Rule ids are written in the core's code, not in
a file, so a rule the core emits without a label cannot be caught here: :meth:`Labels.rule` then
gives its humanised name (never the raw id), and ``tests/unit/test_labels.py`` lists what is
still to label.
"""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from insideout.core.advise import Phase
from insideout.core.method import Method
from insideout.core.screen import Catalogue, Need, Region

from . import HERE, CatalogueError, load_catalogue, read_yaml, validate
from .method import load_method

__all__ = ["KINDS", "RUN_KINDS", "Labels", "RuleLabel", "humanise", "inline", "load_labels"]

# The kinds of run the running plan writes (insideout.core.plan.PlannedRun.kind).
RUN_KINDS = ("easy", "long", "speed", "run_walk")
# What :meth:`Labels.of` labels; the names of the template filter's argument.
KINDS = ("rule", "kind", "site", "phase", "need", "region", "verdict", "exercise", "test", "flag")
PLACEHOLDERS = frozenset({"flag", "region", "side", "test"})
FILE = "labels.yaml"
# What :meth:`Labels.plain` rewrites in a sentence: dotted rule ids and snake_case names.
DOTTED = re.compile(r"\b[a-z][a-z_]*(?:\.[a-z_]+)+\b")
SNAKE = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")
# The first part of a rule id the core writes (a screen test's id is one too).
NAMESPACES = frozenset({"plan", "pain", "gate", "programme", "red_flag", "screen"})
# Words kept capitalised inside a sentence.
PROPER = frozenset({"Achilles", "Beighton", "Thomas", "Y"})

Words = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Strict = ConfigDict(extra="forbid", frozen=True)


class RuleLabelFile(BaseModel):
    model_config = Strict
    label: Words
    holds: Words | None = None


class LabelsFile(BaseModel):
    model_config = Strict
    version: int = Field(ge=1)
    rules: dict[str, Words | RuleLabelFile]
    patterns: dict[str, Words] = {}
    run_kinds: dict[str, Words]
    sites: dict[str, Words]
    phases: dict[str, Words]
    needs: dict[str, Words]
    regions: dict[str, Words]
    verdicts: dict[str, Words]


@dataclass(frozen=True)
class RuleLabel:
    """A rule's label, and what it means for the runner when it holds them (if written)."""

    label: str
    holds: str | None = None


@dataclass(frozen=True)
class _Pattern:
    """``programme.regress.{region}``: literal parts and placeholders, matched part by part."""

    parts: tuple[str, ...]
    text: str

    def match(self, rule: str, fill: Mapping[str, Mapping[str, str]]) -> str | None:
        got = rule.split(".")
        if len(got) != len(self.parts):
            return None
        values: dict[str, str] = {}
        for part, word in zip(self.parts, got, strict=True):
            if part.startswith("{"):
                name = part[1:-1]
                known = fill.get(name)
                if known is None or word not in known:
                    return None
                values[name] = known[word]
            elif part != word:
                return None
        return self.text.format(**values)


def humanise(name: str) -> str:
    """A name nobody labelled, in words: ``plan.reference_week`` -> "Reference week".

    The first part of a dotted id is its namespace (``plan``, ``pain``, a test) and is left out.
    """
    parts = [p for p in name.split(".") if p]
    words = " ".join(parts[1:] if len(parts) > 1 else parts).replace("_", " ").strip()
    return words[:1].upper() + words[1:] if words else name


def inline(words: str) -> str:
    """A label inside a sentence: "Hip turns inward too little" -> "hip turns inward too little"."""
    first = words.split(" ", 1)[0]
    if re.fullmatch(r"[A-Z][a-z]+(?:-[a-z]+)*", first) and first not in PROPER:
        return words[:1].lower() + words[1:]
    return words


@dataclass(frozen=True)
class Labels:
    """Every label a page needs, by kind; :meth:`of` never returns a raw id."""

    rules: Mapping[str, RuleLabel]
    patterns: tuple[_Pattern, ...]
    run_kinds: Mapping[str, str]
    sites: Mapping[str, str]
    phases: Mapping[str, str]
    needs: Mapping[str, str]
    regions: Mapping[str, str]
    verdicts: Mapping[str, str]
    exercises: Mapping[str, str]
    tests: Mapping[str, str]
    flags: Mapping[str, str]

    def _fill(self) -> dict[str, Mapping[str, str]]:
        sides = {"left": "left", "right": "right", "both": "both"}
        return {"flag": self.flags, "region": self.regions, "side": sides, "test": self.tests}

    def known_rule(self, rule: str) -> str | None:
        """The rule's label if ``labels.yaml`` has one (directly or through a pattern)."""
        if rule in self.rules:
            return self.rules[rule].label
        fill = self._fill()
        return next((t for p in self.patterns if (t := p.match(rule, fill)) is not None), None)

    def rule(self, rule: str) -> str:
        return self.known_rule(rule) or humanise(rule)

    def holds(self, rule: str, verdict: str) -> str:
        """ "Recovery week: volume eases this week" — the rule and what it means while it holds."""
        entry = self.rules.get(rule)
        words = entry.holds if entry and entry.holds else self.of("verdict", verdict)
        return f"{self.rule(rule)}: {words}"

    def of(self, kind: str, name: object) -> str:
        """The label of ``name`` as a ``kind`` (one of :data:`KINDS`); humanised when unknown."""
        key = "" if name is None else str(name)
        if kind == "rule":
            return self.rule(key)
        table: Mapping[str, str] = {
            "kind": self.run_kinds,
            "site": self.sites,
            "phase": self.phases,
            "need": self.needs,
            "region": self.regions,
            "verdict": self.verdicts,
            "exercise": self.exercises,
            "test": self.tests,
            "flag": self.flags,
        }.get(kind, {})
        return table.get(key) or key.replace("_", " ")

    def known_name(self, name: str) -> str | None:
        """The label of a snake_case name from any catalogue (a test, a site, an exercise…)."""
        for table in (self.tests, self.exercises, self.flags, self.sites, self.regions):
            if name in table:
                return table[name]
        return self.run_kinds.get(name) or self.phases.get(name)

    def plain(self, text: str) -> str:
        """A sentence of the core with its rule ids and snake_case names in words.

        Only names that look like ours change: a dotted id whose first part is a rule namespace
        or a screen test ("e.g." and "1.05" stay), and any snake_case word.
        """

        def dotted(m: re.Match[str]) -> str:
            name = m.group(0)
            known = self.known_rule(name)
            if known is not None:
                return inline(known)
            first = name.split(".", 1)[0]
            return inline(humanise(name)) if first in NAMESPACES or first in self.tests else name

        def snake(m: re.Match[str]) -> str:
            name = m.group(0)
            return inline(self.known_name(name) or name.replace("_", " "))

        return SNAKE.sub(snake, DOTTED.sub(dotted, text))


def _require(path: Path, section: str, have: Mapping[str, str], names: Iterable[str]) -> None:
    missing = [n for n in names if n not in have]
    if missing:
        raise CatalogueError(path, f"{section}.{missing[0]}", f"no label (missing: {missing})")


def _no_extra(path: Path, section: str, have: Mapping[str, str], names: Iterable[str]) -> None:
    extra = sorted(set(have) - set(names))
    if extra:
        raise CatalogueError(path, f"{section}.{extra[0]}", "unknown name (a typo?)")


def _patterns(path: Path, raw: Mapping[str, str]) -> tuple[_Pattern, ...]:
    out = []
    for key, text in raw.items():
        parts = tuple(key.split("."))
        names = {p[1:-1] for p in parts if p.startswith("{")}
        used = {f for _, f, _, _ in string.Formatter().parse(text) if f}
        bad = (names | used) - PLACEHOLDERS
        if bad or used - names or not all(re.fullmatch(r"[a-z_]+|\{[a-z]+\}", p) for p in parts):
            allowed = ", ".join("{" + p + "}" for p in sorted(PLACEHOLDERS))
            raise CatalogueError(path, f"patterns.{key}", f"bad placeholder; allowed: {allowed}")
        out.append(_Pattern(parts, text))
    return tuple(out)


def _build(path: Path, doc: LabelsFile, catalogue: Catalogue, method: Method) -> Labels:
    rules = {
        k: RuleLabel(v) if isinstance(v, str) else RuleLabel(v.label, v.holds)
        for k, v in doc.rules.items()
    }
    screen_rules = [r.id for t in catalogue.tests.values() for r in t.rules]
    missing = [r for r in screen_rules if r not in rules]
    if missing:
        raise CatalogueError(path, f"rules.{missing[0]}", f"no label (missing: {missing})")
    checks: tuple[tuple[str, Mapping[str, str], Iterable[str]], ...] = (
        ("run_kinds", doc.run_kinds, RUN_KINDS),
        ("sites", doc.sites, method.pain.sites),
        ("phases", doc.phases, [p.value for p in Phase]),
        ("needs", doc.needs, [n.value for n in Need]),
        ("regions", doc.regions, [r.value for r in Region]),
    )
    for section, have, names in checks:
        _require(path, section, have, names)
        _no_extra(path, section, have, names)
    return Labels(
        rules=rules,
        patterns=_patterns(path, doc.patterns),
        run_kinds=doc.run_kinds,
        sites=doc.sites,
        phases=doc.phases,
        needs=doc.needs,
        regions=doc.regions,
        verdicts=doc.verdicts,
        exercises={k: e.name for k, e in method.exercises.items()},
        tests={k: t.name for k, t in catalogue.tests.items()},
        flags={k: f.label for k, f in method.red_flags.items()},
    )


def load_labels(
    root: Path | str | None = None,
    catalogue: Catalogue | None = None,
    method: Method | None = None,
) -> Labels:
    """Load and check ``labels.yaml`` against the catalogue and method (cached by default)."""
    if root is None and catalogue is None and method is None:
        return _default()
    base = HERE if root is None else Path(root)
    cat = catalogue if catalogue is not None else load_catalogue()
    return _load(base, cat, method if method is not None else load_method(catalogue=cat))


@functools.cache
def _default() -> Labels:
    return _load(HERE, load_catalogue(), load_method())


def _load(root: Path, catalogue: Catalogue, method: Method) -> Labels:
    path = root / FILE
    doc = validate(LabelsFile, read_yaml(path), path)
    return _build(path, doc, catalogue, method)
