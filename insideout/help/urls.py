"""Addresses of the help pages: the coach's inbox and a runner's thread."""

from django.urls import path

from insideout.help import views

app_name = "help"

urlpatterns = [
    path("help/", views.inbox, name="inbox"),
    path("runners/<slug:handle>/help/", views.thread, name="thread"),
]
