"""Admin: area policies, agencies' categories, and reassigning an issue's agency on the record."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from accounts.admin import AgencyAdmin
from accounts.models import Agency
from responses import actions
from responses.models import AgencyCategory, AreaPolicy, DayOff, OfficialResponse, ResponseClock


@admin.register(AreaPolicy)
class AreaPolicyAdmin(admin.ModelAdmin):
    list_display = ["area", "support_threshold", "window_days", "escalation_days", "day_kind", "updated_at"]
    autocomplete_fields = ["area"]

    def save_model(self, request, obj, form, change):
        actions.set_area_policy(
            area=obj.area,
            threshold=obj.support_threshold,
            window_days=obj.window_days,
            escalation_days=obj.escalation_days,
            day_kind=obj.day_kind,
        )


@admin.register(DayOff)
class DayOffAdmin(admin.ModelAdmin):
    """Regional holidays and newly declared cuti bersama, on top of the national calendar."""

    list_display = ["date", "name"]
    date_hierarchy = "date"
    search_fields = ["name"]

    def save_model(self, request, obj, form, change):
        if change and "date" in form.changed_data:
            actions.remove_day_off(day_off=DayOff.objects.get(pk=obj.pk))
        obj.pk = actions.set_day_off(day=obj.date, name=obj.name).pk

    def delete_model(self, request, obj):
        actions.remove_day_off(day_off=obj)

    def delete_queryset(self, request, queryset):
        for day_off in queryset:
            actions.remove_day_off(day_off=day_off)


class AgencyCategoryInline(admin.TabularInline):
    model = AgencyCategory
    extra = 1
    verbose_name_plural = "categories this agency answers for"


# The agency page gains its categories without accounts knowing about responses.
admin.site.unregister(Agency)


@admin.register(Agency)
class AgencyWithCategoriesAdmin(AgencyAdmin):
    inlines = [AgencyCategoryInline]


class ReassignForm(forms.ModelForm):
    reason = forms.CharField(max_length=300, help_text="Shown on the issue's public timeline.")

    class Meta:
        model = ResponseClock
        fields = ["agency"]


@admin.register(ResponseClock)
class ResponseClockAdmin(admin.ModelAdmin):
    """Only the agency can be changed here, with a reason, through the action that records it."""

    form = ReassignForm
    list_display = ["issue", "agency", "state", "due_at", "overdue_marked_at", "escalated_at"]
    list_filter = ["state", "agency"]
    search_fields = ["issue__title"]
    readonly_fields = ["issue", "state", "trigger", "started_at", "due_at", "escalate_at", "answered_at"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        try:
            actions.reassign_responsibility(
                actor=request.user,
                issue=obj.issue,
                agency=form.cleaned_data["agency"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))


@admin.register(OfficialResponse)
class OfficialResponseAdmin(admin.ModelAdmin):
    """Read-only: responses are public and permanent."""

    list_display = ["issue", "agency", "status", "created_at", "version_count", "answers_count", "does_not_count"]
    list_filter = ["status", "agency"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
