"""Phrasing moderation state in the reader's language.

A hidden item (issue or comment) stores its hide as fields: ``hidden_reason`` (a Reason
code), ``hidden_note`` (the moderator's public note) and ``hidden_automatically`` (the
report threshold hid it); ``hidden_notice`` turns them into words.
"""

from django import template
from django.utils.translation import gettext as _

from moderation.models import ModerationAction, Reason

register = template.Library()


@register.filter
def reason_label(code: str) -> str:
    try:
        return str(Reason(code).label)
    except ValueError:
        return code or ""


@register.filter
def hidden_notice(item) -> str:
    """'Hidden by a moderator: Spam — advertising', or the automatic hide's pending notice."""
    if item.hidden_automatically:
        return _("Hidden pending a moderator's review: several people reported it (%(reason)s).") % {
            "reason": reason_label(item.hidden_reason).lower()
        }
    reason, note = reason_label(item.hidden_reason), item.hidden_note
    if reason and note:
        reason = f"{reason} — {note}"
    return _("Hidden by a moderator: %(reason)s") % {"reason": reason or note or _("no reason given")}


@register.filter
def act_label(kind: str) -> str:
    try:
        return str(ModerationAction.Kind(kind).label)
    except ValueError:
        return kind
