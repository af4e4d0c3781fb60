"""A runner's week as an iCalendar feed: where runners already plan their days.

The feed is the core's advice (:func:`insideout.training.advice.advice_for`, the same call as the
runner's page and ``GET .../advice``), written as events with the ``icalendar`` package; nothing
is decided here. The core plans one week at a time (the 7 days from the day advised on), so the
feed holds the coming 7 days and says so in its description; it is made again on every fetch, so
a cut or a stop decided since shows at the next fetch.

* **Which days.** The week starts on the runner's today: today where they live
  (``Runner.time_zone``), which is the server's today or the day before or after it (as an
  import dates a run). Runs are on the days the plan gives them (:mod:`insideout.core.plan`);
  foundation sessions on the days the programme gives them (:func:`insideout.core.programme.
  strength_offsets`: the days without a run first, spread out, the runner's available days
  before the others, then easy-run days, the long run's day last), so the feed places nothing
  itself.
* **All-day events** (``DTSTART;VALUE=DATE``): the plan gives days, not hours, and an all-day
  event stays on its day in every calendar app whatever zone the phone is in (a timed event at
  midnight in Sydney would show the day before in Los Angeles). The calendar names the runner's
  zone (``X-WR-TIMEZONE``); events are marked free (``TRANSP:TRANSPARENT``), as they block no
  meeting.
* **Plain words.** A run says its kind and distance, then the reasons (the running decisions'
  sentences, and the pain decisions that hold, cut or stop, through ``labels.yaml``); a
  foundation session its exercises with their dosage and side. A stop or a cut, or a referral,
  is one more event across the whole week, first in the day's list: "Running stopped: ..." with
  what to do and why. When running stops the plan has no runs, so the feed has none.
* **UIDs stable across fetches**, so that a calendar updates an event instead of adding a second
  one: ``{kind}-{date}-{n}@insideout.{runner}``, where ``kind`` is ``run``, ``foundation`` or
  the notice's (``stop``, ``refer``, ``cut``), ``n`` counts that kind's events on that day from 1,
  and ``{runner}`` is a hash of the runner's id and handle: never random, never the secret of
  the address (a renewed address keeps the events).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils import timezone
from icalendar import Calendar, Event, vDuration, vText

from insideout import __version__
from insideout.catalogue.labels import Labels, load_labels
from insideout.core.advise import Advice, Phase
from insideout.core.decision import Decision, DecisionVerdict
from insideout.core.method import Method
from insideout.core.pain import Referral
from insideout.core.plan import Mode, PlannedRun
from insideout.core.programme import Prescription, StrengthSession
from insideout.people.models import Runner
from insideout.training import services
from insideout.training.advice import advice_for

__all__ = [
    "CONTENT_TYPE",
    "build_calendar",
    "calendar_for",
    "filename",
    "runner_today",
    "uid_domain",
]

CONTENT_TYPE = "text/calendar; charset=utf-8"
DAY = dt.timedelta(days=1)
WEEK_DAYS = 7  # the core plans the 7 days from the day advised on
REFRESH = dt.timedelta(hours=1)  # how often a calendar app is asked to fetch the feed again
PRODID = f"-//insideout//calendar feed {__version__}//EN"

# Pain decisions worth a runner's eye on every run: what holds, cuts, stops or refers.
HOLDING_PAIN = frozenset(
    {DecisionVerdict.HOLD, DecisionVerdict.CUT, DecisionVerdict.STOP, DecisionVerdict.REFER}
)
# The decisions that stop running: the reasons of a stop.
STOPPING = frozenset({DecisionVerdict.STOP, DecisionVerdict.REFER})

STOP_WORDS = (
    "Do not run until the reason below is dealt with. Your foundation sessions go on if they are "
    "pain-free, unless this calendar has none this week (then they pause too)."
)
CUT_WORDS = (
    "Run only the shorter week in this calendar, at an easy effort, and keep your foundation "
    "sessions. Log the pain after every run and answer the next-morning question: if the pain "
    "keeps coming back, running stops and you will be asked to see a physiotherapist or doctor."
)


def runner_today(runner: Runner, now: dt.datetime | None = None) -> dt.date:
    """Today where the runner lives: the server's today (``services.today``, which tests set)
    moved by the day between the server's date and the runner's at ``now``."""
    now = now or timezone.now()
    shift = now.astimezone(ZoneInfo(runner.time_zone)).date() - timezone.localdate(now)
    return services.today() + shift


def uid_domain(runner: Runner) -> str:
    """``insideout.<hash>``: the runner's part of every UID (their id and handle, hashed)."""
    digest = hashlib.sha256(f"{runner.pk}:{runner.handle}".encode()).hexdigest()[:16]
    return f"insideout.{digest}"


