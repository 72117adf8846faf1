"""Reads the issue pages share, already joined, each a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from accounts.models import Area
from accounts.queries import person_related
from issues import search
from issues.models import Category, Follow, Issue, IssuePhoto, StagedPhoto, Status, TimelineEntry

# The sorts of the list: key → (label is in forms.SORT_CHOICES) ordering.
ORDERINGS = {
    # Most support first; among equals the one waiting longest (see issue_priority_idx).
    "priority": ("-support_count", "created_at", "id"),
    "newest": ("-created_at", "-id"),
    "discussed": ("-comment_count", "-created_at", "-id"),
    # Oldest issues still waiting for an answer (see issue_waiting_idx).
    "waiting": ("created_at", "id"),
}
WAITING_STATUSES = [Status.OPEN, Status.ACKNOWLEDGED]
STILL_OPEN = [Status.OPEN, Status.ACKNOWLEDGED, Status.IN_PROGRESS]
# Deep offsets get slow on a big table; past this page, narrowing the filters is the way.
MAX_PAGE = 250
# What a row of a list shows: nothing more is read (descriptions can be long).
ROW_FIELDS = (
    "id",
    "title",
    "category",
    "status",
    "area_id",
    "support_count",
    "comment_count",
    "created_at",
    "edited_at",
    "hidden",
    "locked",
    "merged_into_id",
    "author_id",
    "last_event_seq",  # the row's version (core.pagecache.fragments)
    "area__name",
    "area__slug",
)


@dataclass
class IssueFilters:
    q: str = ""
    area: Area | None = None
    category: str = ""
    status: str = ""
    sort: str = ""  # "" → relevance when searching, priority otherwise
    page: int = 1

    @property
    def effective_sort(self) -> str:
        if self.sort in ORDERINGS or (self.sort == "relevance" and self.q):
            return self.sort
        return "relevance" if self.q else "priority"


@dataclass
class IssuePage:
    issues: list[Issue]
    number: int
    has_next: bool
    per_page: int
    filters: IssueFilters | None = None
    capped: bool = False
    extra: dict = field(default_factory=dict)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.issues else 0

    @property
    def end_index(self) -> int:
        return self.start_index + len(self.issues) - 1 if self.issues else 0


def first_photo(issue_ref: str = "pk") -> Subquery:
    """The file name of an issue's first photo still shown, for a row's thumbnail: a subquery in
    the list's own query, so a page of rows costs no query more (``issue_ref`` points at the issue)."""
    photos = IssuePhoto.objects.filter(issue=OuterRef(issue_ref), removed_at__isnull=True).order_by("position", "pk")
    return Subquery(photos.values("image")[:1])


def listed() -> QuerySet[Issue]:
    """Issues as lists show them: visible ones, not merged into another (their discussion goes on
    there), with their area, only the columns a row prints, and the first photo's file (``first_photo``)."""
    return (
        Issue.objects.filter(hidden=False, merged_into__isnull=True)
        .select_related("area")
        .only(*ROW_FIELDS)
        .annotate(first_photo=first_photo())
    )


def located(queryset: QuerySet[Issue]) -> QuerySet[Issue]:
    """The issues of ``queryset`` that have a place on the map (merged ones live on in their target),
    with what a row shows and their point."""
    return queryset.filter(latitude__isnull=False, longitude__isnull=False, merged_into__isnull=True).only(
        *ROW_FIELDS, "latitude", "longitude"
    )


def area_ids_within(area: Area, tree: list[Area] | None = None) -> list[int]:
    """Ids of ``area`` and every area below it (from an already loaded tree when given)."""
    if tree is None:
        return list(Area.objects.filter(path__startswith=area.path).values_list("id", flat=True))
    return [a.pk for a in tree if a.path.startswith(area.path)]


