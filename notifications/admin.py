from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.admin import AppendOnly
from notifications import outbox
from notifications.models import Notification, OutboxMail


@admin.register(Notification)
class NotificationAdmin(AppendOnly):
    list_display = ["created_at", "recipient", "kind", "issue", "read_at"]
    list_filter = ["kind"]
    raw_id_fields = ["recipient", "actor", "issue"]
    # A person's notifications are what they were told: nobody adds, changes or deletes one here.


@admin.register(OutboxMail)
class OutboxMailAdmin(AppendOnly):
    """Mail waiting, sent or failed: the failures are visible here, with their error, and can be sent again."""

    list_display = ["pk", "created_at", "recipient", "kind", "state", "attempts", "next_attempt_at", "short_error"]
    list_filter = ["state", "kind"]
    raw_id_fields = ["recipient", "issue"]
    readonly_fields = [field.name for field in OutboxMail._meta.fields]
    actions = ["send_again"]

    @admin.display(description=_("last error"))
    def short_error(self, obj):
        return obj.last_error[:120]

    @admin.action(description=_("Send the selected failed mail again"))
    def send_again(self, request, queryset):
        count = outbox.retry_now(actor=request.user, ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(request, _("%(count)s message(s) will be sent again.") % {"count": count})
