"""Reads the vote, round and area pages share, each in a fixed number of queries."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from django.contrib.auth import get_user_model

from accounts import permissions
from accounts.models import Area, Profile
from accounts.queries import person_related
from comments import queries as comment_queries
from core import sql
from issues.models import Channel, Issue, Status
from votes import rules as vote_rules
from votes.models import Allocation, PriorityRound, RoundBallot, RoundTotal, Vote

OPEN_STATES = (Status.OPEN, Status.ACKNOWLEDGED, Status.IN_PROGRESS)
RECENT_DAYS = 30


def votable_issues() -> QuerySet[Issue]:
    """Issues that take support and round points: not resolved or declined, not hidden or merged."""
    return Issue.objects.filter(status__in=OPEN_STATES, hidden=False, merged_into__isnull=True)


def in_area(area: Area, prefix: str = "area") -> Q:
    """``area`` and every area below it."""
    return Q(**{f"{prefix}__path__startswith": area.path})


def verified_residents(area: Area) -> QuerySet[Profile]:
    """Profiles verified for their current home, which lies within ``area``."""
    return Profile.objects.filter(
        in_area(area, "home_area"), residency=Profile.Residency.VERIFIED, verified_area=F("home_area")
    )


# --- Who may vote, said to the person ------------------------------------------------


@dataclass
class Eligibility:
    reason: str | None  # None: may vote
    next_url: str = ""
    next_label: str = ""

    @property
    def allowed(self) -> bool:
        return self.reason is None


def eligibility(user, decide: permissions.Rule, obj, *, next_path: str = "") -> Eligibility:
    """Whether ``user`` may do what the vote rule ``decide`` guards to ``obj``, why not, and the step that would make them eligible."""
    reason = permissions.why_not(user, decide, obj)
    if reason is None:
        return Eligibility(None)
    if not getattr(user, "is_authenticated", False):
        return Eligibility(reason, f"{reverse('account_login')}?next={next_path}", _("Sign in"))
    if not permissions.roles(user).email_verified:
        return Eligibility(reason, reverse("account_email"), _("Confirm your e-mail address"))
    profile = getattr(user, "profile", None)
    home = profile.home_area_id if profile else None
    if home is None or not (profile.residency == Profile.Residency.VERIFIED and profile.verified_area_id == home):
        label = (
            _("See your request")
            if profile and profile.residency == Profile.Residency.PENDING
            else _("Ask to be verified")
        )
        return Eligibility(reason, reverse("profile") + "#residency", label)
    return Eligibility(reason)


# --- The issue page ------------------------------------------------------------------


def has_supported(user, issue: Issue) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return Vote.objects.filter(user=user, issue=issue, withdrawn_at__isnull=True).exists()


def assisted_supports(issue: Issue) -> int:
    """How many of the issue's standing supports a facilitator recorded (never who gave them).

    Kept on ``issue`` beside the tally it was counted with: a support POST shows it three times
    (the tally pushed in each language, the panel), and any change of it moves the tally."""
    known = getattr(issue, "_assisted_supports", None)
    if known is not None and known[0] == issue.support_count:
        return known[1]
    count = Vote.objects.filter(
        issue=issue, withdrawn_at__isnull=True, assisted__isnull=False, assisted__voided_at__isnull=True
    ).count()
    issue._assisted_supports = (issue.support_count, count)
    return count


def support_panel(request, issue: Issue, supported: bool | None = None) -> dict:
    """Context of the support panel: the tally for all, the controls for this viewer.

    ``supported`` may be given by a caller that just changed it (saves a query).
    """
    user = request.user
    return {
        "issue": issue,
        "supported": has_supported(user, issue) if supported is None else supported,
        "assisted_supports": assisted_supports(issue),
        "frozen": issue.status not in OPEN_STATES,
        "eligibility": eligibility(user, vote_rules.support_issue, issue, next_path=request.get_full_path()),
    }


# --- The area page -------------------------------------------------------------------


@dataclass
class Ranked:
    rank: int
    issue: Issue


def area_priorities(area: Area, limit: int = 10) -> tuple[list[Ranked], int]:
    """The area's open issues ranked by support (ties: older first), the first ``limit``, and how many there are."""
    issues = (
        votable_issues().filter(in_area(area)).select_related("area").order_by("-support_count", "created_at", "pk")
    )
    top = [Ranked(rank, issue) for rank, issue in enumerate(issues[:limit], start=1)]
    total = len(top) if len(top) < limit else issues.count()
    return top, total


@dataclass
class Participation:
    verified: int
    recent_voters: int
    participants: int = 0
    top_people: int = 0
    top_items: int = 0
    total_items: int = 0

    @property
    def top_share(self) -> float | None:
        return self.top_items / self.total_items if self.total_items else None