def filename(runner: Runner) -> str:
    return f"insideout-{runner.handle}.ics"


@dataclass(frozen=True)
class _Notice:
    """What the whole week's notice says: ``kind`` (its UID), title, what to do, why."""

    kind: str
    title: str
    words: str
    reasons: tuple[str, ...]


def _to_see(refer: Referral) -> str:
    if refer.urgent:
        return "see a doctor now"
    return "see a doctor" if refer.cardiac else "see a physiotherapist or doctor"


def _notice(advice: Advice, labels: Labels) -> _Notice | None:
    """A stop, else a referral, else a pain cut: the week's notice, if any."""
    refer = advice.refer
    if advice.phase is Phase.STOP:
        why = _reasons((d for d in advice.decisions if d.verdict in STOPPING), labels)
        if refer is not None:
            why.insert(0, labels.plain(refer.reason))
        title = "Running stopped: " + (_to_see(refer) if refer else "do not run for now")
        words = labels.plain(refer.words) if refer is not None else STOP_WORDS
        return _Notice("stop", title, words, tuple(why))
    if refer is not None:
        title = _to_see(refer)
        reason = (labels.plain(refer.reason),)
        return _Notice("refer", title[:1].upper() + title[1:], labels.plain(refer.words), reason)
    if advice.running.mode is Mode.CUT:
        cuts = tuple(labels.plain(d.text) for d in advice.decisions if _cuts(d))
        return _Notice("cut", "Running cut back this week", CUT_WORDS, cuts)
    return None


def _cuts(d: Decision) -> bool:
    return d.verdict is DecisionVerdict.CUT and (
        d.rule.startswith(("pain.", "programme.regress.")) or d.rule == "plan.pain_cut"
    )


def _why(reasons: Iterable[str]) -> list[str]:
    said = list(dict.fromkeys(r for r in reasons if r))  # once each, in order
    return ["", "Why:", *(f"- {line}" for line in said)] if said else []


def _reasons(decisions: Iterable[Decision], labels: Labels) -> list[str]:
    return [labels.plain(d.text) for d in decisions]


def _page(page_url: str | None, what: str) -> list[str]:
    return ["", f"{what}: {page_url}"] if page_url else []


def _km(x: float) -> str:
    return f"{x:.1f} km"


def _kind(run: PlannedRun, labels: Labels) -> str:
    """ "Easy run", "Run/walk": the run's kind in words, capitalised."""
    kind = labels.of("kind", run.kind)
    return f"{kind[:1].upper()}{kind[1:]}"


def _run_text(run: PlannedRun, advice: Advice, labels: Labels, notice: _Notice | None) -> list[str]:
    lines = [f"{_kind(run, labels)}: {_km(run.distance_km)}."]
    if notice is not None and notice.kind == "cut":
        lines += ["", "Running is cut back this week: run it at an easy effort (why below)."]
    holding = [d for d in advice.pain.decisions if d.verdict in HOLDING_PAIN]
    return lines + _why(_reasons([*holding, *advice.running.decisions], labels))


def _dose(p: Prescription) -> str:
    amount = f"{p.reps} reps" if p.reps is not None else f"{p.seconds} s"
    side = {"both": ", each side", "left": ", left side", "right": ", right side"}
    return f"{p.sets} × {amount}{side.get(p.side or '', '')}"


