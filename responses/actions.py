"""Writes on official responses: clocks, answers, versions, commitments, verdicts, deadlines.

Each action checks permission (where a person acts), writes in one transaction with the
issue row locked (the one lock order: issue first), records the public timeline entry and
the live event inside it, and notifies after commit through ``notifications.actions.notify``.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import permissions
from accounts.models import Agency, Area, OfficialRole
from issues import live
from issues.actions import touch_activity
from issues.models import Follow, Issue, Status, TimelineEntry
from notifications.actions import notify
from responses import deadlines, queries
from responses import rules as response_rules
from responses.models import (
    REOPEN_MIN_VERDICTS,
    VERDICT_PERIOD,
    AreaPolicy,
    Commitment,
    CommitmentUpdate,
    OfficialResponse,
    ResponseClock,
    ResponseVersion,
    Verdict,
)
from responses.render import builder

CLOSING_STATES = (Status.RESOLVED, Status.DECLINED)
RESPONSE_STATES = (Status.ACKNOWLEDGED, Status.IN_PROGRESS, Status.RESOLVED, Status.DECLINED)
ROUND_TOP = 5


def _lock(issue: Issue) -> Issue:
    """Lock the issue row and refresh what the rules read (status, area)."""
    fresh = Issue.objects.select_for_update(of=("self",)).select_related("area").get(pk=issue.pk)
    issue.status, issue.area, issue.merged_into_id = fresh.status, fresh.area, fresh.merged_into_id
    return issue


def _entry(issue: Issue, kind: str, actor=None, **data) -> TimelineEntry:
    return TimelineEntry.objects.create(issue=issue, kind=kind, actor=actor, data=data)


def _agency_name(agency: Agency | None) -> str:
    return str(agency) if agency else ""


# --- The clock ---------------------------------------------------------------------------


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
    due = deadlines.due_after(now, policy.window_days)
    escalate = deadlines.due_after(now, policy.window_days + policy.escalation_days)
    if clock is None:
        clock = ResponseClock.objects.create(
            issue=issue, agency=queries.responsible_agency(issue), trigger=trigger, started_at=now, due_at=due,
            escalate_at=escalate, first_started_at=now,
        )
    else:
        clock.state, clock.trigger, clock.started_at, clock.due_at, clock.escalate_at = (
            ResponseClock.State.AWAITING, trigger, now, due, escalate,
        )
        clock.overdue_marked_at = clock.escalated_at = clock.answered_at = None
        clock.save(update_fields=["state", "trigger", "started_at", "due_at", "escalate_at", "overdue_marked_at",
                                  "escalated_at", "answered_at"])
    entries = [*(entries or []), _entry(
        issue, TimelineEntry.Kind.CLOCK_STARTED, agency=_agency_name(clock.agency), due=clock.due_date.isoformat(),
        days=policy.window_days, trigger=trigger, **data,
    )]
    agency = clock.agency
    live.record_event(issue=issue, kind="clock", render=builder(issue, clock=True, entries=entries, announce=lambda: (
        _("An answer is now owed by %(agency)s.") % {"agency": agency} if agency else _("An answer is now owed.")
    )))
    if agency is not None:
        notify(recipients=officials_serving(agency, issue.area), kind="owed", issue=issue, url=issue.get_absolute_url(),
               context={"issue": issue.public_title, "agency": str(agency), "due": clock.due_date.isoformat()})
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
        _lock(issue)
        if issue.status in CLOSING_STATES or ResponseClock.objects.filter(issue=issue).exists():
            return None
        count = Issue.objects.values_list("support_count", flat=True).get(pk=issue.pk)
        threshold = queries.policy_for(issue.area).support_threshold
        if count < threshold:
            return None
        reached = _entry(issue, TimelineEntry.Kind.SUPPORT_THRESHOLD, threshold=threshold, support=count)
        return start_clock(issue=issue, trigger=ResponseClock.Trigger.THRESHOLD, entries=[reached])


def round_closed(*, round) -> list[ResponseClock]:  # noqa: A002 - the name votes calls it with
    """Called by votes when a priority round closes: its top 5 issues are owed an answer.

    An issue already awaiting keeps its clock; a resolved or declined one is not reclocked
    (residents reopen it through their verdict instead). Reads the frozen ranks through
    ``round.totals`` so this app does not import votes.
    """
    started = []
    with transaction.atomic():
        totals = round.totals.filter(rank__isnull=False, rank__lte=ROUND_TOP).select_related("issue__area").order_by("rank")
        for total in totals:
            issue = _lock(total.issue)
            if issue.status in CLOSING_STATES:
                continue
            clock = start_clock(issue=issue, trigger=ResponseClock.Trigger.ROUND, round=round.title, rank=total.rank)
            if clock is not None:
                started.append(clock)
    return started


def reassign_responsibility(*, actor, issue: Issue, agency: Agency, reason: str) -> ResponseClock:
    """An administrator moves the duty to answer to another agency, on the record. The due date stays."""
    permissions.check(actor, response_rules.reassign_responsibility, issue)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the responsibility moves; it is shown on the issue's timeline.")})
    with transaction.atomic():
        _lock(issue)
        clock = ResponseClock.objects.select_for_update(of=("self",)).select_related("agency").filter(issue=issue).first()
        if clock is None:
            raise ValidationError(_("No answer is owed on this issue yet, so there is nothing to reassign."))
        before = clock.agency
        if before == agency:
            return clock
        clock.agency = agency
        clock.save(update_fields=["agency"])
        entry = _entry(issue, TimelineEntry.Kind.CLOCK_STARTED, actor=actor, event="reassigned",
                       agency=str(agency), previous=_agency_name(before), reason=reason.strip()[:300],
                       due=clock.due_date.isoformat())
        live.record_event(issue=issue, kind="clock", render=builder(issue, clock=True, entries=[entry]))
        if clock.is_awaiting:
            notify(recipients=officials_serving(agency, issue.area), kind="owed", issue=issue,
                   url=issue.get_absolute_url(),
                   context={"issue": issue.public_title, "agency": str(agency), "due": clock.due_date.isoformat()})
    return clock


def set_area_policy(*, area: Area, threshold: int | None = None, window_days: int | None = None,
                    escalation_days: int | None = None) -> AreaPolicy:
    """Set (or clear, with None) an area's values; its sub-areas inherit them unless they set their own.

    Running clocks keep the due date they started with: a deadline never moves under an agency.
    """
    for name, value in (("threshold", threshold), ("window_days", window_days), ("escalation_days", escalation_days)):
        if value is not None and (value < 1 if name != "escalation_days" else value < 0):
            raise ValidationError({name: _("Give a positive number of supporters or days.")})
    with transaction.atomic():
        policy, _created = AreaPolicy.objects.update_or_create(
            area=area,
            defaults={"support_threshold": threshold, "window_days": window_days, "escalation_days": escalation_days},
        )
    return policy


# --- Responding ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CommitmentDraft:
    what: str
    due_date: dt.date
    budget_rupiah: int | None = None
    unit: str = ""


def _check_response(status: str, body: str, reason: str, commitment: CommitmentDraft | None) -> None:
    errors = {}
    if status not in RESPONSE_STATES:
        errors["status"] = _("Choose what the response says: acknowledged, in progress, resolved or declined.")
    if not body.strip():
        errors["body"] = _("Write the response: residents read it in public.")
    if status == Status.DECLINED and not reason.strip():
        errors["reason"] = _("Declining needs a reason residents can read.")
    if commitment is not None:
        if not commitment.what.strip():
            errors["commit_what"] = _("Say what will be done.")
        if commitment.budget_rupiah is not None and commitment.budget_rupiah < 0:
            errors["commit_budget"] = _("A budget cannot be negative.")
    if errors:
        raise ValidationError(errors)


def publish_response(*, actor, issue: Issue, status: str, body: str, reason: str = "",
                     commitment: CommitmentDraft | None = None,
                     submission_token: uuid.UUID | None = None) -> OfficialResponse:
    """Answer ``issue`` in public for the responsible agency, setting its status.

    Officials of that agency serving the issue's area only. Stops the clock, writes the
    RESPONSE (and STATUS, COMMITMENT) timeline entries — a RESPONSE entry also ends the
    author's right to edit the issue — shows it live and notifies the followers.
    A repeated ``submission_token`` returns the first response instead of a second one.
    """
    permissions.check(actor, response_rules.respond_issue, queries.duty_for(issue))
    _check_response(status, body, reason, commitment)
    if submission_token is not None:
        existing = OfficialResponse.objects.filter(author=actor, submission_token=submission_token).first()
        if existing:
            return existing
    try:
        with transaction.atomic():
            _lock(issue)
            duty = queries.duty_for(issue)
            permissions.check(actor, response_rules.respond_issue, duty)  # the duty may have moved meanwhile
            return _publish(actor, issue, duty.agency, status, body.strip(), reason.strip(), commitment,
                            submission_token)
    except IntegrityError:
        existing = OfficialResponse.objects.filter(author=actor, submission_token=submission_token).first()
        if existing is None or submission_token is None:
            raise
        return existing


def _publish(actor, issue, agency, status, body, reason, commitment, token) -> OfficialResponse:
    now = timezone.now()
    previous_id = queries.latest_response_id(issue.pk)
    response = OfficialResponse.objects.create(
        issue=issue, agency=agency, author=actor, status=status, created_at=now, submission_token=token,
        verdict_due_at=now + VERDICT_PERIOD if status in CLOSING_STATES else None,
    )
    ResponseVersion.objects.create(response=response, number=1, body=body, reason=reason, author=actor, created_at=now)
    entries = [_entry(issue, TimelineEntry.Kind.RESPONSE, actor, response=response.pk, status=status, agency=str(agency))]
    old_status = issue.status
    if old_status != status:
        Issue.objects.filter(pk=issue.pk).update(status=status)
        issue.status = status
        entries.append(_entry(issue, TimelineEntry.Kind.STATUS, actor, **{"from": old_status, "to": status}))
    if commitment is not None:
        made = Commitment.objects.create(
            response=response, issue=issue, agency=agency, what=commitment.what.strip(), due_date=commitment.due_date,
            budget_rupiah=commitment.budget_rupiah, unit=commitment.unit.strip(), created_at=now,
        )
        entries.append(_entry(issue, TimelineEntry.Kind.COMMITMENT, actor, event="made", commitment=made.pk,
                              what=made.what[:140], due=made.due_date.isoformat()))
    clock = ResponseClock.objects.select_for_update().filter(issue=issue).first()
    if clock is not None:
        if clock.is_awaiting:
            clock.state, clock.answered_at = ResponseClock.State.ANSWERED, now
        clock.first_response_at = clock.first_response_at or now
        clock.save(update_fields=["state", "answered_at", "first_response_at"])
    touch_activity(issue)
    parts = [(response.pk, f"append issue-{issue.pk}-responses", True)]
    if previous_id:
        parts.insert(0, (previous_id, "replace", False))
    live.record_event(issue=issue, kind="response", render=builder(
        issue, clock=True, header=old_status != status, responses=parts, entries=entries,
        announce=lambda: _("%(agency)s responded: %(status)s.") % {"agency": agency, "status": Status(status).label},
    ))
    notify(recipients=_followers(issue), kind="response", issue=issue, actor=actor,
           url=f"{issue.get_absolute_url()}#response-{response.pk}",
           context={"issue": issue.public_title, "agency": str(agency), "status": status, "excerpt": body[:300]})
    return response


def _followers(issue: Issue) -> list[int]:
    return list(Follow.objects.filter(issue=issue).values_list("user_id", flat=True))


def edit_response(*, actor, response: OfficialResponse, body: str, reason: str = "") -> ResponseVersion:
    """Revise a response's words as a new version; every earlier version stays readable.

    Sending the same words again adds nothing.
    """
    permissions.check(actor, response_rules.edit_response, response)
    _check_response(response.status, body, reason, None)
    with transaction.atomic():
        issue = _lock(response.issue)
        locked = OfficialResponse.objects.select_for_update().get(pk=response.pk)
        current = locked.versions.order_by("-number").first()
        if current.body == body.strip() and current.reason == reason.strip():
            return current
        version = ResponseVersion.objects.create(response=locked, number=current.number + 1, body=body.strip(),
                                                 reason=reason.strip(), author=actor)
        locked.version_count = version.number
        locked.save(update_fields=["version_count"])
        entry = _entry(issue, TimelineEntry.Kind.RESPONSE_EDITED, actor, response=locked.pk, version=version.number)
        latest = queries.latest_response_id(issue.pk) == locked.pk
        live.record_event(issue=issue, kind="response", render=builder(
            issue, responses=[(locked.pk, "replace", latest)], entries=[entry],
            announce=lambda: _("An official response was revised."),
        ))
    response.version_count = version.number
    return version


def add_progress(*, actor, commitment: Commitment, note: str, done: bool = False) -> CommitmentUpdate:
    """Report progress on a commitment; ``done`` closes it (on time or late, as the due date says)."""
    permissions.check(actor, response_rules.update_commitment, commitment)
    if not note.strip():
        raise ValidationError({"note": _("Say what was done.")})
    with transaction.atomic():
        issue = _lock(commitment.issue)
        locked = Commitment.objects.select_for_update().get(pk=commitment.pk)
        permissions.check(actor, response_rules.update_commitment, locked)
        update = CommitmentUpdate.objects.create(commitment=locked, author=actor, note=note.strip(), done=done)
        if done:
            locked.done_at = update.created_at
            locked.done_late = locked.is_late()
            locked.save(update_fields=["done_at", "done_late"])
        entry = _entry(issue, TimelineEntry.Kind.COMMITMENT, actor, event="done" if done else "progress",
                       commitment=locked.pk, what=locked.what[:140], note=update.note[:140],
                       late=done and locked.is_late())
        latest = queries.latest_response_id(issue.pk) == locked.response_id
        live.record_event(issue=issue, kind="commitment", render=builder(
            issue, responses=[(locked.response_id, "replace", latest)], entries=[entry],
            announce=lambda: _("A commitment was reported done.") if done else _("Progress was reported on a commitment."),
        ))
        if done:
            notify(recipients=_followers(issue), kind="response", issue=issue, actor=actor,
                   url=f"{issue.get_absolute_url()}#response-{locked.response_id}",
                   context={"event": "commitment_done", "issue": issue.public_title, "agency": str(locked.agency),
                            "excerpt": update.note[:300]})
    commitment.done_at = locked.done_at
    return update


def give_verdict(*, actor, response: OfficialResponse, answers: bool) -> Verdict:
    """Say whether the latest response answers the issue. One verdict each; giving another changes it."""
    permissions.check(actor, response_rules.judge_response, response.issue, response.agency_id)
    with transaction.atomic():
        issue = _lock(response.issue)
        locked = OfficialResponse.objects.select_for_update().get(pk=response.pk)
        if queries.latest_response_id(issue.pk) != locked.pk:
            raise ValidationError(_("A newer response has been published; give your verdict on that one."))
        verdict = Verdict.objects.filter(response=locked, user=actor).first()
        if verdict is not None and verdict.answers == answers:
            return verdict
        if verdict is None:
            verdict = Verdict.objects.create(response=locked, user=actor, answers=answers)
        else:
            verdict.answers, verdict.updated_at = answers, timezone.now()
            verdict.save(update_fields=["answers", "updated_at"])
            _count(locked, not answers, -1)
        _count(locked, answers, +1)
        live.record_event(issue=issue, kind="verdict", render=builder(issue, responses=[(locked.pk, "replace", True)]))
    return verdict


def _count(response: OfficialResponse, answers: bool, delta: int) -> None:
    from django.db.models import F

    field = "answers_count" if answers else "does_not_count"
    OfficialResponse.objects.filter(pk=response.pk).update(**{field: F(field) + delta})


# --- Deadlines (python manage.py run_deadlines) ---------------------------------------------


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
    today = deadlines.today(now)
    late = Commitment.objects.filter(done_at__isnull=True, due_date__lt=today, late_marked_at__isnull=True)
    for pk in late.values_list("pk", flat=True):
        run.late += _mark_late(pk, now)
    for pk in OfficialResponse.objects.filter(verdict_outcome="", verdict_due_at__lte=now).values_list("pk", flat=True):
        outcome = _apply_reopen_rule(pk, now)
        run.judged += outcome is not None
        run.reopened += outcome == "reopened"
    return run


def _mark_overdue(clock_id: int, now) -> int:
    with transaction.atomic():
        clock = ResponseClock.objects.select_related("issue__area", "agency").get(pk=clock_id)
        issue = _lock(clock.issue)
        if not ResponseClock.objects.filter(pk=clock_id, overdue_marked_at__isnull=True, state="awaiting").update(
            overdue_marked_at=now
        ):
            return 0
        entry = _entry(issue, TimelineEntry.Kind.OVERDUE, agency=_agency_name(clock.agency),
                       due=clock.due_date.isoformat())
        agency = clock.agency
        live.record_event(issue=issue, kind="clock", render=builder(issue, clock=True, entries=[entry], announce=lambda: (
            _("The answer of %(agency)s is overdue.") % {"agency": agency} if agency else _("The answer is overdue.")
        )))
    return 1


def _escalate(clock_id: int, now) -> int:
    with transaction.atomic():
        clock = ResponseClock.objects.select_related("issue__area", "agency").get(pk=clock_id)
        issue = _lock(clock.issue)
        if not ResponseClock.objects.filter(pk=clock_id, escalated_at__isnull=True, state="awaiting").update(
            escalated_at=now
        ):
            return 0
        days = -clock.days_left(now)
        entry = _entry(issue, TimelineEntry.Kind.OVERDUE, escalated=True, days=days,
                       agency=_agency_name(clock.agency), due=clock.due_date.isoformat())
        live.record_event(issue=issue, kind="clock", render=builder(issue, clock=True, entries=[entry]))
        if clock.agency is not None:
            notify(recipients=officials_serving(clock.agency, issue.area, supervisors_only=True), kind="escalation",
                   issue=issue, url=issue.get_absolute_url(),
                   context={"issue": issue.public_title, "agency": str(clock.agency), "days": days})
    return 1


def _mark_late(commitment_id: int, now) -> int:
    with transaction.atomic():
        commitment = Commitment.objects.select_related("issue__area").get(pk=commitment_id)
        issue = _lock(commitment.issue)
        if not Commitment.objects.filter(pk=commitment_id, late_marked_at__isnull=True, done_at__isnull=True).update(
            late_marked_at=now
        ):
            return 0
        entry = _entry(issue, TimelineEntry.Kind.COMMITMENT, event="late", commitment=commitment.pk,
                       what=commitment.what[:140], due=commitment.due_date.isoformat())
        latest = queries.latest_response_id(issue.pk) == commitment.response_id
        live.record_event(issue=issue, kind="commitment",
                          render=builder(issue, responses=[(commitment.response_id, "replace", latest)], entries=[entry]))
    return 1


def _apply_reopen_rule(response_id: int, now) -> str | None:
    """Seven days after an answer that claims resolved or declined, count the verdicts once.

    At least five verdicts with more than half "does not answer": the issue reopens and its
    clock restarts. A response superseded meanwhile is not judged by the rule.
    """
    with transaction.atomic():
        response = OfficialResponse.objects.select_related("issue__area", "agency").get(pk=response_id)
        issue = _lock(response.issue)
        response = OfficialResponse.objects.select_for_update().get(pk=response_id)
        if response.verdict_outcome:
            return None
        total = response.answers_count + response.does_not_count
        if queries.latest_response_id(issue.pk) != response.pk or issue.status != response.status:
            outcome = "superseded"
        elif total >= REOPEN_MIN_VERDICTS and response.does_not_count * 2 > total:
            outcome = "reopened"
        else:
            outcome = "answers" if response.answers_count * 2 > total and total else "stands"
        response.verdict_outcome = outcome
        response.save(update_fields=["verdict_outcome"])
        if outcome == "superseded":
            return outcome
        entries = [_entry(issue, TimelineEntry.Kind.VERDICT, response=response.pk, outcome=outcome,
                          answers=response.answers_count, does_not=response.does_not_count)]
        if outcome == "reopened":
            _reopen(issue, response, entries)
        else:
            live.record_event(issue=issue, kind="timeline", render=builder(issue, entries=entries))
    return outcome


def _reopen(issue: Issue, response: OfficialResponse, entries: list) -> None:
    old_status = issue.status
    Issue.objects.filter(pk=issue.pk).update(status=Status.OPEN)
    issue.status = Status.OPEN
    entries.append(_entry(issue, TimelineEntry.Kind.REOPENED, response=response.pk, answers=response.answers_count,
                          does_not=response.does_not_count, **{"from": old_status}))
    entries.append(_entry(issue, TimelineEntry.Kind.STATUS, **{"from": old_status, "to": Status.OPEN}))
    live.record_event(issue=issue, kind="status", render=builder(issue, header=True))
    clock = start_clock(issue=issue, trigger=ResponseClock.Trigger.REOPENED, entries=entries)
    if clock is None:  # no clock could start (a merged issue): still show the reopening
        live.record_event(issue=issue, kind="timeline", render=builder(issue, clock=True, entries=entries))
    notify(recipients=_followers(issue), kind="response", issue=issue, url=issue.get_absolute_url(),
           context={"event": "reopened", "issue": issue.public_title, "agency": str(response.agency)})
