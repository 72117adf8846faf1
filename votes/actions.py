"""Writes on votes and priority rounds.

Each action checks permission, writes in one transaction and keeps the stored counts
(``Issue.support_count``, ``RoundTotal``) exact with F() updates beside the rows they
sum; the database's unique constraints make one vote per person per issue (and one
ballot per person per round) a fact, whatever the number of clicks, tabs or servers.

Supporting an issue writes no timeline entry: the public record of support is the
tally (re-derivable by ``verify_tallies``), never the names of those who gave it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import permissions
from accounts.models import Area
from core import live as core_live
from core import ratelimit
from issues import fragments as issue_fragments
from issues import live
from issues.locks import lock_issue
from issues.models import AssistedRecord, Issue, TimelineEntry
from responses import actions as responses_actions
from votes import fragments
from votes.models import Allocation, PriorityRound, RoundBallot, RoundTotal, Vote
from votes import rules as vote_rules

# --- Support -------------------------------------------------------------------------

# What the support rules read on the issue, refreshed under its row lock (every vote on it
# serializes there).
VOTE_STATE = ("status", "hidden", "merged_into", "support_count")


def _count_changed(issue: Issue, delta: int) -> None:
    """Move the stored tally by ``delta`` and tell every viewer of the issue.

    Runs with the issue row locked (``lock_issue``); the count moves in the event's own row
    update, which sets the new count on ``issue`` before the tally is rendered.
    """
    live.record_event(
        issue=issue,
        kind="tally",
        render=lambda: fragments.tally(issue),
        issue_updates={"support_count": F("support_count") + delta},
    )
    if delta > 0:
        # Inside this transaction: support reaching the area's threshold starts the response clock.
        responses_actions.support_changed(issue=issue)


def cast_vote(*, actor, issue: Issue, assisted: AssistedRecord | None = None) -> Vote:
    """Support ``issue`` as ``actor``. Idempotent: supporting twice leaves one vote.

    Requires a verified resident of the issue's area and an open issue. Raises
    PermissionDenied with the reason otherwise. Returns the (active) vote.
    ``assisted``: a facilitator recorded this support for ``actor`` (facilitation.actions.support_for);
    it marks the vote only if this call made it count (an existing support stays as it was given).
    """
    permissions.check(actor, vote_rules.support_issue, issue)
    ratelimit.check("vote", actor)  # per account and address (core.ratelimit); a PermissionDenied
    try:
        with transaction.atomic():
            permissions.check(actor, vote_rules.support_issue, lock_issue(issue, fields=VOTE_STATE))
            vote = Vote.objects.filter(user=actor, issue=issue).first()
            if vote is None:
                with transaction.atomic():  # a savepoint: a concurrent twin may win the insert
                    vote = Vote.objects.create(user=actor, issue=issue, assisted=assisted)
                _count_changed(issue, +1)
            elif vote.withdrawn_at is not None:
                now = timezone.now()
                # Conditional update: of two concurrent re-supports, exactly one flips the row.
                if Vote.objects.filter(pk=vote.pk, withdrawn_at__isnull=False).update(
                    withdrawn_at=None, supported_at=now, assisted=assisted
                ):
                    vote.withdrawn_at, vote.supported_at, vote.assisted = None, now, assisted
                    _count_changed(issue, +1)
    except IntegrityError:
        # Another request of the same person inserted the vote first: theirs is the one vote.
        vote = Vote.objects.get(user=actor, issue=issue)
    return vote


def withdraw_support(*, actor, issue: Issue) -> bool:
    """Take back ``actor``'s support. Idempotent: returns False if there was none to take back."""
    permissions.check(actor, vote_rules.withdraw_support, issue)
    with transaction.atomic():
        permissions.check(actor, vote_rules.withdraw_support, lock_issue(issue, fields=VOTE_STATE))
        changed = Vote.objects.filter(user=actor, issue=issue, withdrawn_at__isnull=True).update(
            withdrawn_at=timezone.now()
        )
        if changed:
            _count_changed(issue, -1)
    return bool(changed)


