"""The help link on every page and the dashboard's unread banner: ``{% load help_messages %}``.

``{% help_link %}`` (in ``base.html``'s header) gives a runner "I need help", to their thread, with
the coach's unread answers, and a coach "Messages" with the unread count of their runners'
threads. ``{% help_unread as unread %}`` hands the dashboard's banner the coach's unread counts.
Both read the logged-in user from the request; the counts are asked once per request.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template

from insideout.help import queries
from insideout.people.access import coach_of
from insideout.people.models import Runner

__all__ = ["Unread", "help_link", "help_unread"]

register = template.Library()

SHOWN = 3  # runners named in the banner
ATTR = "_help_unread"  # where a request keeps its coach's unread messages once counted


@dataclass(frozen=True)
class Unread:
    """A coach's unread messages: how many, from how many runners, the first few by name."""

    messages: int
    runners: int
    names: tuple[queries.Waiting, ...]

    @property
    def more(self) -> int:
        return self.runners - len(self.names)


def _user(context: template.Context) -> Any:
    request = context.get("request")
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def _coach_unread(context: template.Context) -> Unread | None:
    """The logged-in coach's unread messages (None for anyone else), once per request."""
    request = context.get("request")
    if request is not None and hasattr(request, ATTR):
        cached: Unread | None = getattr(request, ATTR)
        return cached
    coach = coach_of(_user(context))
    found = None
    if coach is not None:
        waiting = queries.waiting(coach)
        found = Unread(sum(w.unread for w in waiting), len(waiting), tuple(waiting[:SHOWN]))
    if request is not None:
        setattr(request, ATTR, found)
    return found


@register.simple_tag(takes_context=True)
def help_unread(context: template.Context) -> Unread | None:
    """The logged-in coach's unread messages, or None."""
    return _coach_unread(context)


@register.inclusion_tag("help/nav_link.html", takes_context=True)
def help_link(context: template.Context) -> dict[str, Any]:
    """ "I need help" for a runner with a login, "Messages" for a coach."""
    user = _user(context)
    own: Runner | None = getattr(user, "runner", None) if user is not None else None
    return {
        "own": own,
        "answers": queries.unread_for_runner(own) if own is not None else 0,
        "coach": _coach_unread(context),
    }
