"""What the commands that work on the database share: Django set up for that command alone, and
the runner a ``--runner HANDLE`` (``--coach USERNAME``) names.

The other commands never touch the database and never import Django (import-linter's
``cli-imports-no-django`` contract lists the imports made here, each with its reason).
``DJANGO_SETTINGS_MODULE`` defaults to ``insideout.web.settings``, so ``DATABASE_URL`` names the
database (the project's SQLite file by default).
"""

from __future__ import annotations

import os
import secrets
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from insideout.people.models import Runner

__all__ = ["Refused", "django_setup", "stored_runner"]


class Refused(Exception):
    """The command cannot go on: the message (naming the option or the database) for stderr;
    the command exits with status 2 and has written nothing."""


def django_setup() -> None:
    """Django, set up for this command only."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "insideout.web.settings")
    # The settings refuse to load with debug off and no INSIDEOUT_SECRET_KEY (a server must never
    # run on a public key). These commands sign nothing (no sessions, no cookies, no tokens), so
    # without a key they get a random one for this process alone.
    os.environ.setdefault("INSIDEOUT_SECRET_KEY", secrets.token_urlsafe(50))
    import django

    django.setup()


def stored_runner(handle: str, coach: str | None) -> Runner:
    """Django set up and the runner ``handle`` (of the coach ``coach``, when given) read; Refused
    for an unknown runner, a handle two coaches use without ``--coach``, or a database that
    cannot be read."""
    django_setup()
    from django.db import DatabaseError

    from insideout.training.importing import runner_for

    try:
        return runner_for(handle, coach)
    except LookupError as exc:
        raise Refused(f"--runner {handle}: {exc.args[0]}") from None
    except DatabaseError as exc:
        message = f"cannot read the database ({exc}); is it migrated (manage.py migrate)?"
        raise Refused(message) from None
