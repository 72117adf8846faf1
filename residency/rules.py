"""Who is a verified resident (the votes' rules ask), who asks to be verified, and who decides."""

from __future__ import annotations

from django.utils.translation import gettext as _

from accounts import permissions
from accounts.models import Profile
from accounts.permissions import rule

Residency = Profile.Residency


def resident_refusal(user, area) -> str | None:
    """Why ``user`` is not (yet) a verified resident of their home area within ``area``
    (any area when ``area`` is None): what the vote rules refuse with."""
    refusal = permissions.take_part(user)
    if refusal:
        return refusal
    profile = permissions.profile_of(user)
    home = profile.home_area if profile else None
    if home is None:
        return _("Only verified residents vote. Choose your home area on your profile, then ask to be verified.")
    if profile.residency != Residency.VERIFIED or profile.verified_area_id != home.pk:
        if profile.residency == Residency.PENDING:
            return _(
                "Your residency verification is waiting for a moderator or official of your area; you can vote once it is approved."
            )
        return _("Only verified residents vote. Ask on your profile to be verified as a resident of %(home)s.") % {
            "home": home.name
        }
    if area is not None and not area.contains(home):
        return _("Only residents of %(area)s vote here; you are a verified resident of %(home)s.") % {
            "area": area.name,
            "home": home.name,
        }
    return None


@rule
def request_verification(user) -> str | None:
    """A person who takes part asks to be verified for their home area (once verified, no more)."""
    refusal = permissions.take_part(user)
    if refusal:
        return refusal
    profile = permissions.profile_of(user)
    if profile is None or profile.home_area_id is None:
        return _("Choose your home area on your profile first.")
    if profile.residency == Residency.VERIFIED and profile.verified_area_id == profile.home_area_id:
        return _("You are already a verified resident of your home area.")
    return None


@rule
def decide_verification(user, request) -> str | None:
    """Moderators and officials of the requested area decide; nobody decides their own request."""
    refusal = permissions.take_part(user)
    if refusal:
        return refusal
    if request.user_id == user.pk:
        return _("Nobody decides their own residency request.")
    registered_by = getattr(permissions.profile_of(request.user), "recorded_by_id", None)
    if registered_by is not None and registered_by == user.pk:
        return _("You registered this resident: another moderator or official of the area verifies them.")
    if not permissions.moderates_or_serves(user, request.area):
        return _("Only moderators and officials of %(area)s decide its residency requests.") % {
            "area": request.area.name
        }
    return None


@rule
def verify_residents(user, area=None) -> str | None:
    """Whether to show the residency queue at all (each decision is checked on its own)."""
    if permissions.take_part(user):
        return _("Only moderators and officials verify residents.")
    if area is not None:
        if permissions.moderates_or_serves(user, area):
            return None
        return _("Only moderators and officials of this area verify its residents.")
    if permissions.is_moderator(user) or permissions.is_official(user):
        return None
    return _("Only moderators and officials verify residents.")
