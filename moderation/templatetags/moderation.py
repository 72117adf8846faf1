"""Phrasing moderation state in the reader's language.

``hidden_reason`` on an item is stored as "<reason>: <note>" (a moderator's hide) or
"auto:<reason>" (the report threshold's); these filters turn it into words.
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


def _split(hidden_reason: str) -> tuple[bool, str, str]:
    text = hidden_reason or ""
    if text.startswith("auto:"):
        return True, text[5:], ""
    code, _sep, note = text.partition(": ")
    if code in Reason.values:
        return False, code, note
    return False, "", text


@register.filter
def hidden_notice(hidden_reason: str) -> str:
    """'Hidden by a moderator: Spam — "advertising"', or the automatic hide's pending notice."""
    automatic, code, note = _split(hidden_reason)
    if automatic:
        return _("Hidden pending a moderator's review: several people reported it (%(reason)s).") % {
            "reason": reason_label(code).lower()
        }
    reason = reason_label(code) if code else ""
    if reason and note:
        reason = f"{reason} — {note}"
    return _("Hidden by a moderator: %(reason)s") % {"reason": reason or note or _("no reason given")}


@register.filter
def is_personal_data(hidden_reason: str) -> bool:
    """A personal-data hide never sends the text to other viewers' browsers, even hidden by CSS."""
    return _split(hidden_reason)[1] == Reason.PERSONAL_DATA


@register.filter
def act_label(kind: str) -> str:
    try:
        return str(ModerationAction.Kind(kind).label)
    except ValueError:
        return kind
