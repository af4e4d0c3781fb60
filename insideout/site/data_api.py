"""The export of a runner's data through the API: ``GET /runners/{handle}/export`` answers the
zip the page ``/runners/{handle}/export.zip`` downloads (:mod:`insideout.site.export`).

(Deleting a runner's account is ``DELETE /runners/{handle}``, beside the runner's other
operations in :mod:`insideout.people.api`.)
"""

from __future__ import annotations

from django.http import HttpRequest, StreamingHttpResponse
from ninja import Router

from insideout.people.access import runner_or_404
from insideout.people.routers import VersionedRouter
from insideout.people.schemas import ErrorOut
from insideout.site import export

__all__ = ["build_router", "router"]

router = VersionedRouter(tags=["export"])

ZIP = {
    "description": "A zip: history.json (the history as `insideout advise` reads it), "
    "records.json (messages, cap and log changes, imports, activities, invitations), "
    "activities/ (the original watch files, byte for byte) and README.txt (every field).",
    "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
}


def build_router(version: str) -> Router:
    """These endpoints as API ``version`` serves them (:mod:`insideout.people.routers`)."""
    return router.build(version)


@router.get(
    "/runners/{handle}/export",
    response={200: None, 401: ErrorOut, 404: ErrorOut},
    openapi_extra={"responses": {200: ZIP}},
)
def export_runner(request: HttpRequest, handle: str) -> StreamingHttpResponse:
    """All of a runner's data as a zip (the runner themself or their coach)."""
    return export.response(runner_or_404(request.user, handle))
