"""Addresses of the training pages."""

from django.urls import path

from insideout.training import calendar_views, views

app_name = "training"

urlpatterns = [
    path("runners/<slug:handle>/runs/new/", views.log_run, name="log_run"),
    path("runners/<slug:handle>/runs/<int:run_id>/morning/", views.morning_pain, name="morning"),
    path("runners/<slug:handle>/runs/<int:run_id>/pain/", views.answer_pain, name="answer_pain"),
    path("runners/<slug:handle>/runs/<int:run_id>/edit/", views.edit_run, name="edit_run"),
    path("runners/<slug:handle>/runs/<int:run_id>/delete/", views.delete_run, name="delete_run"),
    path("runners/<slug:handle>/pain/<int:pain_id>/edit/", views.edit_pain, name="edit_pain"),
    path("runners/<slug:handle>/pain/<int:pain_id>/delete/", views.delete_pain, name="delete_pain"),
    path(
        "runners/<slug:handle>/strength/<int:strength_id>/edit/",
        views.edit_strength,
        name="edit_strength",
    ),
    path(
        "runners/<slug:handle>/strength/<int:strength_id>/delete/",
        views.delete_strength,
        name="delete_strength",
    ),
    path("runners/<slug:handle>/imports/new/", views.upload_import, name="upload_import"),
    path("runners/<slug:handle>/imports/<int:job_id>/", views.import_job, name="import_job"),
    path("runners/<slug:handle>/pain/new/", views.report_pain, name="report_pain"),
    path("runners/<slug:handle>/strength/done/", views.strength_done, name="strength_done"),
    path("runners/<slug:handle>/settings/", views.runner_settings, name="settings"),
    path("runners/<slug:handle>/availability/", views.availability, name="availability"),
    path("runners/<slug:handle>/overrides/new/", views.override_gate, name="override"),
    path("runners/<slug:handle>/clearances/new/", views.clear_runner, name="clearance"),
    path("runners/<slug:handle>/calendar/", calendar_views.calendar_page, name="calendar"),
    path(
        "runners/<slug:handle>/calendar/revoke/",
        calendar_views.calendar_revoke,
        name="calendar_revoke",
    ),
    path(
        "runners/<slug:handle>/calendar.ics",
        calendar_views.calendar_download,
        name="calendar_download",
    ),
    path("calendar/<slug:feed_token>.ics", calendar_views.calendar_feed, name="calendar_feed"),
]
