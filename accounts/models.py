"""People, the places they live in and the roles they hold."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Area(models.Model):
    """An administrative area in a tree (city → district → sub-district → RW …).

    ``path`` is the chain of slugs from the root ("jakarta-selatan/tebet/manggarai/")
    so that "this area and everything below it" is one indexed prefix query.
    """

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent area"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    depth = models.PositiveSmallIntegerField(_("depth"), default=0, editable=False)
    path = models.CharField(max_length=500, editable=False, db_index=True)
    # Kemendagri's code ("31.74.01.1007" for Kelurahan Manggarai), where the area is an official one;
    # RT/RW units and local groupings have none.
    official_code = models.CharField(_("official code (Kemendagri)"), max_length=20, blank=True)

    class Meta:
        ordering = ["path"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        constraints = [
            models.UniqueConstraint(
                fields=["official_code"], condition=~models.Q(official_code=""), name="area_official_code_once"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("area_detail", args=[self.slug])

    @property
    def level_label(self) -> str:
        levels = settings.AREA_LEVELS
        return str(levels[min(self.depth, len(levels) - 1)][1])

    @property
    def indented_name(self) -> str:
        return "\u00a0\u00a0" * self.depth + self.name

    def compute_path(self) -> None:
        self.depth = self.parent.depth + 1 if self.parent else 0
        self.path = f"{self.parent.path if self.parent else ''}{self.slug}/"

    def contains(self, other: Area | None) -> bool:
        """True if ``other`` is this area or lies below it."""
        return other is not None and other.path.startswith(self.path)


class Agency(models.Model):
    """A government body whose officials answer residents (e.g. Dinas Sumber Daya Air)."""

    name = models.CharField(_("name"), max_length=160, unique=True)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def __str__(self) -> str:
        return self.short_name or self.name


class Profile(models.Model):
    class Residency(models.TextChoices):
        UNVERIFIED = "unverified", _("Unverified")
        PENDING = "pending", _("Verification requested")
        VERIFIED = "verified", _("Verified resident")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    display_name = models.CharField(_("display name"), max_length=60)
    home_area = models.ForeignKey(
        Area, verbose_name=_("home area"), null=True, blank=True, on_delete=models.PROTECT, related_name="residents"
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, blank=True)
    residency = models.CharField(_("residency"), max_length=16, choices=Residency.choices, default=Residency.UNVERIFIED)
    verified_area = models.ForeignKey(
        Area, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("verified for area")
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set and cleared only by moderation's suspend/lift actions (their record is moderation.Suspension);
    # kept here so the base "take_part" rule reads it from the profile without importing moderation.
    suspended_until = models.DateTimeField(null=True, blank=True, editable=False)
    # Set by erase_account: the row stays (what the person wrote and their votes keep their
    # place on the record, attributed to "a former resident") with nothing left that names them.
    erased_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Set when a residency is verified whose address or e-mail matches an erased account's
    # fingerprint: the vote rules then look for that account's votes (accounts.fingerprints).
    matches_erased_account = models.BooleanField(default=False, editable=False)
    # The role a name's badge shows ("official" with the agency, "council" with the district,
    # "staff" with the member's name, "facilitator" with the place, "moderator"), kept by the role
    # actions (accounts.actions.refresh_role_badge): a page prints a name with one join, not six.
    role_badge = models.CharField(max_length=12, blank=True, editable=False)
    role_badge_detail = models.CharField(max_length=200, blank=True, editable=False)
    # Set for a resident without an account (facilitation.OfflineResident): the facilitator who
    # registered them. Such an identity never signs in (no e-mail, unusable password); what it
    # does reaches the record through a facilitator, and that facilitator may not verify it.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        verbose_name=_("registered offline by"),
    )

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self) -> str:
        return self.display_name

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None

    @property
    def is_offline_resident(self) -> bool:
        return self.recorded_by_id is not None

    @property
    def is_verified_resident(self) -> bool:
        return self.residency == self.Residency.VERIFIED


class OfficialRole(models.Model):
    """An official of one agency, serving some areas and everything below them."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="official_role")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="officials", verbose_name=_("agency"))
    areas = models.ManyToManyField(Area, related_name="officials", verbose_name=_("areas served"))
    is_supervisor = models.BooleanField(_("supervising official"), default=False)
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("official role")
        verbose_name_plural = _("official roles")

    def __str__(self) -> str:
        return f"{self.user} · {self.agency}"


