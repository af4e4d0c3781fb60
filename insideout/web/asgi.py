"""ASGI entry point for a production server (``uvicorn insideout.web.asgi:application``)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "insideout.web.settings")
application = get_asgi_application()
