"""Reads only the open-data outputs need, built on the domain apps' queries where they have one.

Each is a fixed number of queries whatever the data size (tests/api/test_queries.py).
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Max, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.shortcuts import get_object_or_404

from accounts.models import Agency, Area
from accounts.queries import area_tree, person_related
from comments.models import Comment
from issues import queries as issue_queries
from issues.models import Issue, IssuePhoto, TimelineEntry
from moderation.models import ModerationAction
from responses.models import AgencyCategory, OfficialResponse
from votes.models import PriorityRound, RoundTotal

# What an API row reads beyond a page's row (the place, and what dates its last change).
ROW_FIELDS = (*issue_queries.ROW_FIELDS, "latitude", "longitude", "last_activity_at")
SORTS = tuple(issue_queries.ORDERINGS)


def with_updated_at(queryset: QuerySet[Issue]) -> QuerySet[Issue]:
    """``updated_at``: the latest of its creation, edit, comment activity and timeline entry."""
    latest_entry = (
        TimelineEntry.objects.filter(issue=OuterRef("pk")).order_by().values("issue").annotate(m=Max("created_at"))
    )
    return queryset.annotate(
        updated_at=Greatest(
            "created_at",
            "last_activity_at",
            Coalesce("edited_at", "created_at"),
            Coalesce(Subquery(latest_entry.values("m")), "created_at"),
        )
    )


def issues(
    *,
    area: Area | None,
    category: str,
    status: str,
    q: str,
    sort: str,
    bbox: tuple[float, float, float, float] | None,
    updated_since: datetime | None,
) -> QuerySet[Issue]:
    filters = issue_queries.IssueFilters(q=q, area=area, category=category, status=status, sort=sort or "newest")
    queryset = issue_queries.filtered(filters).only(*ROW_FIELDS)
    if bbox is not None:
        west, south, east, north = bbox
        queryset = queryset.filter(longitude__gte=west, longitude__lte=east, latitude__gte=south, latitude__lte=north)
    queryset = with_updated_at(queryset)
    if updated_since is not None:
        queryset = queryset.filter(updated_at__gte=updated_since)
    return queryset


def issue(pk: int) -> Issue:
    """One issue with everything its API answer shows (hidden ones too: they answer with their notice)."""
    queryset = with_updated_at(Issue.objects.select_related("area", *person_related("author"))).prefetch_related(
        Prefetch("photos", queryset=IssuePhoto.objects.filter(removed_at__isnull=True)),
        Prefetch("timeline", queryset=_timeline()),
    )
    return get_object_or_404(queryset, pk=pk)


def _timeline() -> QuerySet[TimelineEntry]:
    return TimelineEntry.objects.select_related(*person_related("actor")).order_by("created_at", "pk")


def top_level_comments(issue: Issue) -> QuerySet[Comment]:
    """An issue's top-level comments with their authors' names and badges (replies: attach_latest_replies)."""
    return Comment.objects.select_related(*person_related("author")).filter(issue=issue, parent__isnull=True)


def area_by_slug(slug: str) -> Area:
    return get_object_or_404(Area, slug=slug)


def areas() -> list[Area]:
    return area_tree()


def agencies() -> list[Agency]:
    return list(
        Agency.objects.order_by("name").prefetch_related(
            Prefetch("categories", queryset=AgencyCategory.objects.order_by("category"))
        )
    )


def agency(pk: int) -> Agency:
    return get_object_or_404(Agency, pk=pk)


def responses_of_agency(agency_obj: Agency) -> QuerySet[OfficialResponse]:
    return OfficialResponse.objects.filter(agency=agency_obj)


def rounds(area: Area | None) -> QuerySet[PriorityRound]:
    queryset = PriorityRound.objects.select_related("area")
    if area is not None:
        queryset = queryset.filter(area__path__startswith=area.path)
    return queryset


def round_results(round_: PriorityRound) -> list[RoundTotal] | None:
    """The standing as its page shows it: None while a round keeps it until the close."""
    from votes.queries import round_standing

    if round_.closed_at is None and round_.standing == PriorityRound.Standing.AFTER_CLOSE:
        return None
    return round_standing(round_)


def round_by_pk(pk: int) -> PriorityRound:
    return get_object_or_404(PriorityRound.objects.select_related("area"), pk=pk)


def moderation_log(*, area: Area | None, kind: str) -> QuerySet[ModerationAction]:
    queryset = ModerationAction.objects.select_related("area", *person_related("actor"))
    if area is not None:
        queryset = queryset.filter(area__path__startswith=area.path)
    if kind in ModerationAction.Kind.values:
        queryset = queryset.filter(kind=kind)
    return queryset


def visible_issue_ids(ids) -> set[int]:
    return set(Issue.objects.filter(pk__in=ids, hidden=False).values_list("pk", flat=True))
