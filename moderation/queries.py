"""Reads the moderation pages share, already joined: each page costs the same few queries
however many rows it shows."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, Min, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts import permissions
from accounts.models import Area
from accounts.queries import person_related
from comments.models import Comment
from issues.models import Issue
from moderation import rules as moderation_rules
from moderation.models import Appeal, ModerationAction, Report, Suspension

KINDS = ("issue", "comment")


def item_for(kind: str, pk: int):
    """The issue or comment ``pk`` with what the moderation pages print, or 404."""
    if kind == "issue":
        return get_object_or_404(Issue.objects.select_related("area", *person_related("author")), pk=pk)
    if kind == "comment":
        related = ("issue__area", *person_related("author"))
        return get_object_or_404(Comment.objects.select_related(*related), pk=pk)
    raise Http404


def kind_of(item) -> str:
    return "comment" if isinstance(item, Comment) else "issue"


def area_of(item) -> Area:
    return item.issue.area if isinstance(item, Comment) else item.area


def _item_filter(item, prefix: str = "") -> Q:
    if isinstance(item, Comment):
        return Q(**{f"{prefix}comment": item})
    return Q(**{f"{prefix}issue": item, f"{prefix}comment__isnull": True})


def reports_for(viewer, item) -> list[Report] | None:
    """The open reports on ``item`` if ``viewer`` may read reports (moderators of its area,
    administrators); None otherwise, so a page for anyone else never holds a reporter's name."""
    if not permissions.can(viewer, moderation_rules.read_reports, item):
        return None
    return open_reports(item)


def open_reports(item) -> list[Report]:
    """Every open report on ``item``, unchecked: for moderation's own code, not for pages (see reports_for)."""
    return list(
        Report.objects.filter(_item_filter(item), resolved_by__isnull=True)
        .select_related(*person_related("reporter"))
        .order_by("created_at", "pk")
    )


def _actions() -> QuerySet[ModerationAction]:
    return ModerationAction.objects.select_related(
        "area", "issue", "comment", "target_issue", "appeal", *person_related("actor"), *person_related("subject")
    )


def acts_on(item, limit: int = 50) -> list[ModerationAction]:
    """The public record of one item, newest first."""
    return list(_actions().filter(_item_filter(item)).order_by("-created_at", "-pk")[:limit])


def current_hide(item) -> ModerationAction | None:
    """The hide that keeps ``item`` hidden now, if it is hidden."""
    if not item.hidden:
        return None
    return (
        ModerationAction.objects.filter(_item_filter(item), kind=ModerationAction.Kind.HIDE)
        .order_by("-created_at", "-pk")
        .first()
    )


def suspension_of(action: ModerationAction) -> Suspension | None:
    try:
        return action.suspension
    except Suspension.DoesNotExist:
        return None


def action_for_page(pk: int) -> ModerationAction:
    queryset = _actions().select_related(
        "suspension",
        "issue__area",
        "comment__issue",
        "appeal__decided_by__profile",
        *person_related("appeal__appellant"),
    )
    return get_object_or_404(queryset, pk=pk)


# --- The public log ---------------------------------------------------------------------


@dataclass
class LogFilters:
    area: Area | None = None
    actor: int | None = None
    kind: str = ""
    page: int = 1


@dataclass
class LogPage:
    actions: list[ModerationAction]
    number: int
    has_next: bool
    filters: LogFilters = field(default_factory=LogFilters)

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def log_page(filters: LogFilters) -> LogPage:
    """One page of the public log, newest first: one query (one row more than shown says
    whether there is a next page; no COUNT over the whole log)."""
    per_page = settings.MODERATION_LOG_PER_PAGE
    queryset = _actions().order_by("-created_at", "-pk")
    if filters.area is not None:
        queryset = queryset.filter(area__path__startswith=filters.area.path)
    if filters.actor:
        queryset = queryset.filter(actor_id=filters.actor)
    if filters.kind in ModerationAction.Kind.values:
        queryset = queryset.filter(kind=filters.kind)
    number = max(1, min(filters.page, 1000))
    offset = (number - 1) * per_page
    rows = list(queryset[offset : offset + per_page + 1])
    return LogPage(actions=rows[:per_page], number=number, has_next=len(rows) > per_page, filters=filters)


