"""Writes on discussion threads: post, edit, retract.

Each action checks permission, writes in one transaction, keeps the issue's
counts, and records the live event (stored, numbered, published after commit)
whose fragment is rendered from the same partials as the page.
The thread itself is the public record of a discussion, so comments add no
timeline entries; an edit keeps the previous text as a CommentRevision and a
retraction keeps the text for moderation.
"""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import permissions
from comments import fragments
from comments import mentions
from core import ratelimit
from comments.models import MAX_LENGTH, Comment, CommentRevision, Mention
from issues import live
from issues.locks import lock_issue
from issues.models import AssistedRecord, Issue
from notifications import actions as notifications
from comments import rules as comment_rules

# What the thread rules read on the issue, refreshed under its row lock (a lock or a hide that
# committed since the first check wins: no comment slips in after it).
THREAD_STATE = ("locked", "locked_reason", "hidden")


def clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("Write something before posting."), code="required")
    if len(body) > MAX_LENGTH:
        raise ValidationError(
            _("A comment has at most %(max)d characters (this one has %(length)d).")
            % {"max": MAX_LENGTH, "length": len(body)},
            code="max_length",
        )
    return body


def post_comment(
    *,
    actor,
    issue: Issue,
    body: str,
    parent: Comment | None = None,
    quoted: Comment | None = None,
    submission_token: uuid.UUID | None = None,
    assisted: AssistedRecord | None = None,
) -> Comment:
    """Post a comment on ``issue``, or a reply when ``parent`` is given.

    ``assisted``: a facilitator recorded it for ``actor``, a resident without an account
    (facilitation.actions.comment_for); the comment shows so.

    A reply to a reply joins its top-level comment (one level of nesting).
    ``quoted`` is kept only if it is a standing comment of the same issue.
    A repeated ``submission_token`` returns the comment the first submission
    created. Raises PermissionDenied (core.ratelimit.RateLimited when
    commenting too quickly) or ValidationError.
    Side effects: Mention rows, the issue's comment_count and last_activity_at,
    the parent's reply_count and last_activity_at, one live event.
    """
    permissions.check(actor, comment_rules.post_comment, issue)
    body = clean_body(body)
    if parent is not None:
        if parent.issue_id != issue.pk:
            raise ValidationError(_("That comment belongs to another issue."), code="parent")
        if parent.parent_id is not None:
            parent = parent.parent
    if quoted is not None and (quoted.issue_id != issue.pk or quoted.retracted_at is not None):
        quoted = None
    ratelimit.check("comment", actor)
    try:
        with transaction.atomic():
            comment = _create(actor, issue, body, parent, quoted, submission_token, assisted)
    except IntegrityError:
        # The form was sent before (a double click, a retry, two at once): its unique token
        # says so, at no cost to the usual first submission.
        existing = _submitted(actor, submission_token) if submission_token is not None else None
        if existing is None:
            raise
        ratelimit.give_back("comment", actor)
        return existing
    return comment


def _submitted(actor, token) -> Comment | None:
    return Comment.objects.filter(author=actor, submission_token=token).select_related("parent").first()


def _create(actor, issue, body, parent, quoted, submission_token, assisted=None) -> Comment:
    permissions.check(actor, comment_rules.post_comment, lock_issue(issue, fields=THREAD_STATE))
    now = timezone.now()
    comment = Comment(
        issue=issue,
        parent=parent,
        author=actor,
        quoted=quoted,
        is_official=permissions.is_official_for(actor, issue.area),
        submission_token=submission_token,
        last_activity_at=now,
        assisted=assisted,
    )
    comment.set_body(body)
    comment.save(force_insert=True)
    _store_mentions(comment, issue)
    if parent is not None:
        Comment.objects.filter(pk=parent.pk).update(reply_count=F("reply_count") + 1, last_activity_at=now)
        notifications.comment_replied(comment=comment)
    comment.issue = issue
    # The count and the activity time (the list's sorts read them) ride on the event's own
    # row update, so the count pushed to viewers is the committed one.
    comment.live_event = live.record_event(
        issue=issue,
        kind="comment.posted",
        render=lambda: fragments.posted(comment),
        subject=live.comment_subject(comment.pk),
        issue_updates={"comment_count": F("comment_count") + 1, "last_activity_at": now},
    )
    return comment


def _store_mentions(comment: Comment, issue: Issue) -> None:
    """Store (and tell) who the text @mentions, and link each name to the person's page in the stored HTML."""
    known = set(comment.mentions.values_list("user_id", flat=True)) if comment.edited_at else set()
    found = mentions.resolve(comment.body, issue=issue)
    linked = mentions.link_mentions(comment.body_html, found)
    if linked != comment.body_html:
        comment.body_html = linked
        comment.__dict__.pop("rendered_body", None)
        Comment.objects.filter(pk=comment.pk).update(body_html=linked)
    mentioned = dict.fromkeys(u for _written, users in found for u in users if u != comment.author_id)
    new = [u for u in mentioned if u not in known]
    if new:
        Mention.objects.bulk_create([Mention(comment=comment, user_id=u) for u in new], ignore_conflicts=True)
        notifications.users_mentioned(comment=comment, user_ids=new)


def edit_comment(*, actor, comment: Comment, body: str) -> Comment:
    """Change a comment's text within the edit window; the old text becomes a revision anyone can read."""
    permissions.check(actor, comment_rules.edit_comment, comment)
    body = clean_body(body)
    if body == comment.body:
        return comment
    with transaction.atomic():
        # Comment row first, then the issue's: the order moderation's acts lock them in.
        locked = Comment.objects.select_for_update().get(pk=comment.pk)
        comment.hidden, comment.retracted_at = locked.hidden, locked.retracted_at
        lock_issue(comment.issue, fields=THREAD_STATE)
        permissions.check(actor, comment_rules.edit_comment, comment)  # again, under the locks
        CommentRevision.objects.create(comment=comment, body=locked.body)
        comment.set_body(body)
        comment.edited_at = timezone.now()
        comment.save(update_fields=["body", "body_html", "body_html_version", "edited_at"])
        notifications.comment_changed(comment=comment)
        _store_mentions(comment, comment.issue)
        comment.live_event = live.record_event(
            issue=comment.issue,
            kind="comment.edited",
            render=lambda: fragments.changed(comment),
            subject=live.comment_subject(comment.pk),
            restate=lambda: fragments.current(comment),
        )
    return comment


def retract_comment(*, actor, comment: Comment) -> Comment:
    """Retract one's own comment: everyone sees "retracted by the author"; the text stays for moderation."""
    permissions.check(actor, comment_rules.retract_comment, comment)
    with transaction.atomic():
        updated = Comment.objects.filter(pk=comment.pk, retracted_at__isnull=True).update(retracted_at=timezone.now())
        comment.refresh_from_db(fields=["retracted_at"])
        if updated:
            notifications.comment_changed(comment=comment)
            comment.live_event = live.record_event(
                issue=comment.issue,
                kind="comment.retracted",
                render=lambda: fragments.changed(comment),
                subject=live.comment_subject(comment.pk),
                restate=lambda: fragments.current(comment),
            )
    return comment


def transfer_comments(*, from_user, to_user) -> int:
    """A resident claimed their offline record (facilitation.actions.confirm_claim): what a
    facilitator recorded for them is now signed with their account (each comment still says how
    it was recorded). Returns how many comments changed hands."""
    return Comment.objects.filter(author=from_user).update(author=to_user)


def forget_mentions(*, user) -> None:
    """Account erasure (privacy.actions.erase_account): the links from others' comments to the
    account go; the comments keep the text as written."""
    Mention.objects.filter(user=user).delete()
