"""A stored coach setting never breaks a page; input outside the bounds is still refused.

The bounds of a runner's own weekly cap are data (``plan.weekly_increase_bounds`` in plan.yaml)
and may narrow after a coach set a cap. A cap read back from storage
(``RunnerSettings.from_store``, what the adapters build from the database) was checked when it was
set: it is clamped into today's bounds and the plan says so. A cap given as input (a form, the
API, a history file) outside the bounds is refused, naming the field.
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from insideout.catalogue import HERE, load_catalogue
from insideout.catalogue.method import load_method
from insideout.core import InputError
from insideout.core.advise import Advice, advise
from insideout.core.coach import RunnerSettings, default_cap, parse_settings, with_settings
from insideout.core.history import History, parse_history
from insideout.core.method import Method
from tests.advice_builders import DAY, ON, decision, history, run, screen, sessions


def narrowed(tmp_path: Path, **bounds: float) -> Method:
    """The method as loaded from a plan.yaml whose cap bounds were changed to ``bounds``."""
    for name in ("plan.yaml", "exercises.yaml"):
        shutil.copy(HERE / name, tmp_path / name)
    doc = yaml.safe_load((tmp_path / "plan.yaml").read_text())
    doc["plan"]["weekly_increase_bounds"].update(bounds)
    (tmp_path / "plan.yaml").write_text(yaml.safe_dump(doc, sort_keys=False))
    return load_method(tmp_path)


def building(settings: RunnerSettings) -> History:
    """A balanced runner in the build phase whose weekly cap binds (as in test_coach_controls)."""
    runs = []
    for i, km in enumerate((18, 18)):
        start = ON - 7 * (2 - i) * DAY
        runs += [run(start + DAY, km * 2 / 3), run(start + 3 * DAY, km / 6)]
        runs.append(run(start + 5 * DAY, km / 6))
    h = history(runs, screens=[screen(ON - 30 * DAY)], strength=sessions(ON, 5))
    return dataclasses.replace(h, settings=settings)


def advice(h: History, method: Method) -> Advice:
    return advise(h, ON, load_catalogue(), method)


STORED = [
    # (bounds in plan.yaml now, the coach's stored cap, the cap that applies, words in the plan)
    ({"max": 20}, 25, 20, "Your coach set 25%, the method now allows at most 20%: 20% applies"),
    ({"min": 5}, 2, 5, "Your coach set 2%, the method now allows at least 5%: 5% applies"),
    ({"max": 20}, 20, 20, "The 20% cap was set for you by your coach"),  # at the new bound
    ({"max": 20}, 8, 8, "The 8% cap was set for you by your coach"),  # within: as before
]


@pytest.mark.parametrize(("bounds", "stored", "applies", "words"), STORED)
def test_a_stored_cap_beyond_narrowed_bounds_is_clamped_and_the_plan_says_so(
    tmp_path: Path, bounds: dict[str, float], stored: float, applies: float, words: str
) -> None:
    method = narrowed(tmp_path, **bounds)
    a = advice(building(RunnerSettings.from_store(stored)), method)
    cap = decision(a, "plan.weekly_cap")
    assert cap.threshold == applies
    assert cap.evidence == "IO-COACH-WEEKLY-CAP"
    assert words in cap.text, cap.text
    assert "default 10%" in cap.text, cap.text
    assert a.running.planned_km <= 18 * (1 + applies / 100) + 1e-9


def test_a_clamped_cap_is_what_last_weeks_rise_is_judged_against(tmp_path: Path) -> None:
    method = narrowed(tmp_path, max=20)
    mine = with_settings(method, RunnerSettings.from_store(25))
    assert mine.plan.weekly_increase_pct.value == 20
    assert mine.plan.weekly_coach_pct == 25
    assert default_cap(mine.plan) == method.plan.weekly_increase_pct
    assert method.plan.weekly_increase_pct.value == 10, "the method itself is not changed"


def test_a_stored_value_that_is_not_a_number_leaves_the_default_in_force() -> None:
    method = load_method()
    a = advice(building(RunnerSettings.from_store(float("nan"))), method)
    cap = decision(a, "plan.weekly_cap")
    assert cap.threshold == 10 and cap.evidence == method.plan.weekly_increase_pct.evidence
    assert "not a number: the default 10% applies" in cap.text, cap.text


INPUTS = [
    # (what the coach typed, beyond the narrowed bounds of 0 to 20)
    25,
    20.5,
    -1,
]


@pytest.mark.parametrize("typed", INPUTS)
def test_a_cap_given_as_input_beyond_the_bounds_is_refused_naming_the_field(
    tmp_path: Path, typed: float
) -> None:
    method = narrowed(tmp_path, max=20)
    issues: list[Any] = []
    assert parse_settings({"weekly_increase_pct": typed}, method, ("settings",), issues) is None
    (issue,) = issues
    assert issue.where == "settings.weekly_increase_pct"
    assert "0 to 20" in issue.message and "default of 10%" in issue.message
    with pytest.raises(InputError) as err:
        with_settings(method, RunnerSettings(typed))
    assert [i.where for i in err.value.issues] == ["weekly_increase_pct"]


def test_a_history_file_is_input_its_cap_beyond_the_bounds_is_refused(tmp_path: Path) -> None:
    method = narrowed(tmp_path, max=20)
    doc = {"runner": {"id": "ana"}, "settings": {"weekly_increase_pct": 25}}
    with pytest.raises(InputError) as err:
        parse_history(doc, load_catalogue(), method, on=ON)
    assert [i.where for i in err.value.issues] == ["settings.weekly_increase_pct"]
