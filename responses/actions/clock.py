"""The response clock: when an answer becomes owed, by whom and by when.

Support reaching the area's threshold (votes calls ``support_changed``), a closed priority
round (``round_closed``) or a reopening starts it; an administrator may move the duty to
another agency; the area's policy sets the window. Deadline arithmetic: responses.calendar.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import permissions
from accounts.models import Agency, Area, OfficialRole
from issues import live
from issues.models import Issue, TimelineEntry
from notifications.actions import notify
from responses import calendar, fragments, queries
from responses.actions import _common as common
from responses.actions._common import CLOSING_STATES
from responses.models import AreaPolicy, DayOff, ResponseClock
from responses import rules as response_rules

ROUND_TOP = 5


def agency_name(agency: Agency | None) -> str:
    return str(agency) if agency else ""


def start_clock(*, issue: Issue, trigger: str, entries: list | None = None, **data) -> ResponseClock | None:
    """Start (or restart) the clock of ``issue``: an answer is owed within the area's window.

    Runs inside the caller's transaction with the issue locked. Does nothing while the
    clock already runs, or on a merged issue. The agency is computed the first time and
    kept afterwards (an admin may have reassigned it). Returns the clock, or None.
    """
    clock = ResponseClock.objects.select_for_update(of=("self",)).filter(issue=issue).select_related("agency").first()
    if (clock is not None and clock.is_awaiting) or issue.merged_into_id:
        return None
    policy = queries.policy_for(issue.area)
    now = timezone.now()
    due = calendar.due_after(now, policy.window_days, policy.day_kind)
    escalate = calendar.due_after(now, policy.window_days + policy.escalation_days, policy.day_kind)
    if clock is None:
        clock = ResponseClock.objects.create(
            issue=issue,
            agency=queries.responsible_agency(issue),
            trigger=trigger,
            started_at=now,
            due_at=due,
            escalate_at=escalate,
            day_kind=policy.day_kind,
            first_started_at=now,
        )
    else:
        clock.state, clock.trigger, clock.started_at, clock.due_at, clock.escalate_at, clock.day_kind = (
            ResponseClock.State.AWAITING,
            trigger,
            now,
            due,
            escalate,
            policy.day_kind,
        )
        clock.overdue_marked_at = clock.escalated_at = clock.answered_at = None
        clock.save(
            update_fields=[
                "state",
                "trigger",
                "started_at",
                "due_at",
                "escalate_at",
                "day_kind",
                "overdue_marked_at",
                "escalated_at",
                "answered_at",
            ]
        )
    entries = [
        *(entries or []),
        common.entry(
            issue,
            TimelineEntry.Kind.CLOCK_STARTED,
            agency=agency_name(clock.agency),
            due=clock.due_date.isoformat(),
            days=policy.window_days,
            day_kind=policy.day_kind,
            trigger=trigger,
            **data,
        ),
    ]
    agency = clock.agency
    live.record_event(
        issue=issue,
        kind="clock",
        render=fragments.for_issue(
            issue,
            clock=True,
            entries=entries,
            announce=lambda: (
                _("An answer is now owed by %(agency)s.") % {"agency": agency}
                if agency
                else _("An answer is now owed.")
            ),
        ),
    )
    if agency is not None:
        notify(
            recipients=officials_serving(agency, issue.area),
            kind="owed",
            issue=issue,
            url=issue.get_absolute_url(),
            context={"issue": issue.public_title, "agency": str(agency), "due": clock.due_date.isoformat()},
        )
    return clock


def officials_serving(agency: Agency, area: Area, supervisors_only: bool = False) -> list[int]:
    """Ids of the agency's officials serving ``area`` (a posting on it or any area above it)."""
    roles = OfficialRole.objects.filter(agency=agency, areas__slug__in=queries.ancestor_slugs(area))
    if supervisors_only:
        roles = roles.filter(is_supervisor=True)
    return list(roles.values_list("user_id", flat=True).distinct())


def support_changed(*, issue: Issue) -> ResponseClock | None:
    """Called by votes inside the vote's transaction: start the clock when support reaches the threshold.

    Only the first time: an issue whose clock once started is not restarted by support.
    """
    with transaction.atomic():
        common.lock(issue)
        if issue.status in CLOSING_STATES or ResponseClock.objects.filter(issue=issue).exists():
            return None
        count = Issue.objects.values_list("support_count", flat=True).get(pk=issue.pk)
        threshold = queries.policy_for(issue.area).support_threshold
        if count < threshold:
            return None
        reached = common.entry(issue, TimelineEntry.Kind.SUPPORT_THRESHOLD, threshold=threshold, support=count)
        return start_clock(issue=issue, trigger=ResponseClock.Trigger.THRESHOLD, entries=[reached])


