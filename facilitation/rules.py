"""Who may register residents without an account, act for them, open their private papers,
void what was recorded, and confirm a claim."""

from __future__ import annotations

from django.utils.translation import gettext as _

from accounts import permissions
from accounts.permissions import rule


@rule
def register_residents(user, area) -> str | None:
    """Facilitators of the area (or an area above it) register its residents without an account."""
    refusal = permissions.take_part(user)
    if refusal:
        return refusal
    if permissions.profile_of(user) is not None and permissions.profile_of(user).recorded_by_id:
        return _("Only facilitators register residents without an account.")
    if not permissions.is_facilitator_for(user, area):
        return _("Only facilitators of %(area)s register its residents without an account.") % {"area": area.name}
    return None


@rule
def act_for(user, resident) -> str | None:
    """A facilitator records acts for a resident they registered or who lives in their areas; never
    for themselves (nor for a record they claimed), and not once the resident has claimed it."""
    refusal = permissions.take_part(user)
    if refusal:
        return refusal
    if resident.user_id == user.pk or resident.claimed_by_id == user.pk:
        return _("A facilitator cannot act for themselves.")
    if resident.claimed_at is not None:
        return _("This resident now has their own account and acts for themselves.")
    if resident.registered_by_id != user.pk and not permissions.is_facilitator_for(user, resident.area):
        return _("You act only for residents you registered or who live in the areas you facilitate.")
    return None


@rule
def read_resident_papers(user, resident) -> str | None:
    """Private details and the consent form: the facilitator who registered the resident, the area's
    moderators and officials, and administrators (every opening of the form is logged)."""
    refusal = permissions.take_part(user)
    if refusal:
        return refusal
    if resident.registered_by_id == user.pk or permissions.is_admin(user):
        return None
    if permissions.moderates_or_serves(user, resident.area):
        return None
    return _(
        "Only the facilitator who registered this resident, and the moderators and officials of their area, open their papers."
    )


@rule
def review_entries(user, area) -> str | None:
    """Moderators and officials of an area (and administrators) open facilitators' entries and void them."""
    refusal = permissions.take_part(user)
    if refusal:
        return refusal
    if permissions.is_admin(user) or permissions.moderates_or_serves(user, area):
        return None
    return _("Only moderators and officials of %(area)s review what facilitators recorded there.") % {"area": area.name}


@rule
def void_entry(user, record) -> str | None:
    """Those who review an area's entries void one that failed its check (not their own)."""
    refusal = review_entries(user, record.area)
    if refusal:
        return refusal
    if record.recorded_by_id == user.pk:
        return _("Nobody voids what they recorded themselves; another moderator or official does.")
    if record.voided_at is not None:
        return _("This entry was already voided.")
    return None


@rule
def claim_record(user) -> str | None:
    """A person with their own confirmed account claims the offline record that was theirs."""
    refusal = permissions.take_part(user)
    if refusal:
        return refusal
    profile = permissions.profile_of(user)
    if profile is not None and profile.recorded_by_id is not None:
        return _("Sign up with your own account to claim a record.")
    return None


@rule
def decide_claim(user, claim) -> str | None:
    """Moderators and officials of the record's area confirm a claim; not the claimant, and not the
    facilitator who registered the record (their word is checked by someone else)."""
    refusal = review_entries(user, claim.resident.area)
    if refusal:
        return _("Only moderators and officials of %(area)s confirm claims of its records.") % {
            "area": claim.resident.area.name
        }
    if claim.claimant_id == user.pk:
        return _("Nobody confirms their own claim.")
    if claim.resident.registered_by_id == user.pk:
        return _("You registered this resident: another moderator or official of the area confirms the claim.")
    return None


@rule
def record_entries(user) -> str | None:
    """Whether to show the facilitator's pages at all (each entry is checked on its own)."""
    refusal = permissions.take_part(user)
    if refusal:
        return refusal
    facts = permissions.roles(user)
    if not facts.facilitator_paths:
        return _("Only facilitators record entries for residents without an account.")
    return None


@rule
def review_any_entries(user) -> str | None:
    """Whether to show the reviewers' pages (entries to check, claims to confirm)."""
    refusal = permissions.take_part(user)
    if refusal:
        return refusal
    if permissions.is_admin(user) or permissions.is_moderator(user) or permissions.is_official(user):
        return None
    return _("Only moderators and officials review facilitators' entries and claims.")
