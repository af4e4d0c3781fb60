"""Addresses of the pages that combine the apps: the dashboard and a runner's page."""

from django.urls import path

from insideout.site import views

app_name = "site"

urlpatterns = [
    path("", views.home, name="home"),
    path("runners/<slug:handle>/", views.runner_detail, name="runner"),
    path("runners/<slug:handle>/charts/<slug:name>.svg", views.chart, name="chart"),
]
