"""App configuration for :mod:`insideout.help`."""

from django.apps import AppConfig


class HelpConfig(AppConfig):
    name = "insideout.help"
    label = "help"
    verbose_name = "Help messages"

    def ready(self) -> None:
        from insideout.help import notices

        notices.connect()
