"""Writes for residents without an account: registration with consent, acts recorded for them,
voiding what failed its check, and claims.

Every act goes through the ordinary action (open_issue, post_comment, cast_vote, give_verdict)
with the offline resident as its actor, so the same rules decide eligibility and the same
constraints keep one vote per person; what is added here is the facilitator's rule (``act_for``),
the assisted-act rate limit and the ``issues.AssistedRecord`` every such act carries. Other apps
(a recess meeting's aspirations, say) record supports through ``record_support``.

Lock order: the offline resident's row first, then the round's (round points), then the issue's.
A claim's merge takes the same order, so an act recorded while the record is being claimed lands
before the merge or is refused.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import actions as account_actions
from accounts import permissions
from accounts.models import Area
from comments import actions as comment_actions
from comments.models import Comment
from core import ratelimit
from facilitation import rules as facilitation_rules
from facilitation.models import (
    Claim,
    ConsentFormOpening,
    ConsentMethod,
    OfflineResident,
    new_participant_code,
    normalise_code,
)
from issues import actions as issue_actions
from issues.models import AssistedRecord, Channel, Issue, RecordingMethod
from residency import actions as residency_actions
from responses import actions as responses_actions
from votes import actions as vote_actions
from votes.models import PriorityRound, RoundBallot, Vote

# --- Registration ------------------------------------------------------------------------


@dataclass(frozen=True)
class Consent:
    method: str  # a ConsentMethod
    given_at: datetime
    witness: str = ""


@dataclass(frozen=True)
class Address:
    rt: str = ""
    rw: str = ""
    street: str = ""


def _check_consent(consent: Consent) -> None:
    errors = {}
    if consent.method not in ConsentMethod.values:
        errors["consent_method"] = _("Say how the resident gave their consent.")
    elif consent.method == ConsentMethod.SPOKEN and not consent.witness.strip():
        errors["consent_witness"] = _("Consent given aloud needs the name of the witness who heard it.")
    if consent.given_at is None or consent.given_at > timezone.now():
        errors["consent_given_at"] = _("Give the date consent was given (today or earlier).")
    if errors:
        raise ValidationError(errors)


def register_offline_resident(
    *,
    actor,
    area: Area,
    name: str,
    name_public: bool,
    address: Address,
    consent: Consent,
    phone: str = "",
    language: str = "",
    consent_form=None,
    submission_token: uuid.UUID | None = None,
) -> OfflineResident:
    """Register a resident without an account in ``area`` (a facilitator of it), with their consent.

    Makes their voter identity (accounts.actions.create_offline_identity), their record with a new
    participant code, and their residency request (RT/RW and street, seen only by verifiers), which
    waits in the area's residency queue like anyone's: the facilitator cannot decide it.
    ``consent_form`` (an uploaded photo of the signed form) is stored privately. A repeated
    ``submission_token`` returns the resident the first submission registered.
    """
    permissions.check(actor, facilitation_rules.register_residents, area)
    _check_consent(consent)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Write the resident's name or initials.")})
    if submission_token is not None:
        existing = OfflineResident.objects.filter(registered_by=actor, submission_token=submission_token).first()
        if existing is not None:
            return existing
    for _attempt in range(5):
        code = new_participant_code()
        try:
            with transaction.atomic():
                return _register(
                    actor,
                    area,
                    code,
                    name,
                    name_public,
                    address,
                    consent,
                    phone,
                    language,
                    consent_form,
                    submission_token,
                )
        except IntegrityError:
            existing = OfflineResident.objects.filter(registered_by=actor, submission_token=submission_token).first()
            if submission_token is not None and existing is not None:
                return existing
            # else a participant code collided: draw another
    raise ValidationError(_("Could not draw a free participant code; try again."))


def _register(actor, area, code, name, name_public, address, consent, phone, language, consent_form, token):
    user = account_actions.create_offline_identity(
        recorded_by=actor,
        username=f"offline-{code}",
        public_name=name if name_public else None,
        anonymous_name=f"Warga {code}",
        home_area=area,
        language=language,
    )
    resident = OfflineResident(
        user=user,
        registered_by=actor,
        area=area,
        code=code,
        name=name[:60],
        name_public=name_public,
        phone=phone.strip()[:30],
        consent_method=consent.method,
        consent_given_at=consent.given_at,
        consent_witness=consent.witness.strip()[:120],
        submission_token=token,
    )
    if consent_form is not None:
        resident.consent_form.save(consent_form.name, consent_form, save=False)
    resident.save(force_insert=True)
    residency_actions.request_verification(
        actor=user,
        rt=address.rt,
        rw=address.rw,
        street=address.street,
        note=_("Registered without an account by a facilitator."),
    )
    return resident


def open_consent_form(*, actor, resident: OfflineResident):
    """The stored photo of a resident's signed consent form, opened and logged (who, when)."""
    permissions.check(actor, facilitation_rules.read_resident_papers, resident)
    if not resident.consent_form:
        raise PermissionDenied(_("No photo of a consent form was stored for this resident."))
    ConsentFormOpening.objects.create(resident=resident, opened_by=actor)
    return resident.consent_form.open("rb")


