"""Answering an issue in public: a response, its later versions, its commitments and their progress."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import permissions
from issues import live
from issues.actions import touch_activity
from issues.models import Issue, Status, TimelineEntry
from notifications.actions import notify
from responses import fragments, queries
from responses.actions import _common as common
from responses.actions._common import CLOSING_STATES
from responses.models import (
    VERDICT_PERIOD,
    Commitment,
    CommitmentUpdate,
    OfficialResponse,
    ResponseClock,
    ResponseVersion,
)
from responses import rules as response_rules

RESPONSE_STATES = (Status.ACKNOWLEDGED, Status.IN_PROGRESS, Status.RESOLVED, Status.DECLINED)


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
        if commitment.due_date < timezone.localdate():
            errors["commit_due"] = _("The due date of a commitment cannot be in the past.")
        if commitment.budget_rupiah is not None and commitment.budget_rupiah < 0:
            errors["commit_budget"] = _("A budget cannot be negative.")
    if errors:
        raise ValidationError(errors)


def publish_response(
    *,
    actor,
    issue: Issue,
    status: str,
    body: str,
    reason: str = "",
    commitment: CommitmentDraft | None = None,
    submission_token: uuid.UUID | None = None,
) -> OfficialResponse:
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
            common.lock(issue)
            duty = queries.duty_for(issue)
            permissions.check(actor, response_rules.respond_issue, duty)  # the duty may have moved meanwhile
            return _publish(
                actor, issue, duty.agency, status, body.strip(), reason.strip(), commitment, submission_token
            )
    except IntegrityError:
        existing = OfficialResponse.objects.filter(author=actor, submission_token=submission_token).first()
        if existing is None or submission_token is None:
            raise
        return existing


def _publish(actor, issue, agency, status, body, reason, commitment, token) -> OfficialResponse:
    now = timezone.now()
    previous_id = queries.latest_response_id(issue.pk)
    response = OfficialResponse.objects.create(
        issue=issue,
        agency=agency,
        author=actor,
        status=status,
        created_at=now,
        submission_token=token,
        verdict_due_at=now + VERDICT_PERIOD if status in CLOSING_STATES else None,
    )
    ResponseVersion.objects.create(response=response, number=1, body=body, reason=reason, author=actor, created_at=now)
    entries = [
        common.entry(issue, TimelineEntry.Kind.RESPONSE, actor, response=response.pk, status=status, agency=str(agency))
    ]
    old_status = issue.status
    if old_status != status:
        Issue.objects.filter(pk=issue.pk).update(status=status)
        issue.status = status
        entries.append(common.entry(issue, TimelineEntry.Kind.STATUS, actor, **{"from": old_status, "to": status}))
    if commitment is not None:
        made = Commitment.objects.create(
            response=response,
            issue=issue,
            agency=agency,
            what=commitment.what.strip(),
            due_date=commitment.due_date,
            budget_rupiah=commitment.budget_rupiah,
            unit=commitment.unit.strip(),
            created_at=now,
        )
        entries.append(
            common.entry(
                issue,
                TimelineEntry.Kind.COMMITMENT,
                actor,
                event="made",
                commitment=made.pk,
                what=made.what[:140],
                due=made.due_date.isoformat(),
            )
        )
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
    live.record_event(
        issue=issue,
        kind="response",
        render=fragments.for_issue(
            issue,
            clock=True,
            header=old_status != status,
            responses=parts,
            entries=entries,
            announce=lambda: (
                _("%(agency)s responded: %(status)s.") % {"agency": agency, "status": Status(status).label}
            ),
        ),
    )
    notify(
        recipients=common.followers(issue),
        kind="response",
        issue=issue,
        actor=actor,
        url=f"{issue.get_absolute_url()}#response-{response.pk}",
        context={"issue": issue.public_title, "agency": str(agency), "status": status, "excerpt": body[:300]},
    )
    return response


def edit_response(*, actor, response: OfficialResponse, body: str, reason: str = "") -> ResponseVersion:
    """Revise a response's words as a new version; every earlier version stays readable.

    Sending the same words again adds nothing.
    """
    permissions.check(actor, response_rules.edit_response, response)
    _check_response(response.status, body, reason, None)
    with transaction.atomic():
        issue = common.lock(response.issue)
        locked = OfficialResponse.objects.select_for_update().get(pk=response.pk)
        current = locked.versions.order_by("-number").first()
        if current.body == body.strip() and current.reason == reason.strip():
            return current
        version = ResponseVersion.objects.create(
            response=locked, number=current.number + 1, body=body.strip(), reason=reason.strip(), author=actor
        )
        locked.version_count = version.number
        locked.save(update_fields=["version_count"])
        entry = common.entry(
            issue, TimelineEntry.Kind.RESPONSE_EDITED, actor, response=locked.pk, version=version.number
        )
        latest = queries.latest_response_id(issue.pk) == locked.pk
        live.record_event(
            issue=issue,
            kind="response",
            render=fragments.for_issue(
                issue,
                responses=[(locked.pk, "replace", latest)],
                entries=[entry],
                announce=lambda: _("An official response was revised."),
            ),
        )
    response.version_count = version.number
    return version


def add_progress(*, actor, commitment: Commitment, note: str, done: bool = False) -> CommitmentUpdate:
    """Report progress on a commitment; ``done`` closes it (on time or late, as the due date says)."""
    permissions.check(actor, response_rules.update_commitment, commitment)
    if not note.strip():
        raise ValidationError({"note": _("Say what was done.")})
    with transaction.atomic():
        issue = common.lock(commitment.issue)
        locked = Commitment.objects.select_for_update().get(pk=commitment.pk)
        permissions.check(actor, response_rules.update_commitment, locked)
        update = CommitmentUpdate.objects.create(commitment=locked, author=actor, note=note.strip(), done=done)
        if done:
            locked.done_at = update.created_at
            locked.done_late = locked.is_late()
            locked.save(update_fields=["done_at", "done_late"])
        entry = common.entry(
            issue,
            TimelineEntry.Kind.COMMITMENT,
            actor,
            event="done" if done else "progress",
            commitment=locked.pk,
            what=locked.what[:140],
            note=update.note[:140],
            late=done and locked.is_late(),
        )
        latest = queries.latest_response_id(issue.pk) == locked.response_id
        live.record_event(
            issue=issue,
            kind="commitment",
            render=fragments.for_issue(
                issue,
                responses=[(locked.response_id, "replace", latest)],
                entries=[entry],
                announce=lambda: (
                    _("A commitment was reported done.") if done else _("Progress was reported on a commitment.")
                ),
            ),
        )
        if done:
            notify(
                recipients=common.followers(issue),
                kind="response",
                issue=issue,
                actor=actor,
                url=f"{issue.get_absolute_url()}#response-{locked.response_id}",
                context={
                    "event": "commitment_done",
                    "issue": issue.public_title,
                    "agency": str(locked.agency),
                    "excerpt": update.note[:300],
                },
            )
    commitment.done_at = locked.done_at
    return update
