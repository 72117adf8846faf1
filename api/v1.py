"""The read API, /api/v1/: everything public on the site, as JSON, with an OpenAPI 3 schema.

django-ninja generates the schema from these signatures and the response schemas
(api/schemas.py); the documentation page at /api/v1/docs/ is Swagger UI from ninja's own
static files (no CDN). Every list is cursor-paginated (api/cursor.py) and costs a fixed
number of queries whatever its page size. The API has no viewer: it answers everyone as it
answers a visitor, so hidden text never leaves (api/present.py).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from django.conf import settings
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Path, Query
from ninja.errors import HttpError, ValidationError

from accounts.models import Area
from api import cursor, http, present, reads
from api import schemas as s
from comments import queries as comment_queries
from issues.models import CATEGORY_LABELS, STATUS_LABELS, Category, Status
from moderation.models import ModerationAction
from responses import accountability
from responses import queries as response_queries

api = NinjaAPI(
    title="Balai Warga read API",
    version="1",
    description=(
        "Everything public on Balai Warga: issues, threads, official responses, tallies, rounds, areas, "
        "agencies, accountability figures and the moderation log. Open to all (CORS), no key needed; "
        f"data under {settings.OPEN_DATA_LICENCE}. Lists are cursor-paginated: follow `next`. "
        "Send `Accept-Language: id` for Indonesian labels."
    ),
    urls_namespace="api-v1",
    docs_url="/docs/",
    openapi_url="/schema/",
)

# A row's id in a path: positive, and within what the database stores (a larger one is a 422, not a 500).
Id = Annotated[int, Path(ge=1, le=2**63 - 1)]
PageSize = Query(None, ge=1, le=settings.API_MAX_PAGE_SIZE, description="Rows a page (default API_PAGE_SIZE)")
CursorParam = Query(None, description="The `next` link's cursor; omit for the first page")


@api.exception_handler(cursor.BadCursor)
def bad_cursor(request, exc):
    return api.create_response(
        request, {"detail": _("This cursor is not valid here; start from the first page.")}, status=400
    )


@api.exception_handler(ValidationError)
def invalid_input(request, exc):
    return api.create_response(request, {"detail": _("Invalid query parameters."), "errors": exc.errors}, status=422)


def _size(page_size: int | None) -> int:
    return page_size or settings.API_PAGE_SIZE


def _next_url(request: HttpRequest, next_cursor: str | None) -> str | None:
    if next_cursor is None:
        return None
    query = request.GET.copy()
    query["cursor"] = next_cursor
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def _area_or_none(slug: str | None) -> Area | None:
    if not slug:
        return None
    area = Area.objects.filter(slug=slug).first()
    if area is None:
        raise HttpError(404, _("No area with this slug."))
    return area


def _bbox(text: str | None) -> tuple[float, float, float, float] | None:
    if not text:
        return None
    try:
        west, south, east, north = (float(part) for part in text.split(","))
    except ValueError:
        raise HttpError(400, _("bbox is west,south,east,north in degrees.")) from None
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        raise HttpError(400, _("bbox is west,south,east,north in degrees."))
    return west, south, east, north


# --- Issues -------------------------------------------------------------------------------


@api.get("/issues", response={200: s.IssuePage, 400: s.Error, 404: s.Error}, tags=["issues"])
def list_issues(
    request,
    area: str | None = Query(None, description="Area slug: that area and every area below it"),
    category: Literal[tuple(Category.values)] | None = None,  # type: ignore[valid-type]
    status: Literal[tuple(Status.values)] | None = None,  # type: ignore[valid-type]
    q: str | None = Query(None, max_length=200, description="Words in the title or description"),
    sort: Literal[reads.SORTS] = Query("newest", description="priority, newest, discussed or waiting"),  # type: ignore[valid-type]
    bbox: str | None = Query(
        None, description="west,south,east,north (WGS84 degrees)", pattern=r"^[-+.\d]+,[-+.\d]+,[-+.\d]+,[-+.\d]+$"
    ),
    updated_since: datetime | None = Query(None, description="Only issues changed at or after this time"),
    cursor_: str | None = Query(None, alias="cursor", description="The `next` link's cursor"),
    page_size: int | None = PageSize,
):
    """Visible issues (hidden ones are left out of lists, as on the site)."""
    queryset = reads.issues(
        area=_area_or_none(area),
        category=category or "",
        status=status or "",
        q=(q or "").replace("\x00", ""),
        sort=sort,
        bbox=_bbox(bbox),
        updated_since=updated_since,
    )
    found = cursor.page(queryset, _ordering(sort), cursor_, _size(page_size))
    return {
        "results": [present.issue_row(request, i) for i in found.rows],
        "next": _next_url(request, found.next_cursor),
    }


def _ordering(sort: str) -> tuple[str, ...]:
    from issues.queries import ORDERINGS

    return ORDERINGS[sort]


@api.get("/issues/{issue_id}", response={200: s.Issue, 404: s.Error}, tags=["issues"])
def get_issue(request, issue_id: Id):
    """One issue with its public timeline and response clock. A hidden issue answers with its notice only."""
    issue = reads.issue(issue_id)
    http.set_last_modified(request, issue.updated_at)
    return present.issue_detail(request, issue, response_queries.clock_of(issue.pk))


@api.get("/issues/{issue_id}/comments", response={200: s.CommentPage, 400: s.Error, 404: s.Error}, tags=["issues"])
def list_comments(
    request,
    issue_id: Id,
    cursor_: str | None = Query(None, alias="cursor", description="The `next` link's cursor"),
    page_size: int | None = PageSize,
):
    """Top-level comments, oldest first, each with its latest replies. Hidden and retracted
    comments appear as their public notice: their text is never sent."""
    issue = comment_queries.issue_for_thread(issue_id)
    top = reads.top_level_comments(issue)
    found = cursor.page(top, ("created_at", "id"), cursor_, _size(page_size))
    comment_queries.attach_latest_replies(found.rows, settings.COMMENT_REPLIES_SHOWN)
    return {
        "results": [present.comment(c, with_replies=True) for c in found.rows],
        "next": _next_url(request, found.next_cursor),
    }


@api.get("/issues/{issue_id}/responses", response={200: list[s.OfficialResponse], 404: s.Error}, tags=["issues"])
def list_responses(request, issue_id: Id):
    """Every official response, oldest first, with all its versions and its commitment's progress."""
    comment_queries.issue_for_thread(issue_id)  # 404 for an unknown issue
    return [present.official_response(r) for r in response_queries.responses_of(issue_id)]


