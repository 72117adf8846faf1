"""Writes of the reses app: a meeting, its aspirations, a pokir adoption, an attendance sheet opened.

Each checks its rule (again under the issue's row lock where the issue's state decides), writes in
one transaction, adds the issue's timeline line and pushes it live with the meetings figure. An
aspiration never touches ``Issue.support_count``: a meeting is shown beside the tally, not in it.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts import permissions
from accounts.models import Area
from issues import actions as issue_actions
from issues import live
from issues import rules as issue_rules
from issues.locks import lock_issue
from issues.models import Channel, Issue, RecordingMethod, TimelineEntry
from reses import fragments
from reses import rules as reses_rules
from facilitation import actions as facilitation_actions
from facilitation.models import OfflineResident
from reses.models import Aspiration, AttendeeSupport, PokirAdoption, ResesMeeting, SheetOpening

# What the aspiration rule reads on the issue, refreshed under its row lock.
ISSUE_STATE = ("hidden", "merged_into")


def record_meeting(
    *,
    actor,
    held_on: dt.date,
    place: str,
    areas: list[Area],
    attendance: int,
    attendance_sheet=None,
    submission_token: uuid.UUID | None = None,
    member=None,
) -> ResesMeeting:
    """Record a recess meeting of ``member`` (a council member; by default ``actor`` themselves, or
    the member whose staff ``actor`` is) in areas of the member's district; the meeting keeps both
    the member and who recorded it. A repeated ``submission_token`` returns the meeting the first
    submission recorded."""
    member = member if member is not None else reses_rules.member_recorded_for(actor)
    permissions.check(actor, reses_rules.record_meeting, areas, member)
    place = (place or "").strip()
    if not place:
        raise ValidationError({"place": _("Say where the meeting was held.")})
    if not areas:
        raise ValidationError({"areas": _("Choose at least one area the meeting covered.")})
    if attendance is None or attendance < 0:
        raise ValidationError({"attendance": _("Give the number of people who attended.")})
    if submission_token is not None:
        existing = ResesMeeting.objects.filter(recorded_by=actor, submission_token=submission_token).first()
        if existing:
            return existing
    try:
        with transaction.atomic():
            meeting = ResesMeeting.objects.create(
                council_member=member,
                recorded_by=actor,
                held_on=held_on,
                place=place[:120],
                attendance=attendance,
                submission_token=submission_token,
            )
            meeting.areas.set(areas)
            if attendance_sheet is not None:
                meeting.attendance_sheet.save(attendance_sheet.name, attendance_sheet, save=False)
                meeting.save(update_fields=["attendance_sheet"])
    except IntegrityError:
        existing = ResesMeeting.objects.filter(recorded_by=actor, submission_token=submission_token).first()
        if existing is None:
            raise
        return existing
    return meeting


def join_issue(*, actor, meeting: ResesMeeting, issue: Issue, summary: str = "") -> Aspiration:
    """An aspiration raised at ``meeting`` joins an existing ``issue``: a timeline line and the
    meetings figure, live; the vote tally is left as it is. Raising it again at the same meeting
    returns the first aspiration."""
    permissions.check(actor, reses_rules.record_aspiration, meeting, issue)
    try:
        with transaction.atomic():
            permissions.check(actor, reses_rules.record_aspiration, meeting, lock_issue(issue, fields=ISSUE_STATE))
            return _record(actor, meeting, issue, summary, opened=False)
    except IntegrityError:
        existing = Aspiration.objects.filter(meeting=meeting, issue=issue).first()
        if existing is None:
            raise
        return existing


def open_issue(
    *,
    actor,
    meeting: ResesMeeting,
    title: str,
    description: str,
    category: str,
    area: Area,
    submission_token: uuid.UUID | None = None,
) -> Aspiration:
    """An aspiration that no issue carries yet opens one "via reses", authored by the member (also
    when their staff types it in: the aspiration records who did)."""
    permissions.check(actor, reses_rules.record_aspiration, meeting)
    if not any(a.contains(area) for a in meeting.areas.all()):
        raise ValidationError({"area": _("Choose an area the meeting covered.")})
    member = meeting.council_member
    by_staff = member.pk != actor.pk
    if by_staff:  # the issue is the member's: their own rule decides, checked here for them
        permissions.check(member, issue_rules.open_issue_via_reses, area)
    with transaction.atomic():
        issue = issue_actions.open_issue(
            actor=member,
            # The staff's right to act for the member was checked above; the member is not the one
            # at the keyboard, so their permission is not asked again of them.
            by_system=by_staff,
            title=title,
            description=description,
            category=category,
            area=area,
            submission_token=submission_token,
            channel=Channel.RESES,
            channel_detail=meeting.channel_detail,
        )
        existing = Aspiration.objects.filter(meeting=meeting, issue=issue).first()
        if existing is not None:  # the same form sent twice
            return existing
        return _record(actor, meeting, issue, description, opened=True)


def _record(actor, meeting, issue, summary, *, opened: bool) -> Aspiration:
    aspiration = Aspiration.objects.create(
        meeting=meeting, issue=issue, summary=(summary or "").strip()[:2000], opened_issue=opened, recorded_by=actor
    )
    entry = TimelineEntry.objects.create(
        issue=issue,
        kind=TimelineEntry.Kind.RESES,
        actor=meeting.council_member,
        data={
            "meeting": meeting.pk,
            "place": meeting.place,
            "held_on": meeting.held_on.isoformat(),
            "attending": meeting.attendance,
            "opened": opened,
        },
    )
    live.record_event(issue=issue, kind="reses.aspiration", render=lambda: fragments.aspiration_joined(issue, entry))
    return aspiration


def attendee_source(meeting: ResesMeeting) -> str:
    """What an attendee's support says it came from ("reses Balai RW 04 Manggarai, 2026-11-14"),
    within the 80 characters of ``AssistedRecord.source``, the date always kept."""
    date = f", {meeting.held_on:%Y-%m-%d}"
    return f"reses {meeting.place[: 80 - len('reses ') - len(date)]}{date}"


def record_attendee_support(
    *, actor, aspiration: Aspiration, resident: OfflineResident, method: str = RecordingMethod.PAPER_FORM
) -> AttendeeSupport:
    """Record the support of ``resident`` (a resident without an account who attended the meeting)
    for the aspiration's issue: an assisted support (facilitation.actions.record_support), so the
    same eligibility and one-vote rules apply and a second support for the person is refused;
    marked as coming from the reses, and tied to the aspiration. The tally changes live (the vote);
    the meetings figure does not."""
    permissions.check(actor, reses_rules.record_attendee_support, aspiration, resident)
    how = facilitation_actions.Recording(method=method, source=attendee_source(aspiration.meeting))
    with transaction.atomic():
        vote = facilitation_actions.record_support(actor=actor, resident=resident, issue=aspiration.issue, how=how)
        return AttendeeSupport.objects.create(aspiration=aspiration, record_id=vote.assisted_id)


def adopt_pokir(*, actor, issue: Issue, plan_year: int, note: str = "") -> PokirAdoption:
    """``actor`` takes ``issue`` up as pokir for ``plan_year``; adopting it again for that year
    returns the first adoption."""
    permissions.check(actor, reses_rules.adopt_pokir, issue)
    if not 2000 <= plan_year <= 2100:
        raise ValidationError({"plan_year": _("Give the plan year, e.g. 2027.")})
    try:
        with transaction.atomic():
            permissions.check(actor, reses_rules.adopt_pokir, lock_issue(issue, fields=ISSUE_STATE))
            adoption = PokirAdoption.objects.create(
                council_member=actor, issue=issue, plan_year=plan_year, note=(note or "").strip()[:300]
            )
            entry = TimelineEntry.objects.create(
                issue=issue, kind=TimelineEntry.Kind.POKIR, actor=actor, data={"plan_year": plan_year}
            )
            live.record_event(issue=issue, kind="reses.pokir", render=lambda: fragments.pokir_adopted(issue, entry))
    except IntegrityError:
        existing = PokirAdoption.objects.filter(council_member=actor, issue=issue, plan_year=plan_year).first()
        if existing is None:
            raise
        return existing
    return adoption


def open_attendance_sheet(*, actor, meeting: ResesMeeting) -> SheetOpening:
    """Log that ``actor`` opens the meeting's private attendance sheet (the view then sends it)."""
    permissions.check(actor, reses_rules.open_attendance_sheet, meeting)
    if not meeting.attendance_sheet:
        raise ValidationError(_("No attendance sheet was recorded for this meeting."))
    return SheetOpening.objects.create(meeting=meeting, opened_by=actor)
