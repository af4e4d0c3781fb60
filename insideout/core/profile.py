"""Scoring a screen and building the balance profile: "more mobility, or more stability?"

Each measure is judged against its norm and against the other side (the rules are catalogue data).
A rule that fires becomes a :class:`Finding` that explains itself: rule, test, side, value,
threshold, evidence and one plain sentence. Findings then roll up into a need per region and side.

Three principles from the evidence shape this module:

* The screen chooses training targets; it never predicts injury (EV-GEN-SCREEN-LIMITS). Sentences
  speak of targets, never of getting hurt.
* Generalised hypermobility (Beighton at or above its age cut-off) turns restriction findings into
  stability needs (EV-BEIGHTON-RULE): such a runner is never told to chase more range.
* Pain during a test is recorded, not scored as a deficit (the evidence's general mapping rule).
* A finding whose cut-off is unverified (status U) may suggest work but never gates
  (IO-SCREEN-UNVERIFIED): it sets the region's ``suggested`` need, which the programme trains,
  and not its ``need``, which the technique gate and the phase read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from enum import StrEnum

from insideout.core.evidence import Evidence, EvidenceStatus, caveat
from insideout.core.screen import (
    Better,
    Catalogue,
    Measure,
    Need,
    Quantity,
    Region,
    Rule,
    RuleKind,
    Screen,
    ScreenTest,
    Side,
)

__all__ = [
    "NO_KNOWN_ERROR",
    "PAIN_EVIDENCE",
    "TEMPLATE_WORDS",
    "Change",
    "Evaluation",
    "Finding",
    "FindingKind",
    "Profile",
    "RegionProfile",
    "Verdict",
    "compare",
    "needs_of",
    "score",
]

PAIN_EVIDENCE = "IO-SCREEN-PAIN"
UNVERIFIED_EVIDENCE = "IO-SCREEN-UNVERIFIED"
REDIRECT_EVIDENCE = "EV-BEIGHTON-RULE"
NORM_AGE_EVIDENCE = "IO-NORM-AGE"


class FindingKind(StrEnum):
    MOBILITY = "mobility"
    STABILITY = "stability"
    HYPERMOBILITY = "hypermobility"
    PAIN = "pain"


@dataclass(frozen=True)
class Evaluation:
    """One rule applied once, fired or not; kept so a re-screen can be compared."""

    rule: str
    test: str
    side: Side | None
    value: float
    threshold: float
    fired: bool


@dataclass(frozen=True)
class Finding:
    rule: str
    test: str
    side: Side | None
    value: float
    threshold: float
    kind: FindingKind
    evidence: str
    text: str
    regions: tuple[Region, ...]
    basis: str  # "norm", "asymmetry", "hypermobility" or "pain"
    supporting: bool = False
    redirected_by: str | None = None
    unverified: bool = False  # its cut-off is status U: it suggests work, never gates
    waits_for: str | None = None  # the same side's mobility finding to treat first (no need yet)


@dataclass(frozen=True)
class RegionProfile:
    region: Region
    side: Side
    need: Need  # from verified findings only: what gates
    findings: tuple[Finding, ...]
    missing: tuple[str, ...]
    reason: str
    suggested: Need | None = None  # with unverified findings too: what is trained (None: = need)

    @property
    def train(self) -> Need:
        """The need the foundation programme trains (unverified findings included)."""
        return self.need if self.suggested is None else self.suggested

    @property
    def trained(self) -> tuple[Finding, ...]:
        """The findings behind :attr:`train`: a supporting one only when another test agrees on
        a verified cut-off, none that waits for another test's mobility; unverified ones too."""
        return tuple(_counted(self.findings))

    @property
    def counted(self) -> tuple[Finding, ...]:
        """The findings that set ``need``: :attr:`trained` on verified cut-offs only (what the
        technique gate may lock on)."""
        return tuple(f for f in self.trained if not f.unverified)


@dataclass(frozen=True)
class Profile:
    date: dt.date
    regions: tuple[RegionProfile, ...]
    findings: tuple[Finding, ...]
    hypermobile: bool
    missing: tuple[str, ...]
    evaluations: tuple[Evaluation, ...]
    # the oldest value the profile rests on (its own date unless values come from earlier screens)
    oldest: dt.date | None = None
    # (test, side, date) of every value taken from an earlier screen than ``date``
    carried: tuple[tuple[str, Side | None, dt.date], ...] = ()

    @property
    def since(self) -> dt.date:
        """The date from which the profile's age counts: its oldest value."""
        return self.date if self.oldest is None else self.oldest

    def region(self, region: Region, side: Side) -> RegionProfile:
        return next(r for r in self.regions if r.region is region and r.side is side)


