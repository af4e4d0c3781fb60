"""App configuration for :mod:`insideout.site`."""

from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "insideout.site"
    label = "insideout_site"  # not "site": unambiguous next to django.contrib.sites
    verbose_name = "Site pages"
