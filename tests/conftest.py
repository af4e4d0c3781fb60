"""Shared fixtures."""

from __future__ import annotations

import pytest

from insideout.catalogue import load_catalogue
from insideout.core import Catalogue


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load_catalogue()
