"""Writes on accounts, areas and roles. Views, admin and commands call these."""

from __future__ import annotations

from collections.abc import Collection

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts import names, permissions, queries
from accounts.addresses import household_key
from accounts.models import Agency, Area, ModeratorRole, OfficialRole, Profile, RoleChange


def default_display_name(user) -> str:
    """The e-mail's local part, unless it would not pass as a display name ("admin@…")."""
    local = (user.email or user.get_username()).split("@")[0][: names.MAX_LENGTH]
    try:
        return names.clean_display_name(local)
    except ValidationError:
        return f"Member {user.pk}"


def ensure_profile(user) -> Profile:
    """Every user gets a profile; accounts made outside sign-up get one on first need."""
    try:
        return user.profile  # the cached instance, so callers see their own updates
    except Profile.DoesNotExist:
        profile, _created = Profile.objects.get_or_create(
            user=user, defaults={"display_name": default_display_name(user)}
        )
        user.profile = profile
        return profile


def update_profile(*, actor, display_name: str, home_area: Area | None, language: str) -> Profile:
    """Change one's own profile. Moving home ends a residency verification for the old area.

    The display name is checked and normalised (``accounts.names``); a name that does not pass
    raises ``ValidationError``, whoever calls. A change others see (the name, the home area)
    is refused while suspended ("change_public_profile"); the language alone may still change.
    """
    display_name = names.clean_display_name(display_name)
    profile = ensure_profile(actor)
    fields = ["display_name", "home_area", "language"]
    if profile.display_name != display_name or profile.home_area_id != (home_area.pk if home_area else None):
        permissions.check(actor, "change_public_profile")
    with transaction.atomic():
        if profile.home_area_id != (home_area.pk if home_area else None) and profile.residency != Profile.Residency.UNVERIFIED:
            profile.residency = Profile.Residency.UNVERIFIED
            fields.append("residency")
            _withdraw_pending(actor)  # a request for the old home no longer applies (residency, below)
        profile.display_name = display_name
        profile.home_area = home_area
        profile.language = language
        profile.save(update_fields=fields)
    return profile


def save_area(*, name: str, slug: str, parent: Area | None) -> Area:
    """Create or update an area by slug, keeping the tree's paths right below it."""
    with transaction.atomic():
        area = Area.objects.filter(slug=slug).first() or Area(slug=slug)
        old_path = area.path
        area.name, area.parent = name, parent
        area.compute_path()
        area.save()
        if old_path and old_path != area.path:
            for child in area.children.all():
                save_area(name=child.name, slug=child.slug, parent=area)
    return area


def grant_official(*, user, agency: Agency, areas: list[Area], is_supervisor: bool = False, by: str) -> OfficialRole:
    with transaction.atomic():
        role, _created = OfficialRole.objects.update_or_create(
            user=user, defaults={"agency": agency, "is_supervisor": is_supervisor}
        )
        role.areas.set(areas)
        RoleChange.objects.create(
            user=user,
            role="official",
            kind=RoleChange.Kind.GRANTED,
            detail=f"{agency.name}: {', '.join(a.slug for a in areas)}",
            by=by,
        )
    permissions.forget_roles(user)
    return role


def grant_moderator(*, user, areas: list[Area], all_areas: bool = False, by: str) -> ModeratorRole:
    with transaction.atomic():
        role, _created = ModeratorRole.objects.update_or_create(user=user, defaults={"all_areas": all_areas})
        role.areas.set(areas)
        RoleChange.objects.create(
            user=user,
            role="moderator",
            kind=RoleChange.Kind.GRANTED,
            detail="all areas" if all_areas else ", ".join(a.slug for a in areas),
            by=by,
        )
    permissions.forget_roles(user)
    return role


def revoke_role(*, user, role: str, by: str) -> bool:
    """Take a role away; returns False if the user did not hold it."""
    model = {"official": OfficialRole, "moderator": ModeratorRole}[role]
    with transaction.atomic():
        deleted, _ = model.objects.filter(user=user).delete()
        if deleted:
            RoleChange.objects.create(user=user, role=role, kind=RoleChange.Kind.REVOKED, by=by)
    permissions.forget_roles(user)
    return bool(deleted)


# --- residency ---
# A resident asks to be verified for their home area; a moderator or official of that
# area decides from a queue (or an operator runs ``verify_resident``). One home area at
# a time: moving home (update_profile) ends the verification and any pending request.


def request_verification(*, actor, rt: str, rw: str, street: str, note: str = ""):
    """Ask to be verified as a resident of one's home area; the profile shows "pending".

    Asking again while a request is pending returns that request unchanged.
    """
    from accounts.models import ResidencyRequest

    ensure_profile(actor)
    with transaction.atomic():
        # Locked and re-read: one request at a time per person, judged on the current residency.
        profile = actor.profile = Profile.objects.select_for_update(of=("self",)).select_related("home_area").get(user=actor)
        permissions.check(actor, "request_verification")
        pending = ResidencyRequest.objects.filter(user=actor, state=ResidencyRequest.State.PENDING).first()
        if pending is not None and pending.area_id == profile.home_area_id:
            return pending
        if pending is not None:  # a request for a former home: it no longer applies
            _withdraw_pending(actor)
        rt, rw, street = rt.strip(), rw.strip(), street.strip()
        request = ResidencyRequest.objects.create(
            user=actor,
            area=profile.home_area,
            rt=rt,
            rw=rw,
            street=street,
            note=note.strip(),
            address_key=household_key(rt=rt, rw=rw, street=street),
        )
        profile.residency = Profile.Residency.PENDING
        profile.save(update_fields=["residency"])
    return request