# --- Priority rounds ---------------------------------------------------------------------


@dataclass(frozen=True)
class RoundRules:
    title: str
    budget: int
    standing: str
    closes_at: object  # an aware datetime


def _check_rules(rules: RoundRules) -> None:
    from votes.models import MAX_BUDGET, MIN_BUDGET

    errors = {}
    if not rules.title.strip():
        errors["title"] = _("Give the round a title.")
    if not MIN_BUDGET <= rules.budget <= MAX_BUDGET:
        errors["budget"] = _("The budget is between %(min)d and %(max)d points.") % {
            "min": MIN_BUDGET,
            "max": MAX_BUDGET,
        }
    if rules.closes_at <= timezone.now():
        errors["closes_at"] = _("The closing date must be in the future.")
    if rules.standing not in PriorityRound.Standing.values:
        errors["standing"] = _("Choose when the standing is shown.")
    if errors:
        raise ValidationError(errors)


def open_round(*, actor, area: Area, rules: RoundRules, submission_token: uuid.UUID | None = None) -> PriorityRound:
    """Open a priority round for ``area`` (moderators and officials of it). One open round per area."""
    permissions.check(actor, vote_rules.open_round, area)
    _check_rules(rules)
    if submission_token is not None:
        existing = PriorityRound.objects.filter(opened_by=actor, submission_token=submission_token).first()
        if existing:
            return existing
    close_due_rounds(area=area)  # a round past its date must not block the next one
    try:
        with transaction.atomic():
            return PriorityRound.objects.create(
                title=rules.title.strip(),
                area=area,
                opened_by=actor,
                budget=rules.budget,
                standing=rules.standing,
                closes_at=rules.closes_at,
                submission_token=submission_token,
            )
    except IntegrityError:
        existing = PriorityRound.objects.filter(opened_by=actor, submission_token=submission_token).first()
        if existing is not None and submission_token is not None:
            return existing
        raise ValidationError(_("A priority round is already open in %(area)s.") % {"area": area.name}) from None


def change_round(*, actor, round_: PriorityRound, rules: RoundRules) -> PriorityRound:
    """Change a round's rules, only until the first ballot is cast."""
    permissions.check(actor, vote_rules.change_round, round_)
    _check_rules(rules)
    with transaction.atomic():
        locked = PriorityRound.objects.select_for_update().get(pk=round_.pk)
        permissions.check(actor, vote_rules.change_round, locked)
        locked.title, locked.budget, locked.standing, locked.closes_at = (
            rules.title.strip(),
            rules.budget,
            rules.standing,
            rules.closes_at,
        )
        locked.save(update_fields=["title", "budget", "standing", "closes_at"])
    return locked


def _check_allocation(round_: PriorityRound, points: dict[int, int], allowed_ids: set[int]) -> dict[int, int]:
    """The allocation without zeros, or ValidationError saying what breaks the rules."""
    cleaned = {}
    for issue_id, value in points.items():
        if value < 0:
            raise ValidationError(_("Points cannot be negative."))
        if value > round_.per_issue_cap:
            raise ValidationError(
                _("At most %(cap)d points on one issue (half the budget).") % {"cap": round_.per_issue_cap}
            )
        if value and issue_id not in allowed_ids:
            raise ValidationError(_("Points can only go to the open issues of %(area)s.") % {"area": round_.area.name})
        if value:
            cleaned[issue_id] = value
    if sum(cleaned.values()) > round_.budget:
        raise ValidationError(
            _("You gave %(used)d points but have %(budget)d.")
            % {"used": sum(cleaned.values()), "budget": round_.budget}
        )
    return cleaned


def standing_group(round_pk: int) -> str:
    """The channel-layer group of a round page's standing socket (votes.consumers)."""
    return core_live.group_for("round", round_pk)