# --- values ------------------------------------------------------------------------------------


def _derived_values(screen: Screen, catalogue: Catalogue) -> list[Measure]:
    out: list[Measure] = []
    for test in catalogue.tests.values():
        d = test.derived
        if d is None:
            continue
        for side in Side:
            parts = [screen.value(t, side) for t in d.inputs]
            per = screen.value(d.per, side)
            if per is None or per <= 0 or any(p is None for p in parts):
                continue
            total = sum(p for p in parts if p is not None)
            pain = any(
                m is not None and m.pain for m in (screen.measure(t, side) for t in d.inputs)
            )
            composite = _exact(total * 100.0 / (len(parts) * per))
            out.append(Measure(test.id, side, composite, pain))
    return out


def _exact(x: float) -> float:
    """A figure worked out from measures, rid of binary floating-point noise: 8.3 - 6.8 is
    1.5000000000000009 in floating point and (55 + 106.4 + 106.5) / 285 is 94.00000000000001 %,
    which a rule "> 1.5" or "< 94" must judge as exactly at its threshold. Measures are entered
    to a tenth at most, so six decimals keep every real difference."""
    return round(x, 6)


def _is_pain(test: ScreenTest, m: Measure) -> bool:
    return m.pain or (test.pain_value is not None and m.value == test.pain_value)


def _fmt(x: float) -> str:
    """A figure as people read it: to a tenth, or to four significant digits for a small figure
    that needs them (a norm of 1.046 Nm/kg must not read as 1)."""
    if abs(x) >= 10 or round(x, 1) == x:
        return f"{round(x, 1):g}"
    return f"{x:.4g}"


# The error records that are design margins, set because no measurement error was published
# (EV-NO-ERR; IO-NO-ERROR-MARGIN: hip rotation, side plank, bridge, eyes-closed balance;
# IO-ORDINAL-CHANGE: ordinal scores): a change against them is worded as against our margin.
NO_KNOWN_ERROR = frozenset({"IO-NO-ERROR-MARGIN", "IO-ORDINAL-CHANGE"})

TEMPLATE_WORDS = ("side", "Side", "value", "threshold", "unit", "better", "diff", "name")


def _sentence(
    rule: Rule,
    test: ScreenTest,
    side: Side | None,
    own: float,
    threshold: float,
    other: float | None,
    evidence: Mapping[str, Evidence],
) -> str:
    words = {
        "side": side.value if side else "",
        "Side": side.value.capitalize() if side else "",
        "value": _fmt(own),
        "threshold": _fmt(threshold),
        "unit": test.unit,
        "better": _fmt(other) if other is not None else "",
        "diff": _fmt(abs(own - other)) if other is not None else "",
        "name": test.name,
    }
    return rule.text.format(**words) + caveat(rule.evidence, evidence)


def _finding_kind(rule: Rule) -> FindingKind:
    if rule.kind is RuleKind.HYPERMOBILITY:
        return FindingKind.HYPERMOBILITY
    return FindingKind.MOBILITY if rule.need is Need.MOBILITY else FindingKind.STABILITY


# --- rules -------------------------------------------------------------------------------------


def _quantities(test: ScreenTest, left: float, right: float) -> tuple[Side | None, float, float]:
    """(worse side, absolute difference, LSI) for a pair of values (EV-F-LSI, EV-F-ASYM-PCT)."""
    diff = _exact(abs(left - right))
    if left == right:
        return None, 0.0, 100.0
    if test.better is Better.HIGHER:
        worse = Side.LEFT if left < right else Side.RIGHT
    else:
        worse = Side.LEFT if left > right else Side.RIGHT
    lo, hi = min(left, right), max(left, right)
    lsi = 100.0 if hi == 0 else _exact(lo / hi * 100.0)
    return worse, diff, lsi


