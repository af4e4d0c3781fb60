"""The one HTTP API: every app's router mounted on one ``NinjaAPI`` under ``/api/``.

Authentication is the Django session (the same login as the pages; CSRF is checked on writes).
Errors answer ``{"detail": ...}`` as django-ninja's own do; the core's :class:`InputError` is mapped
to 422 here, once, with its issue list (``loc``, ``field``, ``msg``) as the detail. django-ninja's
own schema errors are given the same shape, so a client reads one kind of 422 whatever caught it.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import ValidationError
from ninja.security import django_auth

from insideout import __version__
from insideout.core.errors import InputError, Issue
from insideout.people.api import router as people_router
from insideout.screening.api import router as screening_router
from insideout.training.api import router as training_router

__all__ = ["api"]

api = NinjaAPI(
    title="insideout API",
    version=__version__,
    description="Runners, movement screens and the profiles the inside-out method derives.",
    urls_namespace="api",
    auth=django_auth,
    docs_url="/docs",
)
api.add_router("", people_router)
api.add_router("", screening_router)
api.add_router("", training_router)


@api.exception_handler(InputError)
def input_error(request: HttpRequest, exc: InputError) -> HttpResponse:
    return api.create_response(request, {"detail": exc.as_detail()}, status=422)


# Where ninja says the value came from; the field path a client sees starts after it.
_SOURCES = {"body", "query", "path", "form", "file", "header", "cookie"}


@api.exception_handler(ValidationError)
def schema_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    issues = []
    for err in exc.errors:
        loc = tuple(err.get("loc", ()))
        if loc[:1] and loc[0] in _SOURCES:
            loc = loc[1:]
        if len(loc) > 1 and loc[0] in ("payload", "data"):  # ninja's name for a whole body
            loc = loc[1:]
        issues.append(Issue(loc, f"{err.get('msg', 'invalid')} (got {err.get('input')!r})"))
    return input_error(request, InputError(issues))
