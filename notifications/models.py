"""What people are told about: stored for the in-app list, e-mailed unless they turned a kind off."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from issues.models import Issue


class Kind(models.TextChoices):
    RESPONSE = "response", _("A response or status change on an issue you follow")
    REPLY = "reply", _("A reply to your comment")
    MENTION = "mention", _("Someone mentions you")
    VERIFICATION = "verification", _("Your residency verification is decided")
    OWED = "owed", _("Your agency owes an answer (officials)")
    ESCALATION = "escalation", _("An overdue answer is escalated to you (supervising officials)")
    HIDDEN = "hidden", _("Something you wrote is hidden by moderation")
    SUSPENDED = "suspended", _("Your account is suspended")
    APPEAL_DECIDED = "appeal_decided", _("Your appeal is decided")


class Notification(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    issue = models.ForeignKey(Issue, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    url = models.CharField(max_length=500)
    # Untranslated facts, phrased in the reader's language when shown (see notifications.messages).
    context = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"]), models.Index(fields=["recipient", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id}"


class NotificationSetting(models.Model):
    """A person's choice for one kind; no row means both on."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    on_site = models.BooleanField(_("on the site"), default=True)
    by_email = models.BooleanField(_("by e-mail"), default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notification_setting_once")]
