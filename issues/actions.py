"""Writes on issues. Each action checks permission, writes in one transaction,
records the public timeline entry and the live event, and publishes after commit."""

from __future__ import annotations

import uuid

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts import permissions
from accounts.models import Area
from issues.models import Follow, Issue, TimelineEntry


def open_issue(
    *,
    actor,
    title: str,
    description: str,
    category: str,
    area: Area,
    latitude=None,
    longitude=None,
    address: str = "",
    photos=(),
    submission_token: uuid.UUID | None = None,
) -> Issue:
    """Open an issue as ``actor``; the author follows it.

    A repeated ``submission_token`` (a double click, a retried POST) returns the
    issue the first submission created instead of a second one.
    """
    permissions.check(actor, "open_issue", area)
    if submission_token is not None:
        existing = Issue.objects.filter(author=actor, submission_token=submission_token).first()
        if existing:
            return existing
    try:
        with transaction.atomic():
            issue = Issue.objects.create(
                title=title.strip(),
                description=description.strip(),
                category=category,
                area=area,
                author=actor,
                latitude=latitude,
                longitude=longitude,
                address=address.strip(),
                submission_token=submission_token,
            )
            for position, photo in enumerate(photos):
                issue.photos.create(image=photo, position=position)
            TimelineEntry.objects.create(issue=issue, kind=TimelineEntry.Kind.OPENED, actor=actor)
            Follow.objects.create(user=actor, issue=issue)
    except IntegrityError:
        # Two concurrent submissions with one token: the other one won.
        existing = Issue.objects.filter(author=actor, submission_token=submission_token).first()
        if existing is None:
            raise
        return existing
    return issue


def touch_activity(issue: Issue) -> None:
    """Mark new activity (a comment, a response) for the "recent activity" sorts."""
    Issue.objects.filter(pk=issue.pk).update(last_activity_at=timezone.now())
