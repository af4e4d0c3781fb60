"""Admin pages for runs, imported activity files, pain reports, strength sessions, technique-gate
overrides and clearances."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from insideout.training.models import (
    ActivityFile,
    Clearance,
    GateOverride,
    PainReport,
    Run,
    StrengthSession,
)


@admin.register(Run)
class RunAdmin(admin.ModelAdmin[Run]):
    list_display = ["runner", "date", "distance_km", "duration_min", "rpe", "pain_during"]
    list_filter = ["date"]
    search_fields = ["runner__name", "runner__handle"]
    raw_id_fields = ["activity_file"]


@admin.register(ActivityFile)
class ActivityFileAdmin(admin.ModelAdmin[ActivityFile]):
    """Imported files, to look at or delete (a deleted file's run stays, with the file's
    figures); they are made by ``insideout import`` only. The blobs are not shown."""

    list_display = ["runner", "local_date", "sport", "distance_m", "moving_s", "device", "name"]
    list_filter = ["sport", "format"]
    search_fields = ["runner__name", "runner__handle", "name", "device"]
    list_select_related = ["runner"]
    exclude = list(ActivityFile.BLOBS)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


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