# --- Acts recorded for a resident -----------------------------------------------------------


@dataclass(frozen=True)
class Recording:
    """How an act reached the facilitator, and the paper it came from."""

    method: str  # an issues.models.RecordingMethod
    source: str = ""


class _AlreadyRecorded(Exception):
    def __init__(self, existing):
        self.existing = existing


def _begin(actor, resident: OfflineResident, how: Recording) -> None:
    permissions.check(actor, facilitation_rules.act_for, resident)
    if how.method not in RecordingMethod.values:
        raise ValidationError(
            {"method": _("Say how the resident gave this: paper form, spoken, thumbprint or suggestion box.")}
        )
    ratelimit.check("assisted", actor)


def _locked(actor, resident: OfflineResident) -> OfflineResident:
    """The resident's row, locked: a claim being confirmed at the same moment goes first or after."""
    locked = (
        OfflineResident.objects.select_for_update(of=("self",))
        .select_related("user__profile", "area")
        .get(pk=resident.pk)
    )
    permissions.check(actor, facilitation_rules.act_for, locked)
    return locked


def _record(
    actor, resident: OfflineResident, kind: str, how: Recording, issue: Issue | None, data: dict | None = None
) -> AssistedRecord:
    return AssistedRecord.objects.create(
        kind=kind,
        issue=issue,
        data=data or {},
        resident=resident.user,
        recorded_by=actor,
        method=how.method,
        source=how.source.strip()[:80],
        place=resident.area.name,
        area=resident.area,
    )


def record_support(*, actor, resident: OfflineResident, issue: Issue, how: Recording) -> Vote:
    """Record ``resident``'s support for ``issue``: the vote is theirs (eligibility and one vote
    by the votes rules), marked as recorded by ``actor``. A second support for the same person
    is refused, not silently merged."""
    _begin(actor, resident, how)
    already = ValidationError(_("This resident already supports this issue."), code="already_supports")
    with transaction.atomic():
        locked = _locked(actor, resident)
        if Vote.objects.filter(user=locked.user, issue=issue, withdrawn_at__isnull=True).exists():
            raise already
        record = _record(actor, locked, AssistedRecord.Kind.SUPPORT, how, issue)
        vote = vote_actions.cast_vote(actor=locked.user, issue=issue, assisted=record)
        if vote.assisted_id != record.pk:
            raise already
    return vote


def record_comment(
    *,
    actor,
    resident: OfflineResident,
    issue: Issue,
    body: str,
    how: Recording,
    submission_token: uuid.UUID | None = None,
) -> Comment:
    """Post ``body`` on ``issue`` as ``resident`` (their words, transcribed), marked as recorded by ``actor``."""
    _begin(actor, resident, how)
    if submission_token is not None:
        existing = Comment.objects.filter(author=resident.user, submission_token=submission_token).first()
        if existing is not None:
            return existing
    try:
        with transaction.atomic():
            locked = _locked(actor, resident)
            record = _record(actor, locked, AssistedRecord.Kind.COMMENT, how, issue)
            comment = comment_actions.post_comment(
                actor=locked.user, issue=issue, body=body, submission_token=submission_token, assisted=record
            )
            if comment.assisted_id != record.pk:  # a twin submission won: keep only its record
                raise _AlreadyRecorded(comment)
    except _AlreadyRecorded as twin:
        return twin.existing
    return comment