def _pain_finding(test: ScreenTest, side: Side | None, m: Measure, catalogue: Catalogue) -> Finding:
    """Pain during a test is recorded, not scored as a deficit (IO-SCREEN-PAIN)."""
    where = f" ({side.value} side)" if side else ""
    return Finding(
        rule=f"{test.id}.pain",
        test=test.id,
        side=side,
        value=m.value,
        threshold=0.0,
        kind=FindingKind.PAIN,
        evidence=PAIN_EVIDENCE,
        regions=test.regions,
        basis="pain",
        text=(
            f"Pain during {test.name}{where} is recorded, not scored as a "
            "deficit: do not train into that pain, and if it persists or wakes you "
            "at night, see a physiotherapist or doctor." + caveat(PAIN_EVIDENCE, catalogue.evidence)
        ),
    )


Judged = tuple[list[Evaluation], list[Finding]]


def _asymmetry(
    rule: Rule,
    test: ScreenTest,
    values: Mapping[Side | None, Measure],
    threshold: float,
    catalogue: Catalogue,
) -> Judged:
    """An asymmetry rule: the worse side against the other (both sides measured)."""
    left, right = values.get(Side.LEFT), values.get(Side.RIGHT)
    if left is None or right is None:
        return [], []
    worse, diff, lsi = _quantities(test, left.value, right.value)
    q = {Quantity.DIFF: diff, Quantity.LSI: lsi}
    fired = (
        worse is not None
        and rule.op.holds(q[rule.quantity], threshold)
        and all(op.holds(q[quantity], limit) for quantity, op, limit in rule.also)
    )
    evals = [Evaluation(rule.id, test.id, worse, q[rule.quantity], threshold, fired)]
    if not fired or worse is None:
        return evals, []
    value, other = values[worse].value, values[worse.other].value
    finding = _finding(rule, test, worse, q[rule.quantity], threshold, value, other, catalogue,
                       "asymmetry")  # fmt: skip
    return evals, [finding]


def _against_norm(
    rule: Rule,
    test: ScreenTest,
    values: Mapping[Side | None, Measure],
    threshold: float,
    catalogue: Catalogue,
) -> Judged:
    """A norm or hypermobility rule: each side's value against the threshold."""
    evals: list[Evaluation] = []
    found: list[Finding] = []
    basis = "hypermobility" if rule.kind is RuleKind.HYPERMOBILITY else "norm"
    for side, m in values.items():
        fired = rule.op.holds(m.value, threshold)
        evals.append(Evaluation(rule.id, test.id, side, m.value, threshold, fired))
        if fired:
            found.append(
                _finding(rule, test, side, m.value, threshold, m.value, None, catalogue, basis)
            )
    return evals, found


def _evaluate_test(
    test: ScreenTest, values: Mapping[Side | None, Measure], screen: Screen, catalogue: Catalogue
) -> Judged:
    evals: list[Evaluation] = []
    age = screen.runner.age_on(screen.date)
    painful = {side for side, m in values.items() if _is_pain(test, m)}
    found = [
        _pain_finding(test, side, values[side], catalogue)
        for side in sorted(painful, key=lambda s: s or "")
    ]
    scored = {side: m for side, m in values.items() if side not in painful}
    for rule in test.rules:
        threshold = rule.threshold_for(screen.runner.sex, age)
        if threshold is None:  # a norm by age with no age known: not applied (see _unapplied)
            continue
        if rule.kind is RuleKind.ASYMMETRY:
            if painful:
                continue
            more = _asymmetry(rule, test, values, threshold, catalogue)
        else:
            more = _against_norm(rule, test, scored, threshold, catalogue)
        evals += more[0]
        found += more[1]
    return evals, found


def _finding(
    rule: Rule,
    test: ScreenTest,
    side: Side | None,
    value: float,
    threshold: float,
    own: float,
    other: float | None,
    catalogue: Catalogue,
    basis: str,
) -> Finding:
    source = catalogue.evidence.get(rule.evidence)
    unverified = source is not None and source.status is EvidenceStatus.UNVERIFIED
    text = _sentence(rule, test, side, own, threshold, other, catalogue.evidence)
    if unverified:
        text += (
            " It is suggested as training, and it locks, stops or cuts nothing "
            f"({UNVERIFIED_EVIDENCE})."
        )
    return Finding(
        rule=rule.id,
        test=test.id,
        side=side,
        value=round(value, 2),
        threshold=threshold,
        kind=_finding_kind(rule),
        evidence=rule.evidence,
        text=text,
        regions=test.regions,
        basis=basis,
        supporting=rule.supporting,
        unverified=unverified,
    )


