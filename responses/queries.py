"""Reads about who owes an answer, by when, and what was answered."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from accounts import permissions
from accounts.models import Agency, Area, OfficialRole
from accounts.queries import person_related
from issues.models import Issue
from responses import accountability, calendar
from responses.models import (
    AgencyCategory,
    AreaPolicy,
    Commitment,
    CommitmentUpdate,
    OfficialResponse,
    ResponseClock,
    ResponseVersion,
    Verdict,
)
from responses import rules as response_rules

# --- Policy ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Policy:
    support_threshold: int
    window_days: int
    escalation_days: int
    day_kind: str = calendar.DayKind.CALENDAR
    set_at: Area | None = None  # the nearest area that sets anything, for "set by …"


def ancestor_slugs(area: Area) -> list[str]:
    """The slugs of ``area`` and every area above it, from the paths (no query)."""
    return area.path.strip("/").split("/")


def policy_for(area: Area) -> Policy:
    """The area's policy: each value from the nearest area (itself or above) that sets it. One query."""
    rows = sorted(
        AreaPolicy.objects.filter(area__slug__in=ancestor_slugs(area)).select_related("area"),
        key=lambda p: -p.area.depth,
    )

    def nearest(field: str, default):
        return next((getattr(p, field) for p in rows if getattr(p, field) not in (None, "")), default)

    return Policy(
        support_threshold=nearest("support_threshold", AreaPolicy.DEFAULT_THRESHOLD),
        window_days=nearest("window_days", AreaPolicy.DEFAULT_WINDOW_DAYS),
        escalation_days=nearest("escalation_days", AreaPolicy.DEFAULT_ESCALATION_DAYS),
        day_kind=nearest("day_kind", calendar.DayKind.CALENDAR),
        set_at=rows[0].area if rows else None,
    )


# --- Responsibility ---------------------------------------------------------------------


@dataclass(frozen=True)
class Duty:
    """Who must answer an issue: what the permission rules read (``area``, ``agency_id``)."""

    issue: Issue
    agency: Agency | None

    @property
    def area(self) -> Area:
        return self.issue.area

    @property
    def agency_id(self) -> int | None:
        return self.agency.pk if self.agency else None


def responsible_agency(issue: Issue) -> Agency | None:
    """The agency whose officials serve the issue's area and which answers for its category.

    Nearest serving area wins (an RW-level posting before a city-wide one), then the
    agency's name. If no serving agency declares the category, a serving agency that
    declares no categories at all (a general one) answers; otherwise nobody does until
    an administrator assigns one. Three queries.
    """
    through = OfficialRole.areas.through
    serving: dict[int, int] = {}
    for agency_id, depth in through.objects.filter(area__slug__in=ancestor_slugs(issue.area)).values_list(
        "officialrole__agency_id", "area__depth"
    ):
        serving[agency_id] = max(depth, serving.get(agency_id, -1))
    if not serving:
        return None
    declared: dict[int, set[str]] = {}
    for agency_id, category in AgencyCategory.objects.filter(agency_id__in=serving).values_list(
        "agency_id", "category"
    ):
        declared.setdefault(agency_id, set()).add(category)
    answering = [a for a in serving if issue.category in declared.get(a, ())] or [
        a for a in serving if a not in declared
    ]
    if not answering:
        return None
    agencies = Agency.objects.in_bulk(answering)
    return min(agencies.values(), key=lambda a: (-serving[a.pk], a.name))


def duty_for(issue: Issue, clock: ResponseClock | None = None) -> Duty:
    """Once the clock runs, its agency answers (an admin may have reassigned it); before, the computed one."""
    if clock is None:
        clock = ResponseClock.objects.filter(issue=issue).select_related("agency").first()
    if clock is not None:
        return Duty(issue, clock.agency)
    return Duty(issue, responsible_agency(issue))


# --- The issue page ---------------------------------------------------------------------


def responses_of(issue_id: int) -> list[OfficialResponse]:
    """Every response of an issue with its versions, commitment and progress, oldest first."""
    return _responses(OfficialResponse.objects.filter(issue_id=issue_id))


def responses_of_ids(ids: list[int]) -> list[OfficialResponse]:
    return _responses(OfficialResponse.objects.filter(pk__in=ids)) if ids else []


def _responses(queryset) -> list[OfficialResponse]:
    """Four queries, whatever the number of responses, versions and progress notes.

    Each response gets ``current`` (its newest version), ``earlier`` (newest first) and
    ``commitment_or_none``.
    """
    responses = list(
        queryset.select_related("agency", "issue__area", *person_related("author"))
        .prefetch_related(
            Prefetch("versions", queryset=ResponseVersion.objects.select_related(*person_related("author"))),
            Prefetch(
                "commitment__updates", queryset=CommitmentUpdate.objects.select_related(*person_related("author"))
            ),
        )
        .order_by("created_at", "pk")
    )
    for response in responses:
        versions = list(response.versions.all())
        response.current, response.earlier = versions[-1], versions[:-1][::-1]
        try:
            response.commitment_or_none = response.commitment
        except Commitment.DoesNotExist:
            response.commitment_or_none = None
    return responses


