"""Admin pages for runs, pain reports, strength sessions, technique-gate overrides and
clearances."""

from django.contrib import admin

from insideout.training.models import Clearance, GateOverride, PainReport, Run, StrengthSession


@admin.register(Run)
class RunAdmin(admin.ModelAdmin[Run]):
    list_display = ["runner", "date", "distance_km", "duration_min", "rpe", "pain_during"]
    list_filter = ["date"]
    search_fields = ["runner__name", "runner__handle"]


@admin.register(PainReport)
class PainReportAdmin(admin.ModelAdmin[PainReport]):
    list_display = ["runner", "date", "pain", "site", "side", "red_flags"]
    list_filter = ["date"]
    search_fields = ["runner__name", "runner__handle"]


@admin.register(StrengthSession)
class StrengthSessionAdmin(admin.ModelAdmin[StrengthSession]):
    list_display = ["runner", "date", "completed"]
    list_filter = ["date"]


@admin.register(GateOverride)
class GateOverrideAdmin(admin.ModelAdmin[GateOverride]):
    list_display = ["runner", "date", "verdict", "reason", "created_by", "created_at"]
    list_filter = ["date", "verdict"]
    search_fields = ["runner__name", "runner__handle"]


@admin.register(Clearance)
class ClearanceAdmin(admin.ModelAdmin[Clearance]):
    list_display = ["runner", "date", "by", "reason", "created_by", "created_at"]
    list_filter = ["date", "by"]
    search_fields = ["runner__name", "runner__handle"]
