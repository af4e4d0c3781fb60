"""Every internal name people could read has a label: rules, run kinds, sites, phases, needs,
regions, exercises, screen tests and red flags (``insideout/catalogue/labels.yaml``).

Rule ids live in the core's code, so they are found two ways: by reading the core's source for
the ids it writes (``decide("plan.spike", …)``, ``f"red_flag.{name}"``), and by advising over
histories that reach the stops, cuts, referrals, clearances and the gate. A failure lists every
id still to label, ready to paste into ``labels.yaml``.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
from collections.abc import Iterable
from pathlib import Path

import pytest

from insideout.catalogue import HERE, CatalogueError, load_catalogue
from insideout.catalogue.labels import RUN_KINDS, humanise, load_labels
from insideout.catalogue.method import load_method
from insideout.core.advise import Advice, Phase
from insideout.core.decision import DecisionVerdict
from insideout.core.history import Clearance, ClearedBy, GateOverride, PainReport
from insideout.core.screen import Need, Region, Side
from tests.advice_builders import (
    DAY,
    ON,
    advice,
    history,
    run,
    screen,
    sessions,
    week_runs,
)
from tests.unit.test_journeys import rising_knee, simulate

CORE = Path(__file__).resolve().parents[2] / "insideout" / "core"
ID = r"[a-z_]+(?:\.[a-z_]+)+"
# The rule ids the core builds from a name, and every id each one can become.
BUILT = {
    "red_flag.{name}": lambda: [f"red_flag.{n}" for n in load_method().red_flags],
    "programme.regress.{region.value}": lambda: [f"programme.regress.{r.value}" for r in Region],
    "programme.emphasis.{r.region.value}.{r.side.value}": lambda: [
        f"programme.emphasis.{r.value}.{s.value}" for r in Region for s in Side
    ],
    "programme.target.{test}.{where}": lambda: [
        f"programme.target.{t}.{s}" for t in load_catalogue().tests for s in ("left", "right")
    ],
    "{test.id}.pain": lambda: [f"{t}.pain" for t in load_catalogue().tests],
}


def unlabelled(rules: Iterable[str]) -> list[str]:
    labels = load_labels()
    return sorted({r for r in rules if labels.known_rule(r) is None})


def hint(missing: list[str]) -> str:
    lines = "\n".join(f"  {r}: {humanise(r)}" for r in missing)
    return f"rule ids without a label; add them to insideout/catalogue/labels.yaml rules:\n{lines}"


def core_rule_ids() -> tuple[set[str], set[str]]:
    """The literal rule ids in the core's source, and the f-string ids built from a name."""
    literal: set[str] = set()
    built: set[str] = set()
    for path in sorted(CORE.rglob("*.py")):
        src = path.read_text(encoding="utf-8")
        literal |= set(re.findall(rf'(?<![\w{{])"({ID})"', src))
        literal |= set(re.findall(r'decide\(\s*"([a-z_.]+)"', src))
        for text in re.findall(r'(?:decide\(\s*|rule=)f"([^"]+)"', src):
            built.add(text)
    return literal, built


def test_every_rule_id_written_in_the_core_has_a_label() -> None:
    literal, built = core_rule_ids()
    assert {"plan.recovery_week", "gate.technique", "red_flags"} <= literal, "the scan works"
    unknown = sorted(built - set(BUILT))
    assert not unknown, f"a rule id built in a new way: {unknown}; add it to BUILT and labels.yaml"
    expanded = [r for pattern in built for r in BUILT[pattern]()]
    missing = unlabelled([*literal, *expanded])
    assert not missing, hint(missing)


def test_every_screen_rule_has_a_label() -> None:
    rules = [r.id for t in load_catalogue().tests.values() for r in t.rules]
    assert not unlabelled(rules), hint(unlabelled(rules))


def _histories() -> Iterable[Advice]:
    """Advice that reaches the plan's, the pain guards' and the gate's decisions."""
    yield from (a for _, a in simulate())
    yield from (a for _, a in simulate(rising_knee))
    base = week_runs(ON, [15, 15, 15, 15])
    ktw = screen(ON - 20 * DAY, knee_to_wall=(7.5, 12))
    yield advice(history(base))  # no screen
    yield advice(history(screens=[ktw]))  # no runs: start again
    flagged = [*base, run(ON - DAY, 5, flags=["night_pain", "chest_pain"], site="shin")]
    yield advice(history(flagged, [ktw]))
    reports = [PainReport(ON - d * DAY, 4, "knee", Side.LEFT) for d in range(1, 20)]
    yield advice(history(base, [ktw], reports=reports))
    h = history(flagged, [ktw], sessions(ON, 8))
    cleared = Clearance(ON - DAY, ClearedBy.PHYSIOTHERAPIST, "seen, fine")
    unlock = GateOverride(ON - 2 * DAY, DecisionVerdict.UNLOCK, "ready")
    yield advice(dataclasses.replace(h, clearances=(cleared,), overrides=(unlock,)))
    painful = screen(ON - 20 * DAY, knee_to_wall=(7.5, 12))
    painful = dataclasses.replace(
        painful,
        measures=tuple(dataclasses.replace(m, pain=True) for m in painful.measures[:2]),
    )
    yield advice(history(base, [painful]))


