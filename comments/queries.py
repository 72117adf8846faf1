"""Reads the thread pages share, already joined: a page of a thread costs the
same few queries whether the issue has five comments or five thousand."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import BooleanField, Count, F, Q, QuerySet, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import RowNumber
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.safestring import mark_safe

from accounts import permissions
from accounts.queries import person_related
from comments import fragments
from comments.models import Comment, CommentRevision
from core import pagecache
from core.templatetags.balai import display_name
from issues.models import Issue
from comments import rules as comment_rules

ORDERS = ("recent", "oldest")
DEFAULT_ORDER = "recent"
# Replies an expanded subthread brings in at a time (the permalink page pages them likewise).
REPLIES_AT_ONCE = 100
ORDERINGS = {"recent": ("-last_activity_at", "-pk"), "oldest": ("created_at", "pk")}


def issue_for_thread(pk: int) -> Issue:
    """The issue a write goes to (with its area, for the permission rules), or 404."""
    return get_object_or_404(Issue.objects.select_related("area"), pk=pk)


def _comments() -> QuerySet[Comment]:
    return Comment.objects.select_related(*person_related("author"), *person_related("assisted__recorded_by"))


def written_by(user, limit: int = 20) -> list[Comment]:
    """The latest comments of ``user`` everyone may read (not hidden, retracted, or on a hidden
    issue), with their issue's title: a public profile."""
    return list(
        Comment.objects.filter(author=user, hidden=False, retracted_at__isnull=True, issue__hidden=False)
        .select_related("issue")
        .only(
            "id", "body_html", "body_html_version", "body", "created_at", "issue__id", "issue__title", "issue__hidden"
        )
        .order_by("-created_at", "-id")[:limit]
    )


def comment_for_page(pk: int) -> Comment:
    """One comment with its issue (and area) and badged author, or 404."""
    queryset = _comments().select_related("issue__area", "parent")
    return get_object_or_404(queryset, pk=pk)


def comment_in(issue: Issue, pk) -> Comment | None:
    """The comment ``pk`` if it belongs to ``issue`` (a form's hidden field may say anything)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return Comment.objects.filter(issue=issue, pk=pk).select_related("parent").first()


def attach_latest_replies(parents: list[Comment], limit: int) -> None:
    """Give each top-level comment its ``limit`` latest replies (``latest_replies``), in one query.

    The replies are picked from the comments table alone, and only then joined with their
    authors' names and badges (a window over the joined rows made PostgreSQL expect ~700,000
    rows for a 500-comment thread). On PostgreSQL a LATERAL subquery reads at most ``limit``
    index entries per parent (comment_latest_replies), so a subthread of thousands of replies
    costs the page what a subthread of three does; elsewhere a window over the replies of the
    page's parents picks them.
    """
    by_parent = {parent.pk: parent for parent in parents}
    for parent in parents:
        parent.latest_replies = []
    if not parents:
        return
    for reply in _comments().filter(_is_latest_reply(list(by_parent), limit)).order_by("-created_at", "-pk"):
        by_parent[reply.parent_id].latest_replies.append(reply)


def _is_latest_reply(parent_ids: list[int], limit: int) -> Q | RawSQL:
    """A condition on a comment: one of the ``limit`` latest replies of one of ``parent_ids``."""
    if connection.vendor == "postgresql":
        # ARRAY(...) is computed once, before the join (an InitPlan), so the planner looks the
        # few picked ids up by primary key; as "id IN (subquery)" it misjudged the subquery's
        # size and scanned and hashed the whole comments table.
        table = connection.ops.quote_name(Comment._meta.db_table)
        return RawSQL(
            f"{table}.id = ANY(ARRAY(SELECT latest.id FROM unnest(%s::bigint[]) AS parent(id) CROSS JOIN LATERAL ("
            f"SELECT reply.id FROM {table} reply WHERE reply.parent_id = parent.id "
            f"ORDER BY reply.created_at DESC, reply.id DESC LIMIT %s) latest))",
            (parent_ids, limit),
            output_field=BooleanField(),
        )
    picked = (
        Comment.objects.filter(parent_id__in=parent_ids)
        .annotate(
            rank=Window(RowNumber(), partition_by=F("parent_id"), order_by=[F("created_at").desc(), F("pk").desc()])
        )
        .filter(rank__lte=limit)
        .values("pk")
    )
    return Q(pk__in=picked)


def earlier_replies(parent: Comment, before: Comment | None) -> tuple[list[Comment], int]:
    """Up to REPLIES_AT_ONCE replies of ``parent`` just before the reply ``before`` (or its latest
    ones), oldest first, and how many earlier ones remain: what "show earlier replies" brings in."""
    limit = REPLIES_AT_ONCE
    replies = _comments().filter(parent=parent)
    if before is not None:
        replies = replies.filter(_earlier_than(before))
    chunk = list(replies.order_by("-created_at", "-pk")[:limit])
    remaining = replies.filter(_earlier_than(chunk[-1])).count() if len(chunk) == limit else 0
    return chunk[::-1], remaining


def _earlier_than(reply: Comment) -> Q:
    """Before ``reply`` in the order replies are shown (time, then id)."""
    return Q(created_at__lt=reply.created_at) | Q(created_at=reply.created_at, pk__lt=reply.pk)


def reply_in(parent: Comment, pk) -> Comment | None:
    """The reply ``pk`` of ``parent``, if it is one (a query string may say anything)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return Comment.objects.filter(parent=parent, pk=pk).only("pk", "created_at").first()