def record_issue(
    *,
    actor,
    resident: OfflineResident,
    title: str,
    description: str,
    category: str,
    area: Area,
    how: Recording,
    submission_token: uuid.UUID | None = None,
) -> Issue:
    """Open an issue as ``resident``, through the facilitation channel, marked as recorded by ``actor``."""
    _begin(actor, resident, how)
    try:
        with transaction.atomic():
            locked = _locked(actor, resident)
            record = _record(actor, locked, AssistedRecord.Kind.ISSUE, how, None)
            issue = issue_actions.open_issue(
                actor=locked.user,
                title=title,
                description=description,
                category=category,
                area=area,
                submission_token=submission_token,
                channel=Channel.ASSISTED,
                channel_detail=how.source,
                assisted=record,
            )
            if issue.assisted_id != record.pk:
                raise _AlreadyRecorded(issue)
            AssistedRecord.objects.filter(pk=record.pk).update(issue=issue)
    except _AlreadyRecorded as twin:
        return twin.existing
    return issue


def record_verdict(*, actor, resident: OfflineResident, response, answers: bool, how: Recording):
    """Give ``resident``'s verdict on ``response`` (the responses rules decide who may judge)."""
    _begin(actor, resident, how)
    with transaction.atomic():
        locked = _locked(actor, resident)
        record = _record(actor, locked, AssistedRecord.Kind.VERDICT, how, response.issue)
        return responses_actions.give_verdict(actor=locked.user, response=response, answers=answers, assisted=record)


def record_allocation(
    *, actor, resident: OfflineResident, round_: PriorityRound, points: dict[int, int], how: Recording
) -> RoundBallot:
    """Spend ``resident``'s points in ``round_`` ({issue id: points}, replacing their earlier
    allocation): the ballot is theirs (eligibility, budget and cap by the votes rules), marked as
    recorded by ``actor``. Sending the same allocation again (a double submit, a second copy of the
    paper) records nothing new and returns the ballot as it stands.

    Lock order: the resident's row, then the round's (as allocate_points takes it)."""
    _begin(actor, resident, how)
    data = {"round": round_.pk, "round_title": round_.title[:140]}
    try:
        with transaction.atomic():
            locked = _locked(actor, resident)
            record = _record(actor, locked, AssistedRecord.Kind.ALLOCATION, how, None, data)
            ballot = vote_actions.allocate_points(actor=locked.user, round_=round_, points=points, assisted=record)
            if ballot.assisted_id != record.pk:  # nothing changed: keep no record of a non-act
                raise _AlreadyRecorded(ballot)
    except _AlreadyRecorded as same:
        return same.existing
    return ballot


# --- Voiding ---------------------------------------------------------------------------------


def void_entry(*, actor, record: AssistedRecord, reason: str) -> AssistedRecord:
    """Void an act a facilitator recorded that failed its check (a call-back that did not confirm
    it, a forged transcription): it says so wherever it is shown, on the public log, and a voided
    support stops counting (the tally changes live)."""
    permissions.check(actor, facilitation_rules.void_entry, record)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why this entry is void; the reason is public.")})
    with transaction.atomic():
        locked = AssistedRecord.objects.select_for_update().select_related("area").get(pk=record.pk)
        permissions.check(actor, facilitation_rules.void_entry, locked)
        locked.voided_at, locked.voided_by, locked.void_reason = timezone.now(), actor, reason[:300]
        locked.save(update_fields=["voided_at", "voided_by", "void_reason"])
        if locked.kind == AssistedRecord.Kind.SUPPORT:
            vote_actions.void_assisted_support(record=locked)
        elif locked.kind == AssistedRecord.Kind.ALLOCATION:
            # What came out of the round's totals, for the public log to say (votes decides).
            locked.data = {**locked.data, **vote_actions.void_assisted_allocation(record=locked)}
            locked.save(update_fields=["data"])
    return locked


# --- Claims ----------------------------------------------------------------------------------


