"""``manage.py load-demo``: a coach and three runners to try insideout with, loaded idempotently.

The data lives in ``insideout/site/fixtures/demo.yaml`` and goes through the core's parser like
any other input. Dates are relative to today, so the demo tells the same story whenever it is
loaded: Ana builds, Ben is cut back for rising knee pain, Cleo unlocks technique work. Running the
command again resets the demo people to that file (their screens, runs and strength sessions are
replaced); nothing else in the database is touched.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from insideout.catalogue import load_catalogue
from insideout.core.errors import InputError, Issue
from insideout.core.screen import parse_date, parse_measures
from insideout.people.models import Coach, Runner
from insideout.screening.models import Screen
from insideout.screening.services import replace_all
from insideout.training import services as training
from insideout.training.models import Run, StrengthSession

DEMO = Path(__file__).resolve().parents[2] / "fixtures" / "demo.yaml"
ADDRESS = "http://127.0.0.1:8000/"


def _user(login: dict[str, str]) -> Any:
    user, _ = get_user_model().objects.get_or_create(username=login["username"])
    user.set_password(login["password"])
    user.save()
    return user


class Command(BaseCommand):
    help = "Load a demo coach and three runners with screens (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        with DEMO.open(encoding="utf-8") as fh:
            demo = yaml.safe_load(fh)
        with transaction.atomic():
            coach_user = _user(demo["coach"])
            coach, _ = Coach.objects.update_or_create(
                user=coach_user, defaults={"name": demo["coach"]["name"]}
            )
            for raw in demo["runners"]:
                self._runner(coach, raw)
        self.stdout.write(f"Demo loaded. Open {ADDRESS} once the server runs (make run starts it).")
        self.stdout.write("Logins (username / password):")
        for login in [demo["coach"], *(r["login"] for r in demo["runners"])]:
            self.stdout.write(f"  {login['username']} / {login['password']}")

    def _runner(self, coach: Coach, raw: dict[str, Any]) -> None:
        user = _user(raw["login"])
        Runner.objects.filter(user=user).exclude(coach=coach, handle=raw["handle"]).update(
            user=None
        )
        runner, _ = Runner.objects.update_or_create(
            coach=coach,
            handle=raw["handle"],
            defaults={
                "name": raw["name"],
                "sex": raw["sex"],
                "birth_year": raw["birth_year"],
                "user": user,
            },
        )
        today = training.today()
        Screen.objects.filter(runner=runner).delete()
        for i, screen in enumerate(raw["screens"]):
            issues: list[Issue] = []
            loc = ("runners", raw["handle"], "screens", i)
            when = today - dt.timedelta(days=screen["days_ago"])
            day = parse_date(when.isoformat(), (*loc, "date"), issues)
            measures = parse_measures(
                screen["measures"], load_catalogue(), issues, (*loc, "measures")
            )
            if issues or day is None:
                raise InputError(issues, source=str(DEMO))
            replace_all(runner, day, measures, by=coach.user)
        self._training(runner, raw.get("training"), today)

    def _training(self, runner: Runner, plan: dict[str, Any] | None, today: dt.date) -> None:
        """Weeks of runs and strength sessions before today, stored through the same checks."""
        Run.objects.filter(runner=runner).delete()
        StrengthSession.objects.filter(runner=runner).delete()
        if not plan:
            return
        weeks = plan["weeks"]
        pains = plan.get("pain_after", [0] * weeks)
        for k in range(weeks):
            start = today - dt.timedelta(days=7 * (weeks - k))
            grow = (1 + plan.get("growth_pct", 0) / 100) ** k
            for r in plan["runs"]:
                day = start + dt.timedelta(days=r["day"])
                if day >= today:
                    continue
                pain = pains[k]
                training.record_run(
                    runner,
                    {
                        "date": day.isoformat(),
                        "distance_km": round(r["km"] * grow, 1),
                        "duration_min": round(r["minutes"] * grow),
                        "rpe": r["rpe"],
                        "pain_during": 0,
                        "pain_after": pain,
                        "pain_next_morning": max(pain - 1, 0),
                        "pain_site": plan.get("pain_site") if pain else None,
                        "pain_side": plan.get("pain_side") if pain else None,
                        "red_flags": [],
                        "cadence_spm": plan.get("cadence_spm"),
                    },
                )
            if k >= weeks - plan.get("strength_weeks", weeks):
                for offset in plan.get("strength_days", []):
                    day = start + dt.timedelta(days=offset)
                    if day < today:
                        training.record_strength(runner, {"date": day.isoformat()})
