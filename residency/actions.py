"""Residency verification, written: a resident asks, a moderator or official of the area decides
(or an operator runs ``verify_resident``), and the person hears of it.

One home area at a time: moving home (accounts.actions.update_profile) ends the verification and
any pending request. The Profile's residency fields (residency, verified_area, verified_by,
verified_at) stay on accounts.Profile (who a person is); every write to them is here.
"""

from __future__ import annotations

from collections.abc import Collection

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import permissions
from residency import fingerprints
from accounts import actions as account_actions
from accounts.actions import ensure_profile
from accounts.addresses import household_key
from accounts.models import Area, Profile
from notifications.actions import verification_decided
from residency import queries
from residency import rules as residency_rules
from residency.models import ResidencyRequest


def request_verification(*, actor, rt: str, rw: str, street: str, note: str = ""):
    """Ask to be verified as a resident of one's home area; the profile shows "pending".

    Asking again while a request is pending returns that request unchanged.
    """
    ensure_profile(actor)
    with transaction.atomic():
        # Locked and re-read: one request at a time per person, judged on the current residency.
        profile = actor.profile = (
            Profile.objects.select_for_update(of=("self",)).select_related("home_area").get(user=actor)
        )
        permissions.check(actor, residency_rules.request_verification)
        pending = ResidencyRequest.objects.filter(user=actor, state=ResidencyRequest.State.PENDING).first()
        if pending is not None and pending.area_id == profile.home_area_id:
            return pending
        if pending is not None:  # a request for a former home: it no longer applies
            withdraw_pending(actor)
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


def withdraw_pending(user) -> int:
    """End the person's pending request (they moved home, or asked for another area)."""
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
    permissions.check(actor, residency_rules.decide_verification, request)
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
        verification_decided(request=locked)
    request.__dict__.update(
        {k: getattr(locked, k) for k in ("state", "decided_by_id", "decided_at", "decided_via", "reason")}
    )
    return locked


def unchecked_match_message(matches, checked_matches: Collection[int] = ()) -> str:
    """Why an approval waits: the same address is on other accounts the verifier has not confirmed."""
    if checked_matches:  # they confirmed what their page showed, and another appeared since
        return _(
            "Another account at this address appeared since the page was loaded. Check it too, then confirm again."
        )
    return _(
        "This address is already on another account. Check this is a different household or person, and say so to approve."
    )


class AddressMatchError(ValidationError):
    """``verify_resident`` found others of the area at the same address; ``matches`` says who."""

    def __init__(self, matches):
        self.matches = matches
        super().__init__(unchecked_match_message(matches), code="address_match")


def _make_verified(profile: Profile, *, area: Area, by, at, request) -> None:
    """Verify, and note whether the person was here before under an erased account
    (their votes then still count, so the vote rules refuse a second one)."""
    profile.residency = Profile.Residency.VERIFIED
    profile.verified_area, profile.verified_by, profile.verified_at = area, by, at
    profile.save(update_fields=["residency", "verified_area", "verified_by", "verified_at"])
    fingerprints.note_earlier_account(profile, request=request)


def verify_resident(
    *, user, area: Area, by: str, rt: str = "", rw: str = "", street: str = "", despite_match: bool = False
):
    """Scripted onboarding (a census list, a neighbourhood meeting): the same as an approval, on the record.

    ``area`` becomes the person's home area if it is not already; ``by`` (who vouches)
    is kept as the record's reason. The address is the one given, else that of the person's
    pending request for ``area``. If others of the area are at that address, it raises
    ``AddressMatchError`` (with the matches) unless ``despite_match``; the record keeps them.
    """
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
        withdraw_pending(user)
        now = timezone.now()
        record.decided_at, record.matches_shown = now, [m.record() for m in matches]
        record.save()
        _make_verified(profile, area=area, by=None, at=now, request=record)
    user.profile = profile
    return record


def transfer_residency(*, from_user, to_user, by: str):
    """A resident claimed their offline record (facilitation.actions.confirm_claim, after a
    moderator or official of the area confirmed it): the offline identity's verification ends and
    ``to_user`` becomes a verified resident of its area at its address, on the record (``by``).
    Returns the approval, or None if the offline identity was not verified."""
    with transaction.atomic():
        offline = Profile.objects.select_for_update().get(user=from_user)
        approval = (
            ResidencyRequest.objects.filter(user=from_user, state=ResidencyRequest.State.APPROVED)
            .order_by("-decided_at", "-pk")
            .first()
        )
        withdraw_pending(from_user)
        was_verified = offline.residency == Profile.Residency.VERIFIED and approval is not None
        offline.residency = Profile.Residency.UNVERIFIED
        offline.save(update_fields=["residency"])
        if not was_verified:
            return None
        # The offline identity no longer counts at the address: the claimant does not match it.
        return verify_resident(
            user=to_user,
            area=approval.area,
            by=by,
            rt=approval.rt,
            rw=approval.rw,
            street=approval.street,
            despite_match=True,  # the claim's decider checked the person; the matches stay on the record
        )


def move_home(*, actor, home_area: Area | None) -> Profile:
    """The person moves home: the profile's home changes, and a residency verified or requested
    for the old home no longer applies (verified → unverified, a pending request withdrawn)."""
    with transaction.atomic():
        profile = account_actions.change_home(actor=actor, home_area=home_area)
        withdraw_pending(actor)
    return profile


def forget_addresses(*, user) -> None:
    """Account erasure (privacy.actions.erase_account), after the fingerprints are kept: blank the
    RT/RW, street, note and reason of every request; the decisions stay on the record."""
    ResidencyRequest.objects.filter(user=user).update(rt="", rw="", street="", note="", reason="")


def keep_erasure_fingerprints(*, user) -> None:
    """Before an erasure forgets them: one-way fingerprints of the person's verified e-mails and
    addresses, so the same person cannot vote again under a new account (residency.fingerprints)."""
    from accounts.models import ErasureFingerprint

    ErasureFingerprint.objects.bulk_create(
        [ErasureFingerprint(user=user, digest=d) for d in fingerprints.identity_of(user)], ignore_conflicts=True
    )
