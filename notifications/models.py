"""What people are told about: stored for the in-app list, e-mailed unless they turned a kind off."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
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


class OutboxMail(models.Model):
    """One e-mail to send, written in the transaction of the act that caused it (notifications.outbox).

    The worker claims due rows, renders each in its recipient's language and sends it; a failure
    waits longer after each attempt (exponential backoff) and, after the last, stays here as failed,
    with its error, for the administration and /readyz to show.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("waiting to be sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed (no more attempts)")
        SKIPPED = "skipped", _("not sent: no active account with an address")

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    # The issue's title is read when the mail is sent: hidden by then, the mail does not carry it.
    issue = models.ForeignKey(Issue, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    url = models.CharField(max_length=500)
    # The facts the message is phrased from. The quoted excerpt is dropped once the mail is sent,
    # or before, when the item it quotes (``subject``, "comment:12") is edited, retracted or hidden.
    context = models.JSONField(default=dict, blank=True)
    subject = models.CharField(max_length=40, blank=True, default="")
    state = models.CharField(max_length=8, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    # When a worker may take it next: now for new mail, later after a failure or while a worker holds it.
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claim = models.CharField(max_length=32, blank=True, default="")
    last_error = models.TextField(blank=True, default="")
    request_id = models.CharField(max_length=64, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-pk"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"], condition=models.Q(state="pending"), name="outbox_pending_due_idx"
            ),
            models.Index(fields=["state", "created_at"], name="outbox_state_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} to {self.recipient_id} ({self.state})"
