"""Issue 14: "Non-running activities are kept and shown but are not running load"."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from insideout.importers.archives import iter_sources
from insideout.importers.readers import read_activity
from insideout.people.models import Runner
from insideout.training import services
from insideout.training.importing import import_sources
from insideout.training.models import Run

DATA = Path(__file__).resolve().parents[1] / "data" / "fit"


def test_an_imported_swim_is_shown_on_the_runners_page_and_is_no_run(
    login: Any, ana: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(services, "today", lambda: dt.date(2020, 3, 20))
    report = import_sources(
        ana, iter_sources([DATA / "sportslib__6860712481-poolswim.fit"]), read=read_activity
    )
    assert [i.sport for i in report.imported] == ["swimming"]
    assert not Run.objects.filter(runner=ana).exists()
    html = login(ana.user).get("/runners/ana/").content.decode()
    assert 'id="other-activities"' in html and "swimming" in html
    assert "not counted as running load" in html
