"""The one way to lock an issue row: every write whose rules read the issue's state takes it first.

The lock order across apps is "issue first": a comment, a vote, a response or a moderation
act on an issue locks its row before anything else, so two writes on one issue serialize
here and never deadlock on each other.
"""

from __future__ import annotations

from collections.abc import Iterable

from issues.models import Issue


def lock_issue(issue: Issue, fields: Iterable[str], related: Iterable[str] = ()) -> Issue:
    """Lock ``issue``'s row (``select_for_update``) and refresh ``fields`` on the given instance.

    A state that committed since the caller first read the issue (a lock, a hide, a merge, a
    new count) wins: the rules checked after this see it. A foreign key in ``fields`` refreshes
    its id; one in ``related`` is joined and refreshed as an object (``issue.area``). Only the
    issue's own row is locked (``of=("self",)`` on PostgreSQL when something is joined).
    Returns ``issue``. Call inside ``transaction.atomic()``.
    """
    fields, related = tuple(fields), tuple(related)
    rows = (
        Issue.objects.select_for_update(of=("self",)).select_related(*related)
        if related
        else (Issue.objects.select_for_update())
    )
    fresh = rows.only(*fields, *related).get(pk=issue.pk)
    for name in fields:
        attname = Issue._meta.get_field(name).attname
        setattr(issue, attname, getattr(fresh, attname))
    for name in related:
        setattr(issue, name, getattr(fresh, name))
    return issue
