"""What a moderation act pushes to every viewer of the issue, from the same partials as the pages.

Comments re-render through the comments app's own fragment (its body partial shows a
hidden comment as "Hidden by a moderator: <reason>" and never its text); issues through the issue page's partials plus moderation's
status banner. Rendered once per language by issues.live.record_event, never per viewer.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.translation import gettext as _

from issues import live

STATUS = "moderation/issue_status.html#status"
TIMELINE_ENTRY = "issues/issue_parts.html#timeline-entry"


def timeline_data(action, *, on_target: bool = False) -> dict:
    """The untranslated facts a timeline line phrases (see moderation/timeline_entry.html)."""
    data = {
        "action": action.pk,
        "act": action.kind,
        "what": action.item_kind,
        "reason": action.reason,
        "note": action.note[:200],
        "automatic": action.automatic,
    }
    if action.comment_id:
        data["comment"] = action.comment_id
    if action.data.get("reports"):
        data["reports"] = action.data["reports"]
    if action.target_issue_id:
        data["into"] = action.target_issue_id
        data["into_title"] = action.target_issue.title
    if on_target:
        data.update(act="merged_from", source=action.issue_id, source_title=action.issue.title)
    return data


def _announce(text: str) -> str:
    return format_html('<p data-live-swap="announce">{}</p>', text)


def _entry_html(issue, entry) -> str:
    return render_to_string(TIMELINE_ENTRY, {"entry": entry, "issue": issue}) if entry is not None else ""


def _announcement(item, action) -> str:
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


def _fresh(issue):
    """The issue with everything its partials print (author badge, photos), read once per event."""
    from issues.queries import issue_for_page

    return issue_for_page(None, issue.pk)


def _issue_parts(fresh) -> list[str]:
    context = {"issue": fresh}
    return [
        render_to_string("issues/issue_parts.html#issue-header", context),
        render_to_string("issues/issue_parts.html#issue-description", context),
        render_to_string("issues/issue_parts.html#issue-photos", context),
    ]


def publish_item(item, action, *, changed: bool = True) -> None:
    """Record the live event of an act on ``item``: the item re-rendered (when ``changed``),
    the issue's moderation status, the timeline line and an announcement."""
    from comments import fragments as comment_fragments
    from comments.models import Comment

    is_comment = isinstance(item, Comment)
    issue = item.issue if is_comment else item
    fresh = _fresh(issue)
    entry = getattr(action, "timeline_entry", None)

    def render() -> str:
        parts = []
        if changed and is_comment:
            parts.append(comment_fragments.body_html(item))
        elif changed:
            parts += _issue_parts(fresh)
        parts.append(render_to_string(STATUS, {"status_issue": fresh}))
        parts.append(_entry_html(fresh, entry))
        parts.append(_announce(_announcement(item, action)))
        return "".join(parts)

    subject, restate = "", None
    if changed and is_comment:
        # Earlier events of the comment (its post, its edits) now replay as it is: hidden.
        subject, restate = live.comment_subject(item.pk), lambda: comment_fragments.current(item)
    elif changed:
        subject, restate = live.issue_subject(issue.pk), lambda: "".join(_issue_parts(fresh))
    live.record_event(issue=issue, kind=f"moderation.{action.kind}", render=render, subject=subject, restate=restate)


def publish_timeline(issue, action) -> None:
    """Only a timeline line (an appeal filed)."""
    entry = action.timeline_entry
    live.record_event(issue=issue, kind=f"moderation.{action.kind}", render=lambda: _entry_html(issue, entry))


def publish_merge_target(target, entry, duplicate) -> None:
    """The target of a merge: its timeline line and an announcement."""

    def render() -> str:
        text = _("Issue #%(n)s was merged into this one.") % {"n": duplicate.pk}
        return _entry_html(target, entry) + _announce(text)

    live.record_event(issue=target, kind="moderation.merged_from", render=render)
