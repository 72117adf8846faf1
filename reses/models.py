"""DPRD members' recess meetings (*reses*), the aspirations raised there, and the issues a
member takes up as *pokok pikiran* (pokir) for a plan year.

An aspiration is never a vote: it joins an issue (or opens one "via reses") and shows beside
the one-person-one-vote tally as a meeting, never inside it. The individual supports of
verified residents who attended are separate acts, recorded as assisted supports.
"""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Area
from issues.models import AssistedRecord, Issue


class PrivateStorage(FileSystemStorage):
    """Files no public URL reaches: under PRIVATE_MEDIA_ROOT, outside MEDIA_ROOT (which the web
    server serves as it is), read only through a view that checks the rule and logs the opening.
    The location follows the setting (tests change it)."""

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("A private file has no URL: it is served by a rule-checked view.")


_private = PrivateStorage()


def private_storage() -> PrivateStorage:
    """The storage of private files (a callable, so migrations name it instead of a path)."""
    return _private


def attendance_sheet_path(instance: ResesMeeting, filename: str) -> str:
    return f"reses/{instance.held_on:%Y}/{filename}"


class ResesMeeting(models.Model):
    """One recess meeting of a council member with the residents of some areas of their district."""

    council_member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="reses_meetings",
        verbose_name=_("council member"),
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=120)
    areas = models.ManyToManyField(Area, related_name="reses_meetings", verbose_name=_("areas covered"))
    attendance = models.PositiveIntegerField(_("people attending"))
    # The signed attendance sheet: names and signatures of residents, never public.
    attendance_sheet = models.FileField(
        _("attendance sheet (photo)"), storage=private_storage, upload_to=attendance_sheet_path, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submission_token = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("recess meeting (reses)")
        verbose_name_plural = _("recess meetings (reses)")
        constraints = [
            models.UniqueConstraint(
                fields=["recorded_by", "submission_token"], name="reses_meeting_one_per_submission"
            ),
        ]
        indexes = [models.Index(fields=["council_member", "-held_on"], name="reses_member_date_idx")]

    def __str__(self) -> str:
        return f"{self.place}, {self.held_on:%Y-%m-%d}"

    @property
    def channel_detail(self) -> str:
        """How an issue opened at this meeting names it (Issue.channel_detail)."""
        return f"{self.place}, {self.held_on:%Y-%m-%d}"


class Aspiration(models.Model):
    """What residents raised at a meeting, on one issue: joined to an existing one, or opening it."""

    meeting = models.ForeignKey(ResesMeeting, on_delete=models.PROTECT, related_name="aspirations")
    issue = models.ForeignKey(Issue, on_delete=models.PROTECT, related_name="reses_aspirations")
    summary = models.TextField(_("what was raised"), max_length=2000, blank=True)
    opened_issue = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting", "pk"]
        verbose_name = _("aspiration")
        verbose_name_plural = _("aspirations")
        # One meeting raising the same issue twice is still one meeting beside its tally.
        constraints = [models.UniqueConstraint(fields=["meeting", "issue"], name="aspiration_once_per_meeting")]


class AttendeeSupport(models.Model):
    """A support recorded for a resident without an account who attended the meeting, on the
    aspiration's issue: the vote is theirs (votes.Vote, one per person), the assisted act says who
    recorded it and that it came from the reses (issues.AssistedRecord.source); this ties it to the
    aspiration, for the meeting page. Never part of the meetings figure."""

    aspiration = models.ForeignKey(Aspiration, on_delete=models.PROTECT, related_name="attendee_supports")
    record = models.OneToOneField(AssistedRecord, on_delete=models.PROTECT, related_name="reses_attendee")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["aspiration", "pk"]
        verbose_name = _("attendee's support")
        verbose_name_plural = _("attendees' supports")


class PokirAdoption(models.Model):
    """A council member takes an issue up as pokok pikiran for a plan year (the DPRD's input
    into the regional planning cycle)."""

    council_member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="pokir")
    issue = models.ForeignKey(Issue, on_delete=models.PROTECT, related_name="pokir_adoptions")
    plan_year = models.PositiveSmallIntegerField(_("plan year"))
    note = models.CharField(_("note for the planning office"), max_length=300, blank=True)
    adopted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-plan_year", "-adopted_at", "-pk"]
        verbose_name = _("pokir adoption")
        verbose_name_plural = _("pokir adoptions")
        constraints = [
            models.UniqueConstraint(fields=["council_member", "issue", "plan_year"], name="pokir_once_per_year"),
            models.CheckConstraint(
                condition=models.Q(plan_year__gte=2000, plan_year__lte=2100), name="pokir_plan_year_sane"
            ),
        ]


class SheetOpening(models.Model):
    """Every opening of a private attendance sheet: who, which, when (the log the rule promises)."""

    meeting = models.ForeignKey(ResesMeeting, on_delete=models.PROTECT, related_name="sheet_openings")
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opened_at", "-pk"]
        verbose_name = _("attendance sheet opening")
        verbose_name_plural = _("attendance sheet openings")
