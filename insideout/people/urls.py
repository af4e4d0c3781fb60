"""Addresses of the people pages."""

from django.urls import path

from insideout.people import views

app_name = "people"

urlpatterns = [
    path("runners/new/", views.add_runner, name="add_runner"),
]