@dataclass
class Thread:
    """One page of an issue's discussion, as the thread partial shows it."""

    issue: Issue
    order: str
    page: Page
    comments: list[Comment]
    refusal: str | None = None  # why the viewer cannot post here (None: they can)

    @property
    def insert(self) -> str:
        """Where a new top-level comment pushed live goes on this page, if it belongs here."""
        if self.order == "recent" and self.page.number == 1:
            return "prepend"
        if self.order == "oldest" and not self.page.has_next():
            return "append"
        return "none"

    def url(self, *, order: str | None = None, page: int | None = None) -> str:
        return f"{self.issue.get_absolute_url()}{self._query(order, page)}#issue-{self.issue.pk}-thread"

    def _query(self, order: str | None, page: int | None) -> str:
        order = order or self.order
        return f"?comments={order}" + (f"&comments_page={page}" if page and page > 1 else "")

    def replies_url(self, comment: Comment) -> str:
        """This page again with every reply of ``comment`` in place (the link without JavaScript)."""
        query = self._query(None, self.page.number)
        return f"{self.issue.get_absolute_url()}{query}&replies={comment.pk}#comment-{comment.pk}-replies"

    @property
    def participant_names(self) -> list[str]:
        """Names of the people taking part on this page, as printed (the issue's author first):
        what @mentions offer to complete, and what a reader without JavaScript can copy."""
        people = [self.issue.author] if "author" in self.issue._state.fields_cache else []
        for comment in self.comments:
            people.append(comment.author)
            people.extend(reply.author for reply in getattr(comment, "latest_replies", ()))
        names = (display_name(p) for p in people if p is not None and not getattr(p.profile, "erased_at", None))
        return list(dict.fromkeys(names))[:30]

    @property
    def newest_url(self) -> str:
        """Where new top-level comments are: the first page by activity."""
        return self.url(order="recent", page=1)


def thread_for(issue: Issue, *, order: str = DEFAULT_ORDER, page_number=1, expanded=None) -> Thread:
    """Top-level comments of one page (COMMENTS_PER_PAGE), each with its latest replies
    (COMMENT_REPLIES_SHOWN), and ``expanded`` (a comment's pk, if it is on the page) with up
    to REPLIES_AT_ONCE of them.

    Three queries (the count, the page, the replies of the page), a fourth when expanded.
    Each comment with earlier replies than it shows gets ``earlier_replies_url``: this page
    with them in place.
    """
    order = order if order in ORDERS else DEFAULT_ORDER
    # The page's ids are read off the order's index alone, then only those rows are joined with
    # their authors: joined first (or as "id IN (subquery)"), the planner sorted the whole thread.
    top_level = Comment.objects.filter(issue=issue, parent__isnull=True).order_by(*ORDERINGS[order])
    paginator = Paginator(top_level.values_list("pk", flat=True), settings.COMMENTS_PER_PAGE)
    paginator.count  # noqa: B018 - computed once here, not again by each page link
    page = paginator.get_page(page_number)
    comments = list(_comments().filter(pk__in=list(page.object_list)).order_by(*ORDERINGS[order]))
    attach_latest_replies(comments, settings.COMMENT_REPLIES_SHOWN)
    thread = Thread(issue=issue, order=order, page=page, comments=comments)
    for comment in comments:
        if str(comment.pk) == str(expanded) and comment.earlier_reply_count:
            comment.latest_replies = earlier_replies(comment, None)[0][::-1]
        if comment.earlier_reply_count:
            comment.earlier_replies_url = thread.replies_url(comment)
    return thread


