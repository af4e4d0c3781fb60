"""WSGI entry point for a production server (``gunicorn insideout.web.wsgi``)."""

import os

from django.core.wsgi import get_wsgi_application

from insideout.web.warm import settle

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "insideout.web.settings")
application = get_wsgi_application()
settle()  # the catalogue loaded, the start-up's objects out of the collector's way