def _redirect(f: Finding, hyper: Finding) -> Finding:
    return replace(
        f,
        kind=FindingKind.STABILITY,
        redirected_by=hyper.rule,
        text=(
            f.text + f" Because the Beighton score is {_fmt(hyper.value)} (at or above "
            f"{_fmt(hyper.threshold)}: generalised hypermobility), this becomes a stability "
            "target: build control through the range you have rather than chasing more "
            f"({REDIRECT_EVIDENCE}, status D)."
        ),
    )


def _mobility_first(findings: list[Finding], catalogue: Catalogue) -> list[Finding]:
    """A stability finding of a test that asks for the same side's mobility first (e.g. a
    Y-balance reach after a restricted knee-to-wall, EV-KTW-YBT) waits while that side has a
    verified mobility finding of that test: it is reported and sets no need until a re-test."""
    restricted: dict[tuple[str, Side | None], list[str]] = {}
    for f in findings:  # a test that stands for another (the knee-to-wall angle) counts as it
        if f.kind is FindingKind.MOBILITY and not f.unverified:
            test = catalogue.standing_for(f.test)[0]
            restricted.setdefault((test, f.side), []).append(f.rule)
    out = []
    for f in findings:
        first = catalogue.tests[f.test].mobility_first
        rules = restricted.get((first.test, f.side)) if first else None
        if first and rules and f.kind is FindingKind.STABILITY:
            where = f" on the {f.side.value}" if f.side else ""
            name = catalogue.tests[first.test].name
            f = replace(
                f,
                waits_for=first.test,
                text=f.text + f" {name} found a mobility deficit{where} too "
                f"({', '.join(sorted(rules))}): treat that first and re-test; until then this "
                f"finding sets no stability need ({first.evidence}).",
            )
        out.append(f)
    return out


# --- profile -----------------------------------------------------------------------------------


def _counted(findings: Iterable[Finding]) -> list[Finding]:
    """Findings that move a need: supporting ones only when another test agrees."""
    fs = [
        f
        for f in findings
        if f.kind in (FindingKind.MOBILITY, FindingKind.STABILITY) and f.waits_for is None
    ]
    return [f for f in fs if not f.supporting or _agrees(f, fs)]


def _agrees(f: Finding, fs: list[Finding]) -> bool:
    """Another test found the same kind of need, on a cut-off that may drive a rule: an
    unverified one (status U) never does, so it cannot lift a supporting finding either."""
    return any(g.test != f.test and g.kind is f.kind and not g.unverified for g in fs)


def needs_of(need: Need) -> frozenset[str]:
    """A need as the set of qualities it asks for (unknown asks for none)."""
    return {
        Need.MOBILITY: frozenset({"mobility"}),
        Need.STABILITY: frozenset({"stability"}),
        Need.BOTH: frozenset({"mobility", "stability"}),
    }.get(need, frozenset())


def _scored(test: str, side: Side, screen: Screen, catalogue: Catalogue) -> bool:
    """Was the test, or a test that stands for it (``alternative_to``), measured on that side
    without pain? A painful test is recorded, not scored (IO-SCREEN-PAIN), so it cannot show
    that the region is balanced."""
    for name in catalogue.standing_for(test):
        t = catalogue.tests[name]
        m = screen.measure(name, side if t.per_side else None)
        if m is not None and not _is_pain(t, m):
            return True
    return False


def _unapplied(region: Region, side: Side, screen: Screen, catalogue: Catalogue) -> str:
    """Says which measured tests' norms could not be applied for want of the runner's age (a
    norm that moves with age, e.g. EV-HHD-NORM): such a rule is skipped, never guessed."""
    age = screen.runner.age_on(screen.date)
    if age is not None:
        return ""  # every norm has what it needs
    skipped = sorted(
        (r.id, r.evidence)
        for t in catalogue.tests.values()
        if region in t.regions and screen.measure(t.id, side if t.per_side else None)
        for r in t.rules
        if r.threshold_for(screen.runner.sex, age) is None
    )
    if not skipped:
        return ""
    rules = ", ".join(f"{rule} ({ev})" for rule, ev in skipped)
    return (
        f" Not applied: {rules}; its norm depends on age and the runner's birth year is not "
        f"known, so it is not guessed ({NORM_AGE_EVIDENCE}). Add the birth year to judge it."
    )


