"""App configuration for :mod:`insideout.training`."""

from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "insideout.training"
    label = "training"
    verbose_name = "Training"

    def ready(self) -> None:
        from insideout.training import deletion, summaries

        summaries.connect()
        deletion.connect()
