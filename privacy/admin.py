"""The user admin: deleting a user erases the account, the same path as the person's own deletion."""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from accounts import actions as account_actions
from privacy import actions

User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class ErasingUserAdmin(UserAdmin):
    """Deleting a user erases the account (privacy.actions.erase_account), the same path as
    the person's own deletion: what they wrote and their votes stay, anonymised, so the
    protected rows that point at the user never block it."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:  # a user added here gets their profile as one signing up does
            account_actions.ensure_profile(obj)

    def get_deleted_objects(self, objs, request):
        # Nothing is deleted, so nothing is protected: the page lists the accounts to erase.
        return (
            [
                _("%(user)s (erased: the name, e-mail and residency go; what they wrote stays)") % {"user": u}
                for u in objs
            ],
            {str(User._meta.verbose_name_plural): len(objs)},
            set(),
            [],
        )

    def delete_model(self, request, obj):
        try:
            actions.erase_account(actor=request.user, user=obj)
        except PermissionDenied as refusal:
            messages.error(request, str(refusal))

    def delete_queryset(self, request, queryset):
        for user in queryset:
            self.delete_model(request, user)
