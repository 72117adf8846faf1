from django.contrib import admin

from operations.models import JobRun


@admin.register(JobRun)
class JobRunAdmin(admin.ModelAdmin):
    """The worker's last run of each job: when, with what result, with what error."""

    list_display = ["name", "last_succeeded_at", "last_finished_at", "last_result", "last_error"]
    readonly_fields = ["name", "last_started_at", "last_finished_at", "last_succeeded_at", "last_error", "last_result"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
