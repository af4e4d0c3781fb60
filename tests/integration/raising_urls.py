"""A URL whose view fails, for the logging test (test_logging.py)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path


def fails(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("the test view fails on purpose")


urlpatterns = [path("fails/", fails)]
