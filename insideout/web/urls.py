"""The project's addresses: pages, login/logout, password reset and change (Django's own views
with this site's templates), the admin and the API (``/api/v1/``, and ``/api/`` as it was before
versions)."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from insideout.web.api import api, api_v1

# Django's password views with templates of their own names: the admin's templates would win
# over ours under Django's default names (the admin app comes first in INSTALLED_APPS).
password_urls = [
    path(
        "password_reset/",
        auth_views.PasswordResetView.as_view(
            template_name="registration/reset_form.html",
            email_template_name="registration/reset_email.txt",
            subject_template_name="registration/reset_subject.txt",
        ),
        name="password_reset",
    ),
    path(
        "password_reset/done/",
        auth_views.PasswordResetDoneView.as_view(template_name="registration/reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="registration/reset_confirm.html"
        ),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="registration/reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path(
        "password_change/",
        auth_views.PasswordChangeView.as_view(template_name="registration/change_form.html"),
        name="password_change",
    ),
    path(
        "password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="registration/change_done.html"),
        name="password_change_done",
    ),
]

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    *password_urls,
    path("admin/", admin.site.urls),
    path("api/v1/", api_v1.urls),  # before /api/, whose paths it would otherwise be tried against
    path("api/", api.urls),
    path("", include("insideout.people.urls")),
    path("", include("insideout.screening.urls")),
    path("", include("insideout.training.urls")),
    path("", include("insideout.help.urls")),
    path("", include("insideout.site.urls")),  # after people's "runners/new/"
]
