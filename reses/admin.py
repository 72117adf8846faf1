"""Recess meetings, aspirations and pokir are read in the admin, never changed there: the actions
(reses.actions) keep the timeline lines and live events. The attendance sheet is not linked here
(its file is private): it opens through the meeting page's logged view."""

from django.contrib import admin

from accounts.admin import AppendOnly
from reses.models import Aspiration, PokirAdoption, ResesMeeting, SheetOpening


class AspirationInline(admin.TabularInline):
    model = Aspiration
    fields = ["issue", "opened_issue", "summary", "created_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ResesMeeting)
class ResesMeetingAdmin(AppendOnly):
    list_display = ["held_on", "place", "council_member", "attendance", "created_at"]
    search_fields = ["place", "council_member__email", "council_member__profile__display_name"]
    list_select_related = ["council_member"]
    exclude = ["attendance_sheet"]
    inlines = [AspirationInline]


@admin.register(PokirAdoption)
class PokirAdoptionAdmin(AppendOnly):
    list_display = ["plan_year", "issue", "council_member", "adopted_at"]
    list_filter = ["plan_year"]
    list_select_related = ["issue", "council_member"]


@admin.register(SheetOpening)
class SheetOpeningAdmin(AppendOnly):
    list_display = ["meeting", "opened_by", "opened_at"]
    list_select_related = ["meeting", "opened_by"]