def round_closed(*, round_title: str, ranked: Sequence[Issue]) -> list[ResponseClock]:
    """Called by votes inside the transaction that closes a priority round, with the round's
    ranked issues best first: the top ROUND_TOP of them are owed an answer.

    An issue already awaiting keeps its clock; a resolved or declined one is not reclocked
    (residents reopen it through their verdict instead).
    """
    started = []
    with transaction.atomic():
        for rank, ranked_issue in enumerate(ranked[:ROUND_TOP], start=1):
            issue = common.lock(ranked_issue)
            if issue.status in CLOSING_STATES:
                continue
            clock = start_clock(issue=issue, trigger=ResponseClock.Trigger.ROUND, round=round_title, rank=rank)
            if clock is not None:
                started.append(clock)
    return started


def reassign_responsibility(*, actor, issue: Issue, agency: Agency, reason: str) -> ResponseClock:
    """An administrator moves the duty to answer to another agency, on the record. The due date stays."""
    permissions.check(actor, response_rules.reassign_responsibility, issue)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the responsibility moves; it is shown on the issue's timeline.")})
    with transaction.atomic():
        common.lock(issue)
        clock = (
            ResponseClock.objects.select_for_update(of=("self",)).select_related("agency").filter(issue=issue).first()
        )
        if clock is None:
            raise ValidationError(_("No answer is owed on this issue yet, so there is nothing to reassign."))
        before = clock.agency
        if before == agency:
            return clock
        clock.agency = agency
        clock.save(update_fields=["agency"])
        entry = common.entry(
            issue,
            TimelineEntry.Kind.CLOCK_STARTED,
            actor=actor,
            event="reassigned",
            agency=str(agency),
            previous=agency_name(before),
            reason=reason.strip()[:300],
            due=clock.due_date.isoformat(),
        )
        live.record_event(issue=issue, kind="clock", render=fragments.for_issue(issue, clock=True, entries=[entry]))
        if clock.is_awaiting:
            notify(
                recipients=officials_serving(agency, issue.area),
                kind="owed",
                issue=issue,
                url=issue.get_absolute_url(),
                context={"issue": issue.public_title, "agency": str(agency), "due": clock.due_date.isoformat()},
            )
    return clock


def set_area_policy(
    *,
    area: Area,
    threshold: int | None = None,
    window_days: int | None = None,
    escalation_days: int | None = None,
    day_kind: str = "",
) -> AreaPolicy:
    """Set (or clear, with None / "") an area's values; its sub-areas inherit them unless they set their own.

    ``day_kind`` says whether the window and escalation count calendar or working days.
    Running clocks keep the due date they started with: a deadline never moves under an agency.
    """
    for name, value in (("threshold", threshold), ("window_days", window_days), ("escalation_days", escalation_days)):
        if value is not None and (value < 1 if name != "escalation_days" else value < 0):
            raise ValidationError({name: _("Give a positive number of supporters or days.")})
    if day_kind not in ("", *calendar.DayKind.values):
        raise ValidationError({"day_kind": _("Count calendar days or working days.")})
    with transaction.atomic():
        policy, _created = AreaPolicy.objects.update_or_create(
            area=area,
            defaults={
                "support_threshold": threshold,
                "window_days": window_days,
                "escalation_days": escalation_days,
                "day_kind": day_kind,
            },
        )
    return policy


def declare_categories(*, agency: Agency, categories: Sequence[str]) -> None:
    """The agency answers for these categories (besides those it declared already): issues of
    them in areas its officials serve become its duty when a clock starts."""
    from responses.models import AgencyCategory

    AgencyCategory.objects.bulk_create(
        [AgencyCategory(agency=agency, category=c) for c in categories], ignore_conflicts=True
    )


def set_day_off(*, day: dt.date, name: str) -> DayOff:
    """Add (or rename) an extra day off that working-day clocks skip from now on.

    Clocks already running keep their due date; their "N working days left" counts it at once.
    """
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Name the day off (e.g. the regional holiday).")})
    with transaction.atomic():
        day_off, _created = DayOff.objects.update_or_create(date=day, defaults={"name": name[:120]})
        transaction.on_commit(calendar.forget_extra_days_off)
    return day_off


def remove_day_off(*, day_off: DayOff) -> None:
    """A day off declared by mistake is removed; it never was a record residents relied on."""
    with transaction.atomic():
        day_off.delete()
        transaction.on_commit(calendar.forget_extra_days_off)
