"""Who answers an issue for an agency, revises an answer, updates a commitment, and judges an answer."""

from __future__ import annotations

from django.utils.translation import gettext as _

from accounts import permissions
from accounts.models import Profile
from accounts.permissions import rule


def _official_refusal(user, area, agency_id) -> str | None:
    """Officials of agency ``agency_id`` serving ``area`` act (``agency_id`` None: nobody yet)."""
    refusal = permissions.take_part(user)
    if refusal:
        return refusal
    if agency_id is None:
        return _("No agency is responsible for this issue yet; an administrator assigns one.")
    r = permissions.roles(user)
    if r.agency_id is None:
        return _("Only officials of the responsible agency respond.")
    if r.agency_id != agency_id:
        return _("Another agency is responsible for this issue.")
    if not permissions.is_official_for(user, area):
        return _("You do not serve the area of this issue.")
    return None


@rule
def respond_issue(user, duty) -> str | None:
    """Only officials of the responsible agency who serve the issue's area answer it
    (``duty``: a ``responses.queries.Duty``, who must answer)."""
    return _official_refusal(user, duty.issue.area, duty.agency_id)


@rule
def edit_response(user, response) -> str | None:
    """Officials of the agency that gave the answer, serving the area, revise it (as a new version)."""
    return _official_refusal(user, response.issue.area, response.agency_id)


@rule
def update_commitment(user, commitment) -> str | None:
    """Officials of the committed agency, serving the area, report progress until it is done."""
    refusal = _official_refusal(user, commitment.issue.area, commitment.agency_id)
    if refusal is None and commitment.done_at is not None:
        return _("This commitment is already done.")
    return refusal


@rule
def judge_response(user, issue, agency_id) -> str | None:
    """Verified residents of the issue's area and its author say whether an answer of agency
    ``agency_id`` answers the issue. Officials of the answering agency do not judge its answer.

    Asked with the agency that answers even before any answer exists, so the page knows at once.
    """
    refusal = permissions.take_part(user)
    if refusal:
        return refusal
    if agency_id is not None and permissions.is_official_for(user, issue.area, agency_id):
        return _("Officials of the answering agency do not judge its answer.")
    if issue.author_id == user.pk:
        return None
    profile = permissions.profile_of(user)
    if profile is None or profile.residency != Profile.Residency.VERIFIED:
        return _("Only verified residents of the area and the issue's author judge the answer.")
    lives_in = profile.verified_area or profile.home_area
    if not issue.area.contains(lives_in):
        return _("Only residents of %(area)s judge this answer.") % {"area": issue.area.name}
    return None


@rule
def reassign_responsibility(user, issue=None) -> str | None:
    """Administrators alone change which agency answers an issue."""
    if permissions.is_admin(user):
        return None
    return _("Only administrators reassign which agency answers an issue.")


@rule
def view_respond_queue(user) -> str | None:
    """Officials have a queue of what their agency owes."""
    if not getattr(user, "is_authenticated", False):
        return _("Sign in to take part.")
    if not permissions.is_official(user):
        return _("Only officials have a response queue.")
    return None
