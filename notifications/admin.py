from django.contrib import admin

from notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "kind", "issue", "read_at"]
    list_filter = ["kind"]
    raw_id_fields = ["recipient", "actor", "issue"]

    # A person's notifications are what they were told: nobody adds, changes or deletes one here.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
