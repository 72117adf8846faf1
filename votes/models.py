"""Support for issues and priority rounds: the rows are the votes, the stored counts their sums.

Every stored count (``Issue.support_count``, ``RoundTotal``) is kept by the actions
in the same transaction as the rows it sums, and ``manage.py verify_tallies``
re-derives them from the rows. Who voted is never shown to anyone but the voter.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Area
from issues.models import AssistedRecord, Issue


class Vote(models.Model):
    """One resident's support for one issue.

    Withdrawing keeps the row (``withdrawn_at``) and supporting again reuses it, so the
    unique constraint makes "one person, one vote per issue" a fact of the database.
    """

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="votes")
    # PROTECT: deleting a voter's account must go through an action that withdraws their votes.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="votes")
    created_at = models.DateTimeField(auto_now_add=True)
    supported_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    # The latest support was recorded by a facilitator (issues.AssistedRecord); None when given online.
    assisted = models.ForeignKey(AssistedRecord, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "issue"], name="vote_one_per_person_per_issue")]
        indexes = [models.Index(fields=["user", "supported_at"])]

    def __str__(self) -> str:
        return f"vote {self.pk} on issue {self.issue_id}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


MIN_BUDGET, MAX_BUDGET = 2, 100


class RoundStanding(models.TextChoices):
    LIVE = "live", _("Shown to everyone while the round is open")
    AFTER_CLOSE = "after_close", _("Shown only after the round closes")


class PriorityRound(models.Model):
    """A moderator or official asks an area's residents to spread points over its open issues.

    The rules (budget, closing date, when the standing shows) are frozen by the first
    ballot. On close the ranking is frozen in ``RoundTotal.rank`` and the turnout here:
    the round becomes the area's official priority list.
    """

    Standing = RoundStanding

    title = models.CharField(_("title"), max_length=140)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="priority_rounds", verbose_name=_("area"))
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    budget = models.PositiveSmallIntegerField(_("points per voter"), default=10)
    standing = models.CharField(_("standing"), max_length=12, choices=Standing.choices, default=Standing.LIVE)
    closes_at = models.DateTimeField(_("closes at"))
    created_at = models.DateTimeField(auto_now_add=True)
    rules_frozen_at = models.DateTimeField(null=True, blank=True)  # the first ballot
    closed_at = models.DateTimeField(null=True, blank=True)
    # Published on close: ballots with points, and verified residents of the area then.
    voters_count = models.PositiveIntegerField(null=True, blank=True)
    eligible_count = models.PositiveIntegerField(null=True, blank=True)
    submission_token = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("priority round")
        verbose_name_plural = _("priority rounds")
        constraints = [
            models.UniqueConstraint(fields=["opened_by", "submission_token"], name="round_one_per_submission"),
            # Two rounds open at once in one area would split its residents' points.
            models.UniqueConstraint(
                fields=["area"], condition=models.Q(closed_at__isnull=True), name="round_one_open_per_area"
            ),
            models.CheckConstraint(
                condition=models.Q(budget__gte=MIN_BUDGET, budget__lte=MAX_BUDGET), name="round_budget_in_range"
            ),
            models.CheckConstraint(condition=models.Q(standing__in=RoundStanding.values), name="round_standing_valid"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("round_detail", args=[self.pk])

    @property
    def per_issue_cap(self) -> int:
        """At most half the budget on one issue, so no single issue swallows a voter."""
        return self.budget // 2

    @property
    def is_open(self) -> bool:
        return self.closed_at is None and timezone.now() < self.closes_at

    @property
    def is_due(self) -> bool:
        """Past its closing date but not yet closed (close_due_rounds will close it)."""
        return self.closed_at is None and timezone.now() >= self.closes_at

    @property
    def standing_visible(self) -> bool:
        """Live standings always; hidden ones once voting is over (closed, or due: past its
        date, no ballot can change any more, close_due_rounds will freeze the ranks)."""
        return self.closed_at is not None or self.is_due or self.standing == self.Standing.LIVE

    @property
    def participation_rate(self) -> float | None:
        if self.voters_count is None or not self.eligible_count:
            return None
        return self.voters_count / self.eligible_count


class RoundBallot(models.Model):
    """One voter's ballot in one round; its allocations change until the round closes."""

    round = models.ForeignKey(PriorityRound, on_delete=models.CASCADE, related_name="ballots")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="round_ballots")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(default=timezone.now)
    # The latest allocation was recorded by a facilitator (issues.AssistedRecord); None when given online.
    assisted = models.ForeignKey(AssistedRecord, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "user"], name="ballot_one_per_person_per_round")]
        indexes = [models.Index(fields=["user", "updated_at"])]


class Allocation(models.Model):
    """Points a ballot gives one issue (rows with zero points are deleted, not kept)."""

    ballot = models.ForeignKey(RoundBallot, on_delete=models.CASCADE, related_name="allocations")
    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="+")
    points = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ballot", "issue"], name="allocation_one_per_issue"),
            models.CheckConstraint(condition=models.Q(points__gt=0), name="allocation_points_positive"),
        ]


class RoundTotal(models.Model):
    """The points and voters one issue has in a round; ``rank`` is set when the round closes."""

    round = models.ForeignKey(PriorityRound, on_delete=models.CASCADE, related_name="totals")
    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="round_totals")
    points = models.PositiveIntegerField(default=0)
    voters = models.PositiveIntegerField(default=0)
    rank = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "issue"], name="round_total_one_per_issue")]


class TallyRepair(models.Model):
    """One stored count ``verify_tallies --fix`` set to what the vote rows say: which, from what,
    to what, and when. Tallies change only by votes; a repair is on the record like one."""

    class What(models.TextChoices):
        SUPPORT = "support", _("issue support count")
        ROUND_TOTAL = "round_total", _("round total (points, voters)")
        ROUND_VOTERS = "round_voters", _("round turnout")

    what = models.CharField(max_length=16, choices=What.choices)
    issue = models.ForeignKey(Issue, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    round = models.ForeignKey(PriorityRound, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    stored = models.JSONField(help_text="the count before the repair")
    counted = models.JSONField(help_text="what the vote rows said, and the count after the repair")
    by = models.CharField(max_length=60, default="verify_tallies --fix")
    repaired_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-repaired_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.what} repaired: {self.stored} → {self.counted}"
