"""What a moderation act pushes to every viewer of the issue, from the same partials as the pages.

Comments re-render through the comments app's own fragment (its body partial shows a
hidden comment as "Hidden by a moderator: <reason>" and never its text); issues through the issue page's
partials plus moderation's status banner. Rendered once per language by issues.live.record_event,
never per viewer; moderation.actions records the events.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from comments import fragments as comment_fragments
from comments.models import Comment
from core.fragments import announce
from issues import fragments as issue_fragments

STATUS = "moderation/issue_status.html#status"


def status(issue) -> str:
    """The issue's moderation banner (hidden, locked, merged)."""
    return render_to_string(STATUS, {"status_issue": issue})


def _announcement(action) -> str:
    what = _("A comment") if action.comment_id else _("This issue")
    kind = action.kind
    if kind == "hide":
        if action.automatic:
            return _("%(what)s was hidden pending a moderator's review.") % {"what": what}
        return _("%(what)s was hidden by a moderator.") % {"what": what}
    if kind in ("restore", "overturn") or (kind == "dismiss" and action.data.get("restored")):
        return _("%(what)s is shown again.") % {"what": what}
    texts = {
        "lock": _("The discussion was locked."),
        "unlock": _("The discussion was unlocked."),
        "merge": _("This issue was merged into #%(n)s.") % {"n": action.target_issue_id},
    }
    return texts.get(kind, _("A moderator acted on this issue."))


def item_now(item, fresh) -> str:
    """The item as it is now: a comment's body, or the issue's header, description and photos."""
    return comment_fragments.body_html(item) if isinstance(item, Comment) else issue_fragments.for_issue(fresh)


def for_act(item, action, fresh, *, changed: bool = True) -> str:
    """An act on ``item``: the item re-rendered (when ``changed``), the issue's moderation
    status, the act's timeline line and an announcement. ``fresh`` is the issue as its page reads it."""
    parts = [item_now(item, fresh)] if changed else []
    parts.append(status(fresh))
    parts.append(issue_fragments.timeline_entry(fresh, getattr(action, "timeline_entry", None)))
    parts.append(announce(_announcement(action)))
    return "".join(parts)


def merged_from(target, entry, duplicate) -> str:
    """The target of a merge: its timeline line and an announcement."""
    text = _("Issue #%(n)s was merged into this one.") % {"n": duplicate.pk}
    return issue_fragments.timeline_entry(target, entry) + announce(text)