def moderators_for_filter() -> list:
    """Everyone who may moderate (moderators and administrators), for the log's filter."""
    users = (
        get_user_model()
        .objects.filter(Q(moderator_role__isnull=False) | Q(is_superuser=True))
        .select_related("profile")
    )
    return sorted(
        users, key=lambda u: (getattr(getattr(u, "profile", None), "display_name", "") or u.get_username()).lower()
    )


# --- The moderators' queue -------------------------------------------------------------------


@dataclass
class QueueRow:
    item: object
    kind: str
    count: int
    first_at: object
    reports: list[Report]


def _within_moderated(user, prefix: str) -> Q | None:
    """A filter to the areas ``user`` moderates (None: all areas)."""
    if user.is_superuser:
        return None
    r = permissions.roles(user)
    if r is None:
        return Q(pk__in=[])
    if r.moderates_all:
        return None
    condition = Q(pk__in=[])
    for path in r.moderator_paths:
        condition |= Q(**{f"{prefix}path__startswith": path})
    return condition


def queue(user, page: int = 1) -> tuple[list[QueueRow], bool]:
    """Reported items in ``user``'s areas: most reports first, then the longest waiting.
    Four queries for any page: the grouped counts, the issues, the comments, the reports."""
    per_page = settings.MODERATION_QUEUE_PER_PAGE
    grouped = Report.objects.filter(resolved_by__isnull=True)
    scope = _within_moderated(user, "issue__area__")
    if scope is not None:
        grouped = grouped.filter(scope)
    grouped = (
        grouped.values("issue_id", "comment_id")
        .annotate(count=Count("id"), first_at=Min("created_at"))
        .order_by("-count", "first_at", "issue_id", "comment_id")
    )
    offset = (max(1, page) - 1) * per_page
    rows = list(grouped[offset : offset + per_page + 1])
    has_next, rows = len(rows) > per_page, rows[:per_page]
    issues = Issue.objects.select_related("area", *person_related("author")).in_bulk({r["issue_id"] for r in rows})
    comment_ids = {r["comment_id"] for r in rows if r["comment_id"]}
    comments = Comment.objects.select_related("issue__area", *person_related("author")).in_bulk(comment_ids)
    reports: dict[tuple, list[Report]] = {}
    if rows:
        wanted = Q(pk__in=[])
        for r in rows:
            wanted |= Q(issue_id=r["issue_id"], comment_id=r["comment_id"])
        for report in Report.objects.filter(wanted, resolved_by__isnull=True).select_related(
            *person_related("reporter")
        ):
            reports.setdefault((report.issue_id, report.comment_id), []).append(report)
    result = []
    for r in rows:
        item = comments[r["comment_id"]] if r["comment_id"] else issues[r["issue_id"]]
        key = (r["issue_id"], r["comment_id"])
        result.append(QueueRow(item, kind_of(item), r["count"], r["first_at"], reports.get(key, [])))
    return result, has_next


def appeals_to_decide(user) -> list[Appeal]:
    """Pending appeals ``user`` may decide: in their areas, not about their own act or themselves."""
    appeals = Appeal.objects.filter(state=Appeal.State.PENDING).exclude(action__actor=user).exclude(appellant=user)
    scope = _within_moderated(user, "action__area__")
    if scope is not None:
        appeals = appeals.filter(scope)
    related = (
        "action__area",
        "action__issue",
        "action__comment",
        *person_related("action__actor"),
        *person_related("appellant"),
    )
    return list(appeals.select_related(*related).order_by("created_at", "pk")[:100])


def appeal_for_page(pk: int) -> Appeal:
    related = (
        "action__area",
        "action__issue__area",
        "action__comment__issue",
        "action__suspension",
        *person_related("action__actor"),
        *person_related("appellant"),
    )
    return get_object_or_404(Appeal.objects.select_related(*related), pk=pk)


# --- A person's own record -----------------------------------------------------------------


def acts_about(user, limit: int = 100) -> list[ModerationAction]:
    """Hides of what ``user`` wrote and suspensions of ``user``, newest first, with their appeals."""
    kinds = [ModerationAction.Kind.HIDE, ModerationAction.Kind.SUSPEND]
    queryset = _actions().select_related("suspension").filter(subject=user, kind__in=kinds)
    return list(queryset.order_by("-created_at", "-pk")[:limit])


def active_suspensions(user) -> list[Suspension]:
    from django.utils import timezone

    return list(
        Suspension.objects.filter(user=user, lifted_at__isnull=True, ends_at__gt=timezone.now()).select_related(
            "action", "area"
        )
    )
