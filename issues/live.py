"""Live updates of one issue: store the event, number it, broadcast it after commit.

Every app that changes what an issue page shows (comments, votes, responses,
moderation) calls ``record_event`` inside its action's transaction.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import translation

from core import live
from issues.models import Issue, LiveEvent


def group(issue_id: int) -> str:
    return live.group_for("issue", issue_id)


def record_event(*, issue: Issue, kind: str, render: Callable[[], str], issue_updates: dict | None = None) -> LiveEvent:
    """Store a live event for ``issue`` and publish it once the transaction commits.

    ``render()`` returns the HTML fragment(s) to swap in; it is called once per
    language under that language, never once per viewer. The per-issue row
    update serializes concurrent events, so sequence numbers have no gaps.
    ``issue_updates`` (field → value or F() expression, e.g. a count) go into that
    same row update; their new values are set on ``issue`` before ``render`` runs.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_event must run inside the action's transaction")
    updates = dict(issue_updates or {})
    Issue.objects.filter(pk=issue.pk).update(last_event_seq=F("last_event_seq") + 1, **updates)
    fields = ["last_event_seq", *updates]
    # Read back under the row lock the update holds: what is rendered is what was committed.
    for name, value in zip(fields, Issue.objects.values_list(*fields).get(pk=issue.pk)):
        setattr(issue, name, value)
    seq = issue.last_event_seq
    html = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            html[code] = render()
    event = LiveEvent.objects.create(issue=issue, seq=seq, kind=kind, html=html)
    live.publish_on_commit(group(issue.pk), lambda: {"issue": issue.pk, "seq": seq, "html": html})
    return event


def events_after(issue_id: int, seq: int, limit: int = 500) -> list[tuple[int, dict]]:
    """Stored events with a sequence number above ``seq``, oldest first."""
    return list(
        LiveEvent.objects.filter(issue_id=issue_id, seq__gt=seq).order_by("seq").values_list("seq", "html")[:limit]
    )
