"""Notices: a red flag or a referral the runner logged reaches the coach without a word written.

Each time a runner's advice summary is stored, :mod:`insideout.training.summaries` sends
``summary_made`` with the summary it replaces. When the new one is flagged (running stopped, or a
professional to see) and the one before was not (or there was none), a ``notice`` joins the
runner's thread, unread by the coach, saying in plain words what happened and what the runner must
do. While the runner stays flagged nothing more is said; once cleared, a new flag is a new notice.

Only the summaries are read (no advice is made again here): the referral's reason as the core wrote
it, put into words by the labels, and the catalogue's words for the red flags it names (or the
method's general words to see a professional). One insert per runner newly flagged, none otherwise.
"""

from __future__ import annotations

from typing import Any

from django.utils.text import Truncator

from insideout.catalogue.labels import inline, load_labels
from insideout.core.method import FlagKind, Method, RedFlag
from insideout.help.models import BODY_MAX, Message
from insideout.people.models import Runner
from insideout.training import services
from insideout.training.models import AdviceSummary
from insideout.training.summaries import summary_made

__all__ = ["connect", "notice_text", "on_summary"]


def _flagged(summary: AdviceSummary | None) -> bool:
    return summary is not None and (summary.flagged or summary.referred)


def _named_flags(reason: str, method: Method) -> list[RedFlag]:
    """The red flags the referral's reason names (the core writes "red flag: {label} ({day})")."""
    said = reason.lower()
    return [f for f in method.red_flags.values() if f"red flag: {f.label}".lower() in said]


def notice_text(runner: Runner, summary: AdviceSummary, method: Method) -> str:
    """What the notice says: what happened and what the runner must do, in plain words."""
    labels = load_labels()
    if summary.referred:
        what = inline(labels.plain(summary.refer_reason)).rstrip(".")
        flags = _named_flags(summary.refer_reason, method)
        # the catalogue's words for each red flag, else the method's words to see a professional
        todo = " ".join(dict.fromkeys(f.words for f in flags)) or method.pain.words_refer
        who = "a doctor" if any(f.kind is FlagKind.CARDIAC for f in flags) else (
            "a physiotherapist or doctor"
        )  # fmt: skip
        clear = (
            f"Running stays stopped until {who} has cleared {runner.name}; the coach then "
            "records the clearance on the runner's page."
        )
        text = f"Running stopped for {runner.name}: {what}. {todo} {clear}"
    else:
        why = labels.plain(summary.sentence) if summary.sentence else "see the runner's page."
        text = (
            f"Running stopped for {runner.name}: {inline(why)} No running until it is dealt with."
        )
    return Truncator(text).chars(BODY_MAX)


def on_summary(
    sender: Any,
    runner: Runner,
    previous: AdviceSummary | None,
    summary: AdviceSummary,
    **kwargs: Any,
) -> None:
    """A notice when the runner's summary becomes flagged (the receiver of ``summary_made``)."""
    if not _flagged(summary) or _flagged(previous):
        return
    Message.objects.create(
        runner=runner,
        author=None,
        kind=Message.Kind.NOTICE,
        body=notice_text(runner, summary, services.method()),
        context={"on": summary.computed_on.isoformat()},
    )


def connect() -> None:
    """Listen to ``summary_made`` (called once, from the app's ``ready``)."""
    summary_made.connect(on_summary, dispatch_uid="insideout.help.notices.on_summary")
