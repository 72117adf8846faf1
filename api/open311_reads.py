"""The reads Open311 needs: a page of requests and what each one shows, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from datetime import UTC, datetime

from django.db.models import Q

from api.models import Open311Client
from api.reads import ROW_FIELDS, with_updated_at
from issues.models import Issue, IssuePhoto
from responses import queries as response_queries
from responses.models import AgencyCategory, OfficialResponse, ResponseVersion

SERVICES_CHANGED = datetime(2026, 12, 4, tzinfo=UTC)
REQUEST_FIELDS = (*ROW_FIELDS, "description", "address", "hidden_reason", "hidden_note", "hidden_automatically")


def _requests():
    return with_updated_at(Issue.objects.select_related("area").only(*REQUEST_FIELDS))


def requests_by_ids(ids: list[int]) -> list[Issue]:
    """The asked-for requests (hidden ones too: they answer with their notice), in the order asked."""
    found = {i.pk: i for i in _requests().filter(pk__in=ids)}
    return [found[pk] for pk in dict.fromkeys(ids) if pk in found]


def requests_between(start, end, *, codes: list[str], statuses: list[str], closed: set[str], limit: int) -> list[Issue]:
    """Visible requests made between ``start`` and ``end``, the newest first, at most ``limit``."""
    queryset = _requests().filter(hidden=False, created_at__gte=start, created_at__lte=end)
    if codes:
        queryset = queryset.filter(category__in=codes)
    if statuses and set(statuses) != {"open", "closed"}:
        is_closed = Q(status__in=closed)
        queryset = queryset.filter(is_closed if statuses == ["closed"] else ~is_closed)
    return list(queryset.order_by("-created_at", "-id")[:limit])


@dataclass
class RequestExtras:
    clocks: dict = field(default_factory=dict)
    latest_responses: dict = field(default_factory=dict)
    first_photos: dict = field(default_factory=dict)


def extras(issues: list[Issue]) -> RequestExtras:
    """Clocks, latest responses (with their current text) and first photos of ``issues``: four queries."""
    ids = [i.pk for i in issues]
    if not ids:
        return RequestExtras()
    latest = {}
    for response in (
        OfficialResponse.objects.filter(issue_id__in=ids)
        .select_related("agency")
        .order_by("issue_id", "created_at", "pk")
    ):
        latest[response.issue_id] = response  # the last one per issue wins
    if latest:
        bodies = dict(  # the newest version of each response (iterated last) wins
            ResponseVersion.objects.filter(response__in=list(latest.values()))
            .order_by("response_id", "number")
            .values_list("response_id", "body")
        )
        for response in latest.values():
            response.current_body = bodies.get(response.pk, "")
    photos = {}
    for photo in IssuePhoto.objects.filter(issue_id__in=ids, removed_at__isnull=True).order_by(
        "issue_id", "-position", "-pk"
    ):
        photos[photo.issue_id] = photo  # the first by position wins (iterated last)
    return RequestExtras(clocks=response_queries.clocks_of_issues(issues), latest_responses=latest, first_photos=photos)


def agencies_by_category() -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    for row in AgencyCategory.objects.select_related("agency").order_by("agency__name"):
        result.setdefault(row.category, []).append(row.agency.short_name or row.agency.name)
    return result


def changeset() -> datetime:
    """When the list of services last changed: the categories are fixed in code since then."""
    return SERVICES_CHANGED


def client_for_key(key_digest: str) -> Open311Client | None:
    return (
        Open311Client.objects.filter(key_digest=key_digest, revoked_at__isnull=True)
        .select_related("area", "account")
        .first()
    )