def claim_record(*, actor, code: str) -> Claim:
    """Ask for the offline record with participant ``code`` to become ``actor``'s; a moderator or
    official of its area confirms. Asking twice returns the pending claim."""
    permissions.check(actor, facilitation_rules.claim_record)
    resident = OfflineResident.objects.filter(code=normalise_code(code)).select_related("area").first()
    if resident is None or resident.claimed_at is not None:
        raise ValidationError(
            {"code": _("No unclaimed record has this participant code. Check the card and try again.")}
        )
    home = permissions.home_area(actor)
    if home is not None and home.pk != resident.area_id:
        raise ValidationError(
            {
                "code": _("This record is of %(area)s. Set that as your home area on your profile first.")
                % {"area": resident.area.name}
            }
        )
    try:
        with transaction.atomic():
            claim, _created = Claim.objects.get_or_create(resident=resident, claimant=actor, state=Claim.State.PENDING)
    except IntegrityError:
        claim = Claim.objects.get(resident=resident, claimant=actor, state=Claim.State.PENDING)
    return claim


def confirm_claim(*, actor, claim: Claim) -> Claim:
    """Confirm a claim: the offline record's issues, comments, supports, round ballots and verdicts
    become the claimant's, the claimant becomes a verified resident in its place, and the offline
    identity retires. Where both identities supported one issue, judged one response or hold a
    ballot in one round, one remains; the public log says where. A second confirmation of the
    record refuses."""
    permissions.check(actor, facilitation_rules.decide_claim, claim)
    with transaction.atomic():
        # The record's row first (as every act recorded for it takes it), then the claim's.
        resident = (
            OfflineResident.objects.select_for_update(of=("self",))
            .select_related("area", "user")
            .get(pk=claim.resident_id)
        )
        locked_claim = Claim.objects.select_for_update().get(pk=claim.pk)
        if locked_claim.state != Claim.State.PENDING or resident.claimed_at is not None:
            raise PermissionDenied(_("This record was already claimed or the claim decided."))
        claimant, offline = locked_claim.claimant, resident.user
        now = timezone.now()
        # Round rows before any issue row (close_round's order: round, then its issues' timelines).
        ballots = vote_actions.merge_ballots(from_user=offline, into_user=claimant)
        merged = {
            "issues": issue_actions.transfer_issues(from_user=offline, to_user=claimant),
            "comments": comment_actions.transfer_comments(from_user=offline, to_user=claimant),
            **vote_actions.merge_votes(from_user=offline, into_user=claimant),
            **responses_actions.merge_verdicts(from_user=offline, into_user=claimant),
            **ballots,
        }
        residency_actions.transfer_residency(
            from_user=offline, to_user=claimant, by=f"claim of participant code {resident.code}"
        )
        account_actions.retire_offline_identity(user=offline)
        resident.claimed_by, resident.claimed_at = claimant, now
        resident.save(update_fields=["claimed_by", "claimed_at"])
        locked_claim.state, locked_claim.decided_by, locked_claim.decided_at = Claim.State.CONFIRMED, actor, now
        locked_claim.merged = merged
        locked_claim.save(update_fields=["state", "decided_by", "decided_at", "merged"])
        Claim.objects.filter(resident=resident, state=Claim.State.PENDING).exclude(pk=locked_claim.pk).update(
            state=Claim.State.DECLINED, decided_at=now, reason="the record was claimed by someone else"
        )
    permissions.forget_roles(claimant)
    return locked_claim


def decline_claim(*, actor, claim: Claim, reason: str) -> Claim:
    """Decline a claim, with a reason the claimant reads."""
    permissions.check(actor, facilitation_rules.decide_claim, claim)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why you decline the claim.")})
    with transaction.atomic():
        locked = Claim.objects.select_for_update().get(pk=claim.pk)
        if locked.state != Claim.State.PENDING:
            raise PermissionDenied(_("This claim was already decided."))
        locked.state, locked.decided_by, locked.decided_at, locked.reason = (
            Claim.State.DECLINED,
            actor,
            timezone.now(),
            reason[:300],
        )
        locked.save(update_fields=["state", "decided_by", "decided_at", "reason"])
    return locked
