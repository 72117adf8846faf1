"""What every responses action shares: the issue row lock, timeline entries, the followers told."""

from __future__ import annotations

from issues.locks import lock_issue
from issues.models import Follow, Issue, Status, TimelineEntry

CLOSING_STATES = (Status.RESOLVED, Status.DECLINED)
# What the responses rules read on the issue, refreshed under its row lock.
ISSUE_STATE = ("status", "merged_into")


def lock(issue: Issue) -> Issue:
    """Lock the issue row (the one lock order: issue first) and refresh what the rules read (status, area)."""
    return lock_issue(issue, fields=ISSUE_STATE, related=("area",))


def entry(issue: Issue, kind: str, actor=None, **data) -> TimelineEntry:
    return TimelineEntry.objects.create(issue=issue, kind=kind, actor=actor, data=data)


def followers(issue: Issue) -> list[int]:
    return list(Follow.objects.filter(issue=issue).values_list("user_id", flat=True))