def filtered(filters: IssueFilters, tree: list[Area] | None = None) -> QuerySet[Issue]:
    queryset = listed()
    if filters.area is not None:
        if tree is None:  # the area and those below it, by the path the list already joins
            queryset = queryset.filter(area__path__startswith=filters.area.path)
        else:
            queryset = queryset.filter(area_id__in=area_ids_within(filters.area, tree))
    if filters.category in Category.values:
        queryset = queryset.filter(category=filters.category)
    if filters.status in Status.values:
        queryset = queryset.filter(status=filters.status)
    sort = filters.effective_sort
    if sort == "waiting":
        queryset = queryset.filter(status__in=WAITING_STATUSES)
    if filters.q.strip():
        queryset = search.search(queryset, filters.q)
    if sort == "relevance":
        return search.ranked(queryset)
    return queryset.order_by(*ORDERINGS[sort])


def page_of(queryset: QuerySet[Issue], number: int, per_page: int | None = None) -> IssuePage:
    """One page of a sorted queryset in one query: no COUNT over the whole table, one row more
    than shown tells whether there is a next page."""
    per_page = per_page or settings.ISSUES_PER_PAGE
    capped = number > MAX_PAGE
    number = max(1, min(number, MAX_PAGE))
    offset = (number - 1) * per_page
    rows = list(queryset[offset : offset + per_page + 1])
    return IssuePage(
        issues=rows[:per_page],
        number=number,
        has_next=len(rows) > per_page and number < MAX_PAGE,
        per_page=per_page,
        capped=capped,
    )


def issue_list(filters: IssueFilters, tree: list[Area] | None = None) -> IssuePage:
    page = page_of(filtered(filters, tree), filters.page)
    page.filters = filters
    return page


def home_lists(limit: int = 5) -> dict[str, list[Issue]]:
    """The home page's short lists: what residents back most, and what was raised last."""
    return {
        "priority": list(listed().order_by(*ORDERINGS["priority"])[:limit]),
        "recent": list(listed().order_by(*ORDERINGS["newest"])[:limit]),
    }


def similar_open_issues(title: str, area: Area | None, exclude_pk: int | None = None, limit: int = 5) -> list[Issue]:
    """Open issues about the same place whose titles share words with ``title``: in ``area``,
    below it, or in an area containing it (a drain in an RW may be raised for the whole kelurahan)."""
    if area is None:
        return []
    related = Q(area__path__startswith=area.path) | Q(area__slug__in=area.path.strip("/").split("/"))
    queryset = listed().filter(related, status__in=STILL_OPEN)
    if exclude_pk:
        queryset = queryset.exclude(pk=exclude_pk)
    return list(search.similar(queryset, title)[:limit])


def opened_by(user, limit: int = 20) -> list[Issue]:
    """The latest issues ``user`` opened that lists show (a public profile)."""
    return list(listed().filter(author=user).order_by("-created_at", "-id")[:limit])


def followed_by(user, number: int) -> IssuePage:
    """Issues ``user`` follows, the most recently followed first."""
    follows = (
        Follow.objects.filter(user=user, issue__hidden=False)
        .select_related("issue__area")
        .only(*(f"issue__{f}" for f in ROW_FIELDS), "created_at", "issue_id", "user_id")
        .annotate(first_photo=first_photo("issue_id"))
        .order_by("-created_at", "-id")
    )
    page = page_of(follows, number)
    for follow in page.issues:
        follow.issue.first_photo = follow.first_photo
    page.issues = [f.issue for f in page.issues]
    return page


def _responded() -> Exists:
    return Exists(TimelineEntry.objects.filter(issue=OuterRef("pk"), kind=TimelineEntry.Kind.RESPONSE))


def issue_for_page(viewer, pk: int) -> Issue:
    """The issue with everything its page shows, or 404.

    ``has_official_response`` is annotated so the edit rule needs no query of its own.
    """
    queryset = (
        Issue.objects.select_related("area", *person_related("author"), *person_related("assisted__recorded_by"))
        .annotate(has_official_response=_responded())
        .prefetch_related(
            Prefetch("photos", queryset=IssuePhoto.objects.filter(removed_at__isnull=True)),
            Prefetch("timeline", queryset=TimelineEntry.objects.select_related(*person_related("actor"))),
        )
    )
    return get_object_or_404(queryset, pk=pk)


