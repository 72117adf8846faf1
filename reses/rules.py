"""Who records recess meetings and their aspirations, adopts pokir, and opens attendance sheets."""

from __future__ import annotations

from django.utils.translation import gettext as _

from accounts import permissions
from accounts.permissions import rule
from facilitation import rules as facilitation_rules


def member_recorded_for(user):
    """The council member whose meetings ``user`` records: themselves, or the member whose staff
    they are (a facilitator granted for that member); None for anyone else."""
    if not getattr(user, "is_authenticated", False):
        return None
    if permissions.roles(user).council_member_paths:
        return user
    return permissions.member_staffed_by(user)


@rule
def record_meeting(user, areas=(), member=None) -> str | None:
    """A council member records their own recess meetings, in the areas of their district; their
    staff record them for the member (``member``: whose meeting; by default the one ``user``
    records for), in the same areas. Nobody records a meeting for another member."""
    refusal = permissions.take_part(user)
    if refusal:
        return refusal
    member = member if member is not None else member_recorded_for(user)
    if member is None:
        return _("Only a council member records recess meetings (or their staff, for them).")
    if not permissions.acts_for_member(user, member.pk):
        return _("You record recess meetings only for the council member whose staff you are.")
    if not permissions.roles(member).council_member_paths:
        return _("Only a council member records recess meetings (or their staff, for them).")
    outside = [a.name for a in areas if not permissions.is_council_member_for(member, a)]
    if outside and member.pk == user.pk:
        return _("These areas are outside your district: %(areas)s.") % {"areas": ", ".join(outside)}
    if outside:
        return _("These areas are outside the council member's district: %(areas)s.") % {"areas": ", ".join(outside)}
    return None


@rule
def record_aspiration(user, meeting, issue=None) -> str | None:
    """The member who held the meeting, or their staff, records what it raised, on a visible issue
    of an area it covered."""
    refusal = permissions.take_part(user)
    if refusal:
        return refusal
    if not permissions.acts_for_member(user, meeting.council_member_id):
        return _("Only the council member who held this meeting, or their staff, records its aspirations.")
    if issue is not None:
        refusal = _issue_open_to_meeting(meeting, issue)
        if refusal:
            return refusal
    return None


def _issue_open_to_meeting(meeting, issue) -> str | None:
    if issue.hidden or issue.merged_into_id is not None:
        return _("This issue is hidden or merged: join the issue it was merged into instead.")
    if not any(a.contains(issue.area) for a in meeting.areas.all()):
        return _("This issue is outside the areas the meeting covered.")
    return None


@rule
def record_attendee_support(user, aspiration, resident=None) -> str | None:
    """The support of a resident without an account who attended, on the aspiration's issue: an
    assisted act, so recorded by a facilitator (the member's staff, or a facilitator of the issue's
    area) under the facilitators' rule (``facilitation.rules.act_for``: a resident they registered
    or who lives in their areas, never themselves). A council member without a facilitator role
    records it through their staff: the one who vouches for a resident's word is a facilitator.
    Whether the resident may support (verified in the issue's area, once) is the votes rules'."""
    refusal = permissions.take_part(user)
    if refusal:
        return refusal
    issue = aspiration.issue
    staff = permissions.acts_for_member(user, aspiration.meeting.council_member_id)
    if not staff and not permissions.is_facilitator_for(user, issue.area):
        return _("Only the council member's staff and the facilitators of the area record attendees' supports.")
    if not permissions.roles(user).facilitator_paths:
        return _("A facilitator records the supports of residents without an account: record them through your staff.")
    if issue.hidden or issue.merged_into_id is not None:
        return _("This issue is hidden or merged: supports go to the issue it was merged into.")
    if resident is not None:
        return facilitation_rules.act_for(user, resident)
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
    """The member who held the meeting (and their staff, who may have recorded it), the moderators
    and officials of an area it covered, and administrators open its attendance sheet (names and signatures of residents); nobody else."""
    if not getattr(user, "is_authenticated", False):
        return _("Sign in to open an attendance sheet.")
    if permissions.is_admin(user) or permissions.acts_for_member(user, meeting.council_member_id):
        return None
    if any(permissions.moderates_or_serves(user, a) for a in meeting.areas.all()):
        return None
    return _(
        "Attendance sheets hold residents' names and signatures: only the council member and their staff, the area's moderators and officials, and administrators open them."
    )
