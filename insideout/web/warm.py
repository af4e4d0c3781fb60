"""A server process made ready before its first request.

Loading the URL list (every view's module), the catalogue, the method and the labels at start
leaves the first visitor nothing to load. Then every object made so far, the whole of Django and
the catalogue, is moved out of the garbage collector's reach (:func:`gc.freeze`): the collector's
oldest generation is otherwise walked again and again over those hundreds of thousands of objects
that live as long as the process, about 100 ms that fell on one page view in ten or so
(measured with ``benchmarks/bench_pages.py``: the runner page's p95, not its p50). Called by the
WSGI and ASGI entry points, so by gunicorn, uvicorn and ``runserver`` alike.
"""

from __future__ import annotations

import gc


def settle() -> None:
    """Load what every request needs, then freeze the objects made so far."""
    from django.urls import get_resolver

    from insideout.catalogue import load_catalogue
    from insideout.catalogue.labels import load_labels
    from insideout.catalogue.method import load_method

    get_resolver().url_patterns  # noqa: B018 - imports every view's module
    load_catalogue()
    load_method()
    load_labels()
    gc.collect()
    gc.freeze()
