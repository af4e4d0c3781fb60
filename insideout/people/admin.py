"""Admin pages for coaches and runners (giving a runner a login is done here)."""

from django.contrib import admin

from insideout.people.models import Coach, Runner


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
