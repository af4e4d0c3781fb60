"""ASGI entry point for a production server (``uvicorn insideout.web.asgi:application``)."""

import os

from django.core.asgi import get_asgi_application

from insideout.web.warm import settle

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "insideout.web.settings")
application = get_asgi_application()
settle()  # the catalogue loaded, the start-up's objects out of the collector's way
