"""Admin pages for coaches, runners, invitations and API keys (giving a runner a login can be
done here too). An invitation's token and an API key are stored only as hashes: the admin shows
neither hash nor key, and cannot make either (a coach invites from the runner's page, a user makes
their keys on their own page); it may withdraw them."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from insideout.people.models import ApiToken, Coach, Invite, Runner


@admin.register(Coach)
class CoachAdmin(admin.ModelAdmin[Coach]):
    list_display = ["name", "user"]
    search_fields = ["name", "user__username"]


@admin.register(Runner)
class RunnerAdmin(admin.ModelAdmin[Runner]):
    list_display = ["name", "handle", "coach", "sex", "birth_year", "time_zone", "user"]
    list_filter = ["coach", "sex"]
    search_fields = ["name", "handle"]
    raw_id_fields = ["user"]


@admin.register(Invite)
class InviteAdmin(admin.ModelAdmin[Invite]):
    list_display = ["email", "runner", "coach", "created_at", "expires_at", "used_at", "revoked_at"]
    list_filter = ["coach"]
    search_fields = ["email", "runner__handle", "runner__name"]
    fields = ["coach", "runner", "email", "created_at", "expires_at", "used_at", "revoked_at"]
    readonly_fields = ["coach", "runner", "email", "created_at", "expires_at", "used_at"]
    actions = ["withdraw"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # an invitation is made where its link can be sent: the runner's page

    @admin.action(description="Withdraw the selected invitations")
    def withdraw(self, request: HttpRequest, queryset: QuerySet[Invite]) -> None:
        queryset.filter(used_at=None, revoked_at=None).update(revoked_at=timezone.now())


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    search_fields = ["name", "user__username", "prefix"]
    fields = ["user", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["user", "name", "prefix", "created_at", "last_used_at"]
    actions = ["withdraw"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # a key is shown once, to its owner: made on their own page or the API

    @admin.action(description="Withdraw the selected API keys")
    def withdraw(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        queryset.filter(revoked_at=None).update(revoked_at=timezone.now())
