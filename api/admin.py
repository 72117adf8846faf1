"""Open311 keys are issued and revoked here; the key is shown once, then only its first characters."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from api import actions
from api.models import Open311Client, Open311Request


@admin.register(Open311Client)
class Open311ClientAdmin(admin.ModelAdmin):
    list_display = ("name", "contact", "area", "requests_per_hour", "key_prefix", "created_at", "revoked_at")
    readonly_fields = ("key_prefix", "created_at", "revoked_at")
    fields = ("name", "contact", "area", "requests_per_hour", "key_prefix", "created_at", "revoked_at")
    actions = ["revoke"]

    def get_readonly_fields(self, request, obj=None):
        # A client's scope and name are on its account and its issues: changed by issuing a new key.
        return (*self.readonly_fields, "name", "area") if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            Open311Client.objects.filter(pk=obj.pk).update(contact=obj.contact, requests_per_hour=obj.requests_per_hour)
            return
        client, key = actions.issue_client(
            name=obj.name, contact=obj.contact, area=obj.area, requests_per_hour=obj.requests_per_hour
        )
        obj.pk = client.pk
        obj.__dict__.update({f: getattr(client, f) for f in ("key_digest", "key_prefix", "account_id", "created_at")})
        self.message_user(
            request,
            _("The API key of %(name)s is %(key)s — copy it now: it is not shown again.")
            % {"name": client.name, "key": key},
            messages.WARNING,
        )

    @admin.action(description=gettext_lazy("Revoke the selected clients' keys"))
    def revoke(self, request, queryset):
        for client in queryset:
            actions.revoke_client(client=client)
        self.message_user(request, _("Revoked."), messages.SUCCESS)

    def has_delete_permission(self, request, obj=None):
        return False  # revoke instead: the issues it opened name it


@admin.register(Open311Request)
class Open311RequestAdmin(admin.ModelAdmin):
    """Reporters' contact details: administrators only, read-only."""

    list_display = ("issue", "client", "created_at")
    readonly_fields = [f.name for f in Open311Request._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