def _withdraw_pending(user) -> int:
    from django.utils import timezone

    from accounts.models import ResidencyRequest

    return ResidencyRequest.objects.filter(user=user, state=ResidencyRequest.State.PENDING).update(
        state=ResidencyRequest.State.WITHDRAWN, decided_at=timezone.now(), decided_via="moved home"
    )


def decide_verification(*, actor, request, approve: bool, reason: str = "", checked_matches: Collection[int] = ()):
    """Approve or decline a pending request (a reason is required to decline).

    Approving makes the person a verified resident of the requested area, which must
    still be their home area. Deciding a request someone else already decided refuses.
    When others of the area are at the same address (``queries.address_matches``), approving
    needs each of their requests in ``checked_matches``: the verifier saw them and checked this
    is a different household or person. Otherwise ``ValidationError`` on ``confirm_distinct``.
    The matches stand on the decision (``matches_shown``) either way.
    """
    from django.core.exceptions import PermissionDenied
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from accounts.models import ResidencyRequest

    permissions.check(actor, "decide_verification", request)
    reason = reason.strip()
    if not approve and not reason:
        raise ValidationError(_("Say why you decline, so the resident knows what to fix."))
    with transaction.atomic():
        locked = ResidencyRequest.objects.select_for_update().get(pk=request.pk)
        if locked.state != ResidencyRequest.State.PENDING:
            raise PermissionDenied(_("This request was already decided."))
        profile = Profile.objects.select_for_update().get(user_id=locked.user_id)
        if profile.home_area_id != locked.area_id:
            raise PermissionDenied(_("This resident has moved home since asking; the request no longer applies."))
        matches = queries.address_matches([locked]).get(locked.pk, [])
        if approve and any(m.request.pk not in set(checked_matches) for m in matches):
            raise ValidationError({"confirm_distinct": unchecked_match_message(matches, checked_matches)})
        now = timezone.now()
        locked.state = ResidencyRequest.State.APPROVED if approve else ResidencyRequest.State.DECLINED
        locked.decided_by, locked.decided_at, locked.decided_via, locked.reason = actor, now, "queue", reason
        locked.matches_shown = [m.record() for m in matches]
        locked.save(update_fields=["state", "decided_by", "decided_at", "decided_via", "reason", "matches_shown"])
        if approve:
            _make_verified(profile, area=locked.area, by=actor, at=now, request=locked)
        else:
            profile.residency = Profile.Residency.UNVERIFIED
            profile.save(update_fields=["residency"])
        from notifications.actions import verification_decided  # above accounts: imported when used

        verification_decided(request=locked)
    request.__dict__.update({k: getattr(locked, k) for k in ("state", "decided_by_id", "decided_at", "decided_via", "reason")})
    return locked


def unchecked_match_message(matches, checked_matches: Collection[int] = ()) -> str:
    """Why an approval waits: the same address is on other accounts the verifier has not confirmed."""
    from django.utils.translation import gettext as _

    if checked_matches:  # they confirmed what their page showed, and another appeared since
        return _("Another account at this address appeared since the page was loaded. Check it too, then confirm again.")
    return _("This address is already on another account. Check this is a different household or person, and say so to approve.")


class AddressMatchError(ValidationError):
    """``verify_resident`` found others of the area at the same address; ``matches`` says who."""

    def __init__(self, matches):
        self.matches = matches
        super().__init__(unchecked_match_message(matches), code="address_match")


def _make_verified(profile: Profile, *, area: Area, by, at, request) -> None:
    """Verify, and note whether the person was here before under an erased account
    (their votes then still count, so the vote rules refuse a second one)."""
    from accounts import fingerprints

    profile.residency = Profile.Residency.VERIFIED
    profile.verified_area, profile.verified_by, profile.verified_at = area, by, at
    profile.save(update_fields=["residency", "verified_area", "verified_by", "verified_at"])
    fingerprints.note_earlier_account(profile, request=request)