def allocate_points(
    *, actor, round_: PriorityRound, points: dict[int, int], assisted: AssistedRecord | None = None
) -> RoundBallot:
    """Replace ``actor``'s allocation in an open round with ``points`` ({issue id: points}).

    At most the budget in all, at most half of it on one issue, only on the area's
    open issues (points already on an issue that has since closed may stay).
    The first ballot freezes the rules. Sending the same allocation twice changes nothing.
    ``assisted``: a facilitator recorded this allocation for ``actor``
    (facilitation.actions.record_allocation); it marks the ballot only if this call changed it
    (or made it), and a later change made online clears the mark.
    """
    from votes.queries import round_issue_ids

    permissions.check(actor, vote_rules.allocate_points, round_)
    try:
        with transaction.atomic():
            # The round row serializes ballots with each other and with closing.
            locked = PriorityRound.objects.select_for_update().select_related("area").get(pk=round_.pk)
            permissions.check(actor, vote_rules.allocate_points, locked)
            ballot = RoundBallot.objects.filter(round=locked, user=actor).first()
            old = dict(ballot.allocations.values_list("issue_id", "points")) if ballot else {}
            new = _check_allocation(locked, points, round_issue_ids(locked) | set(old))
            if ballot is None:
                ballot = RoundBallot.objects.create(round=locked, user=actor, assisted=assisted)
            if new != old:
                _apply_allocation(locked, ballot, old, new, assisted)
                # A hint to the round's open pages: their sockets read the standing afresh.
                core_live.publish_on_commit(standing_group(locked.pk), lambda: {"standing": True})
            if locked.rules_frozen_at is None:
                locked.rules_frozen_at = timezone.now()
                locked.save(update_fields=["rules_frozen_at"])
    except IntegrityError:
        return RoundBallot.objects.get(round=round_, user=actor)
    round_.rules_frozen_at = locked.rules_frozen_at
    return ballot


def _apply_allocation(
    round_: PriorityRound, ballot: RoundBallot, old: dict[int, int], new: dict[int, int], assisted=None
) -> None:
    Allocation.objects.filter(ballot=ballot, issue_id__in=set(old) - set(new)).delete()
    for issue_id, value in new.items():
        if issue_id in old:
            if old[issue_id] != value:
                Allocation.objects.filter(ballot=ballot, issue_id=issue_id).update(points=value)
        else:
            Allocation.objects.create(ballot=ballot, issue_id=issue_id, points=value)
    _move_totals(round_, old, new)
    ballot.updated_at, ballot.assisted = timezone.now(), assisted
    ballot.save(update_fields=["updated_at", "assisted"])


def _move_totals(round_: PriorityRound, old: dict[int, int], new: dict[int, int]) -> None:
    """Move the round's stored totals from one ballot's ``old`` allocation to its ``new`` one
    (the round row is locked)."""
    touched = set(old) | set(new)
    RoundTotal.objects.bulk_create([RoundTotal(round=round_, issue_id=i) for i in touched], ignore_conflicts=True)
    for issue_id in touched:
        before, after = old.get(issue_id, 0), new.get(issue_id, 0)
        voters = (after > 0) - (before > 0)
        if before != after:
            RoundTotal.objects.filter(round=round_, issue_id=issue_id).update(
                points=F("points") + (after - before), voters=F("voters") + voters
            )


