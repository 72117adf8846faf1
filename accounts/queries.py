"""Reads about people and areas that several pages share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet

from accounts.models import Area, ResidencyRequest

# What a page must join to print a person's name with their role badge.
PERSON_FIELDS = ("profile", "official_role__agency", "moderator_role")


def person_related(prefix: str) -> list[str]:
    """``person_related("author")`` → the select_related paths to badge ``author``."""
    return [f"{prefix}__{field}" for field in PERSON_FIELDS]


def area_tree() -> list[Area]:
    """Every area in tree order (parents before children), in one query."""
    return list(Area.objects.order_by("path"))


def areas_within(area: Area) -> QuerySet[Area]:
    """The area and everything below it."""
    return Area.objects.filter(path__startswith=area.path)


def areas_above(area: Area) -> list[Area]:
    """The area and all areas containing it, nearest first."""
    slugs = area.path.strip("/").split("/")
    return sorted(Area.objects.filter(slug__in=slugs), key=lambda a: -a.depth)


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
    from django.db.models import F, OuterRef, Q, Subquery

    from accounts.models import Profile

    wanted = {(r.area_id, r.address_key) for r in requests if r.address_key}
    if not wanted:
        return {}
    State = ResidencyRequest.State
    latest_approval = (
        ResidencyRequest.objects.filter(user=OuterRef("user"), state=State.APPROVED).order_by("-decided_at", "-pk").values("pk")[:1]
    )
    current = Q(state=State.PENDING) | Q(
        state=State.APPROVED,
        user__profile__residency=Profile.Residency.VERIFIED,
        user__profile__verified_area=F("area"),
        pk=Subquery(latest_approval),
    )
    found = (
        ResidencyRequest.objects.filter(current, area_id__in={a for a, _ in wanted}, address_key__in={k for _, k in wanted})
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