class PageVersion(NamedTuple):
    slug: str
    seq: int


def page_version(pk: int) -> PageVersion | None:
    """What names the present state of an issue's page for a visitor (core.pagecache): its
    slug and the sequence number of its latest live event, which every change the page shows
    moves in the same transaction. None if there is no such issue."""
    issue = Issue.objects.filter(pk=pk).only("title", "hidden", "last_event_seq").first()
    return PageVersion(issue.slug, issue.last_event_seq) if issue else None


def issue_for_edit(pk: int) -> Issue:
    queryset = (
        Issue.objects.select_related("area", *person_related("author"), *person_related("assisted__recorded_by"))
        .annotate(has_official_response=_responded())
        .prefetch_related(Prefetch("photos", queryset=IssuePhoto.objects.filter(removed_at__isnull=True)))
    )
    return get_object_or_404(queryset, pk=pk)


def is_following(user, issue: Issue) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return Follow.objects.filter(user=user, issue=issue).exists()


@dataclass
class Version:
    """One version of an issue's text, for the history page."""

    number: int
    title: str
    description: str
    photos: list[IssuePhoto]
    edited_by: object
    at: object
    hidden: bool = False
    current: bool = False
    address: str = ""
    latitude: object = None
    longitude: object = None


def history(issue: Issue) -> list[Version]:
    """Every version of the issue, the current one first, in three queries."""
    revisions = list(issue.revisions.select_related(*person_related("edited_by")).order_by("-number"))
    ids = {pk for rev in revisions for pk in rev.photo_ids}
    photos = {p.pk: p for p in IssuePhoto.objects.filter(issue=issue, pk__in=ids)} if ids else {}
    current = Version(
        number=len(revisions) + 1,
        title=issue.title,
        description=issue.description,
        photos=[p for p in issue.photos.all() if p.removed_at is None],
        edited_by=revisions[0].edited_by if revisions else issue.author,
        at=issue.edited_at or issue.created_at,
        current=True,
        address=issue.address,
        latitude=issue.latitude,
        longitude=issue.longitude,
    )
    older = []
    for index, rev in enumerate(revisions):
        # A revision holds the text *before* an edit: its author and date are those of the edit before it.
        before = revisions[index + 1] if index + 1 < len(revisions) else None
        older.append(
            Version(
                number=rev.number,
                title=rev.title,
                description=rev.description,
                photos=[photos[pk] for pk in rev.photo_ids if pk in photos],
                edited_by=before.edited_by if before else issue.author,
                at=before.created_at if before else issue.created_at,
                hidden=rev.hidden,
                address=rev.address,
                latitude=rev.latitude,
                longitude=rev.longitude,
            )
        )
    return [current, *older]


def staged_photos(user, token) -> list[StagedPhoto]:
    if token is None or not getattr(user, "is_authenticated", False):
        return []
    return list(StagedPhoto.objects.filter(owner=user, token=token))


def kept_staged_photos(user, token, keep_ids) -> list:
    """The staged photos of ``token`` the resident ticked "keep", ready to store again."""
    from issues.photos import PreparedPhoto

    keep = {int(pk) for pk in keep_ids}
    if not keep or token is None:
        return []
    result = []
    for staged in StagedPhoto.objects.filter(owner=user, token=token, pk__in=keep):
        try:
            with staged.image.open("rb") as handle:
                content = handle.read()
        except FileNotFoundError:  # a concurrent submission of the same form used it already
            continue
        result.append(
            PreparedPhoto(
                content=content,
                extension=staged.image.name.rsplit(".", 1)[-1],
                width=staged.width,
                height=staged.height,
                original_name=staged.original_name,
                staged_id=staged.pk,
            )
        )
    return result
