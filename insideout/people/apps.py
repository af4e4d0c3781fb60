"""App configuration for :mod:`insideout.people`."""

from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "insideout.people"
    label = "people"
    verbose_name = "People"
