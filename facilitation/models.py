"""Residents without an account, whom facilitators register and act for, and how they claim
their record when they sign up.

An offline resident is a real voter identity: a ``User`` row without e-mail and with an
unusable password (it never signs in), with its Profile (``Profile.recorded_by`` names the
facilitator) and the record below. Every action, rule, residency queue and one-vote
constraint therefore applies to them unchanged; what they do reaches the record through a
facilitator and says so (``issues.AssistedRecord``).
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Area
from facilitation.storage import private_storage

# Printable, and without letters and digits that read alike on paper (0/O, 1/I/L, 5/S, 2/Z, 8/B).
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
CODE_LENGTH = 6


def new_participant_code() -> str:
    """ "K7M-4QX": six characters, grouped to be read aloud and copied from a card."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))
    return f"{raw[:3]}-{raw[3:]}"


def normalise_code(text: str) -> str:
    """What a person typed ("k7m 4qx", "K7M4QX") as the stored form."""
    raw = "".join(c for c in (text or "").upper() if c.isalnum())
    return f"{raw[:3]}-{raw[3:]}" if len(raw) == CODE_LENGTH else raw


def consent_form_path(instance: OfflineResident, filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"consent/{instance.code}-{secrets.token_hex(8)}.{suffix}"


class ConsentMethod(models.TextChoices):
    SIGNED_FORM = "signed_form", _("signed paper form")
    SPOKEN = "spoken", _("spoken, in front of a witness")
    THUMBPRINT = "thumbprint", _("thumbprint")


class OfflineResident(models.Model):
    """A resident a facilitator registered, with their consent on the record.

    The name is public only if they agreed (``name_public``); otherwise the site prints
    "Warga <code>". RT/RW and street go into their residency request, seen only by
    verifiers; the phone is as private.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="offline_resident")
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="offline_residents_registered"
    )
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+", verbose_name=_("home area"))
    code = models.CharField(_("participant code"), max_length=12, unique=True)
    name = models.CharField(_("name or initials"), max_length=60)
    name_public = models.BooleanField(_("the name may be shown publicly"), default=False)
    phone = models.CharField(_("phone (private)"), max_length=30, blank=True)
    consent_method = models.CharField(_("how consent was given"), max_length=16, choices=ConsentMethod.choices)
    consent_given_at = models.DateTimeField(_("when consent was given"))
    consent_witness = models.CharField(_("witness"), max_length=120, blank=True)
    consent_form = models.FileField(
        _("photo of the signed form"), storage=private_storage, upload_to=consent_form_path, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="claimed_records"
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    submission_token = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("resident without an account")
        verbose_name_plural = _("residents without an account")
        constraints = [
            models.UniqueConstraint(fields=["registered_by", "submission_token"], name="offline_one_per_submission"),
            models.CheckConstraint(
                condition=models.Q(consent_method__in=ConsentMethod.values), name="offline_consent_method_valid"
            ),
            models.CheckConstraint(
                condition=~models.Q(consent_method="spoken") | ~models.Q(consent_witness=""),
                name="offline_spoken_consent_has_witness",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def public_name(self) -> str:
        return self.name if self.name_public else f"Warga {self.code}"

    @property
    def is_claimed(self) -> bool:
        return self.claimed_at is not None


class ConsentFormOpening(models.Model):
    """Every time someone opened a consent form's photo: who and when (append-only)."""

    resident = models.ForeignKey(OfflineResident, on_delete=models.PROTECT, related_name="form_openings")
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opened_at", "-pk"]


class Claim(models.Model):
    """A person who signed up asks for an offline record to become theirs (by its participant
    code); a moderator or official of its area confirms or declines, on the public log."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed: the record is theirs")
        DECLINED = "declined", _("Declined")

    resident = models.ForeignKey(OfflineResident, on_delete=models.PROTECT, related_name="claims")
    claimant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="offline_claims")
    state = models.CharField(max_length=12, choices=State.choices, default=State.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    # What the merge did, for the public log: {"issues": n, "comments": n, "supports_moved": n,
    # "supports_merged": [issue ids where both identities supported: one vote remains], ...}.
    merged = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["resident"], condition=models.Q(state="confirmed"), name="claim_one_confirmed_per_record"
            ),
            models.UniqueConstraint(
                fields=["resident", "claimant"], condition=models.Q(state="pending"), name="claim_one_pending_each"
            ),
        ]
