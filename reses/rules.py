"""Who records recess meetings and their aspirations, adopts pokir, and opens attendance sheets."""

from __future__ import annotations

from django.utils.translation import gettext as _

from accounts import permissions
from accounts.permissions import rule


@rule
def record_meeting(user, areas=()) -> str | None:
    """A council member records their own recess meetings, in the areas of their district."""
    refusal = permissions.take_part(user)
    if refusal:
        return refusal
    if not permissions.roles(user).council_member_paths:
        return _("Only a council member records recess meetings.")
    outside = [a.name for a in areas if not permissions.is_council_member_for(user, a)]
    if outside:
        return _("These areas are outside your district: %(areas)s.") % {"areas": ", ".join(outside)}
    return None


@rule
def record_aspiration(user, meeting, issue=None) -> str | None:
    """The member who held the meeting records what it raised, on a visible issue of an area it covered."""
    refusal = permissions.take_part(user)
    if refusal:
        return refusal
    if meeting.council_member_id != user.pk:
        return _("Only the council member who held this meeting records its aspirations.")
    if issue is not None:
        if issue.hidden or issue.merged_into_id is not None:
            return _("This issue is hidden or merged: join the issue it was merged into instead.")
        if not any(a.contains(issue.area) for a in meeting.areas.all()):
            return _("This issue is outside the areas the meeting covered.")
    return None


@rule
def adopt_pokir(user, issue) -> str | None:
    """The council member whose district covers the issue's area takes it up as pokir."""
    refusal = permissions.take_part(user)
    if refusal:
        return refusal
    if not permissions.is_council_member_for(user, issue.area):
        return _("Only the council member whose district covers this area can take the issue up as pokir.")
    if issue.hidden or issue.merged_into_id is not None:
        return _("A hidden or merged issue cannot be taken up as pokir.")
    return None


@rule
def open_attendance_sheet(user, meeting) -> str | None:
    """The member who held the meeting, the moderators and officials of an area it covered, and
    administrators open its attendance sheet (names and signatures of residents); nobody else."""
    if not getattr(user, "is_authenticated", False):
        return _("Sign in to open an attendance sheet.")
    if permissions.is_admin(user) or meeting.council_member_id == user.pk:
        return None
    if any(permissions.moderates_or_serves(user, a) for a in meeting.areas.all()):
        return None
    return _(
        "Attendance sheets hold residents' names and signatures: only the council member, the area's moderators and officials, and administrators open them."
    )
