"""App configuration for :mod:`insideout.screening`."""

from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "insideout.screening"
    label = "screening"
    verbose_name = "Screening"
