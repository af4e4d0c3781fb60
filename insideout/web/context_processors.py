"""What every page's template may read besides the request: whether sign-up is open (the nav
offers "Sign up" to a visitor only then)."""

from __future__ import annotations

from django.http import HttpRequest

from insideout.people.accounts import open_signup

__all__ = ["accounts"]


def accounts(request: HttpRequest) -> dict[str, object]:
    return {"open_signup": open_signup()}