def _region_profile(
    region: Region, side: Side, findings: list[Finding], screen: Screen, catalogue: Catalogue
) -> RegionProfile:
    mine = [f for f in findings if region in f.regions and f.side is side]
    everything = _counted(mine)
    counted = [f for f in everything if not f.unverified]  # = RegionProfile.counted
    required = catalogue.region_tests.get(region, ())
    missing = tuple(t for t in required if not _scored(t, side, screen, catalogue))
    need = _need({f.kind for f in counted}, missing)
    suggested = _need({f.kind for f in everything}, missing)
    reason = _reason(region, side, need, counted, mine, missing)
    reason += _unapplied(region, side, screen, catalogue)
    if suggested is not need:
        rules = ", ".join(sorted({f.rule for f in everything if f.unverified}))
        more = "mobility and stability" if suggested is Need.BOTH else suggested.value
        reason += (
            f" Unverified cut-offs ({rules}) suggest more {more} work here; it is trained, "
            f"but gates nothing ({UNVERIFIED_EVIDENCE})."
        )
    return RegionProfile(
        region,
        side,
        need,
        tuple(mine),
        missing,
        reason,
        None if suggested is need else suggested,
    )


def _need(kinds: set[FindingKind], missing: tuple[str, ...]) -> Need:
    if {FindingKind.MOBILITY, FindingKind.STABILITY} <= kinds:
        return Need.BOTH
    if FindingKind.MOBILITY in kinds:
        return Need.MOBILITY
    if FindingKind.STABILITY in kinds:
        return Need.STABILITY
    return Need.UNKNOWN if missing else Need.NONE


def _reason(
    region: Region,
    side: Side,
    need: Need,
    counted: list[Finding],
    mine: list[Finding],
    missing: tuple[str, ...],
) -> str:
    where = f"{side.value} {region.value.replace('_', '/')}"
    parts: list[str] = []
    if need in (Need.MOBILITY, Need.STABILITY, Need.BOTH):
        rules = ", ".join(sorted({f.rule for f in counted}))
        more = "mobility and stability" if need is Need.BOTH else need.value
        parts.append(f"{where.capitalize()} needs more {more} ({rules}).")
    elif need is Need.NONE:
        fired = "none sets a need yet" if any(f.waits_for for f in mine) else "none fired"
        parts.append(f"{where.capitalize()}: every test was measured and {fired}.")
    else:
        parts.append(
            f"{where.capitalize()}: not enough tests to say; missing {', '.join(missing)}."
        )
    ignored = [f for f in mine if f.supporting and f not in counted]
    if ignored:
        parts.append(
            f"{', '.join(sorted({f.test for f in ignored}))} alone does not move this "
            "need (low reliability); it counts when another test agrees."
        )
    waiting = sorted({f.rule for f in mine if f.waits_for})
    if waiting:
        first = ", ".join(sorted({f.waits_for for f in mine if f.waits_for}))
        parts.append(f"{', '.join(waiting)} waits for {first}: mobility first, then re-test.")
    if missing and need is not Need.UNKNOWN:
        parts.append(f"Not yet measured: {', '.join(missing)}.")
    return " ".join(parts)


def score(screen: Screen, catalogue: Catalogue) -> Profile:
    """Judge every measure of a screen and build its profile."""
    measures = list(screen.measures) + _derived_values(screen, catalogue)
    by_test: dict[str, dict[Side | None, Measure]] = {}
    for m in measures:
        by_test.setdefault(m.test, {})[m.side] = m
    evals: list[Evaluation] = []
    findings: list[Finding] = []
    for test_id, values in by_test.items():
        e, f = _evaluate_test(catalogue.tests[test_id], values, screen, catalogue)
        evals += e
        findings += f
    hyper = next((f for f in findings if f.kind is FindingKind.HYPERMOBILITY), None)
    if hyper is not None:
        findings = [_redirect(f, hyper) if f.kind is FindingKind.MOBILITY else f for f in findings]
    findings = _mobility_first(findings, catalogue)
    order = {t: i for i, t in enumerate(catalogue.tests)}
    findings.sort(key=lambda f: (order[f.test], f.side or "", f.rule))
    regions = tuple(
        _region_profile(region, side, findings, screen, catalogue)
        for region in Region
        for side in Side
    )
    missing = tuple(t.id for t in catalogue.enterable if not _measured(t, screen, catalogue))
    carried = tuple(
        (m.test, m.side, m.date)
        for m in screen.measures
        if m.date is not None and m.date != screen.date
    )
    return Profile(
        screen.date,
        regions,
        tuple(findings),
        hyper is not None,
        missing,
        tuple(evals),
        screen.oldest,
        carried,
    )