class ModeratorRole(models.Model):
    """A moderator of some areas (and everything below them), or of all areas."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="moderator_role")
    all_areas = models.BooleanField(_("moderates all areas"), default=False)
    areas = models.ManyToManyField(Area, blank=True, related_name="moderators", verbose_name=_("areas moderated"))
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("moderator role")
        verbose_name_plural = _("moderator roles")

    def __str__(self) -> str:
        return str(self.user)


class FacilitatorRole(models.Model):
    """Someone who brings people without the app into the record (an RT/RW head, kelurahan staff,
    a community organiser), for some areas and everything below them. What they record for an
    offline resident is always shown as recorded by them."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="facilitator_role")
    areas = models.ManyToManyField(Area, related_name="facilitators", verbose_name=_("areas facilitated"))
    # The badge's place ("RW 04 Manggarai"), kept at grant time so a name's badge needs no query.
    badge_place = models.CharField(_("place on the badge"), max_length=120, blank=True)
    # Staff of a council member: they record the member's recess meetings for the member
    # (reses.rules), within the member's district. The member's name is kept for the badge
    # ("Facilitator · staff of Dewi Lestari") so a name's badge needs no query; renaming the
    # member updates it (accounts.actions.update_profile).
    for_member = models.ForeignKey(
        "CouncilMemberRole",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff",
        verbose_name=_("staff of council member"),
    )
    badge_member = models.CharField(max_length=60, blank=True, editable=False)
    # How residents reach them, printed on the area's notice-board sheet: public by their choice.
    public_contact = models.CharField(
        _("how to reach you (public)"),
        max_length=160,
        blank=True,
        help_text=_(
            "Printed beside your name on the notice board of your areas, e.g. Pos RW 04, Tuesday evenings; WA 0812 3456 789."
        ),
    )
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("facilitator role")
        verbose_name_plural = _("facilitator roles")

    def __str__(self) -> str:
        return str(self.user)


class CouncilMemberRole(models.Model):
    """An elected DPRD member for an electoral district (*dapil*), mapped to the areas it covers."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="council_member_role")
    district = models.CharField(_("electoral district (dapil)"), max_length=120)
    areas = models.ManyToManyField(Area, related_name="council_members", verbose_name=_("areas of the district"))
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("council member role")
        verbose_name_plural = _("council member roles")

    def __str__(self) -> str:
        return f"{self.user} · {self.district}"


class RoleChange(models.Model):
    """The record of every grant and revocation of a role: who, what, when, by which means."""

    class Kind(models.TextChoices):
        GRANTED = "granted", _("granted")
        REVOKED = "revoked", _("revoked")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_changes")
    role = models.CharField(max_length=16)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    detail = models.CharField(max_length=300, blank=True)
    by = models.CharField(max_length=120, help_text="who or what made the change")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]


class ErasureFingerprint(models.Model):
    """A one-way fingerprint of an erased account's residency identity (an address in an area,
    a verified e-mail): an HMAC keyed from SECRET_KEY, so it tells nobody who the person was,
    yet the same person verifying again is recognised and cannot vote twice on what their
    erased account voted on. See accounts.fingerprints."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="erasure_fingerprints")
    digest = models.CharField(max_length=64, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "digest"], name="erasure_fingerprint_once")]

    def __str__(self) -> str:
        return f"fingerprint of erased account {self.user_id}"