def area_participation(area: Area) -> Participation:
    """Verified residents, how many of them voted lately, and how concentrated the voice is.

    Concentration: the share of all issues and comments in the area written by the
    most active tenth of the people who wrote any (at least one person). Three queries.
    """
    since = timezone.now() - timedelta(days=RECENT_DAYS)
    residents = verified_residents(area)
    recent = residents.filter(
        Exists(Vote.objects.filter(user=OuterRef("user"), supported_at__gte=since))
        | Exists(RoundBallot.objects.filter(user=OuterRef("user"), updated_at__gte=since))
    )
    counts = residents.aggregate(verified=Count("pk"), recent=Count("pk", filter=Q(pk__in=recent.values("pk"))))
    result = Participation(verified=counts["verified"], recent_voters=counts["recent"])
    per_person: dict[int, int] = {}
    sources = (
        Issue.objects.filter(in_area(area)).values("author").annotate(n=Count("pk")),
        comment_queries.comments_per_author(area),
    )
    for rows in sources:
        for row in rows.order_by():
            per_person[row["author"]] = per_person.get(row["author"], 0) + row["n"]
    if per_person:
        ordered = sorted(per_person.values(), reverse=True)
        result.participants = len(ordered)
        result.top_people = max(1, math.ceil(len(ordered) / 10))
        result.top_items = sum(ordered[: result.top_people])
        result.total_items = sum(ordered)
    return result


@dataclass
class ChannelFigures:
    """Participation through one channel (online, assisted, reses): people, issues, comments, supports."""

    channel: str
    label: str
    people: int = 0
    issues: int = 0
    comments: int = 0
    supports: int = 0
    # What only a channel has (a recess meeting's aspirations, say), keyed for its template.
    extra: dict = field(default_factory=dict)


def participation_counts(area: Area | None = None) -> dict[str, QuerySet]:
    """The one-number reads of participation by channel that votes can answer, in ``area`` and
    below (everywhere for None), unexecuted (core.sql.scalars runs them in one query): issues
    opened through each channel; the comments and supports on them (the issues' public counts:
    acts of people, whatever channel opened the issue); and the distinct people with an account
    behind the online issues, comments and supports."""
    issues = Issue.objects.filter(in_area(area)) if area is not None else Issue.objects.all()
    comments = comment_queries.comments_within(area)
    votes = Vote.objects.filter(withdrawn_at__isnull=True)
    if area is not None:
        votes = votes.filter(in_area(area, "issue__area"))
    online = issues.filter(channel=Channel.ONLINE)
    # People with an account of their own: residents registered offline by a facilitator count in
    # the assisted row (reses.queries), not here.
    people = get_user_model().objects.filter(
        Exists(online.filter(author=OuterRef("pk")))
        | Exists(comments.filter(author=OuterRef("pk")))
        | Exists(votes.filter(user=OuterRef("pk"))),
        profile__recorded_by__isnull=True,
    )
    counts = {f"issues_{value}": sql.count_of(issues.filter(channel=value)) for value in Channel.values}
    counts.update(
        comments=sql.sum_of(issues, "comment_count"),
        supports=sql.sum_of(issues, "support_count"),
        people_online=sql.count_of(people),
    )
    return counts


def channel_rows(counts: dict[str, int]) -> dict[str, ChannelFigures]:
    """Participation by channel from ``participation_counts`` once run: every channel's issues;
    people, comments and supports in the online row (the other channels' apps fill theirs, and an
    assisted channel takes its own acts out of the online row)."""
    rows = {
        value: ChannelFigures(channel=value, label=label, issues=counts.get(f"issues_{value}", 0))
        for value, label in Channel.choices
    }
    online = rows[Channel.ONLINE]
    online.people, online.comments, online.supports = counts["people_online"], counts["comments"], counts["supports"]
    return rows


def area_rounds(area: Area, past: int = 5) -> tuple[PriorityRound | None, list[PriorityRound]]:
    """The area's round still taking ballots (if any) and its latest closed rounds."""
    rounds = list(PriorityRound.objects.filter(area=area).order_by("-created_at", "-pk")[: past + 1])
    current = next((r for r in rounds if r.closed_at is None), None)
    return current, [r for r in rounds if r.closed_at is not None][:past]


@dataclass
class PriorityList:
    """An area's official priority list: the frozen ranking of its latest closed round."""

    round: PriorityRound
    entries: list[RoundTotal] = field(default_factory=list)


