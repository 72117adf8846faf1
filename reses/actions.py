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
from issues.locks import lock_issue
from issues.models import Channel, Issue, TimelineEntry
from reses import fragments
from reses import rules as reses_rules
from reses.models import Aspiration, PokirAdoption, ResesMeeting, SheetOpening

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
) -> ResesMeeting:
    """Record a recess meeting of ``actor`` (a council member) in areas of their district.
    A repeated ``submission_token`` returns the meeting the first submission recorded."""
    permissions.check(actor, reses_rules.record_meeting, areas)
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
                council_member=actor,
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
    """An aspiration that no issue carries yet opens one "via reses", authored by the member."""
    permissions.check(actor, reses_rules.record_aspiration, meeting)
    if not any(a.contains(area) for a in meeting.areas.all()):
        raise ValidationError({"area": _("Choose an area the meeting covered.")})
    with transaction.atomic():
        issue = issue_actions.open_issue(
            actor=actor,
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