def close_round(*, round_: PriorityRound, actor=None) -> PriorityRound:
    """Close a round past its closing date: freeze the ranking and publish the turnout.

    Runs from ``close_due_rounds`` (and when someone looks at a due round). Ranks go to
    issues with points, by points, then by voters, then older first. Each ranked issue's
    timeline records its place. Closing a closed round changes nothing.
    """
    from votes.queries import ballot_count, verified_residents

    with transaction.atomic():
        locked = PriorityRound.objects.select_for_update().select_related("area").get(pk=round_.pk)
        if locked.closed_at is not None:
            return locked
        if not locked.is_due:
            raise PermissionDenied(_("This round closes on its closing date, not before."))
        totals = list(
            RoundTotal.objects.filter(round=locked, points__gt=0)
            .select_related("issue")
            .order_by("-points", "-voters", "issue__created_at", "issue_id")
        )
        for rank, total in enumerate(totals, start=1):
            total.rank = rank
        RoundTotal.objects.bulk_update(totals, ["rank"])
        locked.closed_at = timezone.now()
        locked.voters_count = ballot_count(locked)
        locked.eligible_count = verified_residents(locked.area).count()
        locked.save(update_fields=["closed_at", "voters_count", "eligible_count"])
        for total in totals:
            _record_place(total, locked, actor)
        # A closed round owes its top issues an answer (responses decides how many).
        responses_actions.round_closed(round_title=locked.title, ranked=[total.issue for total in totals])
    round_.__dict__.update({f: getattr(locked, f) for f in ("closed_at", "voters_count", "eligible_count")})
    return locked


def _record_place(total: RoundTotal, round_: PriorityRound, actor) -> None:
    issue = total.issue
    entry = TimelineEntry.objects.create(
        issue=issue,
        kind=TimelineEntry.Kind.ROUND,
        actor=actor,
        data={"round": round_.pk, "title": round_.title, "rank": total.rank, "points": total.points},
    )
    live.record_event(
        issue=issue,
        kind="timeline",
        render=lambda: issue_fragments.timeline_entry(issue, entry),
    )


def close_due_rounds(*, area: Area | None = None) -> list[PriorityRound]:
    """Close every round past its closing date (of one area, or all)."""
    due = PriorityRound.objects.filter(closed_at__isnull=True, closes_at__lte=timezone.now())
    if area is not None:
        due = due.filter(area=area)
    return [close_round(round_=r) for r in due]


# --- Residents without an account --------------------------------------------------------


def void_assisted_support(*, record: AssistedRecord) -> bool:
    """A support a facilitator recorded failed its check (facilitation.actions.void_entry, which
    checks who may): it stops counting, even on a closed issue (a forged support never counted
    honestly). Returns False if it no longer counted."""
    vote = Vote.objects.filter(assisted=record).select_related("issue").first()
    if vote is None:
        return False
    with transaction.atomic():
        issue = lock_issue(vote.issue, fields=VOTE_STATE)
        changed = Vote.objects.filter(pk=vote.pk, withdrawn_at__isnull=True).update(withdrawn_at=timezone.now())
        if changed:
            _count_changed(issue, -1)
    return bool(changed)


def merge_votes(*, from_user, into_user) -> dict:
    """A resident claimed their offline record (facilitation.actions.confirm_claim): the offline
    identity's supports become ``into_user``'s. Where both supported one issue, one vote remains
    and the tally drops by one (live); ``verify_tallies`` agrees, as it counts rows.

    Issues are locked one at a time in id order, as every vote on an issue serializes on its row,
    so a support given at the same moment by either identity is counted once.
    Returns {"supports_moved": n, "supports_merged": [issue ids]}. Call inside a transaction.
    """
    moved, merged = 0, []
    issue_ids = sorted(set(Vote.objects.filter(user=from_user).values_list("issue_id", flat=True)))
    for issue in Issue.objects.filter(pk__in=issue_ids).order_by("pk"):
        lock_issue(issue, fields=VOTE_STATE)
        theirs = Vote.objects.filter(user=from_user, issue=issue).first()
        mine = Vote.objects.filter(user=into_user, issue=issue).first()
        if mine is None:
            Vote.objects.filter(pk=theirs.pk).update(user=into_user)
            moved += 1
        elif theirs.withdrawn_at is None:
            # The same person, twice: the offline row stops counting (it stays, withdrawn, on the
            # retired identity); the claimant's row carries the support.
            Vote.objects.filter(pk=theirs.pk).update(withdrawn_at=timezone.now())
            if mine.withdrawn_at is None:
                _count_changed(issue, -1)
                merged.append(issue.pk)
            else:
                Vote.objects.filter(pk=mine.pk).update(
                    withdrawn_at=None, supported_at=theirs.supported_at, assisted=theirs.assisted_id
                )
                moved += 1
    return {"supports_moved": moved, "supports_merged": merged}