@dataclass
class ThreadSection:
    """The issue page's discussion for one viewer: the page of the thread as everyone sees it
    (``listing``, HTML rendered with no viewer, as live pushes are), the names taking part on it,
    and why this viewer may not post (None: they can)."""

    issue: Issue
    listing: str
    participant_names: list[str]
    refusal: str | None


def thread_section(viewer, issue: Issue, *, order: str = DEFAULT_ORDER, page_number=1, expanded=None) -> ThreadSection:
    """The issue page's discussion. Its comments do not depend on who looks (per-viewer controls
    are revealed by CSS, a hidden text fetched by its author's browser): the page of the thread is
    rendered once per change of the issue (its live-event sequence moves with every comment, edit,
    hide or retraction) and shared by every viewer (core.pagecache.shared)."""
    order = order if order in ORDERS else DEFAULT_ORDER
    expanded = str(expanded) if str(expanded or "").isdigit() else None
    version = (issue.pk, issue.last_event_seq, order, page_number, expanded)

    def render() -> tuple[str, list[str]]:
        thread = thread_for(issue, order=order, page_number=page_number, expanded=expanded)
        return fragments.listing_html(thread), thread.participant_names

    if getattr(viewer, "is_authenticated", False) and _hid_from_others(viewer, issue):
        thread = thread_for(issue, order=order, page_number=page_number, expanded=expanded)
        listing, names = fragments.listing_html(thread, viewer), thread.participant_names
    else:
        listing, names = pagecache.shared("thread", version, render)
    refusal = permissions.why_not(viewer, comment_rules.post_comment, issue)
    listing = mark_safe(listing)  # noqa: S308 - a rendered template
    return ThreadSection(issue=issue, listing=listing, participant_names=names, refusal=refusal)


def _hid_from_others(viewer, issue: Issue) -> bool:
    """``viewer`` wrote a comment here that a moderator hid: their page shows them its text."""
    return Comment.objects.filter(issue=issue, author=viewer, hidden=True).exists()


def replies_page(comment: Comment, page_number=1, per_page: int = 100) -> Page:
    """All replies of a top-level comment, oldest first, a page at a time (the permalink page)."""
    replies = _comments().filter(parent=comment).order_by("created_at", "pk")
    page = Paginator(replies, per_page).get_page(page_number)
    comment.latest_replies = list(reversed(page.object_list))  # what the comment partial shows
    return page


def revisions_of(comment: Comment) -> list[CommentRevision]:
    """Earlier texts, oldest first (the history anyone may read)."""
    return list(comment.revisions.order_by("created_at", "pk"))


def thread_anchor_url(comment: Comment) -> str:
    """The permalink page that surely shows ``comment`` (its top-level comment with every reply)."""
    top = comment.parent_id or comment.pk
    return f"{reverse('comment_detail', kwargs={'pk': top})}#comment-{comment.pk}"


def comments_within(area=None) -> QuerySet:
    """Comments on the issues of ``area`` and the areas below it (all of them for None)."""
    return (
        Comment.objects.filter(issue__area__path__startswith=area.path) if area is not None else Comment.objects.all()
    )


def comments_per_author(area) -> QuerySet:
    """Rows of ``author`` and ``n``: how many comments each person wrote on the issues of
    ``area`` and the areas below it (one query when read; for votes' participation figures)."""
    return (
        Comment.objects.filter(issue__area__path__startswith=area.path)
        .values("author")
        .annotate(n=Count("pk"))
        .order_by()
    )
