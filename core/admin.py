from django.contrib import admin


class AppendOnly(admin.ModelAdmin):
    """A history: read here, written only by the actions it records."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
