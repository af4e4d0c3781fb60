"""The one HTTP API: every app's router mounted on one ``NinjaAPI`` under ``/api/``.

Authentication is an API key (``Authorization: Bearer <key>``, :mod:`insideout.people.tokens`:
the request acts as the key's owner, no CSRF token needed) or else the Django session (the same
login as the pages; CSRF is checked on writes).
Every error answers one JSON shape, ``{"detail": [{"loc", "field", "msg", "source"}, ...]}``, mapped
here once from the error tree::

    DocumentError (a body that is not JSON, or nested too deep)   400
    RequestDataTooBig (a body over DATA_UPLOAD_MAX_MEMORY_SIZE)   413
    uploads.TooBig (an upload over INSIDEOUT_UPLOAD_MAX_BYTES)    413, naming ``file``
    InputError (the core's issues, field by field)                422
    ninja's ValidationError (a schema's issues, same shape)       422
    Forbidden (insideout.people.access; Django's PermissionDenied) 403, the message as msg
    NotFound (insideout.people.access; Django's Http404)          404, always "Not Found"
    HttpError (ninja's own: 401 when not logged in, ...)          its status, the message as msg

A body is decoded by the core's :func:`~insideout.core.document.loads` whichever way the endpoint
reads it (through a ninja schema or through the core's parser), so a broken body answers the same
everywhere. Who may see or change a runner is decided in :mod:`insideout.people.access`, whose
refusals the pages answer with the ``403.html`` and ``404.html`` templates.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError
from ninja.parser import Parser
from ninja.security import django_auth

from insideout import __version__
from insideout.core.document import loads
from insideout.core.errors import DocumentError, InputError, Issue
from insideout.help.api import router as help_router
from insideout.people.account_api import router as accounts_router
from insideout.people.api import router as people_router
from insideout.people.tokens import TokenAuth
from insideout.screening.api import router as screening_router
from insideout.training.api import router as training_router
from insideout.training.uploads import TooBig

__all__ = ["api"]


class CoreJsonParser(Parser):
    """Bodies read through a ninja schema are decoded as the core decodes the others."""

    def parse_body(self, request: HttpRequest) -> Any:
        return loads(request.body)


api = NinjaAPI(
    title="insideout API",
    version=__version__,
    description="Runners, movement screens and the profiles the inside-out method derives.",
    urls_namespace="api",
    auth=[TokenAuth(), django_auth],
    docs_url="/docs",
    parser=CoreJsonParser(),
)
api.add_router("", people_router)
api.add_router("", accounts_router)
api.add_router("", screening_router)
api.add_router("", training_router)
api.add_router("", help_router)


def _answer(request: HttpRequest, issues: list[Issue], status: int) -> HttpResponse:
    return api.create_response(request, {"detail": InputError(issues).as_detail()}, status=status)


@api.exception_handler(InputError)
def input_error(request: HttpRequest, exc: InputError) -> HttpResponse:
    if isinstance(exc, DocumentError):  # the body as a whole: its issues are the body's
        return _answer(request, [Issue(("body", *i.loc), i.message) for i in exc.issues], 400)
    if isinstance(exc, TooBig):
        return _answer(request, list(exc.issues), 413)
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


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # ninja turns a body its parser refused into HttpError(400) raised from the parser's error.
    if isinstance(exc.__cause__, InputError):
        return input_error(request, exc.__cause__)
    return _answer(request, [Issue((), str(exc))], exc.status_code)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    # One message whatever was not found: "not yours" must answer exactly like "not there".
    return _answer(request, [Issue((), "Not Found")], 404)


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    # access.Forbidden: the user may see the runner (or is logged in) but may not do this.
    return _answer(request, [Issue((), str(exc))], 403)


@api.exception_handler(RequestDataTooBig)
def too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    issue = Issue(("body",), f"expected a body of at most {limit} bytes, got more")
    return _answer(request, [issue], 413)