def official_priority_list(area: Area, limit: int | None = None) -> PriorityList | None:
    """The frozen ranking of ``area``'s latest closed priority round, or None if it has none.

    Entries are RoundTotal rows (``rank``, ``points``, ``voters``, ``issue``) in rank order;
    the round carries ``voters_count``, ``eligible_count`` and ``participation_rate``.
    """
    latest = PriorityRound.objects.filter(area=area, closed_at__isnull=False).order_by("-closed_at", "-pk").first()
    if latest is None:
        return None
    entries = RoundTotal.objects.filter(round=latest, rank__isnull=False).select_related("issue__area").order_by("rank")
    return PriorityList(latest, list(entries[:limit] if limit else entries))


# --- Rounds --------------------------------------------------------------------------


def round_for_page(pk: int) -> PriorityRound:
    return get_object_or_404(PriorityRound.objects.select_related("area", *person_related("opened_by")), pk=pk)


def _ancestor_paths(path: str) -> list[str]:
    """ "a/b/c/" → ["a/", "a/b/", "a/b/c/"]: the paths of an area and of every area above it."""
    parts = path.strip("/").split("/")
    return ["/".join(parts[: n + 1]) + "/" for n in range(len(parts))]


def open_rounds_near(paths: list[str]) -> list[PriorityRound]:
    """Rounds taking ballots in the areas of ``paths``: of an area above one of them (a
    kelurahan's round for an RW) or within one. One query."""
    if not paths:
        return []
    where = Q(area__path__in={a for p in paths for a in _ancestor_paths(p)})
    for path in paths:
        where |= Q(area__path__startswith=path)
    return list(
        PriorityRound.objects.filter(where, closed_at__isnull=True, closes_at__gt=timezone.now())
        .select_related("area")
        .order_by("closes_at", "pk")
    )


def open_rounds_for_resident(area: Area) -> list[PriorityRound]:
    """Rounds a resident of ``area`` may vote in now: of their area or one above it. One query."""
    return list(
        PriorityRound.objects.filter(
            area__path__in=_ancestor_paths(area.path), closed_at__isnull=True, closes_at__gt=timezone.now()
        )
        .select_related("area")
        .order_by("closes_at", "pk")
    )


def round_issue_ids(round_: PriorityRound) -> set[int]:
    """The issues that may receive points: the open issues of the round's area."""
    return set(votable_issues().filter(in_area(round_.area)).values_list("pk", flat=True))


@dataclass
class BallotLine:
    issue: Issue
    points: int


def ballot_lines(round_: PriorityRound, user) -> list[BallotLine]:
    """Every issue the viewer may give points to (and any they already did), with their points."""
    mine: dict[int, int] = {}
    if getattr(user, "is_authenticated", False):
        mine = dict(
            Allocation.objects.filter(ballot__round=round_, ballot__user=user).values_list("issue_id", "points")
        )
    issues = (
        Issue.objects.filter(
            Q(pk__in=votable_issues().filter(in_area(round_.area)).values("pk")) | Q(pk__in=list(mine))
        )
        .select_related("area")
        .order_by("-support_count", "created_at", "pk")
    )
    return [BallotLine(issue, mine.get(issue.pk, 0)) for issue in issues]


def round_standing(round_: PriorityRound) -> list[RoundTotal]:
    """Issues with points, best first (after closing: the frozen ranks)."""
    totals = RoundTotal.objects.filter(round=round_, points__gt=0).select_related("issue")
    if round_.closed_at is not None:
        return list(totals.filter(rank__isnull=False).order_by("rank"))
    return list(totals.order_by("-points", "-voters", "issue__created_at", "issue_id"))


def own_ballot(round_: PriorityRound, user) -> RoundBallot | None:
    """The viewer's ballot in ``round_`` with, if a facilitator recorded it, who and how (one query)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        RoundBallot.objects.filter(round=round_, user=user)
        .select_related("assisted", *person_related("assisted__recorded_by"))
        .first()
    )


def ballot_count(round_: PriorityRound | int) -> int:
    """Voters of a round: ballots that give points to at least one issue."""
    return RoundBallot.objects.filter(round=round_, allocations__isnull=False).distinct().count()


# --- The profile: a resident's own votes ------------------------------------------------


def own_votes(user) -> list[Vote]:
    """The issues a person supports now, newest first: shown to that person only."""
    return list(
        Vote.objects.filter(user=user, withdrawn_at__isnull=True)
        .select_related("issue__area")
        .order_by("-supported_at")
    )


def own_ballots(user, limit: int = 10) -> list[RoundBallot]:
    """A person's latest ballots with their points and, for one a facilitator recorded, who and how."""
    allocations = Allocation.objects.select_related("issue").order_by("-points", "issue_id")
    return list(
        RoundBallot.objects.filter(user=user)
        .select_related("round__area", "assisted", *person_related("assisted__recorded_by"))
        .prefetch_related(Prefetch("allocations", queryset=allocations))
        .order_by("-updated_at")[:limit]
    )
