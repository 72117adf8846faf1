"""Residents' verdicts on a response, and the rule they decide: a claimed resolution most say
does not answer the issue reopens it (applied by the deadline runner, seven days on)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import permissions
from issues import live
from issues.models import Issue, Status, TimelineEntry
from notifications.actions import notify
from responses import fragments, queries
from responses.actions import _common as common
from responses.actions.clock import start_clock
from responses.models import REOPEN_MIN_VERDICTS, OfficialResponse, ResponseClock, Verdict
from responses import rules as response_rules


def give_verdict(*, actor, response: OfficialResponse, answers: bool, assisted=None) -> Verdict:
    """Say whether the latest response answers the issue. One verdict each; giving another changes it.

    ``assisted`` (an issues.AssistedRecord): a facilitator recorded it for ``actor``
    (facilitation.actions.verdict_for); the verdict then carries that record."""
    permissions.check(actor, response_rules.judge_response, response.issue, response.agency_id)
    with transaction.atomic():
        issue = common.lock(response.issue)
        locked = OfficialResponse.objects.select_for_update().get(pk=response.pk)
        if queries.latest_response_id(issue.pk) != locked.pk:
            raise ValidationError(_("A newer response has been published; give your verdict on that one."))
        if locked.verdict_outcome:  # the reopen rule has counted: the outcome is final
            raise ValidationError(_("The residents' verdict on this response is final."))
        verdict = Verdict.objects.filter(response=locked, user=actor).first()
        if verdict is not None and verdict.answers == answers:
            return verdict
        if verdict is None:
            verdict = Verdict.objects.create(response=locked, user=actor, answers=answers, assisted=assisted)
        else:
            verdict.answers, verdict.updated_at, verdict.assisted = answers, timezone.now(), assisted
            verdict.save(update_fields=["answers", "updated_at", "assisted"])
            _count(locked, not answers, -1)
        _count(locked, answers, +1)
        live.record_event(
            issue=issue, kind="verdict", render=fragments.for_issue(issue, responses=[(locked.pk, "replace", True)])
        )
    return verdict


def _count(response: OfficialResponse, answers: bool, delta: int) -> None:
    from django.db.models import F

    field = "answers_count" if answers else "does_not_count"
    OfficialResponse.objects.filter(pk=response.pk).update(**{field: F(field) + delta})


def apply_reopen_rule(response_id: int, now) -> str | None:
    """Seven days after an answer that claims resolved or declined, count the verdicts once.

    At least five verdicts with more than half "does not answer": the issue reopens and its
    clock restarts. A response superseded meanwhile is not judged by the rule.
    """
    with transaction.atomic():
        response = OfficialResponse.objects.select_related("issue__area", "agency").get(pk=response_id)
        issue = common.lock(response.issue)
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
        entries = [
            common.entry(
                issue,
                TimelineEntry.Kind.VERDICT,
                response=response.pk,
                outcome=outcome,
                answers=response.answers_count,
                does_not=response.does_not_count,
            )
        ]
        if outcome == "reopened":
            _reopen(issue, response, entries)
        else:
            live.record_event(issue=issue, kind="timeline", render=fragments.for_issue(issue, entries=entries))
    return outcome


def _reopen(issue: Issue, response: OfficialResponse, entries: list) -> None:
    old_status = issue.status
    Issue.objects.filter(pk=issue.pk).update(status=Status.OPEN)
    issue.status = Status.OPEN
    entries.append(
        common.entry(
            issue,
            TimelineEntry.Kind.REOPENED,
            response=response.pk,
            answers=response.answers_count,
            does_not=response.does_not_count,
            **{"from": old_status},
        )
    )
    entries.append(common.entry(issue, TimelineEntry.Kind.STATUS, **{"from": old_status, "to": Status.OPEN}))
    live.record_event(issue=issue, kind="status", render=fragments.for_issue(issue, header=True))
    clock = start_clock(issue=issue, trigger=ResponseClock.Trigger.REOPENED, entries=entries)
    if clock is None:  # no clock could start (a merged issue): still show the reopening
        live.record_event(issue=issue, kind="timeline", render=fragments.for_issue(issue, clock=True, entries=entries))
    notify(
        recipients=common.followers(issue),
        kind="response",
        issue=issue,
        url=issue.get_absolute_url(),
        context={"event": "reopened", "issue": issue.public_title, "agency": str(response.agency)},
    )


def merge_verdicts(*, from_user, into_user) -> dict:
    """A resident claimed their offline record (facilitation.actions.confirm_claim): its verdicts
    become ``into_user``'s; where both judged one response, the claimant's own verdict stands and
    the other stops counting. Returns {"verdicts_moved": n, "verdicts_merged": [response ids]}."""
    moved, merged = 0, []
    for verdict in Verdict.objects.filter(user=from_user).select_related("response__issue").order_by("response_id"):
        common.lock(verdict.response.issue)
        locked = OfficialResponse.objects.select_for_update().get(pk=verdict.response_id)
        if Verdict.objects.filter(response=locked, user=into_user).exists():
            _count(locked, verdict.answers, -1)
            verdict.delete()  # counted once: only its sum was ever shown
            merged.append(locked.pk)
        else:
            Verdict.objects.filter(pk=verdict.pk).update(user=into_user)
            moved += 1
    return {"verdicts_moved": moved, "verdicts_merged": merged}
