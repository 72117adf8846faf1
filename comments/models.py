"""The deliberation under each issue: comments, replies and their history."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from issues.models import Issue


class Comment(models.Model):
    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="comments")
    # Replies point at a top-level comment: one level of nesting, as in Decidim and Discourse.
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="comments")
    body = models.TextField(_("comment"), max_length=5000)
    is_official = models.BooleanField(default=False)  # written by an official of a serving agency
    quoted = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    # Newest activity in this comment's subthread (itself or a reply), for "newest activity first".
    last_activity_at = models.DateTimeField(auto_now_add=True)
    reply_count = models.PositiveIntegerField(default=0)

    retracted_at = models.DateTimeField(null=True, blank=True)  # text kept for moderation
    hidden = models.BooleanField(default=False)
    hidden_reason = models.CharField(max_length=200, blank=True)

    submission_token = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["author", "submission_token"], name="comment_one_per_submission"),
        ]
        indexes = [
            models.Index(fields=["issue", "parent", "created_at"]),
            models.Index(fields=["issue", "parent", "-last_activity_at"]),
        ]

    def __str__(self) -> str:
        return f"comment {self.pk} on issue {self.issue_id}"


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
