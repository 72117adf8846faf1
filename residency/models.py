"""A resident's request to be verified for their home area, and its decision on the record."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Area


class ResidencyRequest(models.Model):
    """A resident asks to be verified for their home area; a moderator or official of it decides.

    The RT/RW and street are what a neighbourhood unit would check; only the resident
    and the verifiers see them. Every decision stays on the record (who, when, why),
    including approvals made from the ``verify_resident`` command.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for a decision")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn (moved home)")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="residency_requests")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="residency_requests", verbose_name=_("area"))
    rt = models.CharField(_("RT"), max_length=3, blank=True)
    rw = models.CharField(_("RW"), max_length=3, blank=True)
    street = models.CharField(_("street and house"), max_length=200, blank=True)
    note = models.CharField(_("note for the verifier"), max_length=300, blank=True)
    # accounts.addresses.household_key(rt, rw, street): equal for two ways of writing one address,
    # so the queue finds the others at it (same area) in one indexed lookup. "" without a street.
    address_key = models.CharField(max_length=255, blank=True, editable=False)
    state = models.CharField(max_length=12, choices=State.choices, default=State.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_via = models.CharField(max_length=40, blank=True, help_text="queue, or the command that decided")
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    # The other accounts at the same address the decider was shown (and, to approve, confirmed
    # are a different household or person): [{"request", "user", "name", "state", "since"}].
    matches_shown = models.JSONField(default=list, blank=True, editable=False)

    class Meta:
        # The table keeps the name it had when the model lived in accounts (moved with
        # SeparateDatabaseAndState: residency.0001, accounts.0006), so its rows stayed put.
        db_table = "accounts_residencyrequest"
        ordering = ["-created_at", "-pk"]
        verbose_name = _("residency request")
        verbose_name_plural = _("residency requests")
        indexes = [models.Index(fields=["area", "address_key"], name="residency_household")]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(state="pending"), name="residency_one_pending_request"
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=["pending", "approved", "declined", "withdrawn"]),
                name="residency_request_state_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"residency of {self.user} in {self.area}: {self.state}"
