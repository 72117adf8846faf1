"""Officials' public answers: who owes one, by when, what they said and promised, what residents judged."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Agency, Area
from issues.models import AssistedRecord, Category, Issue, Status
from responses import calendar

# A response that closes the matter is judged by residents for this long before the reopen rule applies.
VERDICT_PERIOD = dt.timedelta(days=7)
REOPEN_MIN_VERDICTS = 5


class AreaPolicy(models.Model):
    """When an area's issues are owed an answer. An empty field inherits the nearest ancestor's value."""

    DEFAULT_THRESHOLD = 10
    DEFAULT_WINDOW_DAYS = 14
    DEFAULT_ESCALATION_DAYS = 7

    area = models.OneToOneField(Area, on_delete=models.CASCADE, related_name="response_policy", verbose_name=_("area"))
    support_threshold = models.PositiveIntegerField(
        _("support threshold"), null=True, blank=True, help_text=_("Supporters needed before a response is owed.")
    )
    window_days = models.PositiveSmallIntegerField(
        _("response window (days)"), null=True, blank=True, help_text=_("Days the agency has to respond.")
    )
    escalation_days = models.PositiveSmallIntegerField(
        _("escalation window (days)"),
        null=True,
        blank=True,
        help_text=_("Days overdue after which supervising officials are alerted."),
    )
    day_kind = models.CharField(
        _("days counted"),
        max_length=8,
        choices=calendar.DayKind.choices,
        blank=True,
        help_text=_("Calendar days, or working days (no weekends, national holidays, cuti bersama or extra days off)."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("response policy")
        verbose_name_plural = _("response policies")
        constraints = [
            models.CheckConstraint(condition=models.Q(support_threshold__gte=1), name="policy_threshold_positive"),
            models.CheckConstraint(condition=models.Q(window_days__gte=1), name="policy_window_positive"),
        ]

    def __str__(self) -> str:
        return str(self.area)


class DayOff(models.Model):
    """A day off on top of the national calendar (a regional holiday, a newly declared cuti bersama):
    clocks counted in working days skip it. Changed through responses.actions.set_day_off."""

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=120)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("extra day off")
        verbose_name_plural = _("extra days off")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}"


class AgencyCategory(models.Model):
    """An agency declares the categories of issue it answers for."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="categories", verbose_name=_("agency"))
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)

    class Meta:
        verbose_name = _("category answered")
        verbose_name_plural = _("categories answered")
        constraints = [models.UniqueConstraint(fields=["agency", "category"], name="agency_category_once")]

    def __str__(self) -> str:
        return f"{self.agency} · {self.get_category_display()}"


class ResponseClock(models.Model):
    """The clock of one issue: which agency owes an answer and by when.

    One row per issue, restarted (not replaced) when a priority round or a reopening
    starts it again; each start, answer, overdue mark and reassignment is on the timeline.
    """

    class State(models.TextChoices):
        AWAITING = "awaiting", _("Awaiting response")
        ANSWERED = "answered", _("Answered")

    class Trigger(models.TextChoices):
        THRESHOLD = "threshold", _("support threshold reached")
        ROUND = "round", _("top of a priority round")
        REOPENED = "reopened", _("reopened by residents' verdict")

    issue = models.OneToOneField(Issue, on_delete=models.CASCADE, related_name="response_clock")
    agency = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="clocks",
        verbose_name=_("responsible agency"),
    )
    state = models.CharField(max_length=12, choices=State.choices, default=State.AWAITING)
    trigger = models.CharField(max_length=12, choices=Trigger.choices)
    started_at = models.DateTimeField()
    due_at = models.DateTimeField()
    escalate_at = models.DateTimeField()
    # The kind of days the window was counted in when it started; "N days left" counts the same kind.
    day_kind = models.CharField(max_length=8, choices=calendar.DayKind.choices, default=calendar.DayKind.CALENDAR)
    overdue_marked_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    # For "median days to first response": the very first start and the first answer after it.
    first_started_at = models.DateTimeField()
    first_response_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("response clock")
        verbose_name_plural = _("response clocks")
        indexes = [
            models.Index(fields=["state", "due_at"]),
            models.Index(fields=["agency", "state"]),
        ]

    def __str__(self) -> str:
        return f"clock of issue {self.issue_id}"

    @property
    def area(self) -> Area:
        return self.issue.area

    @property
    def is_awaiting(self) -> bool:
        return self.state == self.State.AWAITING

    @property
    def due_date(self) -> dt.date:
        """The last day (in the site's time zone) on which the answer is on time."""
        return calendar.last_day(self.due_at)

    @property
    def counts_working_days(self) -> bool:
        return self.day_kind == calendar.DayKind.WORKING

    def days_left(self, now=None) -> int:
        """Whole days of the clock's kind until the due date (0: due today); negative when overdue."""
        return calendar.days_between(calendar.today(now), self.due_date, self.day_kind)

    def is_overdue(self, now=None) -> bool:
        return self.is_awaiting and (now or timezone.now()) >= self.due_at


