"""Administrators read every record here; acts go through moderation.actions (the log stays whole).

The log, reports and appeals are read-only in the admin: changing a row by hand would
break "every act writes exactly one public record". Area thresholds are knobs, editable.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from core.admin import AppendOnly
from moderation import actions
from moderation.models import Appeal, ModerationAction, ModerationPolicy, Report, Suspension


@admin.register(ModerationPolicy)
class ModerationPolicyAdmin(admin.ModelAdmin):
    list_display = ["area", "report_threshold"]
    autocomplete_fields = ["area"]


@admin.register(ModerationAction)
class ModerationActionAdmin(AppendOnly):
    list_display = ["created_at", "kind", "area", "issue", "comment", "subject", "reason", "actor", "automatic"]
    list_filter = ["kind", "automatic", "reason"]
    date_hierarchy = "created_at"
    list_select_related = ["area", "issue", "comment", "subject", "actor"]


@admin.register(Report)
class ReportAdmin(AppendOnly):
    list_display = ["created_at", "reason", "issue", "comment", "reporter", "resolved_by"]
    list_filter = ["reason"]
    list_select_related = ["issue", "comment", "reporter", "resolved_by"]


@admin.register(Appeal)
class AppealAdmin(AppendOnly):
    list_display = ["created_at", "action", "appellant", "state", "decided_by"]
    list_filter = ["state"]


@admin.action(description=_("Lift the selected suspensions"))
def lift_selected(modeladmin, request, queryset):
    for suspension in queryset.filter(lifted_at__isnull=True).select_related("area", "user"):
        try:
            actions.lift_suspension(actor=request.user, suspension=suspension, note="admin")
        except Exception as error:  # a refusal: say so, go on with the others
            messages.error(request, str(error))


@admin.register(Suspension)
class SuspensionAdmin(AppendOnly):
    list_display = ["user", "area", "starts_at", "ends_at", "lifted_at"]
    actions = [lift_selected]