def clock_of(issue_id: int) -> ResponseClock | None:
    return ResponseClock.objects.filter(issue_id=issue_id).select_related("agency", "issue__area").first()


def clocks_of_issues(issues) -> dict[int, ResponseClock]:
    """The clocks of the listed issues by issue id, in one query (none when nothing is listed).

    A list page asks this for all its rows, then each row shows its own clock from the map.
    """
    ids = {issue.pk for issue in issues}
    if not ids:
        return {}
    return {c.issue_id: c for c in ResponseClock.objects.filter(issue_id__in=ids).select_related("agency")}


def clocks_when_needed(issues):
    """``clocks_of_issues``, read only when a row is rendered: a list whose rows all come from
    the cache (core.pagecache.fragments) spends no query on clocks."""
    return SimpleLazyObject(lambda: clocks_of_issues(issues))


def own_verdict(user, response: OfficialResponse | None) -> Verdict | None:
    if response is None or not getattr(user, "is_authenticated", False):
        return None
    return Verdict.objects.filter(response=response, user=user).first()


def response_for_page(pk: int) -> OfficialResponse:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(OfficialResponse.objects.select_related("issue__area", "agency"), pk=pk)


def latest_response_id(issue_id: int) -> int | None:
    return (
        OfficialResponse.objects.filter(issue_id=issue_id)
        .order_by("-created_at", "-pk")
        .values_list("pk", flat=True)
        .first()
    )


# --- The officials' queue -------------------------------------------------------------


def area_filter(paths: list[str], prefix: str = "issue__area") -> Q:
    """Issues in any of the areas (given by path) or below them."""
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{prefix}__path__startswith": path})
    return q


def respond_queue(official) -> list[ResponseClock]:
    """Issues of the official's agency and areas awaiting an answer: overdue first, then by support."""
    from accounts import permissions

    r = permissions.roles(official)
    if r is None or r.agency_id is None:
        return []
    now = timezone.now()
    return list(
        ResponseClock.objects.filter(
            area_filter(r.official_paths), agency_id=r.agency_id, state=ResponseClock.State.AWAITING
        )
        .select_related("issue__area", "agency")
        .order_by(*_overdue_first(now), "-issue__support_count", "due_at", "pk")[:500]
    )


def _overdue_first(now):
    from django.db.models import Case, IntegerField, Value, When

    return [Case(When(due_at__lte=now, then=Value(0)), default=Value(1), output_field=IntegerField()).asc()]


# --- The issue and area pages' sections --------------------------------------------------


def issue_section(viewer, issue: Issue) -> dict:
    """What the issue page's response section shows (the caller adds the answer ``form``
    when ``may_respond``). A bounded number of queries (about ten)."""
    clock = clock_of(issue.pk)
    responses = responses_of(issue.pk)
    duty = duty_for(issue, clock) if clock is None else Duty(issue, clock.agency)
    latest = responses[-1] if responses else None
    for r in responses:
        r.is_latest = r is latest
    # Asked even before any answer, so the verdict buttons of an answer pushed live show at once.
    judge_refusal = permissions.why_not(
        viewer, response_rules.judge_response, issue, latest.agency_id if latest else duty.agency_id
    )
    return {
        "issue": issue,
        "clock": clock,
        "duty": duty,
        "policy": policy_for(issue.area),
        "responses": responses,
        "latest": latest,
        "may_respond": permissions.can(viewer, response_rules.respond_issue, duty),
        "may_judge": judge_refusal is None,
        "judge_refusal": judge_refusal,
        "own_verdict": own_verdict(viewer, latest) if judge_refusal is None and latest else None,
    }


def area_section(area: Area) -> dict:
    """What the area page's response section shows: the area's policy and its answer counts."""
    return {"area": area, "policy": policy_for(area), "counts": accountability.area_counts(area)}


# --- Printed and exported summaries (the notice board, a council member's pokir list) ----


@dataclass(frozen=True)
class AnswerLine:
    agency: str
    status: str
    text: str  # the first line of the newest version, shortened


def latest_answer_lines(issue_ids, length: int = 140) -> dict[int, AnswerLine]:
    """The latest official answer of each issue as one line, by issue id (one query)."""
    ids = list(issue_ids)
    if not ids:
        return {}
    lines: dict[int, AnswerLine] = {}
    versions = (
        ResponseVersion.objects.filter(response__issue_id__in=ids)
        .order_by("response__created_at", "response__pk", "number")
        .values_list(
            "response__issue_id", "response__agency__short_name", "response__agency__name", "response__status", "body"
        )
    )
    for issue_id, short_name, name, status, body in versions:
        first = next((line.strip() for line in body.splitlines() if line.strip()), "")
        text = first if len(first) <= length else first[: length - 1].rstrip() + "…"
        lines[issue_id] = AnswerLine(agency=short_name or name, status=status, text=text)
    return lines


def latest_commitments(issue_ids) -> dict[int, Commitment]:
    """The newest commitment of each issue, by issue id (one query)."""
    ids = list(issue_ids)
    if not ids:
        return {}
    latest: dict[int, Commitment] = {}
    for commitment in Commitment.objects.filter(issue_id__in=ids).select_related("agency").order_by("created_at", "pk"):
        latest[commitment.issue_id] = commitment
    return latest
