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


def record_event(*, issue: Issue, kind: str, render: Callable[[], str]) -> LiveEvent:
    """Store a live event for ``issue`` and publish it once the transaction commits.

    ``render()`` returns the HTML fragment(s) to swap in; it is called once per
    language under that language, never once per viewer. The per-issue row
    update serializes concurrent events, so sequence numbers have no gaps.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_event must run inside the action's transaction")
    Issue.objects.filter(pk=issue.pk).update(last_event_seq=F("last_event_seq") + 1)
    seq = Issue.objects.values_list("last_event_seq", flat=True).get(pk=issue.pk)
    issue.last_event_seq = seq
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
