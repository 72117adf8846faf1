"""Reads of the residency pages: a person's latest request, the verifiers' queue, and the
others at the same address (one household, one vote)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import F, OuterRef, Q, QuerySet, Subquery

from accounts import permissions
from accounts.models import Profile
from accounts.queries import person_related
from residency.models import ResidencyRequest


def latest_residency_request(user) -> ResidencyRequest | None:
    return (
        ResidencyRequest.objects.filter(user=user)
        .select_related("area", *person_related("decided_by"))
        .order_by("-created_at", "-pk")
        .first()
    )


def residency_queue(verifier) -> QuerySet[ResidencyRequest]:
    """Pending requests in the areas the verifier moderates or serves, oldest first."""
    pending = ResidencyRequest.objects.filter(state=ResidencyRequest.State.PENDING).select_related(
        "area", *person_related("user")
    )
    facts = permissions.roles(verifier)
    if facts is None:
        return pending.none()
    if not facts.moderates_all:
        paths = facts.moderator_paths + facts.official_paths
        if not paths:
            return pending.none()
        where = Q()
        for path in paths:
            where |= Q(area__path__startswith=path)
        pending = pending.filter(where)
    return pending.exclude(user=verifier).order_by("created_at", "pk")


# --- One household, one vote -------------------------------------------------------------


@dataclass(frozen=True)
class AddressMatch:
    """Another person of the same area at the same address (``accounts.addresses.household_key``)."""

    request: ResidencyRequest  # theirs: pending, or the approval that made them a verified resident
    state: str  # "verified" or "pending"
    since: datetime  # verified on, or pending since

    @property
    def user(self):
        return self.request.user

    @property
    def name(self) -> str:
        return self.request.user.profile.display_name

    def record(self) -> dict:
        """What a decision keeps of the match it was shown."""
        return {
            "request": self.request.pk,
            "user": self.request.user_id,
            "name": self.name,
            "state": self.state,
            "since": self.since.isoformat(),
        }


def address_matches(requests) -> dict[int, list[AddressMatch]]:
    """For each request (by pk), the other people of its area at its address, oldest first.

    They are verified residents (matched by the approval that verified them, the latest one, while
    the area is still their verified home) and people with a pending request. One query, however
    many requests are given.
    """
    wanted = {(r.area_id, r.address_key) for r in requests if r.address_key}
    if not wanted:
        return {}
    State = ResidencyRequest.State
    latest_approval = (
        ResidencyRequest.objects.filter(user=OuterRef("user"), state=State.APPROVED)
        .order_by("-decided_at", "-pk")
        .values("pk")[:1]
    )
    current = Q(state=State.PENDING) | Q(
        state=State.APPROVED,
        user__profile__residency=Profile.Residency.VERIFIED,
        user__profile__verified_area=F("area"),
        pk=Subquery(latest_approval),
    )
    found = (
        ResidencyRequest.objects.filter(
            current, area_id__in={a for a, _ in wanted}, address_key__in={k for _, k in wanted}
        )
        .select_related(*person_related("user"))
        .order_by("created_at", "pk")
    )
    at: dict[tuple[int, str], list[AddressMatch]] = {}
    for other in found:
        if other.state == State.PENDING:
            match = AddressMatch(other, "pending", other.created_at)
        else:
            match = AddressMatch(other, "verified", other.decided_at)
        at.setdefault((other.area_id, other.address_key), []).append(match)
    return {
        r.pk: [m for m in at.get((r.area_id, r.address_key), []) if m.request.user_id != r.user_id]
        for r in requests
        if r.address_key
    }
