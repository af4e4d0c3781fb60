"""Who may see and change which runner: one place, so pages and API answer alike.

"Not yours" answers exactly like "not there" (404). A runner who logs in may read their own data
but only their coach changes it (403, since they can already see it exists).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404

from insideout.people.models import Coach, Runner

__all__ = ["coach_of", "runner_or_404"]


def runner_or_404(user: Any, handle: str) -> Runner:
    """The runner with this handle among those the user may see, or 404."""
    found = Runner.objects.visible_to(user).filter(handle=handle).select_related("coach")
    # A coach who is also someone's runner may see two "ana"s: their own runner wins.
    runner = sorted(found, key=lambda r: not r.is_coached_by(user))[:1]
    if not runner:
        raise Http404("No runner matches the given query.")
    return runner[0]


def coach_of(user: Any) -> Coach | None:
    """The coach profile of a logged-in user, if they are a coach."""
    if not user.is_authenticated:
        return None
    return Coach.objects.filter(user=user).first()