def _measured(test: ScreenTest, screen: Screen, catalogue: Catalogue) -> bool:
    """Measured on every side, this test or one that stands for it (``alternative_to``)."""
    sides = (Side.LEFT, Side.RIGHT) if test.per_side else (None,)
    return any(
        all(screen.value(name, s) is not None for s in sides)
        for name in catalogue.standing_for(test.id)
    )


# --- re-screen ---------------------------------------------------------------------------------


class Verdict(StrEnum):
    IMPROVED = "improved"
    UNCHANGED = "unchanged"
    WORSE = "worse"


@dataclass(frozen=True)
class Change:
    rule: str
    test: str
    side: Side | None
    before: float
    after: float
    error: float
    error_evidence: str
    verdict: Verdict
    was_finding: bool
    is_finding: bool
    text: str


def _rules(catalogue: Catalogue) -> dict[str, tuple[ScreenTest, Rule]]:
    return {r.id: (t, r) for t in catalogue.tests.values() for r in t.rules}


def _higher_is_better(test: ScreenTest, rule: Rule) -> bool:
    if rule.kind is RuleKind.ASYMMETRY:
        return rule.quantity is Quantity.LSI
    return test.better is Better.HIGHER


def _signed(delta: float) -> str:
    return f"{delta:+.1f}" if abs(delta) >= 10 or round(delta, 1) == delta else f"{delta:+.4g}"


def _change(
    test: ScreenTest, rule: Rule, b: Evaluation, a: Evaluation, margin: bool = False
) -> Change:
    """One finding's change between two screens, judged against the rule's error (``margin``:
    a design margin, for want of a published error, and worded so)."""
    delta = _exact(a.value - b.value)  # measured to 0.1; no float noise at the error
    if abs(delta) <= rule.error:
        verdict = Verdict.UNCHANGED
    elif (delta > 0) == _higher_is_better(test, rule):
        verdict = Verdict.IMPROVED
    else:
        verdict = Verdict.WORSE
    unit = "%" if rule.quantity is Quantity.LSI else test.unit
    what = {"value": "", "diff": " side difference", "lsi": " symmetry index"}[rule.quantity]
    where = f" {a.side.value}" if rule.kind is not RuleKind.ASYMMETRY and a.side else ""
    within = "more than" if abs(delta) > rule.error else "within"
    error = f"the measurement error of {_fmt(rule.error)} {unit}"
    if margin:  # EV-NO-ERR: no published error; the margin says it is ours
        error = f"our design margin of {_fmt(rule.error)} {unit} (no published measurement error)"
    text = (
        f"{test.name}{where}{what}: {_fmt(b.value)} → {_fmt(a.value)} {unit} "
        f"({_signed(delta)}), {within} {error} ({rule.error_evidence}): {verdict.value}."
    )
    return Change(rule.id, test.id, a.side or b.side, b.value, a.value, rule.error,
                  rule.error_evidence, verdict, b.fired, a.fired, text)  # fmt: skip


def compare(current: Profile, previous: Profile, catalogue: Catalogue) -> tuple[Change, ...]:
    """Per finding (in either screen): improved, unchanged or worse, judged against its error.

    A change no larger than the rule's measurement error is "unchanged", even when the value crossed
    the cut-off (EV-F-CHANGE).
    """
    rules = _rules(catalogue)

    def key(e: Evaluation) -> tuple[str, Side | None]:
        return (e.rule, None if rules[e.rule][1].kind is RuleKind.ASYMMETRY else e.side)

    before = {key(e): e for e in previous.evaluations}
    after = {key(e): e for e in current.evaluations}
    out: list[Change] = []
    for k in sorted(set(before) & set(after), key=lambda k: (k[0], k[1] or "")):
        b, a = before[k], after[k]
        test, rule = rules[k[0]]
        if rule.kind is not RuleKind.HYPERMOBILITY and (a.fired or b.fired):
            out.append(_change(test, rule, b, a, rule.error_evidence in NO_KNOWN_ERROR))
    return tuple(out)
