"""Addresses of the people pages."""

from django.urls import path

from insideout.people import views

app_name = "people"

urlpatterns = [
    path("", views.home, name="home"),
    path("runners/new/", views.add_runner, name="add_runner"),
    path("runners/<slug:handle>/", views.runner_detail, name="runner"),
]
