"""Django settings, read from the environment so one codebase runs on a laptop and on a server.

``INSIDEOUT_SECRET_KEY``, ``INSIDEOUT_DEBUG``, ``INSIDEOUT_DEFAULT_TIME_ZONE``,
``INSIDEOUT_UPLOAD_MAX_BYTES``, ``INSIDEOUT_UPLOAD_DIR`` and ``DATABASE_URL`` are the knobs; without
them the project runs for development on a SQLite file under ``var/`` in the repository.

Debug is off unless ``INSIDEOUT_DEBUG`` is truthy (``make run`` sets it), and with debug off the
settings refuse to load without ``INSIDEOUT_SECRET_KEY``: a site facing the internet never runs on
the public development key. Behind HTTPS, ``INSIDEOUT_HTTPS=1`` turns on the redirect, secure
cookies and HSTS; ``INSIDEOUT_PROXY_SSL_HEADER=1`` trusts the proxy's ``X-Forwarded-Proto``;
``INSIDEOUT_CSRF_TRUSTED_ORIGINS`` lists the origins a form may be posted from (comma separated).

Background work (an uploaded import) goes through the tasks framework (the ``django_tasks``
backport of Django 6's ``django.tasks``) with the database backend: a task is a row, and
``manage.py db_worker`` runs it (``make run`` starts one beside the server).
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured

# Lets Django's generic classes take type arguments at run time (``admin.ModelAdmin[Run]``,
# ``forms.ModelForm[Runner]``), as django-stubs declares them; it changes nothing else.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parents[2]
VAR_DIR = BASE_DIR / "var"
VAR_DIR.mkdir(exist_ok=True)


def _flag(name: str, *, default: bool = False) -> bool:
    """An environment variable as a yes/no switch (1, true, yes, on: yes; anything else: no;
    unset or empty: ``default``)."""
    value = os.environ.get(name, "").strip().lower()
    return value in {"1", "true", "yes", "on"} if value else default


DEBUG = _flag("INSIDEOUT_DEBUG")
_DEV_KEY = "insideout-dev-only-not-secret"  # noqa: S105 - the documented development default
SECRET_KEY = os.environ.get("INSIDEOUT_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "INSIDEOUT_SECRET_KEY is not set and debug is off: refusing to start on the public "
            "development key. Set INSIDEOUT_SECRET_KEY to a long random string (for example "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`), or set "
            "INSIDEOUT_DEBUG=1 on a development machine."
        )
    SECRET_KEY = _DEV_KEY
ALLOWED_HOSTS = ["localhost", "127.0.0.1", *os.environ.get("INSIDEOUT_HOSTS", "").split()]

# --- Facing the internet (README, "Running it behind a proxy") -----------------------------------
# Always: no MIME sniffing, no framing, no script access to the session cookie, and the referrer
# only to the site itself.
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SECURE_REFERRER_POLICY = "same-origin"
# INSIDEOUT_HTTPS=1 (the site is served over HTTPS only): redirect plain HTTP, send cookies over
# HTTPS only, and tell browsers so for a year (HSTS; subdomains and preload stay opt-in, they bind
# more than this site).
if _flag("INSIDEOUT_HTTPS"):
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("INSIDEOUT_HSTS_SECONDS", "") or 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = _flag("INSIDEOUT_HSTS_INCLUDE_SUBDOMAINS")
    SECURE_HSTS_PRELOAD = _flag("INSIDEOUT_HSTS_PRELOAD")
# Off by default, knowingly: including subdomains binds every other host of the domain to HTTPS,
# and the preload list is slow to leave. `check --deploy` would warn about each; an operator who
# wants them sets the two variables above, and then the checks have nothing to say anyway.
SILENCED_SYSTEM_CHECKS = ["security.W005", "security.W021"]
# INSIDEOUT_PROXY_SSL_HEADER=1: the proxy in front ends TLS and says so in X-Forwarded-Proto (set
# it only when that proxy always sets, or strips, the header: a client could send it otherwise).
if _flag("INSIDEOUT_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# A content security policy (django-csp): scripts, styles, images, fonts and requests from this site
# only, no inline script or style (the templates have none: tests/integration/test_csp.py keeps it
# so), images also as data: URIs (the API docs' stylesheet draws its icons so), no framing, forms
# posted only here.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
CSRF_TRUSTED_ORIGINS = [
    origin.strip()
    for origin in os.environ.get("INSIDEOUT_CSRF_TRUSTED_ORIGINS", "").split(",")
    if origin.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # django-ninja as an app: the API docs (/api/v1/docs, /api/docs) load Swagger UI from its static
    # files, served by this site, instead of a CDN (and so pass the content security policy).
    "ninja",
    "insideout.web",
    "insideout.people",
    "insideout.screening",
    "insideout.training",
    "insideout.help",
    "insideout.site",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "axes",
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
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a locked-out login into its page
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
                "insideout.web.context_processors.accounts",
            ],
        },
    },
]

# The common form widgets written without their templates, the same HTML (insideout.web.renderers).
FORM_RENDERER = "insideout.web.renderers.PlainRenderer"

DATABASES = {
    "default": dj_database_url.config(default=f"sqlite:///{VAR_DIR / 'insideout.sqlite3'}")
}
# SQLite (the embedded default) holds a squad's morning (issue 15, part 8): write-ahead logging so
# readers never wait for a writer, a busy timeout instead of "database is locked", and write
# transactions that take the lock when they begin rather than halfway (Django's transaction_mode).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling (django-axes): 5 failed logins within 15 minutes for one username from one
# address lock that pair out for 15 minutes from the last failure, with a page that says so
# (registration/locked_out.html, status 429). Axes checks first, then Django's own backend.
# The address is the client's as the proxy in front saw it when INSIDEOUT_PROXY_COUNT says how many
# proxies append to X-Forwarded-For (insideout.web.client_ip); otherwise the connection's.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "insideout.web.client_ip.client_ip"
INSIDEOUT_PROXY_COUNT = int(os.environ.get("INSIDEOUT_PROXY_COUNT", "") or 0)

# Email (invitations, password resets): printed on the console unless INSIDEOUT_EMAIL_HOST names an
# SMTP server, then sent there (INSIDEOUT_EMAIL_PORT, default 587; INSIDEOUT_EMAIL_USER and
# INSIDEOUT_EMAIL_PASSWORD when it asks for a login; INSIDEOUT_EMAIL_USE_TLS=1 for STARTTLS).
# INSIDEOUT_EMAIL_FROM is the sender's address.
if os.environ.get("INSIDEOUT_EMAIL_HOST", "").strip():
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["INSIDEOUT_EMAIL_HOST"].strip()
    EMAIL_PORT = int(os.environ.get("INSIDEOUT_EMAIL_PORT", "") or 587)
    EMAIL_HOST_USER = os.environ.get("INSIDEOUT_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("INSIDEOUT_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = _flag("INSIDEOUT_EMAIL_USE_TLS")
    EMAIL_TIMEOUT = 20
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("INSIDEOUT_EMAIL_FROM", "") or "insideout@localhost"
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Accounts (issue 15, part 1; insideout.people.accounts): how many days an invitation's link works,
# and whether anybody may sign up as a self-coached runner (on unless INSIDEOUT_OPEN_SIGNUP is 0).
INSIDEOUT_INVITE_DAYS = int(os.environ.get("INSIDEOUT_INVITE_DAYS", "") or 7)
INSIDEOUT_OPEN_SIGNUP = _flag("INSIDEOUT_OPEN_SIGNUP", default=True)

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

# Logging to stderr (where a service manager or a container collects it), at INSIDEOUT_LOG_LEVEL
# (default INFO). Django's own configuration prints errors only with debug on; here a request that
# ends in a 500 leaves its traceback in the log (django.request, level ERROR) whatever the debug.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"},
    },
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
            "formatter": "plain",
        },
    },
    "root": {"handlers": ["stderr"], "level": os.environ.get("INSIDEOUT_LOG_LEVEL", "") or "INFO"},
    # Django's logger without its default handlers (console only with debug on, mail to admins
    # never configured): its records go up to the root's handler.
    "loggers": {
        "django": {"handlers": [], "propagate": True},
        # WeasyPrint (the PDFs) tells every step of every document at INFO: its warnings only.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"  # filled by collectstatic; WhiteNoise wants it to exist
STATIC_ROOT.mkdir(exist_ok=True)
# WhiteNoise serves the stylesheet with or without DEBUG, straight from the apps (no collectstatic
# step needed to self-host; run it anyway in production for compressed, cached files).
WHITENOISE_USE_FINDERS = True