class OfficialResponse(models.Model):
    """An agency's public answer on an issue. Permanent: edits add versions."""

    issue = models.ForeignKey(Issue, on_delete=models.PROTECT, related_name="official_responses")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="responses")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="official_responses")
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    version_count = models.PositiveIntegerField(default=1)
    # The reopen rule: when residents' verdicts are counted, and what they said then.
    verdict_due_at = models.DateTimeField(null=True, blank=True)
    verdict_outcome = models.CharField(max_length=16, blank=True)
    answers_count = models.PositiveIntegerField(default=0)
    does_not_count = models.PositiveIntegerField(default=0)
    submission_token = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("official response")
        verbose_name_plural = _("official responses")
        constraints = [
            models.UniqueConstraint(fields=["author", "submission_token"], name="response_one_per_submission"),
            models.CheckConstraint(
                condition=models.Q(status__in=[s for s in Status.values if s != Status.OPEN]),
                name="response_status_valid",
            ),
        ]
        indexes = [models.Index(fields=["verdict_outcome", "verdict_due_at"])]

    def __str__(self) -> str:
        return f"response {self.pk} on issue {self.issue_id}"

    @property
    def area(self) -> Area:
        return self.issue.area

    @property
    def issue_author_id(self) -> int:
        return self.issue.author_id


class ResponseVersion(models.Model):
    """The words of a response at one point; the newest is shown, the earlier stay readable."""

    response = models.ForeignKey(OfficialResponse, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    body = models.TextField(_("response"), max_length=10000)
    reason = models.TextField(_("reason for declining"), max_length=3000, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["response", "number"]
        constraints = [models.UniqueConstraint(fields=["response", "number"], name="response_version_number_unique")]


class Commitment(models.Model):
    """A promise made in a response: what, by when, for how much, by which unit."""

    response = models.OneToOneField(OfficialResponse, on_delete=models.PROTECT, related_name="commitment")
    issue = models.ForeignKey(Issue, on_delete=models.PROTECT, related_name="commitments")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="commitments")
    what = models.TextField(_("what will be done"), max_length=2000)
    due_date = models.DateField(_("due date"))
    budget_rupiah = models.PositiveBigIntegerField(_("budget (Rp)"), null=True, blank=True)
    unit = models.CharField(_("responsible unit"), max_length=160, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    done_at = models.DateTimeField(null=True, blank=True)
    # Set when done, in the site's calendar, so the dashboard counts kept/late in SQL.
    done_late = models.BooleanField(null=True, blank=True)
    late_marked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["done_at", "due_date"])]

    @property
    def area(self) -> Area:
        return self.issue.area

    def is_late(self, today=None) -> bool:
        """Past its due date without being done, or done after it."""
        if self.done_at is not None:
            return calendar.today(self.done_at) > self.due_date
        return (today or calendar.today()) > self.due_date

    def state(self, today=None) -> str:
        if self.done_at is not None:
            return "late" if self.is_late() else "kept"
        return "late" if self.is_late(today) else "open"


class CommitmentUpdate(models.Model):
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("progress note"), max_length=3000)
    done = models.BooleanField(_("done"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]


class Verdict(models.Model):
    """One resident's judgement of one response: does it answer the issue? Changeable, one each."""

    response = models.ForeignKey(OfficialResponse, on_delete=models.CASCADE, related_name="verdicts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="verdicts")
    answers = models.BooleanField()
    # Given through a facilitator for a resident without an account (issues.AssistedRecord).
    assisted = models.ForeignKey(AssistedRecord, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["response", "user"], name="verdict_once")]
