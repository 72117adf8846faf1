"""The deliberation under each issue: comments, replies and their history."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from issues.models import AssistedRecord, Issue, Reason


MAX_LENGTH = 5000


class Comment(models.Model):
    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="comments")
    # Replies point at a top-level comment: one level of nesting, as in Decidim and Discourse.
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="comments")
    body = models.TextField(_("comment"), max_length=MAX_LENGTH)
    # The body rendered and sanitized when it was written (core.markdown), so views render nothing.
    body_html = models.TextField(blank=True, default="", editable=False)
    body_html_version = models.PositiveSmallIntegerField(default=0, editable=False)
    is_official = models.BooleanField(default=False)  # written by an official of a serving agency
    quoted = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    # Newest activity in this comment's subthread (itself or a reply), for "newest activity first".
    last_activity_at = models.DateTimeField(auto_now_add=True)
    reply_count = models.PositiveIntegerField(default=0)

    retracted_at = models.DateTimeField(null=True, blank=True)  # text kept for moderation
    # A hide, as on Issue: a Reason code, the moderator's public note, by the report threshold or not.
    hidden = models.BooleanField(default=False)
    hidden_reason = models.CharField(max_length=16, choices=Reason.choices, blank=True)
    hidden_note = models.TextField(blank=True)
    hidden_automatically = models.BooleanField(default=False)

    submission_token = models.UUIDField(null=True, blank=True, editable=False)
    # Recorded by a facilitator for a resident without an account (issues.AssistedRecord).
    assisted = models.OneToOneField(
        AssistedRecord, null=True, blank=True, on_delete=models.PROTECT, related_name="comment", editable=False
    )

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["author", "submission_token"], name="comment_one_per_submission"),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("body"), MAX_LENGTH), name="comment_body_max_length"
            ),
            # One level of nesting, and a comment never answers itself.
            models.CheckConstraint(condition=~models.Q(parent=models.F("pk")), name="comment_not_own_parent"),
        ]
        indexes = [
            models.Index(fields=["issue", "parent", "created_at"]),
            models.Index(fields=["issue", "parent", "-last_activity_at"]),
        ]

    def __str__(self) -> str:
        return f"comment {self.pk} on issue {self.issue_id}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("comment_detail", kwargs={"pk": self.pk})

    @cached_property
    def rendered_body(self):
        """The text as sanitized HTML: as stored when written (or rendered now, for rows
        written by an older renderer, until `rerender_texts` has run)."""
        from core.markdown import stored

        return stored(self.body_html, self.body_html_version, self.body)

    def set_body(self, body: str) -> None:
        """Set the text and its stored HTML together (the only way actions change a body)."""
        from core.markdown import rendered

        self.body = body
        self.body_html, self.body_html_version = rendered(body)
        self.__dict__.pop("rendered_body", None)

    @property
    def is_retracted(self) -> bool:
        return self.retracted_at is not None

    @property
    def is_editable(self) -> bool:
        """Still within the edit window (the server checks again on every edit)."""
        from comments.rules import comment_edit_window

        return self.retracted_at is None and timezone.now() <= self.created_at + comment_edit_window()

    @property
    def shown_replies(self) -> list[Comment]:
        """The replies the page prefetched (the latest few), oldest first."""
        return list(reversed(getattr(self, "latest_replies", [])))

    @property
    def earlier_reply_count(self) -> int:
        return max(0, self.reply_count - len(getattr(self, "latest_replies", [])))


class CommentRevision(models.Model):
    """The text a comment had before an edit, readable by anyone."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    hidden = models.BooleanField(default=False)

    class Meta:
        ordering = ["comment", "created_at"]


class Mention(models.Model):
    """An @mention, stored for notifications."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="mentions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentions")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["comment", "user"], name="mention_once")]
