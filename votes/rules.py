"""Who may vote: one verified resident, one equal vote, in their own area.

Roles add no weight: officials and moderators vote as residents of their home area, like everyone.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from accounts import permissions
from residency import fingerprints
from accounts.permissions import rule
from issues.models import Status
from residency.rules import resident_refusal

CLOSED_ISSUE_STATES = (Status.RESOLVED, Status.DECLINED)


def _closed_refusal(issue) -> str | None:
    if issue.status in CLOSED_ISSUE_STATES:
        return _("This issue is %(status)s: support is closed and its tally is frozen.") % {
            "status": issue.get_status_display().lower()
        }
    return None


@rule
def support_issue(user, issue) -> str | None:
    """Verified residents of the issue's area (or an area within it), while the issue is open."""
    refusal = _closed_refusal(issue)
    if refusal:
        return refusal
    if issue.merged_into_id:
        return _("This issue was merged into another one: support that issue instead.")
    if issue.hidden:
        return _("This issue is hidden by moderation: support is paused.")
    return resident_refusal(user, issue.area) or _earlier_account_refusal(
        user,
        lambda: issue.votes.filter(withdrawn_at__isnull=True),
        _("You already support this issue with an account you deleted; that support still counts."),
    )


def _earlier_account_refusal(user, rows, refusal: str) -> str | None:
    """One person, one vote, across an erased account too (accounts.fingerprints).
    ``rows`` builds the queryset of votes or ballots to look in; only flagged profiles query."""
    profile = permissions.profile_of(user)
    if profile is None or not profile.matches_erased_account:
        return None
    return refusal if fingerprints.voted_before(user, rows()) else None


@rule
def withdraw_support(user, issue) -> str | None:
    """Anyone holding a vote may take it back while the issue is open (even after moving home)."""
    return permissions.take_part(user) or _closed_refusal(issue)


@rule
def open_round(user, area) -> str | None:
    """Moderators and officials of the area open its priority rounds."""
    refusal = permissions.take_part(user)
    if refusal:
        return refusal
    if not permissions.moderates_or_serves(user, area):
        return _("Only moderators and officials of this area open priority rounds.")
    return None


@rule
def change_round(user, round_) -> str | None:
    """Those who may open a round in its area change its rules, until the first ballot."""
    refusal = open_round(user, round_.area)
    if refusal:
        return refusal
    if round_.closed_at is not None:
        return _("This round is closed.")
    if round_.rules_frozen_at is not None:
        return _("The rules cannot change once the first ballot is cast.")
    return None


@rule
def allocate_points(user, round_) -> str | None:
    """Verified residents of the round's area give their points while it is open."""
    if not round_.is_open:
        return _("This round is closed: its ranking is final.")
    return resident_refusal(user, round_.area) or _earlier_account_refusal(
        user,
        lambda: round_.ballots.all(),
        _("You already voted in this round with an account you deleted; that ballot still counts."),
    )
