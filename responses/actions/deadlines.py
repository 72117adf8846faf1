"""What time makes true (python manage.py run_deadlines): overdue and escalated clocks, late
commitments, the reopen rule. Each item is claimed by a conditional update in its own transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from issues import live
from issues.models import TimelineEntry
from notifications.actions import notify
from responses import calendar, fragments, queries
from responses.actions import _common as common
from responses.actions.clock import agency_name, officials_serving
from responses.actions.verdicts import apply_reopen_rule
from responses.models import Commitment, OfficialResponse, ResponseClock


@dataclass
class DeadlineRun:
    overdue: int = 0
    escalated: int = 0
    late: int = 0
    judged: int = 0
    reopened: int = 0


def run_deadlines(*, now: dt.datetime | None = None) -> DeadlineRun:
    """Mark what time has made true: overdue and escalated clocks, late commitments, the reopen rule.

    Idempotent and safe to run concurrently: each item is claimed by a conditional update
    in its own transaction, so a second run (or a twin cron job) finds nothing left to do.
    """
    now = now or timezone.now()
    run = DeadlineRun()
    waiting = ResponseClock.objects.filter(state=ResponseClock.State.AWAITING)
    for pk in waiting.filter(due_at__lte=now, overdue_marked_at__isnull=True).values_list("pk", flat=True):
        run.overdue += _mark_overdue(pk, now)
    for pk in waiting.filter(escalate_at__lte=now, escalated_at__isnull=True).values_list("pk", flat=True):
        run.escalated += _escalate(pk, now)
    today = calendar.today(now)
    late = Commitment.objects.filter(done_at__isnull=True, due_date__lt=today, late_marked_at__isnull=True)
    for pk in late.values_list("pk", flat=True):
        run.late += _mark_late(pk, now)
    for pk in OfficialResponse.objects.filter(verdict_outcome="", verdict_due_at__lte=now).values_list("pk", flat=True):
        outcome = apply_reopen_rule(pk, now)
        run.judged += outcome is not None
        run.reopened += outcome == "reopened"
    return run


def _mark_overdue(clock_id: int, now) -> int:
    with transaction.atomic():
        clock = ResponseClock.objects.select_related("issue__area", "agency").get(pk=clock_id)
        issue = common.lock(clock.issue)
        if not ResponseClock.objects.filter(pk=clock_id, overdue_marked_at__isnull=True, state="awaiting").update(
            overdue_marked_at=now
        ):
            return 0
        entry = common.entry(
            issue, TimelineEntry.Kind.OVERDUE, agency=agency_name(clock.agency), due=clock.due_date.isoformat()
        )
        agency = clock.agency
        live.record_event(
            issue=issue,
            kind="clock",
            render=fragments.for_issue(
                issue,
                clock=True,
                entries=[entry],
                announce=lambda: (
                    _("The answer of %(agency)s is overdue.") % {"agency": agency}
                    if agency
                    else _("The answer is overdue.")
                ),
            ),
        )
    return 1


def _escalate(clock_id: int, now) -> int:
    with transaction.atomic():
        clock = ResponseClock.objects.select_related("issue__area", "agency").get(pk=clock_id)
        issue = common.lock(clock.issue)
        if not ResponseClock.objects.filter(pk=clock_id, escalated_at__isnull=True, state="awaiting").update(
            escalated_at=now
        ):
            return 0
        days = -clock.days_left(now)
        entry = common.entry(
            issue,
            TimelineEntry.Kind.OVERDUE,
            escalated=True,
            days=days,
            day_kind=clock.day_kind,
            agency=agency_name(clock.agency),
            due=clock.due_date.isoformat(),
        )
        live.record_event(issue=issue, kind="clock", render=fragments.for_issue(issue, clock=True, entries=[entry]))
        if clock.agency is not None:
            notify(
                recipients=officials_serving(clock.agency, issue.area, supervisors_only=True),
                kind="escalation",
                issue=issue,
                url=issue.get_absolute_url(),
                context={
                    "issue": issue.public_title,
                    "agency": str(clock.agency),
                    "days": days,
                    "day_kind": clock.day_kind,
                },
            )
    return 1


def _mark_late(commitment_id: int, now) -> int:
    with transaction.atomic():
        commitment = Commitment.objects.select_related("issue__area").get(pk=commitment_id)
        issue = common.lock(commitment.issue)
        if not Commitment.objects.filter(pk=commitment_id, late_marked_at__isnull=True, done_at__isnull=True).update(
            late_marked_at=now
        ):
            return 0
        entry = common.entry(
            issue,
            TimelineEntry.Kind.COMMITMENT,
            event="late",
            commitment=commitment.pk,
            what=commitment.what[:140],
            due=commitment.due_date.isoformat(),
        )
        latest = queries.latest_response_id(issue.pk) == commitment.response_id
        live.record_event(
            issue=issue,
            kind="commitment",
            render=fragments.for_issue(issue, responses=[(commitment.response_id, "replace", latest)], entries=[entry]),
        )
    return 1
