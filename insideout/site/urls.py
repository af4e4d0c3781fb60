"""Addresses of the pages that combine the apps: the dashboard and a runner's page."""

from django.urls import path

from insideout.site import data_views, views

app_name = "site"

urlpatterns = [
    path("", views.home, name="home"),
    path("runners/<slug:handle>/", views.runner_detail, name="runner"),
    path("runners/<slug:handle>/charts/<slug:name>.svg", views.chart, name="chart"),
    path("runners/<slug:handle>/export.zip", data_views.export_zip, name="export"),
    path("runners/<slug:handle>/delete/", data_views.delete_account, name="delete_account"),
    path("runners/<slug:handle>/transfer/", data_views.transfer_runner, name="transfer"),
    path("notices/", data_views.notices, name="notices"),
    path("export/runners.csv", data_views.squad_csv, name="squad_csv"),
]
