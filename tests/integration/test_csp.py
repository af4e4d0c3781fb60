"""The content security policy (issue 15, part 7): every page says scripts, styles and images come
from the site itself, and no template carries inline script or style, so the policy never needs
``'unsafe-inline'``."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from insideout.people.models import Runner

TEMPLATES = sorted(
    (Path(__file__).resolve().parents[2] / "insideout").glob("**/templates/**/*.html")
)


def _directives(header: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            out[words[0]] = words[1:]
    return out


def _assert_policy(response: Any) -> None:
    assert response.status_code == 200
    policy = _directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_the_dashboard_and_the_runner_page_carry_the_policy(login: Any, ana: Runner) -> None:
    client = login(ana.coach.user)
    _assert_policy(client.get("/"))
    _assert_policy(client.get(f"/runners/{ana.handle}/"))


@pytest.mark.django_db
def test_the_login_page_carries_the_policy(client: Any) -> None:
    _assert_policy(client.get("/login/"))


def test_there_are_templates_to_scan() -> None:
    assert len(TEMPLATES) > 20


SCRIPT_WITH_BODY = re.compile(r"<script\b[^>]*>(?!\s*</script>)", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.IGNORECASE)
HANDLER_ATTRIBUTE = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
JS_URL = re.compile(r"javascript:", re.IGNORECASE)


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p).split("insideout/", 1)[-1])
def test_no_template_has_inline_script_or_style(template: Path) -> None:
    text = template.read_text(encoding="utf-8")
    for name, pattern in [
        ("a <script> with content", SCRIPT_WITH_BODY),
        ("a <style> element", STYLE_ELEMENT),
        ("a style= attribute", STYLE_ATTRIBUTE),
        ("an on*= event handler", HANDLER_ATTRIBUTE),
        ("a javascript: URL", JS_URL),
    ]:
        found = pattern.search(text)
        assert found is None, f"{template}: {name} at {found.group(0)!r}" if found else ""


@pytest.mark.parametrize(
    "snippet",
    [
        "<script>alert(1)</script>",
        '<div style="color:red">',
        "<style>p{}</style>",
        '<button onclick="go()">',
        '<a href="javascript:go()">',
    ],
)
def test_the_scan_catches_what_it_forbids(snippet: str) -> None:
    patterns = [SCRIPT_WITH_BODY, STYLE_ELEMENT, STYLE_ATTRIBUTE, HANDLER_ATTRIBUTE, JS_URL]
    assert any(p.search(snippet) for p in patterns)
    assert not any(p.search('<script src="/static/x.js"></script>') for p in patterns)
