"""The API's versions: each app declares its endpoints once, and gets a router per version.

``/api/`` (unversioned, kept for today's integrators) and ``/api/v1/`` serve the same endpoints.
They differ in their lists (:mod:`insideout.people.paging`): a bare array on ``/api/``, a page in
an envelope on v1. django-ninja fixes an operation's response schema and query parameters when the
operation is registered, so one registered operation cannot answer both ways.

So an app's ``router`` is a :class:`VersionedRouter`: its ``@router.get(...)``, ``.post(...)``...
decorators are ninja's own, but they only record the endpoint. ``build(version)`` registers every
recorded endpoint on a fresh ninja ``Router`` for that version, and there a list endpoint (a GET
whose success response is a list, ``response=list[RunOut]``) is wrapped for the version: every row
on ``/api/`` (a page by number where :func:`~insideout.people.paging.numbered_pages` says so), a
page by ``limit`` and ``offset`` in the envelope on v1, with the envelope's schema in the OpenAPI
document. Adding an endpoint to an app's router is thus enough for it to be served, and documented,
by every version (``insideout.web.api`` builds one ``NinjaAPI`` per version from each app's
``build_router``). This is django-ninja's own ``RouterPaginated`` idea (a list found by its
response type at registration), made per version.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, get_args

from django.http import HttpRequest
from django.urls import reverse
from ninja import Router
from ninja.signature.details import is_collection_type

from insideout.people.paging import is_numbered, page_numbers, page_schema, paged_v1, whole_list

__all__ = ["UNVERSIONED", "V1", "VERSIONS", "VersionedRouter", "api_reverse", "list_item"]

UNVERSIONED = "unversioned"  # /api/: the API as it was before versions (bare lists)
V1 = "v1"  # /api/v1/: paged lists
VERSIONS = (UNVERSIONED, V1)


def list_item(methods: list[str], response: Any) -> tuple[int | None, Any] | None:
    """``(status, item schema)`` of a list endpoint (a GET answering ``list[item]``), else None.
    The status is None when ``response`` is the schema alone (ninja's 200)."""
    if [m.upper() for m in methods] != ["GET"]:
        return None
    responses = response.items() if isinstance(response, dict) else [(None, response)]
    for status, schema in responses:
        success = status is None or (isinstance(status, int) and 200 <= status < 300)
        if success and is_collection_type(schema):
            return status, get_args(schema)[0]
    return None


def _for_version(
    version: str, methods: list[str], view: Callable[..., Any], options: dict[str, Any]
) -> tuple[Callable[..., Any], dict[str, Any]]:
    """The endpoint as ``version`` serves it (only a list changes)."""
    found = list_item(methods, options.get("response"))
    if found is None:
        return view, options
    if version == UNVERSIONED:
        return (page_numbers if is_numbered(view) else whole_list)(view), options
    status, item = found
    response = options["response"]
    paged = page_schema(item) if status is None else {**response, status: page_schema(item)}
    return paged_v1(view), {**options, "response": paged}


class VersionedRouter(Router):
    """An app's endpoints, declared once (ninja's decorators), built once per API version."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._options = options
        self._endpoints: list[tuple[str, list[str], Callable[..., Any], dict[str, Any]]] = []

    def add_api_operation(
        self, path: str, methods: list[str], view_func: Callable[..., Any], **options: Any
    ) -> None:
        self._endpoints.append((path, list(methods), view_func, options))

    def add_router(self, prefix: str, router: Router | str, **options: Any) -> None:
        raise NotImplementedError("declare the endpoints on the app's one VersionedRouter")

    def build(self, version: str) -> Router:
        """A ninja Router holding every endpoint declared here, as ``version`` serves it."""
        if version not in VERSIONS:
            raise ValueError(f"version: expected one of {', '.join(VERSIONS)}, got {version!r}")
        router = Router(**self._options)
        for path, methods, view, options in self._endpoints:
            served, served_options = _for_version(version, methods, view, options)
            router.add_api_operation(path, methods, served, **served_options)
        return router


def api_reverse(request: HttpRequest, name: str, **kwargs: Any) -> str:
    """The URL of the endpoint ``name`` in the version of the API that ``request`` came in by."""
    match = request.resolver_match
    namespace = match.namespace if match is not None and match.namespace else "api"
    return reverse(f"{namespace}:{name}", kwargs=kwargs)
