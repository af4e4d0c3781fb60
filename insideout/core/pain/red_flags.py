"""Red flags: a warning sign stops running until someone qualified clears it.

A red flag (EV-PAIN-BAD, EV-BSI-SIGNS, EV-RED-CARDIAC) counts from the moment it is logged, the
day advised on included, so a runner who reports night pain this morning is not shown a run for
this afternoon; and it counts however long ago it was logged (IO-RED-FLAG-UNTIL-CLEARED) until a
clearance dated on or after it (IO-CLEARANCE; a cardiac sign only by a doctor's clearance).

Two warnings are raised without a ticked box: pain reported on its own at or above the rest-pain
level (IO-PAIN-REST), and pain in a screening test that is itself a warning sign, such as hopping
(IO-SCREEN-PAIN-FLAG).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from insideout.core.decision import Decision, DecisionVerdict, decide, fmt
from insideout.core.evidence import Evidence
from insideout.core.history import Clearance, History
from insideout.core.method import FlagKind, Method, PainRules, RedFlag
from insideout.core.screen import Screen

__all__ = ["RETIRED_EVIDENCE", "Flags", "Hit", "assess_flags", "flag_hits", "screen_warnings"]

RETIRED_EVIDENCE = "EV-PAIN-BAD"  # a red flag under a name the method no longer lists
Raised = Iterator[tuple[str, dt.date, str]]  # (red flag, day, how it was raised)


@dataclass(frozen=True)
class Hit:
    """The latest report of one red flag, and how it was raised when nobody ticked the box."""

    flag: RedFlag
    date: dt.date
    how: str = ""


@dataclass(frozen=True)
class Flags:
    """What the red flags on record decide: the stops, and what the referral says of them."""

    decisions: tuple[Decision, ...]
    reasons: tuple[str, ...]
    words: tuple[str, ...]
    urgent: bool
    cardiac: bool
    lifted: tuple[str, ...]  # "label (date)" of the flags a clearance lifted
    held: tuple[str, ...]  # "label (date)" of cardiac flags a physiotherapist's clearance did not
    dates: tuple[dt.date, ...]  # every red flag's latest date, lifted or not
    bone: bool = False  # a bone-stress warning stops running: no hopping either (IO-BSI-NO-IMPACT)


def _retired_flag(name: str, method: Method) -> RedFlag:
    """A red flag stored under a name the method no longer lists: still a red flag, never ignored
    (and never a crash); it stops running and refers, in the general words."""
    return RedFlag(name, name.replace("_", " "), FlagKind.MUSCULOSKELETAL, False,
                   RETIRED_EVIDENCE, method.pain.words_refer)  # fmt: skip


def _ticked(history: History, on: dt.date) -> Raised:
    """The red flags ticked on a run up to ``on`` (the day included)."""
    for run in history.runs_between(dt.date.min, on):
        for name in run.red_flags:
            yield name, run.date, ""


def screen_warnings(screen: Screen, rules: PainRules) -> list[tuple[str, str]]:
    """(test, red flag) for each test of ``screen`` whose pain is itself a warning sign
    (IO-SCREEN-PAIN-FLAG), in the screen's order: what the advice stops on, and what the
    screen's own result says at once."""
    found: dict[str, str] = {}
    for m in screen.measures:
        raised = rules.screen_flags.get(m.test)
        if raised is not None and m.pain:
            found.setdefault(m.test, raised)
    return list(found.items())


def _from_screens(history: History, on: dt.date, rules: PainRules) -> Raised:
    """Pain during a screening test that is a warning sign (IO-SCREEN-PAIN-FLAG)."""
    for screen in history.screens_until(on):
        for test, raised in screen_warnings(screen, rules):
            yield (
                raised,
                screen.date,
                (
                    f" (pain during the {test.replace('_', ' ')} test of the screen, "
                    f"{rules.screen_flags_evidence})"
                ),
            )


def _from_reports(history: History, on: dt.date, rules: PainRules) -> Raised:
    """Red flags ticked on a pain report, and pain at rest raised from the report's value."""
    for rep in history.reports:
        if rep.date > on:
            continue
        for name in rep.red_flags:
            yield name, rep.date, ""
        if rep.pain >= rules.rest_pain_min.value and not set(rep.red_flags) & rules.rest_flags:
            where = f" at the {rep.site}" if rep.site else ""
            yield (
                rules.rest_flag,
                rep.date,
                (
                    f" (pain of {fmt(rep.pain)}/10{where} reported without a run, at rest or at "
                    f"night; from {fmt(rules.rest_pain_min.value)}/10 that is a warning sign, "
                    f"{rules.rest_pain_min.evidence})"
                ),
            )


