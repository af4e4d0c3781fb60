"""The project package as an app, so that its base templates and stylesheet are found."""

from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "insideout.web"
    label = "web"
    verbose_name = "insideout"
