"""Moderation in the open: reports, the public log of every act, appeals, suspensions.

The state an act changes lives on the item (Issue.hidden/locked/merged_into,
Comment.hidden, Profile.suspended_until); the acts themselves live here, and
every one of them is a ModerationAction row that anyone can read at
/moderation/log/. Nothing is deleted: a hide keeps the text, a restore is a
new row, an appeal's outcome is a new row.

Items are named with explicit foreign keys rather than a generic relation: an
act on a comment sets both ``issue`` (for the area, the timeline and the
issue's live channel) and ``comment``; an act on an issue sets ``issue`` only.
The database can then join, index and protect them like any other key.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Area
from comments.models import Comment
from issues.models import Issue, Reason  # Reason: the items store it


class ModerationPolicy(models.Model):
    """An area's moderation knobs; an empty field inherits the nearest ancestor's value."""

    area = models.OneToOneField(
        Area, on_delete=models.CASCADE, related_name="moderation_policy", verbose_name=_("area")
    )
    report_threshold = models.PositiveSmallIntegerField(
        _("report threshold"),
        null=True,
        blank=True,
        help_text=_("Distinct reports that hide an item until a moderator reviews it."),
    )

    class Meta:
        verbose_name = _("moderation policy")
        verbose_name_plural = _("moderation policies")
        constraints = [
            models.CheckConstraint(condition=models.Q(report_threshold__gte=1), name="moderation_threshold_positive")
        ]

    def __str__(self) -> str:
        return str(self.area)


class ModerationAction(models.Model):
    """One act of moderation, public: what, which item, why, who (or "automatic"), when."""

    class Kind(models.TextChoices):
        HIDE = "hide", _("hidden")
        RESTORE = "restore", _("restored")
        LOCK = "lock", _("thread locked")
        UNLOCK = "unlock", _("thread unlocked")
        SUSPEND = "suspend", _("account suspended")
        LIFT = "lift", _("suspension lifted")
        DISMISS = "dismiss", _("reports dismissed")
        MERGE = "merge", _("merged")
        APPEAL = "appeal", _("appealed")
        UPHOLD = "uphold", _("appeal rejected: decision stands")
        OVERTURN = "overturn", _("appeal accepted: decision reversed")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+", verbose_name=_("area"))
    issue = models.ForeignKey(Issue, null=True, blank=True, on_delete=models.PROTECT, related_name="moderation_actions")
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.PROTECT, related_name="moderation_actions"
    )
    # The account an act is about (a suspension, or the author of a hidden item).
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="moderation_about"
    )
    target_issue = models.ForeignKey(  # a merge: the issue the duplicate went into
        Issue, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    # None with automatic=True: the report threshold acted, not a person.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="moderation_acts"
    )
    automatic = models.BooleanField(default=False)
    # An appeal's decision points at the act appealed (and an appeal at the act it contests).
    regarding = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # Facts to print (e.g. {"reports": 3, "supporters": 12, "until": "…"}).
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("moderation action")
        verbose_name_plural = _("moderation actions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    kind__in=[
                        "hide",
                        "restore",
                        "lock",
                        "unlock",
                        "suspend",
                        "lift",
                        "dismiss",
                        "merge",
                        "appeal",
                        "uphold",
                        "overturn",
                    ]
                ),
                name="moderation_action_kind_valid",
            ),
            # A person acted, or the threshold did: never neither.
            models.CheckConstraint(
                condition=models.Q(automatic=True) | models.Q(actor__isnull=False), name="moderation_action_has_actor"
            ),
        ]
        indexes = [
            models.Index(fields=["area", "-created_at"], name="modaction_area_idx"),
            models.Index(fields=["actor", "-created_at"], name="modaction_actor_idx"),
            models.Index(fields=["kind", "-created_at"], name="modaction_kind_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"

    @property
    def item_kind(self) -> str:
        if self.comment_id:
            return "comment"
        if self.issue_id:
            return "issue"
        return "account"


class Report(models.Model):
    """A verified user's report of an issue or a comment. Private to moderators: reporters are not exposed."""

    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports_made")
    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="reports")
    comment = models.ForeignKey(Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="reports")
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)
    note = models.CharField(_("details"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when a moderator's act (or the threshold's) dealt with the report.
    resolved_by = models.ForeignKey(
        ModerationAction, null=True, blank=True, on_delete=models.PROTECT, related_name="reports_resolved"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            # One report per person per item, ever.
            models.UniqueConstraint(
                fields=["reporter", "issue"], condition=models.Q(comment__isnull=True), name="report_issue_once"
            ),
            models.UniqueConstraint(
                fields=["reporter", "comment"], condition=models.Q(comment__isnull=False), name="report_comment_once"
            ),
            models.CheckConstraint(
                condition=~models.Q(reason="other") | ~models.Q(note=""), name="report_other_says_why"
            ),
        ]
        indexes = [
            models.Index(
                fields=["issue", "comment"], condition=models.Q(resolved_by__isnull=True), name="report_open_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"report {self.pk}"


class Appeal(models.Model):
    """The author of a hidden item, or a suspended person, contests the act once."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for a decision")
        UPHELD = "upheld", _("Rejected: the decision stands")
        OVERTURNED = "overturned", _("Accepted: the decision was reversed")

    action = models.OneToOneField(ModerationAction, on_delete=models.PROTECT, related_name="appeal")
    appellant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="appeals")
    text = models.TextField(_("your appeal"), max_length=2000)
    state = models.CharField(max_length=12, choices=State.choices, default=State.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(_("decision note"), max_length=500, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=["pending", "upheld", "overturned"]), name="appeal_state_valid"
            )
        ]

    def __str__(self) -> str:
        return f"appeal {self.pk} of {self.action_id}"


class Suspension(models.Model):
    """A period in which an account may read and appeal, nothing else."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="suspensions")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    action = models.OneToOneField(ModerationAction, on_delete=models.PROTECT, related_name="suspension")
    lifted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = _("suspension")
        verbose_name_plural = _("suspensions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="suspension_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"suspension of {self.user_id} until {self.ends_at:%Y-%m-%d}"
