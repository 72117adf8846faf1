"""Reads the thread pages share, already joined: a page of a thread costs the
same few queries whether the issue has five comments or five thousand."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, F, QuerySet, Subquery, Window
from django.db.models.functions import RowNumber
from django.shortcuts import get_object_or_404
from django.urls import reverse

from accounts import permissions
from accounts.queries import person_related
from comments.models import Comment, CommentRevision
from core.templatetags.balai import display_name
from issues.models import Issue
from comments import rules as comment_rules

ORDERS = ("recent", "oldest")
DEFAULT_ORDER = "recent"
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

    The window that picks them runs over the comments table alone, and only then are the
    picked replies joined with their authors' names and badges. (A window over the joined
    rows, as a sliced Prefetch writes it, made PostgreSQL expect ~700,000 rows for a
    500-comment thread and spend over a second compiling the query with JIT.)
    """
    by_parent = {parent.pk: parent for parent in parents}
    for parent in parents:
        parent.latest_replies = []
    if not parents:
        return
    picked = (
        Comment.objects.filter(parent_id__in=list(by_parent))
        .annotate(
            rank=Window(RowNumber(), partition_by=F("parent_id"), order_by=[F("created_at").desc(), F("pk").desc()])
        )
        .filter(rank__lte=limit)
        .values("pk")
    )
    for reply in _comments().filter(pk__in=Subquery(picked)).order_by("-created_at", "-pk"):
        by_parent[reply.parent_id].latest_replies.append(reply)


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
        order = order or self.order
        query = f"?comments={order}" + (f"&comments_page={page}" if page and page > 1 else "")
        return f"{self.issue.get_absolute_url()}{query}#issue-{self.issue.pk}-thread"

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


def thread_for(issue: Issue, *, order: str = DEFAULT_ORDER, page_number=1) -> Thread:
    """Top-level comments of one page (COMMENTS_PER_PAGE), each with its latest replies.

    Three queries: the count, the page, and the replies of the page.
    """
    order = order if order in ORDERS else DEFAULT_ORDER
    top_level = _comments().filter(issue=issue, parent__isnull=True).order_by(*ORDERINGS[order])
    paginator = Paginator(top_level, settings.COMMENTS_PER_PAGE)
    paginator.count  # noqa: B018 - computed once here, not again by each page link
    page = paginator.get_page(page_number)
    comments = list(page.object_list)
    attach_latest_replies(comments, settings.COMMENT_REPLIES_SHOWN)
    return Thread(issue=issue, order=order, page=page, comments=comments)


def thread_section(viewer, issue: Issue, *, order: str = DEFAULT_ORDER, page_number=1) -> Thread:
    """The issue page's discussion: one page of the thread, and why ``viewer`` may not post (or None)."""
    thread = thread_for(issue, order=order, page_number=page_number)
    thread.refusal = permissions.why_not(viewer, comment_rules.post_comment, issue)
    return thread


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
