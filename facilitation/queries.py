"""Reads of the facilitation pages: the public figures per facilitator, the public log (voided
entries, confirmed claims), a facilitator's latest entries, and the reviewers' lists. Each is a
bounded number of queries whatever the number of rows."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet

from accounts import permissions
from accounts.queries import PERSON_FIELDS, person_related
from facilitation.models import Claim, OfflineResident
from issues.models import AssistedRecord

LOG_SIZE = 50
RECENT_ENTRIES = 20


def facilitator_figures() -> list:
    """Every facilitator with residents registered and acts recorded, by kind (two queries)."""
    Kind = AssistedRecord.Kind
    people = list(
        get_user_model()
        .objects.filter(facilitator_role__isnull=False)
        .select_related(*PERSON_FIELDS)
        .annotate(registered=Count("offline_residents_registered", distinct=True))
        .order_by("profile__display_name", "pk")
    )
    counts = {}
    rows = (
        AssistedRecord.objects.filter(recorded_by__in=people)
        .values("recorded_by", "kind")
        .annotate(n=Count("pk"), voided=Count("pk", filter=Q(voided_at__isnull=False)))
    )
    for row in rows:
        counts.setdefault(row["recorded_by"], {})[row["kind"]] = (row["n"], row["voided"])
    for person in people:
        mine = counts.get(person.pk, {})
        person.acts = {kind: mine.get(kind, (0, 0))[0] for kind in Kind.values}
        person.voided = sum(v for _n, v in mine.values())
    return people


def public_log() -> tuple[list[AssistedRecord], list[Claim]]:
    """The latest voided entries and confirmed claims (two queries)."""
    voided = list(
        AssistedRecord.objects.filter(voided_at__isnull=False)
        .select_related("issue", *person_related("recorded_by"), *person_related("voided_by"))
        .order_by("-voided_at", "-pk")[:LOG_SIZE]
    )
    claims = list(
        Claim.objects.filter(state=Claim.State.CONFIRMED)
        .select_related("resident__area", *person_related("decided_by"))
        .order_by("-decided_at", "-pk")[:LOG_SIZE]
    )
    return voided, claims


def recent_entries(facilitator) -> list[AssistedRecord]:
    """A facilitator's latest entries, with what each name badge shows (one query)."""
    return list(
        AssistedRecord.objects.filter(recorded_by=facilitator)
        .select_related("issue", *person_related("resident"))
        .order_by("-recorded_at", "-pk")[:RECENT_ENTRIES]
    )


def resident_by_code(code: str) -> OfflineResident | None:
    from facilitation.models import normalise_code

    return OfflineResident.objects.filter(code=normalise_code(code)).select_related("area", "user__profile").first()


def resident_for_page(pk: int) -> OfflineResident:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        OfflineResident.objects.select_related("area", "user__profile", *person_related("registered_by")), pk=pk
    )


def registered_by(facilitator) -> QuerySet[OfflineResident]:
    return OfflineResident.objects.filter(registered_by=facilitator).select_related("area", "user__profile")


def _in_areas(viewer, field: str) -> Q | None:
    """Rows in the areas the viewer moderates or serves (None: none; Q(): all)."""
    if permissions.is_admin(viewer):
        return Q()
    facts = permissions.roles(viewer)
    if facts is None:
        return None
    if facts.moderates_all:
        return Q()
    paths = facts.moderator_paths + facts.official_paths
    if not paths:
        return None
    where = Q()
    for path in paths:
        where |= Q(**{f"{field}__path__startswith": path})
    return where


def entries_to_review(viewer) -> list[AssistedRecord]:
    where = _in_areas(viewer, "area")
    if where is None:
        return []
    return list(
        AssistedRecord.objects.filter(where)
        .select_related("issue", "resident__profile", *person_related("recorded_by"))
        .order_by("-recorded_at", "-pk")[:100]
    )


def claims_to_decide(viewer) -> list[Claim]:
    where = _in_areas(viewer, "resident__area")
    if where is None:
        return []
    return list(
        Claim.objects.filter(where, state=Claim.State.PENDING)
        .exclude(claimant=viewer)
        .select_related("resident__area", "resident__user__profile", *person_related("claimant"))
        .order_by("created_at", "pk")
    )


def callback_sample(viewer, percent: int) -> list[AssistedRecord]:
    """A random ``percent`` of the standing assisted supports in the viewer's areas (at least one
    when there are any, at most 50), to confirm by calling the resident back. Two queries."""
    import math

    where = _in_areas(viewer, "area")
    if where is None:
        return []
    supports = AssistedRecord.objects.filter(where, kind=AssistedRecord.Kind.SUPPORT, voided_at__isnull=True)
    size = min(50, math.ceil(supports.count() * percent / 100))
    if not size:
        return []
    return list(
        supports.select_related(
            "issue", "resident__profile", "resident__offline_resident", *person_related("recorded_by")
        ).order_by("?")[:size]
    )