@api.get("/issues/{issue_id}/tally", response={200: s.Tally, 404: s.Error}, tags=["votes"])
def get_tally(request, issue_id: Id):
    """The issue's support count (never who supported it)."""
    issue = comment_queries.issue_for_thread(issue_id)
    return {
        "issue": issue.pk,
        "support_count": issue.support_count,
        "status": present.label(issue.status, STATUS_LABELS),
    }


# --- Rounds -------------------------------------------------------------------------------


def _round(round_, results) -> dict:
    return {
        "id": round_.pk,
        "title": round_.title,
        "area": present.area_ref(round_.area),
        "budget": round_.budget,
        "standing": round_.standing,
        "closes_at": round_.closes_at,
        "closed_at": round_.closed_at,
        "voters_count": round_.voters_count,
        "eligible_count": round_.eligible_count,
        "results": None
        if results is None
        else [
            {"rank": t.rank, "issue": t.issue_id, "title": t.issue.public_title, "points": t.points, "voters": t.voters}
            for t in results
        ],
    }


@api.get("/rounds", response={200: list[s.Round], 404: s.Error}, tags=["votes"])
def list_rounds(request, area: str | None = Query(None, description="Area slug (and below)")):
    """Priority rounds, newest first, without their standings (ask one round for it)."""
    rows = reads.rounds(_area_or_none(area)).order_by("-created_at", "-id")[: settings.API_MAX_PAGE_SIZE]
    return [_round(r, None) for r in rows]


