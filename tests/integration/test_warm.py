"""A server process is ready before its first request: the entry points load the URL list and the
catalogue, then move the start-up's objects out of the garbage collector's way
(:mod:`insideout.web.warm`)."""

from __future__ import annotations

import gc
import importlib
from collections.abc import Iterator

import pytest


@pytest.fixture
def unfrozen() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()  # the rest of the suite runs with an ordinary collector


@pytest.mark.parametrize("entry", ["insideout.web.wsgi", "insideout.web.asgi"])
def test_each_entry_point_settles_the_process(entry: str, unfrozen: None) -> None:
    assert gc.get_freeze_count() == 0
    module = importlib.reload(importlib.import_module(entry))
    assert callable(module.application)
    # Django, the views and the catalogue: far more than a handful of objects
    assert gc.get_freeze_count() > 50_000


def test_settling_loads_the_catalogue_the_method_and_the_labels(unfrozen: None) -> None:
    import insideout.catalogue
    import insideout.catalogue.labels
    import insideout.catalogue.method
    from insideout.web.warm import settle

    cached = [m._default for m in (insideout.catalogue, insideout.catalogue.method,
                                   insideout.catalogue.labels)]  # fmt: skip
    for cache in cached:
        cache.cache_clear()
    settle()
    assert [cache.cache_info().currsize for cache in cached] == [1, 1, 1]
