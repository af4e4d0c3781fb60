"""The API docs pages (``/api/docs``, ``/api/v1/docs``) load Swagger UI from the site's own static
files, never from a CDN (issue 15, part 7): the page works offline and within the content security
policy."""

from __future__ import annotations

import re
from typing import Any

import pytest

from insideout.people.models import Coach

ASSET = re.compile(r"<(?:script|link)\b[^>]*\b(?:src|href)=\"([^\"]+)\"", re.IGNORECASE)


@pytest.mark.django_db
@pytest.mark.parametrize("docs", ["/api/docs", "/api/v1/docs"])
def test_the_docs_page_uses_only_local_assets(login: Any, coach: Coach, docs: str) -> None:
    client = login(coach.user)
    response = client.get(docs)
    assert response.status_code == 200
    page = response.content.decode()
    assets = ASSET.findall(page)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets), assets
    assert any(a.endswith("swagger-ui.css") for a in assets), assets
    for asset in assets:
        assert asset.startswith("/static/"), asset
    assert "cdn" not in page.lower()
    assert "http://" not in page and "https://" not in page
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


@pytest.mark.django_db
@pytest.mark.parametrize("docs", ["/api/docs", "/api/v1/docs"])
def test_the_docs_assets_are_served(login: Any, coach: Coach, docs: str) -> None:
    client = login(coach.user)
    page = client.get(docs).content.decode()
    for asset in ASSET.findall(page):
        response = client.get(asset)
        assert response.status_code == 200, asset
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert body, asset
