"""Admin pages for runs and strength sessions."""

from django.contrib import admin

from insideout.training.models import Run, StrengthSession


@admin.register(Run)
class RunAdmin(admin.ModelAdmin):
    list_display = ["runner", "date", "distance_km", "duration_min", "rpe", "pain_during"]
    list_filter = ["date"]
    search_fields = ["runner__name", "runner__handle"]


@admin.register(StrengthSession)
class StrengthSessionAdmin(admin.ModelAdmin):
    list_display = ["runner", "date", "completed"]
    list_filter = ["date"]
