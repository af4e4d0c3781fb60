"""The runner's charts: SVG images with their words on the page (issue 14, part 6)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from xml.etree import ElementTree

import pytest

from insideout.people.models import Runner
from insideout.training import services
from insideout.training.models import Run

TODAY = dt.date(2026, 10, 14)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services, "today", lambda: TODAY)


@pytest.fixture
def running(ana: Runner) -> Runner:
    """Five weeks of three runs, the last week with a spike (an 18 km run after 8 km ones)."""
    for k in range(5, 0, -1):
        for i, km in enumerate((5.0, 5.0, 8.0)):
            day = TODAY - dt.timedelta(days=7 * k - 2 * i)
            Run.objects.create(runner=ana, date=day, distance_km=km, duration_min=km * 6,
                               cadence_spm=160 + i)  # fmt: skip
    Run.objects.create(runner=ana, date=TODAY - dt.timedelta(days=1), distance_km=18,
                       duration_min=110)  # fmt: skip
    return ana


@pytest.mark.parametrize("name", ["weekly", "long-runs", "cadence"])
def test_each_chart_is_an_svg_image_with_its_title(login: Any, running: Runner, name: str) -> None:
    response = login(running.coach.user).get(f"/runners/ana/charts/{name}.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    root = ElementTree.fromstring(response.content)
    assert root.tag.endswith("svg")
    texts = " ".join(t.text or "" for t in root.iter() if t.tag.endswith("text"))
    assert {"weekly": "Weekly distance", "long-runs": "Each run", "cadence": "Step rate"}[
        name
    ] in texts


def test_the_runners_page_shows_the_charts_with_words_for_each(login: Any, running: Runner) -> None:
    html = login(running.user).get("/runners/ana/").content.decode()
    for name in ("weekly", "long-runs", "cadence"):
        assert f'src="/runners/ana/charts/{name}.svg"' in html
    assert 'alt="Weekly distance and the weekly cap: ' in html
    # the 18 km run, in words too (the records' first week, 5, 5 and 8 km, is taken as it is:
    # nothing before it to judge it by, IO-PLAN-ABSORBED)
    assert "1 longer than their limit." in html
    assert "<td>18.0</td><td>8.8</td><td>no</td>" in html
    assert '<th scope="col">limit (km)</th>' in html


def test_a_runner_with_no_run_is_shown_no_empty_chart(login: Any, ana: Runner) -> None:
    html = login(ana.user).get("/runners/ana/").content.decode()
    assert "/charts/" not in html


def test_an_imported_run_with_running_dynamics_draws_its_contact_balance_as_context(
    login: Any, ana: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """IO-GCT-BALANCE-CONTEXT: the left/right ground-contact balance a watch recorded is shown
    over time, in words too, and said to decide nothing (no published cut-off)."""
    from pathlib import Path

    from insideout.importers.archives import iter_sources
    from insideout.importers.readers import read_activity
    from insideout.training.importing import import_sources

    monkeypatch.setattr(services, "today", lambda: dt.date(2020, 2, 10))
    data = Path(__file__).resolve().parents[1] / "data" / "fit"
    report = import_sources(
        ana, iter_sources([data / "sportslib__6860622783-treadmill.fit"]), read=read_activity
    )
    assert len(report.imported) == 1
    client = login(ana.user)
    html = client.get("/runners/ana/").content.decode()
    assert 'src="/runners/ana/charts/balance.svg"' in html
    assert "context only: no published cut-off" in html
    svg = client.get("/runners/ana/charts/balance.svg")
    assert svg.status_code == 200
    texts = " ".join(t.text or "" for t in ElementTree.fromstring(svg.content).iter())
    assert "ground-contact balance" in texts
