"""The HTTP API, in two versions built from the same routers: ``/api/`` and ``/api/v1/``.

``/api/`` is the API as it was before versions, kept for today's integrators (the same paths, lists
as bare arrays); ``/api/v1/`` serves every endpoint of it and answers each list as a page in an
envelope (``{"items", "count", "limit", "offset", "next", "previous"}``). Each app's router is
built once per version (``build_router(version)``, :mod:`insideout.people.routers`), so an
endpoint added to an app's router is served by both.

Authentication is the same for both, listed once in :data:`AUTH`: an API key (``Authorization:
Bearer <key>``, :mod:`insideout.people.tokens`: the request acts as the key's owner, no CSRF token
needed), or else the Django session (the same login as the pages; CSRF is checked on writes).
Every error answers one JSON shape, ``{"detail": [{"loc", "field", "msg", "source"}, ...]}``,
mapped here once from the error tree and registered on both APIs by :func:`answer_errors`::

    DocumentError (a body that is not JSON, or nested too deep)   400
    RequestDataTooBig (a body over DATA_UPLOAD_MAX_MEMORY_SIZE)   413
    uploads.TooBig (an upload over INSIDEOUT_UPLOAD_MAX_BYTES)    413, naming ``file``
    InputError (the core's issues, field by field)                422
    ninja's ValidationError (a schema's issues, same shape)       422
    Forbidden (insideout.people.access; Django's PermissionDenied) 403, the message as msg
    NotFound (insideout.people.access; Django's Http404)          404, always "Not Found"
    HttpError (ninja's own: 401 when not logged in, ...)          its status, the message as msg

Both OpenAPI documents list, for every operation, the refusals it can answer with that shape and
an example of each (:mod:`insideout.web.openapi`).

A body is decoded by the core's :func:`~insideout.core.document.loads` whichever way the endpoint
reads it (through a ninja schema or through the core's parser), so a broken body answers the same
everywhere. Who may see or change a runner is decided in :mod:`insideout.people.access`, whose
refusals the pages answer with the ``403.html`` and ``404.html`` templates.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.parser import Parser
from ninja.security import django_auth
from ninja.types import DictStrAny

from insideout import __version__
from insideout.core.document import loads
from insideout.core.errors import DocumentError, InputError, Issue
from insideout.help import api as help_api
from insideout.people import account_api
from insideout.people import api as people_api
from insideout.people.routers import UNVERSIONED, V1
from insideout.people.tokens import TokenAuth
from insideout.screening import api as screening_api
from insideout.site import data_api as site_data_api
from insideout.training import api as training_api
from insideout.training import calendar_api
from insideout.training.uploads import TooBig
from insideout.web.openapi import document_refusals

__all__ = ["AUTH", "api", "api_v1", "answer_errors"]

# Who is asking, in the order tried; both versions use this one list.
AUTH: list[Any] = [TokenAuth(), django_auth]

# Each app's endpoints, as a router for a version (insideout.people.routers).
ROUTERS: list[Callable[[str], Any]] = [
    people_api.build_router,
    account_api.build_router,
    screening_api.build_router,
    training_api.build_router,
    calendar_api.build_router,
    help_api.build_router,
    site_data_api.build_router,
]


class CoreJsonParser(Parser):
    """Bodies read through a ninja schema are decoded as the core decodes the others."""

    def parse_body(self, request: HttpRequest) -> Any:
        return loads(request.body)


class VersionedAPI(NinjaAPI):
    """A NinjaAPI whose OpenAPI document lists every refusal of every operation."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: DictStrAny | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return document_refusals(schema)


def _api(version: str, namespace: str, title: str) -> NinjaAPI:
    built = VersionedAPI(
        title=title,
        version=__version__,
        description="Runners, movement screens and the profiles the inside-out method derives.",
        urls_namespace=namespace,
        auth=AUTH,
        docs_url="/docs",
        parser=CoreJsonParser(),
    )
    for build_router in ROUTERS:
        built.add_router("", build_router(version))
    answer_errors(built)
    return built


# --- errors: each refusal as (issues, status), answered in the one shape by every version -------


def input_error(exc: InputError) -> tuple[list[Issue], int]:
    if isinstance(exc, DocumentError):  # the body as a whole: its issues are the body's
        return [Issue(("body", *i.loc), i.message) for i in exc.issues], 400
    if isinstance(exc, TooBig):
        return list(exc.issues), 413
    return list(exc.issues), 422


# Where ninja says the value came from; the field path a client sees starts after it.
_SOURCES = {"body", "query", "path", "form", "file", "header", "cookie"}


def schema_error(exc: ValidationError) -> tuple[list[Issue], int]:
    issues = []
    for err in exc.errors:
        loc = tuple(err.get("loc", ()))
        if loc[:1] and loc[0] in _SOURCES:
            loc = loc[1:]
        if len(loc) > 1 and loc[0] in ("payload", "data"):  # ninja's name for a whole body
            loc = loc[1:]
        issues.append(Issue(loc, f"{err.get('msg', 'invalid')} (got {err.get('input')!r})"))
    return input_error(InputError(issues))


def http_error(exc: HttpError) -> tuple[list[Issue], int]:
    # ninja turns a body its parser refused into HttpError(400) raised from the parser's error.
    if isinstance(exc.__cause__, InputError):
        return input_error(exc.__cause__)
    return [Issue((), str(exc))], exc.status_code


def not_found(exc: Http404) -> tuple[list[Issue], int]:
    # One message whatever was not found: "not yours" must answer exactly like "not there".
    return [Issue((), "Not Found")], 404


def forbidden(exc: PermissionDenied) -> tuple[list[Issue], int]:
    # access.Forbidden: the user may see the runner (or is logged in) but may not do this.
    return [Issue((), str(exc))], 403


def too_big(exc: RequestDataTooBig) -> tuple[list[Issue], int]:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return [Issue(("body",), f"expected a body of at most {limit} bytes, got more")], 413


REFUSALS: dict[type[Exception], Callable[[Any], tuple[list[Issue], int]]] = {
    InputError: input_error,
    ValidationError: schema_error,
    HttpError: http_error,
    Http404: not_found,
    PermissionDenied: forbidden,
    RequestDataTooBig: too_big,
}


def answer_errors(api: NinjaAPI) -> None:
    """Answer every refusal on ``api`` in the one shape (called once for each version)."""

    def handler(refusal: Callable[[Any], tuple[list[Issue], int]]) -> Any:
        def answer(request: HttpRequest, exc: Exception) -> HttpResponse:
            issues, status = refusal(exc)
            detail = {"detail": InputError(issues).as_detail()}
            return api.create_response(request, detail, status=status)

        return answer

    for exc_class, refusal in REFUSALS.items():
        api.add_exception_handler(exc_class, handler(refusal))


api = _api(UNVERSIONED, "api", "insideout API")
api_v1 = _api(V1, "api-v1", "insideout API v1")
