"""The project package as an app, so that its base templates and stylesheet are found."""

from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "insideout.web"
    label = "web"
    verbose_name = "insideout"

    def ready(self) -> None:
        # The pages show labels, never internal names: a missing or empty label in
        # insideout/catalogue/labels.yaml stops the start, naming the file and the key.
        from insideout.catalogue.labels import load_labels

        load_labels()