def test_every_decision_and_finding_the_core_makes_has_a_label() -> None:
    rules: set[str] = set()
    kinds: set[str] = set()
    for a in _histories():
        rules |= {d.rule for d in a.decisions}
        kinds |= {r.kind for r in a.running.runs}
        if a.profile is not None:
            rules |= {f.rule for f in a.profile.findings}
    assert {"plan.pain_cut", "red_flag.night_pain", "pain.cleared", "gate.override"} <= rules
    missing = unlabelled(rules)
    assert not missing, hint(missing)
    assert kinds <= set(RUN_KINDS), f"run kinds without a label: {sorted(kinds - set(RUN_KINDS))}"


def test_every_site_phase_need_region_run_kind_exercise_test_and_flag_has_a_label() -> None:
    labels, method, catalogue = load_labels(), load_method(), load_catalogue()
    tables = [
        ("site", method.pain.sites),
        ("phase", [p.value for p in Phase]),
        ("need", [n.value for n in Need]),
        ("region", [r.value for r in Region]),
        ("kind", RUN_KINDS),
        ("exercise", method.exercises),
        ("test", catalogue.tests),
        ("flag", method.red_flags),
    ]
    for kind, names in tables:
        for name in names:
            label = labels.of(kind, name)
            assert label.strip() and "_" not in label, (kind, name, label)
    assert labels.of("site", "front_thigh") == "front of the thigh"
    assert labels.of("exercise", "double_calf_raise") == method.exercises["double_calf_raise"].name
    assert labels.of("kind", "run_walk") == "run/walk"


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        ("plan.recovery_week", "Recovery week"),
        ("red_flag.night_pain", "Warning sign: pain that wakes you at night"),
        ("programme.emphasis.foot_ankle.left", "Foundation work for the left foot/ankle"),
        ("programme.regress.knee", "Easier exercises for the knee"),
    ],
)
def test_a_rule_reads_as_its_label(rule: str, words: str) -> None:
    assert load_labels().rule(rule) == words


def test_the_dashboard_says_what_a_holding_rule_means() -> None:
    labels = load_labels()
    assert labels.holds("plan.recovery_week", "hold") == "Recovery week: volume eases this week"
    assert labels.holds("programme.sessions", "cut") == "Foundation sessions: cut back"


@pytest.mark.parametrize(
    ("rule", "words"),
    [("plan.not_yet_labelled", "Not yet labelled"), ("pain", "Pain"), ("a.b.c_d", "B c d")],
)
def test_an_unlabelled_rule_reads_as_words_never_as_its_id(rule: str, words: str) -> None:
    assert load_labels().rule(rule) == words


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    root = tmp_path / "catalogue"
    shutil.copytree(HERE, root, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return root


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ("  front_thigh: front of the thigh\n", "", "sites.front_thigh"),
        ("  front_thigh: front of the thigh", '  front_thigh: "  "', "sites.front_thigh"),
        ("  run_walk: run/walk\n", "", "run_kinds.run_walk"),
        ("  stop: Running stopped\n", "", "phases.stop"),
        ("  calf_raise.low: Few heel raises\n", "", "rules.calf_raise.low"),
        ("  pain.cleared: Cleared to run by a professional", "  pain.cleared: ''", "pain.cleared"),
        ("  knee: knee\n  hip: hip\n  trunk", "  knee: knee\n  hip: hip\n  torso", "regions.trunk"),
        ('"{test}.pain": "Pain', '"{test}.pain": "{where} pain', "patterns.{test}.pain"),
    ],
)
def test_a_missing_or_empty_label_stops_the_start_naming_the_file_and_key(
    copy: Path, old: str, new: str, where: str
) -> None:
    edit(copy / "labels.yaml", old, new)
    with pytest.raises(CatalogueError) as e:
        load_labels(copy)
    assert "labels.yaml" in str(e.value) and where in str(e.value), str(e.value)
