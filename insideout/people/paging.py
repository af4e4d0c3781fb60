"""Lists in the API: what a list endpoint returns, and how each version of the API answers it.

A list endpoint returns its rows unread, as :class:`Rows` (a query, ordered, and how each row is
answered; a plain list or a QuerySet is taken as it is). Which part of it is read and how it is
wrapped is the version's, decided where the routers are built (:mod:`insideout.people.routers`),
never in the endpoint:

    /api/     (unversioned, today's integrators)  a bare JSON array, every row; the runs and the
              imports a page at a time (``?page=1&limit=50``, the total in ``X-Total-Count`` and
              the neighbours in ``Link``), as they were before v1 (:func:`numbered_pages`)
    /api/v1/  every list a page: ``{"items", "count", "limit", "offset", "next", "previous"}``
              (``?limit=50&offset=0``, at most 500 a page; ``next``/``previous`` are the URLs of
              the neighbouring pages, null at the ends)

This module is in the lowest app (people) so that every app's router can use it; it imports no
app above.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar, cast

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from ninja import Field, Schema
from ninja.params import functions as param_functions
from ninja.signature.utils import get_typed_signature
from ninja.utils import contribute_operation_args

__all__ = [
    "PAGE_LIMIT",
    "PAGE_LIMIT_MAX",
    "LimitOffsetIn",
    "PageIn",
    "PageOut",
    "Rows",
    "as_rows",
    "envelope",
    "is_numbered",
    "numbered_pages",
    "page_numbers",
    "page_schema",
    "paged_v1",
    "whole_list",
    "with_page_numbers",
]

PAGE_LIMIT = 50  # items on a page of a list, unless ``limit`` says otherwise
PAGE_LIMIT_MAX = 500  # the most a client may ask for at once

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])


def _identity(row: Any) -> object:
    return row


def _stable(rows: QuerySet[Any]) -> QuerySet[Any]:
    """``rows`` in their own order, the primary key last, so that no two rows tie: a page ends
    at the same row whichever database answers."""
    order = [str(o) for o in (rows.query.order_by or rows.model._meta.ordering)]
    pk = rows.model._meta.pk
    keys = {"pk", "id", pk.name if pk is not None else "pk"}
    if any(o.lstrip("-") in keys for o in order):
        return rows
    descending = bool(order) and order[0].startswith("-")
    return rows.order_by(*order, "-pk" if descending else "pk")


class Rows(Generic[T]):
    """A list to answer, not read yet: the rows (a QuerySet, or a list) and how each is answered.

    Only the rows of the page asked for are read and answered, and the total is counted apart.
    """

    def __init__(
        self, rows: QuerySet[Any] | Sequence[T], answer: Callable[[T], object] = _identity
    ) -> None:
        self.rows: QuerySet[Any] | Sequence[T] = (
            _stable(rows) if isinstance(rows, QuerySet) else rows
        )
        self.answer = answer

    def count(self) -> int:
        if isinstance(self.rows, QuerySet):
            return self.rows.count()
        return len(self.rows)

    def slice(self, offset: int, limit: int) -> list[object]:
        """The rows from ``offset`` (0 is the first), at most ``limit`` of them, answered."""
        return [self.answer(row) for row in self.rows[offset : offset + limit]]

    def all(self) -> list[object]:
        return [self.answer(row) for row in self.rows]


def as_rows(result: object) -> Rows[Any]:
    """What a list endpoint returned, as :class:`Rows` (a list or a QuerySet answered as is)."""
    if isinstance(result, Rows):
        return result
    if isinstance(result, QuerySet):
        return Rows(result)
    if isinstance(result, Sequence) and not isinstance(result, str | bytes):
        return Rows(list(result))
    raise TypeError(f"a list endpoint returns Rows, a QuerySet or a list, not {type(result)!r}")


# --- the query parameters and the envelope ------------------------------------------------------


class LimitOffsetIn(Schema):
    """Which items of a list (API v1): ``?limit=50&offset=100``."""

    limit: int = Field(
        PAGE_LIMIT,
        ge=1,
        le=PAGE_LIMIT_MAX,
        description=f"Items on a page, 1 to {PAGE_LIMIT_MAX} (default {PAGE_LIMIT}).",
    )
    offset: int = Field(
        0, ge=0, description="How many items to skip, from 0; past the end: no items."
    )


class PageIn(Schema):
    """Which page of a list (newest first): ``?page=2&limit=100``. The list's total is in the
    ``X-Total-Count`` header, and the next and previous pages in ``Link`` (rel="next", "prev")."""

    page: int = Field(1, ge=1, description="The page, from 1; past the last: an empty list.")
    limit: int = Field(
        PAGE_LIMIT, ge=1, le=PAGE_LIMIT_MAX, description="Items on a page (at most 500)."
    )


class PageOut(Schema):
    """A page of a list (API v1)."""

    items: list[Any] = Field(description="The items on this page, in the list's order.")
    count: int = Field(description="How many items the whole list holds.")
    limit: int = Field(description="The most items a page holds (the request's ``limit``).")
    offset: int = Field(description="How many items come before this page.")
    next: str | None = Field(description="The next page's URL; null on the last page.")
    previous: str | None = Field(description="The previous page's URL; null on the first page.")


@functools.cache
def page_schema(item: Any) -> type[PageOut]:
    """The envelope of a list of ``item`` (``RunOut`` -> ``PagedRunOut``), made once per item."""
    name = f"Paged{getattr(item, '__name__', 'Item')}"
    doc = f"A page of a list of {getattr(item, '__name__', 'items')} (API v1)."
    fields = {"__annotations__": {"items": list[item]}, "__doc__": doc, "__module__": __name__}
    return cast(type[PageOut], type(name, (PageOut,), fields))


def _link(request: HttpRequest, **values: int) -> str:
    query = request.GET.copy()  # the list's own parameters (a filter...) stay
    for key, value in values.items():
        query[key] = str(value)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def envelope(request: HttpRequest, rows: Rows[Any], window: LimitOffsetIn) -> dict[str, object]:
    """The page ``window`` asks for, in the v1 envelope."""
    count, limit, offset = rows.count(), window.limit, window.offset
    after = offset + limit
    before = max(0, min(offset, count) - limit)  # past the end: the last full page
    return {
        "items": rows.slice(offset, limit),
        "count": count,
        "limit": limit,
        "offset": offset,
        "next": _link(request, limit=limit, offset=after) if after < count else None,
        "previous": _link(request, limit=limit, offset=before) if offset > 0 else None,
    }


def with_page_numbers(
    request: HttpRequest, response: HttpResponse, rows: Rows[Any], paging: PageIn
) -> list[object]:
    """One page of ``rows`` by number (the unversioned API's runs and imports); the total in
    ``X-Total-Count``, the neighbours in ``Link``."""
    total = rows.count()
    start = (paging.page - 1) * paging.limit
    links = []
    for rel, page in (("prev", paging.page - 1), ("next", paging.page + 1)):
        if page >= 1 and (page - 1) * paging.limit < total and (rel == "next" or start > 0):
            query = QueryDict(mutable=True)
            query.update({"page": str(page), "limit": str(paging.limit)})
            links.append(f'<{request.path}?{query.urlencode()}>; rel="{rel}"')
    response["X-Total-Count"] = str(total)
    if links:
        response["Link"] = ", ".join(links)
    return rows.slice(start, paging.limit)


# --- the endpoint as each version serves it -----------------------------------------------------

_WINDOW = "insideout_paging"  # the name the paging parameters reach the wrapper under
_RESPONSE = "insideout_response"
_NUMBERED = "_insideout_numbered_pages"


def numbered_pages(view: F) -> F:
    """On the unversioned API this list is paged by number (``?page&limit``), as it was before
    v1; the other lists answer every row there. Below the route's decorator. No effect on v1."""
    setattr(view, _NUMBERED, True)
    return view


def _wrap(view: Callable[..., Any], wrapper: Callable[..., Any], *extra: str) -> Any:
    """``wrapper`` as ninja must see it: ``view``'s name, documentation and parameters (their
    annotations resolved in ``view``'s own module), with ``extra`` HttpResponse parameters."""
    wrapped = functools.wraps(view)(wrapper)
    signature = get_typed_signature(view)
    params = list(signature.parameters.values())
    params += [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=HttpResponse)
        for name in extra
    ]
    params.sort(key=lambda p: p.kind == inspect.Parameter.VAR_KEYWORD)  # **kwargs stays last
    setattr(wrapped, "__signature__", signature.replace(parameters=params))  # noqa: B010
    return wrapped


