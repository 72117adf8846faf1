"""The admin reads everything and changes nothing that has a history by hand.

Residency, verification, suspension and erasure fields are read-only (their actions keep
the record); roles are granted and revoked through the role actions (RoleChange rows);
deleting a user erases the account through the one erasure action; history stays append-only.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts import actions, names
from core.admin import AppendOnly
from accounts.models import (
    Agency,
    Area,
    CouncilMemberRole,
    FacilitatorRole,
    ModeratorRole,
    OfficialRole,
    Profile,
    RoleChange,
)


def _by(request) -> str:
    return f"admin:{request.user.get_username()}"


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "level_label", "parent"]
    search_fields = ["name", "slug"]
    readonly_fields = ["path", "depth"]

    def save_model(self, request, obj, form, change):
        actions.save_area(name=obj.name, slug=obj.slug, parent=obj.parent)


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name"]
    search_fields = ["name", "short_name"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        actions.agency_renamed(obj)  # its officials' badges name it


class ProfileAdminForm(forms.ModelForm):
    """The admin checks a display name by the same rule as sign-up and the profile page."""

    class Meta:
        model = Profile
        fields = ["display_name", "language"]

    def clean_display_name(self):
        return names.clean_display_name(self.cleaned_data["display_name"])


def _revoke_action(role: str, description):
    @admin.action(description=description)
    def revoke(modeladmin, request, queryset):
        revoked = sum(
            actions.revoke_role(user=p.user, role=role, by=_by(request)) for p in queryset.select_related("user")
        )
        messages.success(request, _("%(n)d roles revoked, on the record.") % {"n": revoked})

    revoke.__name__ = f"revoke_{role}"
    return revoke


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    form = ProfileAdminForm
    """Names and languages are editable; residency, verification and suspension change only
    through their actions (a decision in the queue, a suspension, an appeal), which keep the record."""

    list_display = ["display_name", "user", "home_area", "residency", "suspended_until", "erased_at"]
    list_filter = ["residency"]
    search_fields = ["display_name", "user__email"]
    readonly_fields = [
        "user",
        "home_area",
        "residency",
        "verified_area",
        "verified_by",
        "verified_at",
        "suspended_until",
        "erased_at",
        "matches_erased_account",
        "created_at",
    ]
    actions = [
        _revoke_action("official", _("Revoke the official role of the selected people")),
        _revoke_action("moderator", _("Revoke the moderator role of the selected people")),
    ]

    def has_add_permission(self, request):
        return False  # every account gets its profile where it is made (accounts.actions.ensure_profile)

    def has_delete_permission(self, request, obj=None):
        return False  # delete the user instead: that erases the account


class RoleAdmin(admin.ModelAdmin):
    """Grants made here go through the same actions as grant_role, so they are on the record;
    so do deletions, one by one or "delete selected" (revoke_role)."""

    filter_horizontal = ["areas"]
    raw_id_fields = ["user"]

    def get_readonly_fields(self, request, obj=None):
        return ["user"] if obj is not None else []  # a role moves to someone else by revoke and grant

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        areas = list(obj.areas.all())
        if isinstance(obj, OfficialRole):
            actions.grant_official(
                user=obj.user, agency=obj.agency, areas=areas, is_supervisor=obj.is_supervisor, by=_by(request)
            )
        elif isinstance(obj, FacilitatorRole):
            actions.grant_facilitator(user=obj.user, areas=areas, by=_by(request), for_member=obj.for_member)
        elif isinstance(obj, CouncilMemberRole):
            actions.grant_council_member(user=obj.user, district=obj.district, areas=areas, by=_by(request))
        else:
            actions.grant_moderator(user=obj.user, areas=areas, all_areas=obj.all_areas, by=_by(request))

    def delete_model(self, request, obj):
        role = next(name for name, model in actions.ROLE_MODELS.items() if isinstance(obj, model))
        actions.revoke_role(user=obj.user, role=role, by=_by(request))

    def delete_queryset(self, request, queryset):
        for obj in queryset.select_related("user"):
            self.delete_model(request, obj)


admin.site.register(OfficialRole, RoleAdmin)
admin.site.register(ModeratorRole, RoleAdmin)


class FacilitatorRoleForm(forms.ModelForm):
    """A council member's staff facilitate within the member's district (the grant's own check,
    shown beside the field instead of failing on save)."""

    class Meta:
        model = FacilitatorRole
        fields = ["user", "areas", "for_member", "public_contact"]

    def clean(self):
        cleaned = super().clean()
        try:
            actions.check_staff_areas(list(cleaned.get("areas") or []), cleaned.get("for_member"))
        except ValidationError as error:
            self.add_error("areas", error.message_dict["areas"])
        return cleaned


@admin.register(FacilitatorRole)
class FacilitatorRoleAdmin(RoleAdmin):
    form = FacilitatorRoleForm
    list_display = ["user", "badge_place", "for_member", "public_contact"]
    exclude = ["badge_place"]  # set by grant_facilitator from the areas (badge_member too: not editable)


admin.site.register(CouncilMemberRole, RoleAdmin)


@admin.register(RoleChange)
class RoleChangeAdmin(AppendOnly):
    list_display = ["at", "user", "role", "kind", "detail", "by"]
    list_filter = ["role", "kind"]
