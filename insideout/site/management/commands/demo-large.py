"""``manage.py demo-large [--runners 1000] [--days 365] [--coach NAME] [--seed 1]``: a coach with
many runners and a year of history each, to see the site at the size of a club.

What is drawn, and how fast, is :mod:`insideout.site.demo_large`'s. The coach logs in as
``NAME`` and each runner as ``NAME-r0000``, ``NAME-r0001``…, every password ``--password``
(default ``demo``). The same arguments give the same squad. It refuses, changing nothing, when a
login named ``NAME`` exists already: delete that coach (the admin) or choose another name.
"""

from __future__ import annotations

import time
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from insideout.people.models import Coach
from insideout.site.demo_large import build, login_hash
from insideout.training import services

MAX_RUNNERS = 20_000
MAX_DAYS = 3 * 366


def _bounded(name: str, low: int, high: int) -> Any:
    def parse(raw: str) -> int:
        try:
            value = int(raw)
        except ValueError:
            raise CommandError(f"--{name}: expected a whole number, got {raw!r}") from None
        if not low <= value <= high:
            raise CommandError(f"--{name}: expected {low} to {high}, got {value}")
        return value

    return parse


class Command(BaseCommand):
    help = "Build a coach with many runners and a year of history each (refuses if it exists)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--runners", type=_bounded("runners", 1, MAX_RUNNERS), default=1000)
        parser.add_argument("--days", type=_bounded("days", 7, MAX_DAYS), default=365)
        parser.add_argument("--coach", default="coach-large", help="the coach's login (new)")
        parser.add_argument("--password", default="demo", help="every demo login's password")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args: Any, **options: Any) -> None:
        name = str(options["coach"])
        username_field = get_user_model()._meta.get_field(get_user_model().USERNAME_FIELD)
        limit = (getattr(username_field, "max_length", None) or 150) - len("-r00000")
        if not name or len(name) > limit:
            raise CommandError(f"--coach: expected a login of 1 to {limit} characters")
        if get_user_model().objects.filter(username=name).exists():
            raise CommandError(
                f"--coach: a login named {name!r} exists already; nothing was changed "
                "(choose another name, or delete that coach first)"
            )
        started = time.perf_counter()
        password = login_hash(options["password"])
        with transaction.atomic():
            user = get_user_model().objects.create(username=name, password=password)
            coach = Coach.objects.create(user=user, name=f"Coach {name}")
        squad = build(
            coach,
            options["runners"],
            today=services.today(),
            days=options["days"],
            seed=options["seed"],
            password_hash=password,
        )
        rows = ", ".join(f"{n:,} {kind}" for kind, n in squad.rows.items())
        took = time.perf_counter() - started
        self.stdout.write(f"Built {rows} in {took:.1f} s, with the dashboard's summaries.")
        self.stdout.write(f"Log in as {name} (runners: {name}-r0000 ...), password as given.")