def verify_resident(*, user, area: Area, by: str, rt: str = "", rw: str = "", street: str = "", despite_match: bool = False):
    """Scripted onboarding (a census list, a neighbourhood meeting): the same as an approval, on the record.

    ``area`` becomes the person's home area if it is not already; ``by`` (who vouches)
    is kept as the record's reason. The address is the one given, else that of the person's
    pending request for ``area``. If others of the area are at that address, it raises
    ``AddressMatchError`` (with the matches) unless ``despite_match``; the record keeps them.
    """
    from django.utils import timezone

    from accounts.models import ResidencyRequest

    profile = ensure_profile(user)
    with transaction.atomic():
        profile = Profile.objects.select_for_update().get(pk=profile.pk)
        pending = ResidencyRequest.objects.filter(user=user, area=area, state=ResidencyRequest.State.PENDING).first()
        if pending is not None and not (rt or rw or street):
            rt, rw, street = pending.rt, pending.rw, pending.street
        record = ResidencyRequest(
            user=user,
            area=area,
            rt=rt.strip()[:3],
            rw=rw.strip()[:3],
            street=street.strip()[:200],
            state=ResidencyRequest.State.APPROVED,
            decided_via="verify_resident",
            reason=by[:300],
        )
        record.address_key = household_key(rt=record.rt, rw=record.rw, street=record.street)
        matches = queries.address_matches([record]).get(record.pk, [])
        if matches and not despite_match:
            raise AddressMatchError(matches)
        if profile.home_area_id != area.pk:
            profile.home_area = area
            profile.save(update_fields=["home_area"])
        _withdraw_pending(user)
        now = timezone.now()
        record.decided_at, record.matches_shown = now, [m.record() for m in matches]
        record.save()
        _make_verified(profile, area=area, by=None, at=now, request=record)
    user.profile = profile
    return record


# --- leaving ---
# A person may take their data away (accounts.personal_data) and erase their account.
# Erasure keeps the user row, anonymised, inactive and without a usable password: what
# they wrote stays on the record attributed to "a former resident" (PROTECT keys hold),
# their votes keep counting and keep the one-vote-per-person constraints, and the row's id
# links them to each other but to nobody (name, e-mail and residency details are gone).
# Reassigning the votes to a placeholder per erased account would be exactly as linkable;
# one shared placeholder would break "one vote per person per issue" and the tallies.


def erase_account(*, actor, user) -> None:
    """Erase ``user``'s account: by the person themselves (after re-authenticating) or an administrator.

    Erased: the name, the e-mail addresses (allauth's rows, their confirmations), the RT/RW,
    street and notes of residency requests, the home and verified area, notifications and
    their settings, follows, mentions, social and MFA rows, roles (revoked on the record).
    Kept: issues, comments, votes, ballots, verdicts, reports and appeals, on the anonymised row.
    A one-way fingerprint of the residency identity stays (accounts.fingerprints) so the
    same person cannot vote twice after signing up again. Every session and open socket
    of the account ends. Erasing an erased account changes nothing.
    """
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from accounts import fingerprints
    from accounts.models import ErasureFingerprint, ResidencyRequest
    from core import live

    permissions.check(actor, "erase_account", user)
    by = "erase_account" if actor.pk == user.pk else f"admin:{actor.get_username()}"
    with transaction.atomic():
        locked = get_user_model().objects.select_for_update().get(pk=user.pk)
        profile = ensure_profile(locked)
        if profile.erased_at is not None:
            return
        old_names = {locked.get_username(), locked.email} - {""}
        ErasureFingerprint.objects.bulk_create(
            [ErasureFingerprint(user=locked, digest=d) for d in fingerprints.identity_of(locked)], ignore_conflicts=True
        )
        for role in ("official", "moderator"):
            revoke_role(user=locked, role=role, by=by)
        ResidencyRequest.objects.filter(user=locked).update(rt="", rw="", street="", note="", reason="")
        profile.display_name, profile.home_area, profile.language = "", None, ""
        profile.residency = Profile.Residency.UNVERIFIED
        profile.verified_area = profile.verified_by = profile.verified_at = None
        profile.erased_at, profile.matches_erased_account = timezone.now(), False
        profile.save()
        _forget_elsewhere(locked)
        # Records that name the person by their login ("admin:siti@…") name the row instead.
        RoleChange.objects.filter(by__in=[f"admin:{n}" for n in old_names]).update(by=f"admin:erased-{locked.pk}")
        locked.username, locked.email = f"erased-{locked.pk}", ""
        locked.first_name = locked.last_name = ""
        locked.is_active = locked.is_staff = locked.is_superuser = False
        locked.set_unusable_password()  # also invalidates every session (their auth hash changes)
        locked.save()
        locked.groups.clear()
        locked.user_permissions.clear()
        live.end_sessions_on_commit(locked.pk)
    permissions.forget_roles(user)


def _forget_elsewhere(user) -> None:
    """Rows about the person kept by the apps above accounts, reached through the user's own
    relations (and the notifications app's action), so accounts imports none of those apps."""
    from allauth.account.models import EmailAddress
    from django.apps import apps

    from notifications.actions import (
        forget_person,  # above accounts: imported when used
    )

    EmailAddress.objects.filter(user=user).delete()  # with their confirmations
    if apps.is_installed("allauth.socialaccount"):
        from allauth.socialaccount.models import SocialAccount

        SocialAccount.objects.filter(user=user).delete()
    if apps.is_installed("allauth.mfa"):
        from allauth.mfa.models import Authenticator

        Authenticator.objects.filter(user=user).delete()
    user.follows.all().delete()  # private preferences
    user.mentions.all().delete()  # the link from others' comments to this account
    forget_person(user=user)