def _response_arg(view: Callable[..., Any]) -> str | None:
    for p in get_typed_signature(view).parameters.values():
        if p.annotation is HttpResponse:
            return p.name
    return None


def whole_list(view: Callable[..., Any]) -> Any:
    """The unversioned API's list: every row, a bare array."""

    def whole(request: HttpRequest, **kwargs: Any) -> list[object]:
        return as_rows(view(request, **kwargs)).all()

    return _wrap(view, whole)


def page_numbers(view: Callable[..., Any]) -> Any:
    """The unversioned API's runs and imports: a page by number, a bare array."""
    own = _response_arg(view)

    def numbered(request: HttpRequest, **kwargs: Any) -> list[object]:
        paging = kwargs.pop(_WINDOW)
        response = kwargs[own] if own else kwargs.pop(_RESPONSE)
        return with_page_numbers(request, response, as_rows(view(request, **kwargs)), paging)

    wrapped = _wrap(view, numbered, *([] if own else [_RESPONSE]))
    contribute_operation_args(wrapped, _WINDOW, PageIn, param_functions.Query(...))
    return wrapped


def paged_v1(view: Callable[..., Any]) -> Any:
    """API v1's list: a page by ``limit`` and ``offset``, in the envelope."""

    def paged(request: HttpRequest, **kwargs: Any) -> dict[str, object]:
        window = kwargs.pop(_WINDOW)
        return envelope(request, as_rows(view(request, **kwargs)), window)

    wrapped = _wrap(view, paged)
    contribute_operation_args(wrapped, _WINDOW, LimitOffsetIn, param_functions.Query(...))
    return wrapped


def is_numbered(view: Callable[..., Any]) -> bool:
    return bool(getattr(view, _NUMBERED, False))
