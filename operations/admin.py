from django.contrib import admin

from accounts.admin import AppendOnly
from operations.models import JobRun


@admin.register(JobRun)
class JobRunAdmin(AppendOnly):
    """The worker's last run of each job: when, with what result, with what error."""

    list_display = ["name", "last_succeeded_at", "last_finished_at", "last_result", "last_error"]
    readonly_fields = ["name", "last_started_at", "last_finished_at", "last_succeeded_at", "last_error", "last_result"]
