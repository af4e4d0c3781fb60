"""Admin pages for screens, with their measures inline (profiles are never stored)."""

from django.contrib import admin

from insideout.screening.models import Measure, Screen


class MeasureInline(admin.TabularInline[Measure, Screen]):
    model = Measure
    extra = 0


@admin.register(Screen)
class ScreenAdmin(admin.ModelAdmin[Screen]):
    list_display = ["runner", "date", "created_by", "created_at"]
    list_filter = ["date"]
    search_fields = ["runner__name", "runner__handle"]
    inlines = [MeasureInline]
