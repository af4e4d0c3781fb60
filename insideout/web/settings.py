"""Django settings, read from the environment so one codebase runs on a laptop and on a server.

``INSIDEOUT_SECRET_KEY``, ``INSIDEOUT_DEBUG``, ``INSIDEOUT_DEFAULT_TIME_ZONE``,
``INSIDEOUT_UPLOAD_MAX_BYTES``, ``INSIDEOUT_UPLOAD_DIR`` and ``DATABASE_URL`` are the knobs; without
them the project runs for development on a SQLite file under ``var/`` in the repository.

Background work (an uploaded import) goes through the tasks framework (the ``django_tasks``
backport of Django 6's ``django.tasks``) with the database backend: a task is a row, and
``manage.py db_worker`` runs it (``make run`` starts one beside the server).
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
import django_stubs_ext

# Lets Django's generic classes take type arguments at run time (``admin.ModelAdmin[Run]``,
# ``forms.ModelForm[Runner]``), as django-stubs declares them; it changes nothing else.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parents[2]
VAR_DIR = BASE_DIR / "var"
VAR_DIR.mkdir(exist_ok=True)

_DEV_KEY = "insideout-dev-only-not-secret"  # noqa: S105 - the documented development default
SECRET_KEY = os.environ.get("INSIDEOUT_SECRET_KEY", _DEV_KEY)
DEBUG = os.environ.get("INSIDEOUT_DEBUG", "").lower() in {"1", "true", "yes", "on"}
ALLOWED_HOSTS = ["localhost", "127.0.0.1", *os.environ.get("INSIDEOUT_HOSTS", "").split()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "insideout.web",
    "insideout.people",
    "insideout.screening",
    "insideout.training",
    "insideout.site",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "insideout.web.urls"
WSGI_APPLICATION = "insideout.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(default=f"sqlite:///{VAR_DIR / 'insideout.sqlite3'}")
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "site:home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
# A new runner's time zone (an IANA name; each runner's own is on their row): the local day of an
# imported activity is the day in the runner's zone.
INSIDEOUT_DEFAULT_TIME_ZONE = os.environ.get("INSIDEOUT_DEFAULT_TIME_ZONE", "") or "UTC"
USE_I18N = True
USE_TZ = True

# Background work: tasks are rows in the database, run by `manage.py db_worker` (the tests run them
# at once with django_tasks' ImmediateBackend).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Uploaded watch files and archives (the runner's page and POST /api/runners/{handle}/imports):
# the largest upload accepted, in bytes (default 512 MiB: a Strava or Garmin account export), and
# where an upload waits for its import (deleted when the import ends; default var/uploads).
INSIDEOUT_UPLOAD_MAX_BYTES = int(os.environ.get("INSIDEOUT_UPLOAD_MAX_BYTES", "") or 512 * 2**20)
INSIDEOUT_UPLOAD_DIR = Path(os.environ.get("INSIDEOUT_UPLOAD_DIR", "") or VAR_DIR / "uploads")

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"  # filled by collectstatic; WhiteNoise wants it to exist
STATIC_ROOT.mkdir(exist_ok=True)
# WhiteNoise serves the stylesheet with or without DEBUG, straight from the apps (no collectstatic
# step needed to self-host; run it anyway in production for compressed, cached files).
WHITENOISE_USE_FINDERS = True
