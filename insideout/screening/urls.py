"""Addresses of the screen pages."""

from django.urls import path

from insideout.screening import views

app_name = "screening"

urlpatterns = [
    path("runners/<slug:handle>/screens/new/", views.new_screen, name="new"),
    path("runners/<slug:handle>/screens/<int:screen_id>/", views.screen_profile, name="screen"),
    path(
        "runners/<slug:handle>/screens/<int:screen_id>/tests/<slug:test_id>/",
        views.screen_step,
        name="step",
    ),
    path("runners/<slug:handle>/profile/", views.latest_profile, name="profile"),
]
