"""Live updates of one issue: store the event, number it, broadcast it after commit.

Every app that changes what an issue page shows (comments, votes, responses,
moderation) calls ``record_event`` inside its action's transaction.

Stored events are what a reconnecting viewer replays, so they must never keep
what has since been hidden, retracted or edited away: an event that carries an
item's text names it as its ``subject``, and the next event of that subject
re-renders every earlier one to the item's present state (``restate``). Only the
latest ``LIVE_EVENTS_KEPT`` events of an issue are kept; a viewer further behind
is told to reload (see issues.consumers).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import translation

from core import live
from issues.models import Issue, LiveEvent

PRUNE_EVERY = 50  # events: pruning is one indexed DELETE, not needed on every write


def group(issue_id: int) -> str:
    return live.group_for("issue", issue_id)


def comment_subject(comment_id: int) -> str:
    return f"comment:{comment_id}"


def issue_subject(issue_id: int) -> str:
    return f"issue:{issue_id}"


def render_languages(render: Callable[[], str]) -> dict[str, str]:
    """``render()`` once under each site language."""
    html = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            html[code] = render()
    return html


def record_event(
    *,
    issue: Issue,
    kind: str,
    render: Callable[[], str],
    issue_updates: dict | None = None,
    subject: str = "",
    restate: Callable[[], str] | None = None,
) -> LiveEvent:
    """Store a live event for ``issue`` and publish it once the transaction commits.

    ``render()`` returns the HTML fragment(s) to swap in; it is called once per
    language under that language, never once per viewer. The per-issue row
    update serializes concurrent events, so sequence numbers have no gaps.
    ``issue_updates`` (field → value or F() expression, e.g. a count) go into that
    same row update; their new values are set on ``issue`` before ``render`` runs.
    ``subject`` tags the event with the item whose text it carries; with ``restate``
    too, earlier events of that subject are replaced by ``restate()`` (the item as
    it is now, for a viewer who never saw it), so no superseded text stays in the
    replay. Every change of an item's text or visibility passes ``restate``.
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
    html = render_languages(render)
    event = LiveEvent.objects.create(issue=issue, seq=seq, kind=kind, subject=subject, html=html)
    if subject and restate is not None:
        restate_subject(issue_id=issue.pk, subject=subject, before=seq, render=restate)
    if seq % PRUNE_EVERY == 0:
        LiveEvent.objects.filter(issue_id=issue.pk, seq__lte=seq - settings.LIVE_EVENTS_KEPT).delete()
    live.publish_on_commit(group(issue.pk), lambda: {"issue": issue.pk, "seq": seq, "html": html})
    return event


def restate_subject(*, issue_id: int, subject: str, before: int | None = None, render: Callable[[], str]) -> int:
    """Re-render the stored events of ``subject`` (those before ``before``) to its present state."""
    events = LiveEvent.objects.filter(issue_id=issue_id, subject=subject)
    if before is not None:
        events = events.filter(seq__lt=before)
    if not events.exists():
        return 0
    return events.update(html=render_languages(render))


def events_after(issue_id: int, seq: int, limit: int = 500) -> list[tuple[int, dict]]:
    """Stored events with a sequence number above ``seq``, oldest first."""
    return list(
        LiveEvent.objects.filter(issue_id=issue_id, seq__gt=seq).order_by("seq").values_list("seq", "html")[:limit]
    )


def prune_old_events(*, older_than) -> int:
    """Delete live events older than ``older_than`` (the worker's upkeep): a viewer that far
    behind reloads the page rather than replaying, and the table stops growing forever. Each
    issue's latest event stays: it is how a replay knows that what came before it was pruned."""
    from django.utils import timezone

    old = LiveEvent.objects.filter(created_at__lt=timezone.now() - older_than)
    deleted, _ = old.exclude(seq=F("issue__last_event_seq")).delete()
    return deleted
