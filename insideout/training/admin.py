"""Admin pages for runs, imported activity files, pain reports, strength sessions, technique-gate
overrides and clearances; the records of the weekly cap's changes and of the log's corrections
(read-only: they are what happened)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from insideout.training.models import (
    ActivityFile,
    CapChange,
    Clearance,
    GateOverride,
    LogChange,
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


class _ReadOnly(admin.ModelAdmin[Any]):
    """A record of what happened: shown, never added, changed or deleted here."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(CapChange)
class CapChangeAdmin(_ReadOnly):
    list_display = ["runner", "old_pct", "new_pct", "reason", "changed_by", "changed_at"]
    list_filter = ["changed_at"]
    search_fields = ["runner__name", "runner__handle"]


@admin.register(LogChange)
class LogChangeAdmin(_ReadOnly):
    list_display = ["runner", "entry", "entry_date", "action", "changed_by", "changed_at"]
    list_filter = ["entry", "action", "changed_at"]
    search_fields = ["runner__name", "runner__handle"]