def flag_hits(history: History, on: dt.date, method: Method) -> dict[str, Hit]:
    """Every red flag on record up to ``on`` (the day included), each at its latest report.

    Nothing lapses with time: the caller lifts a flag only with a clearance dated on or after it.
    """
    hits: dict[str, Hit] = {}
    found = [
        *_ticked(history, on),
        *_from_screens(history, on, method.pain),
        *_from_reports(history, on, method.pain),
    ]
    for name, day, how in found:
        seen = hits.get(name)
        if seen is None or day >= seen.date:
            hits[name] = Hit(method.red_flags.get(name) or _retired_flag(name, method), day, how)
    return hits


def _lifted_by(history: History, on: dt.date, flag: RedFlag, day: dt.date) -> Clearance | None:
    """The clearance that lifts a red flag reported on ``day``: the latest on or before ``on``
    dated on or after it (a doctor's, for a cardiac sign)."""
    found = history.clearance_on(on, doctor=flag.kind is FlagKind.CARDIAC)
    return found if found is not None and day <= found.date else None


def _who(cardiac: bool) -> str:
    return "a doctor" if cardiac else "a physiotherapist or a doctor"


def _stop(
    name: str,
    hit: Hit,
    cleared: Clearance | None,
    rules: PainRules,
    register: Mapping[str, Evidence],
) -> Decision:
    """The stop of one red flag no clearance lifted."""
    flag, day = hit.flag, hit.date
    text = (
        f"Red flag on {day}: {flag.label}{hit.how}. Running stops now. {flag.words} Running "
        f"stays stopped until {_who(flag.kind is FlagKind.CARDIAC)} has seen you and cleared you "
        f"to run; your coach records that clearance ({rules.red_flag_evidence})."
    )
    if cleared is not None and day <= cleared.date:  # a physiotherapist's, on a cardiac sign
        text += (
            f" The {cleared.by.value}'s clearance of {cleared.date} does not lift a cardiac "
            "sign: only a doctor's clearance does."
        )
    return decide(
        f"red_flag.{name}", DecisionVerdict.STOP, name, None, flag.evidence, text, register
    )


def _quiet(lifted: list[str], rules: PainRules, register: Mapping[str, Evidence]) -> Decision:
    """No red flag stops running: none on record, or every one came before a clearance."""
    text = "No red flag on record."
    if lifted:
        text = (
            f"No red flag stops running: {'; '.join(lifted)} came before a clearance "
            "(see the clearance decision)."
        )
    return decide(
        "red_flags", DecisionVerdict.PROGRESS, 0, None, rules.red_flag_evidence, text, register
    )


def assess_flags(
    history: History, on: dt.date, method: Method, register: Mapping[str, Evidence]
) -> Flags:
    """Every red flag on record up to ``on``: lifted by a clearance, or a stop."""
    cleared = history.clearance_on(on)
    hits = flag_hits(history, on, method)
    decisions: list[Decision] = []
    reasons, words, lifted, held = [], [], [], []
    stops: list[RedFlag] = []
    for name, hit in sorted(hits.items()):
        flag, day = hit.flag, hit.date
        if _lifted_by(history, on, flag, day) is not None:
            lifted.append(f"{flag.label} ({day})")
            continue
        if cleared is not None and day <= cleared.date:
            held.append(f"{flag.label} ({day})")
        stops.append(flag)
        decisions.append(_stop(name, hit, cleared, method.pain, register))
        reasons.append(f"red flag: {flag.label} ({day})")
        if flag.words not in words:
            words.append(flag.words)
    cardiac = any(f.kind is FlagKind.CARDIAC for f in stops)
    bone = any(f.kind is FlagKind.BONE for f in stops)
    if stops:
        words.append(
            f"Running stays stopped until {_who(cardiac)} has seen you and cleared you; then ask "
            "your coach to record that clearance. It does not end on its own."
        )
    if bone:
        words.append(
            "Until then, no hopping, no hop tests and no landing drills either: a bone under "
            "stress must not take their impact (IO-BSI-NO-IMPACT)."
        )
    else:
        decisions.append(_quiet(lifted, method.pain, register))
    return Flags(
        tuple(decisions), tuple(reasons), tuple(words), any(f.urgent for f in stops), cardiac,
        tuple(lifted), tuple(held), tuple(sorted({h.date for h in hits.values()})), bone,
    )  # fmt: skip
