from django import forms
from django.contrib import admin

from accounts import actions, names
from accounts.models import Agency, Area, ModeratorRole, OfficialRole, Profile, RoleChange


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


class ProfileAdminForm(forms.ModelForm):
    """The admin checks a display name by the same rule as sign-up and the profile page."""

    class Meta:
        model = Profile
        fields = ["user", "display_name", "home_area", "language", "residency", "verified_area", "verified_by", "verified_at"]

    def clean_display_name(self):
        return names.clean_display_name(self.cleaned_data["display_name"])


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    form = ProfileAdminForm
    list_display = ["display_name", "user", "home_area", "residency"]
    list_filter = ["residency"]
    search_fields = ["display_name", "user__email"]
    raw_id_fields = ["user", "verified_by"]


class RoleAdmin(admin.ModelAdmin):
    """Grants made here go through the same actions as grant_role, so they are on the record."""

    filter_horizontal = ["areas"]
    raw_id_fields = ["user"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        areas = list(obj.areas.all())
        by = f"admin:{request.user.get_username()}"
        if isinstance(obj, OfficialRole):
            actions.grant_official(user=obj.user, agency=obj.agency, areas=areas, is_supervisor=obj.is_supervisor, by=by)
        else:
            actions.grant_moderator(user=obj.user, areas=areas, all_areas=obj.all_areas, by=by)

    def delete_model(self, request, obj):
        actions.revoke_role(user=obj.user, role="official" if isinstance(obj, OfficialRole) else "moderator",
                            by=f"admin:{request.user.get_username()}")


admin.site.register(OfficialRole, RoleAdmin)
admin.site.register(ModeratorRole, RoleAdmin)


@admin.register(RoleChange)
class RoleChangeAdmin(admin.ModelAdmin):
    list_display = ["at", "user", "role", "kind", "detail", "by"]
    list_filter = ["role", "kind"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
