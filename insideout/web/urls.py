"""The project's addresses: pages, login/logout, the admin and the API under ``/api/``."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from insideout.web.api import api

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("", include("insideout.people.urls")),
    path("", include("insideout.screening.urls")),
    path("", include("insideout.training.urls")),
    path("", include("insideout.help.urls")),
    path("", include("insideout.site.urls")),  # after people's "runners/new/"
]
