"""Deliberation under an issue: read by anyone, written by people who take part."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import permissions
from accounts.permissions import rule


def _thread_closed(issue) -> str | None:
    if issue.locked:
        if issue.locked_reason:
            return _("This discussion is locked: %(reason)s") % {"reason": issue.locked_reason}
        return _("This discussion is locked: no new comments can be added.")
    if issue.hidden:
        return _("This issue is hidden by moderation: its discussion is paused.")
    return None


@rule
def post_comment(user, issue) -> str | None:
    """Anyone who takes part (signed in, e-mail confirmed) comments on a visible, unlocked issue."""
    return permissions.take_part(user) or _thread_closed(issue)


def comment_edit_window() -> timedelta:
    return timedelta(minutes=settings.COMMENT_EDIT_MINUTES)


@rule
def edit_comment(user, comment) -> str | None:
    """The author, within the edit window, while the comment stands and the thread is open."""
    refusal = permissions.take_part(user)
    if refusal:
        return refusal
    if comment.author_id != user.pk:
        return _("Only the author can edit a comment.")
    if comment.retracted_at is not None:
        return _("This comment was retracted; it can no longer be edited.")
    if comment.hidden:
        # An edit would republish, as new text, what a moderator hid: appeal instead.
        return _("A moderator hid this comment, so it cannot be edited. You can appeal the decision.")
    if timezone.now() > comment.created_at + comment_edit_window():
        return _("Comments can be edited for %(minutes)d minutes after posting; you can still retract this one.") % {
            "minutes": int(comment_edit_window().total_seconds() // 60)
        }
    return _thread_closed(comment.issue)


@rule
def retract_comment(user, comment) -> str | None:
    """The author may retract at any time, even in a locked thread (the text is kept for moderation).

    Deliberately also while suspended: a suspension means "read and appeal, nothing else",
    but withdrawing one's own words adds nothing for others to read; it is a right we keep
    (like erasing one's account), not a way of taking part.
    """
    if not getattr(user, "is_authenticated", False):
        return _("Sign in to take part.")
    if comment.author_id != user.pk:
        return _("Only the author can retract a comment.")
    if comment.retracted_at is not None:
        return _("This comment is already retracted.")
    return None
