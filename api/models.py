"""Open311 client applications and what their reporters told us (kept private)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Area
from issues.models import Issue


class Open311Client(models.Model):
    """An application allowed to report issues through Open311 (a city's 311 app, a partner's kiosk).

    The key is shown once when it is issued; only its SHA-256 digest is stored. Issues it opens
    are written by its own account (named after it: "via <client>"), in its area scope.
    """

    name = models.CharField(_("name"), max_length=60, unique=True)
    contact = models.CharField(_("contact"), max_length=200, help_text=_("Who runs it: an e-mail or phone number"))
    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("area scope"),
        help_text=_("Its requests become issues of this area"),
    )
    requests_per_hour = models.PositiveIntegerField(_("requests per hour"), default=100)
    key_digest = models.CharField(max_length=64, unique=True, editable=False)
    key_prefix = models.CharField(_("key starts with"), max_length=8, editable=False)
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="open311_client", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Open311 client")
        verbose_name_plural = _("Open311 clients")

    def __str__(self) -> str:
        return self.name


class Open311Request(models.Model):
    """How an issue came in through Open311, with the reporter's contact details: private to
    administrators (never in the API, a feed or the open-data dump)."""

    issue = models.OneToOneField(Issue, on_delete=models.CASCADE, related_name="open311_request")
    client = models.ForeignKey(Open311Client, on_delete=models.PROTECT, related_name="requests")
    email = models.EmailField(blank=True)
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    device_id = models.CharField(max_length=100, blank=True)
    account_id = models.CharField(max_length=100, blank=True)
    media_url = models.URLField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Open311 request")
        verbose_name_plural = _("Open311 requests")