def _session_text(
    session: StrengthSession, advice: Advice, labels: Labels, method: Method
) -> list[str]:
    lines = [f"Foundation session: {len(session.exercises)} exercises.", ""]
    for p in session.exercises:
        exercise = method.exercises.get(p.exercise)
        name = exercise.name if exercise is not None else labels.of("exercise", p.exercise)
        lines.append(f"- {name}: {_dose(p)}")
    return lines + _why(_reasons(advice.foundation.decisions, labels))


def _event(uid: str, day: dt.date, days: int, summary: str, text: str, now: dt.datetime) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", now.astimezone(dt.UTC))
    event.add("dtstart", day)
    event.add("dtend", day + days * DAY)
    event.add("summary", summary)
    event.add("description", text)
    event.add("transp", "TRANSPARENT")
    return event


def build_calendar(
    runner: Runner,
    advice: Advice,
    *,
    now: dt.datetime,
    page_url: str | None = None,
    method: Method | None = None,
) -> Calendar:
    """The runner's week (``advice``, from ``advice.on``) as a calendar; ``page_url`` (the
    runner's page, when known) is where to log and read more."""
    labels, method = load_labels(), method or services.method()
    domain, on = uid_domain(runner), advice.on
    last = on + (WEEK_DAYS - 1) * DAY
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    who = " ".join(runner.name.split())  # one line, whatever was typed
    name = f"insideout: {who}"
    about = (
        f"{who}'s week from {on.isoformat()} to {last.isoformat()} "
        f"({labels.of('phase', advice.phase.value)}), days as they fall in {runner.time_zone}. "
        f"insideout plans one week at a time, so this calendar holds the coming {WEEK_DAYS} days: "
        "runs, foundation sessions and, when running is stopped or cut, why."
    )
    # vText: escaped as text (icalendar leaves properties it does not know unescaped)
    cal.add("name", vText(name))
    cal.add("x-wr-calname", vText(name))
    cal.add("description", vText(about))
    cal.add("x-wr-caldesc", vText(about))
    cal.add("x-wr-timezone", vText(runner.time_zone))
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", vDuration(REFRESH))
    for uid, day, days, summary, text in _events(advice, labels, method, page_url):
        cal.add_component(_event(f"{uid}@{domain}", day, days, summary, text, now))
    return cal


def _events(
    advice: Advice, labels: Labels, method: Method, page_url: str | None
) -> list[tuple[str, dt.date, int, str, str]]:
    """``(uid, first day, days, summary, description)`` of each event, the notice first."""
    notice = _notice(advice, labels)
    out: list[tuple[str, dt.date, int, str, list[str]]] = []
    if notice is not None:
        text = [notice.words, *_why(notice.reasons), *_page(page_url, "Your page")]
        out.append((notice.kind, advice.on, WEEK_DAYS, notice.title, text))
    cut = " (cut back)" if notice is not None and notice.kind == "cut" else ""
    for run in advice.running.runs:
        summary = f"{_kind(run, labels)}, {_km(run.distance_km)}{cut}"
        text = _run_text(run, advice, labels, notice) + _page(page_url, "Log it and its pain")
        out.append(("run", run.date, 1, summary, text))
    for session in advice.foundation.sessions:
        text = _session_text(session, advice, labels, method)
        text += _page(page_url, "How to do each exercise")
        out.append(("foundation", session.date, 1, "Foundation session", text))
    per_day: dict[tuple[str, dt.date], int] = {}
    found = []
    for kind, day, days, summary, lines in out:
        n = per_day[(kind, day)] = per_day.get((kind, day), 0) + 1
        found.append((f"{kind}-{day.isoformat()}-{n}", day, days, summary, "\n".join(lines)))
    return found


def calendar_for(
    runner: Runner, *, now: dt.datetime | None = None, page_url: str | None = None
) -> bytes:
    """The runner's calendar for the week from their today, as the bytes of an ``.ics`` file."""
    now = now or timezone.now()
    advice = advice_for(runner, runner_today(runner, now))
    return bytes(build_calendar(runner, advice, now=now, page_url=page_url).to_ical())
