"""The project's addresses: pages, login/logout, the admin and the API (``/api/v1/``, and
``/api/`` as it was before versions)."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from insideout.web.api import api, api_v1

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("api/v1/", api_v1.urls),  # before /api/, whose paths it would otherwise be tried against
    path("api/", api.urls),
    path("", include("insideout.people.urls")),
    path("", include("insideout.screening.urls")),
    path("", include("insideout.training.urls")),
    path("", include("insideout.site.urls")),  # after people's "runners/new/"
]
