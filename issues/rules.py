"""Who opens, edits and follows issues."""

from __future__ import annotations

from django.utils.translation import gettext as _

from accounts import permissions
from accounts.permissions import rule
from issues.models import TimelineEntry


@rule
def open_issue(user, area=None) -> str | None:
    """Any resident with a confirmed e-mail opens issues, in their home area or any area above it."""
    refusal = permissions.take_part(user)
    if refusal:
        return refusal
    home = permissions.home_area(user)
    if area is not None and home is not None and not area.contains(home):
        return _("You can open issues only for your home area or an area that contains it.")
    if area is not None and home is None:
        return _("Choose your home area in your profile before opening an issue.")
    return None


@rule
def open_issue_via_reses(user, area) -> str | None:
    """The council member whose district covers ``area`` opens an issue raised at their recess
    meeting there: it comes from the meeting, not from the member's home."""
    refusal = permissions.take_part(user)
    if refusal:
        return refusal
    if not permissions.is_council_member_for(user, area):
        return _("Only the council member whose district covers this area can record what a recess meeting raised.")
    return None


def _has_official_response(issue) -> bool:
    """Whether an official has responded publicly (a RESPONSE line on the issue's timeline).

    Pages annotate ``has_official_response``; otherwise the timeline is asked.
    """
    known = getattr(issue, "has_official_response", None)
    if known is not None:
        return bool(known)
    return issue.timeline.filter(kind=TimelineEntry.Kind.RESPONSE).exists()


@rule
def edit_issue(user, issue) -> str | None:
    """The author edits title, description and photos until an official has responded."""
    refusal = permissions.take_part(user)
    if refusal:
        return refusal
    if issue.author_id != user.pk:
        return _("Only the person who opened this issue can edit it.")
    if issue.locked:
        return _("This issue is locked, so it cannot be edited.")
    if issue.hidden:
        return _("A moderator hid this issue, so it cannot be edited. You can appeal the decision.")
    if _has_official_response(issue):
        return _("An official has responded, so the issue can no longer be edited. Add a comment instead.")
    return None


@rule
def follow_issue(user, issue=None) -> str | None:
    """Following is private and harmless, but it is still a write: a confirmed account."""
    return permissions.take_part(user)
