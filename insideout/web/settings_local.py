"""The project's settings for the tests and the type checker on one machine.

The production settings (``insideout.web.settings``) refuse to load with debug off and no
``INSIDEOUT_SECRET_KEY``. The tests (``[tool.pytest.ini_options]``) and mypy's Django plugin
(``[tool.django-stubs]``) load them with debug off on purpose, so this module gives them a key of
their own first. Never point a server at this module: use ``insideout.web.settings``.
"""

from __future__ import annotations

import os

os.environ.setdefault("INSIDEOUT_SECRET_KEY", "insideout-tests-only-not-secret")

from insideout.web.settings import *  # noqa: E402, F403
