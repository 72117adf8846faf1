"""The HTML a comment event pushes to viewers, from the same partials as the page.

Rendered once per language (issues.live.record_event calls these under each
language), never per viewer: per-viewer controls are in the markup, hidden by
role classes (.if-author, .if-member) that each viewer's own page reveals.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from comments.models import Comment
from core.fragments import announce
from core.templatetags.balai import display_name

THREAD = "comments/thread.html"


def comment_html(comment: Comment) -> str:
    return render_to_string(f"{THREAD}#comment", {"comment": comment, "issue": comment.issue})


def listing_html(thread, viewer=None) -> str:
    """A page of an issue's discussion (its order, comments, pages), as every viewer gets it, or
    for ``viewer`` (the author of a hidden comment there reads its text in place)."""
    return render_to_string(f"{THREAD}#comment-list", {"thread": thread, "issue": thread.issue, "user": viewer})


def body_html(comment: Comment) -> str:
    return render_to_string(f"{THREAD}#comment-body", {"comment": comment, "issue": comment.issue})


def count_html(issue) -> str:
    return render_to_string(f"{THREAD}#comment-count", {"issue": issue})


def posted(comment: Comment) -> str:
    """A new comment or reply: appended to its list, the count replaced, the author announced."""
    name = display_name(comment.author)
    if comment.parent_id:
        text = _("New reply by %(name)s") % {"name": name}
    else:
        text = _("New comment by %(name)s") % {"name": name}
    return comment_html(comment) + count_html(comment.issue) + announce(text)


def current(comment: Comment) -> str:
    """The comment as it is now, for a viewer replaying events it missed: added if it is
    not on their page, its body replaced if it is, and the count. Replaces every earlier
    event of the comment (issues.live.restate_subject), so none keeps superseded text."""
    return comment_html(comment) + body_html(comment) + count_html(comment.issue)


def changed(comment: Comment) -> str:
    """An edit or a retraction: the comment's body replaced (never its reply form), and announced."""
    name = display_name(comment.author)
    if comment.retracted_at:
        text = _("%(name)s retracted a comment") % {"name": name}
    else:
        text = _("%(name)s edited a comment") % {"name": name}
    return body_html(comment) + announce(text)
