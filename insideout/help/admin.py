"""The messages in the admin: a read-only list (the thread is written in the app)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from insideout.help.models import Message


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin[Message]):
    list_display = (
        "runner",
        "kind",
        "author",
        "created_at",
        "read_by_coach_at",
        "read_by_runner_at",
    )
    list_filter = ("kind",)
    search_fields = ("runner__handle", "runner__name", "body")
    list_select_related = ("runner", "author")
    readonly_fields = (
        "runner", "author", "kind", "body", "context", "created_at", "read_by_coach_at",
        "read_by_runner_at",
    )  # fmt: skip

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
