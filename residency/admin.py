"""Residency requests are read in the admin, never changed there: decisions are made in the
queue or by ``verify_resident`` (residency.actions), which keep who decided, when and why."""

from django.contrib import admin

from residency.models import ResidencyRequest


@admin.register(ResidencyRequest)
class ResidencyRequestAdmin(admin.ModelAdmin):
    list_display = ["user", "area", "state", "created_at", "decided_via", "decided_at"]
    list_filter = ["state", "decided_via"]
    search_fields = ["user__email", "user__profile__display_name", "area__name"]
    list_select_related = ["user", "area"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # viewable (the view permission), not editable

    def has_delete_permission(self, request, obj=None):
        return False