@api.get("/rounds/{round_id}", response={200: s.Round, 404: s.Error}, tags=["votes"])
def get_round(request, round_id: Id):
    """One round with its standing (live, or frozen at the close); null while it is kept until the close."""
    round_ = reads.round_by_pk(round_id)
    return _round(round_, reads.round_results(round_))


# --- Places and who answers ----------------------------------------------------------------


def _area(area: Area, parents: dict[int, str]) -> dict:
    return {
        "slug": area.slug,
        "name": area.name,
        "parent": parents.get(area.parent_id),
        "depth": area.depth,
        "level": area.level_label,
        "path": area.path,
    }


@api.get("/areas", response=list[s.Area], tags=["places"])
def list_areas(request):
    """Every area, parents before children (the tree: follow `parent`)."""
    tree = reads.areas()
    parents = {a.pk: a.slug for a in tree}
    return [_area(a, parents) for a in tree]


@api.get("/areas/{slug}", response={200: s.Area, 404: s.Error}, tags=["places"])
def get_area(request, slug: str):
    area = reads.area_by_slug(slug)
    parent = {area.parent_id: area.parent.slug} if area.parent_id else {}
    return _area(area, parent)


@api.get("/categories", response=list[s.Label], tags=["places"])
def list_categories(request):
    return [present.label(code, CATEGORY_LABELS) for code in Category.values]


def _agency(agency) -> dict:
    return {
        "id": agency.pk,
        "name": str(agency.name),
        "short_name": agency.short_name,
        "categories": [present.label(c.category, CATEGORY_LABELS) for c in agency.categories.all()],
    }


@api.get("/agencies", response=list[s.Agency], tags=["places"])
def list_agencies(request):
    """Agencies and the categories of issue they answer for."""
    return [_agency(a) for a in reads.agencies()]


@api.get(
    "/agencies/{agency_id}/responses",
    response={200: s.AgencyResponsePage, 400: s.Error, 404: s.Error},
    tags=["issues"],
)
def list_agency_responses(
    request,
    agency_id: Id,
    cursor_: str | None = Query(None, alias="cursor", description="The `next` link's cursor"),
    page_size: int | None = PageSize,
):
    """An agency's responses, newest first, each with its versions and commitment."""
    found = cursor.page(
        reads.responses_of_agency(reads.agency(agency_id)), ("-created_at", "-id"), cursor_, _size(page_size)
    )
    full = {r.pk: r for r in response_queries.responses_of_ids([r.pk for r in found.rows])}
    return {
        "results": [present.official_response(full[r.pk]) for r in found.rows],
        "next": _next_url(request, found.next_cursor),
    }


# --- Accountability and moderation --------------------------------------------------------


@api.get("/accountability", response=s.Accountability, tags=["accountability"])
def get_accountability(request):
    """Per agency and per area: awaiting and overdue answers, median days to a first response,
    the share of judged responses residents found answering, commitments kept, late and open."""
    report = accountability.report()
    return {
        "agencies": [present.figures(f) for f in report.agencies],
        "areas": [present.figures(f, slug=f.key.slug if f.key is not None else None) for f in report.areas],
    }


@api.get("/moderation-log", response={200: s.ModerationPage, 400: s.Error, 404: s.Error}, tags=["moderation"])
def list_moderation_log(
    request,
    area: str | None = Query(None, description="Area slug (and below)"),
    kind: Literal[tuple(ModerationAction.Kind.values)] | None = None,  # type: ignore[valid-type]
    cursor_: str | None = Query(None, alias="cursor", description="The `next` link's cursor"),
    page_size: int | None = PageSize,
):
    """The public moderation log, newest first: what, which item, the public reason, who, when."""
    queryset = reads.moderation_log(area=_area_or_none(area), kind=kind or "")
    found = cursor.page(queryset, ("-created_at", "-id"), cursor_, _size(page_size))
    return {"results": [present.moderation_act(a) for a in found.rows], "next": _next_url(request, found.next_cursor)}


def not_found(request, exc):
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


api.exception_handler(Http404)(not_found)