def _take_out_ballot(round_: PriorityRound, ballot: RoundBallot) -> bool:
    """Take ``ballot``'s points out of the round (its row locked): the allocations go, the totals
    drop, a closed round's turnout drops by one; its frozen ranks stay as published. The empty
    ballot row stays (and with it the record of who entered it). False if it gave no points."""
    old = dict(Allocation.objects.filter(ballot=ballot).values_list("issue_id", "points"))
    if not old:
        return False
    Allocation.objects.filter(ballot=ballot).delete()
    _move_totals(round_, old, {})
    if round_.closed_at is not None:
        PriorityRound.objects.filter(pk=round_.pk, voters_count__gt=0).update(voters_count=F("voters_count") - 1)
    else:  # a hint to the round's open pages, as a ballot gives
        core_live.publish_on_commit(standing_group(round_.pk), lambda: {"standing": True})
    return True


def void_assisted_allocation(*, record: AssistedRecord) -> dict:
    """Round points a facilitator recorded failed their check (facilitation.actions.void_entry,
    which checks who may): if the ballot still carries that record, its points come out of the
    round's totals, in an open round and in a closed one alike (forged points never counted
    honestly; a closed round's published ranks stay, its totals and turnout are corrected).
    Returns what happened, for the public log: {"removed": bool, "round_closed": bool}."""
    ballot = RoundBallot.objects.filter(assisted=record).only("round_id").first()
    if ballot is None:  # changed since (online after a claim, or a later paper): nothing of it counts
        return {"removed": False, "round_closed": False}
    with transaction.atomic():
        locked = PriorityRound.objects.select_for_update().get(pk=ballot.round_id)
        ballot = RoundBallot.objects.filter(pk=ballot.pk, assisted=record).first()
        removed = ballot is not None and _take_out_ballot(locked, ballot)
    return {"removed": removed, "round_closed": locked.closed_at is not None}


def merge_ballots(*, from_user, into_user) -> dict:
    """A resident claimed their offline record (facilitation.actions.confirm_claim): the offline
    identity's round ballots become ``into_user``'s. Where both hold a ballot in one round (open or
    closed), the claimant's own ballot remains and the offline one's points come out of the totals
    (``_take_out_ballot``); where the claimant's ballot gives no points, the offline one replaces it.

    Rounds are locked one at a time in id order, as every ballot of a round serializes on its row
    (allocate_points); the caller takes them before any issue row (close_round's order).
    Returns {"ballots_moved": n, "ballots_merged": [round ids]}. Call inside a transaction.
    """
    moved, merged = 0, []
    round_ids = sorted(set(RoundBallot.objects.filter(user=from_user).values_list("round_id", flat=True)))
    for round_id in round_ids:
        round_ = PriorityRound.objects.select_for_update().get(pk=round_id)
        theirs = RoundBallot.objects.get(round=round_, user=from_user)
        mine = RoundBallot.objects.filter(round=round_, user=into_user).first()
        if mine is not None and not mine.allocations.exists():
            mine.delete()  # an empty ballot: the offline one, with points, takes its place
            mine = None
        if mine is None:
            RoundBallot.objects.filter(pk=theirs.pk).update(user=into_user)
            moved += 1
        elif _take_out_ballot(round_, theirs):
            merged.append(round_.pk)
    return {"ballots_moved": moved, "ballots_merged": merged}
