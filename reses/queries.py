"""Reads the reses pages share: an issue's meetings figure, a council member's page, their pokir
list and the recess meetings' share of participation, each in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts import permissions
from accounts.models import Area, CouncilMemberRole
from accounts.queries import person_related
from core import sql
from issues.models import AssistedRecord, Channel, Issue, TimelineEntry
from reses import rules as reses_rules
from reses.models import Aspiration, AttendeeSupport, PokirAdoption, ResesMeeting
from responses import accountability
from votes import queries as vote_queries
from votes.queries import ChannelFigures

MEETINGS_SHOWN = 50


def meetings_figure(viewer, issue: Issue) -> dict:
    """The issue page's "meetings" figure: the recess meetings that raised it and the pokir that
    took it up, shown beside the vote tally, never added to it. Read from the issue's timeline
    (each aspiration and adoption wrote its line there, one per meeting and per member and year),
    which the issue page has already loaded: no query of its own there. ``viewer`` None: the
    figure alone, as pushed live to every viewer."""
    entries = issue.timeline.all()
    meetings = [e for e in entries if e.kind == TimelineEntry.Kind.RESES]
    return {
        "issue": issue,
        "meetings": meetings,
        # Supports of residents who attended (assisted, in the tally): one query, only where a
        # meeting raised the issue (no attendee's support without an aspiration).
        "attendee_supports": attendee_supports_of(issue) if meetings else 0,
        "attending": sum(e.data.get("attending", 0) for e in meetings),
        "pokir": [e for e in entries if e.kind == TimelineEntry.Kind.POKIR],
        "plan_year": timezone.localdate().year + 1,
        "may_adopt": viewer is not None and permissions.can(viewer, reses_rules.adopt_pokir, issue),
    }


def attendee_supports_of(issue: Issue) -> int:
    """How many of the issue's supports were recorded at recess meetings for residents who
    attended (voided ones no longer count)."""
    return AttendeeSupport.objects.filter(aspiration__issue=issue, record__voided_at__isnull=True).count()


@dataclass
class MemberRecord:
    role: CouncilMemberRole
    meetings: list[ResesMeeting]
    meetings_held: int
    people_reached: int
    aspirations_raised: int
    issues_raised: int
    answers: accountability.Figures
    pokir: list[PokirAdoption]

    @property
    def member(self):
        return self.role.user

    @property
    def answered(self) -> int:
        return len(self.answers.delays)


def council_members() -> list[CouncilMemberRole]:
    """Every council member with their district, for the index (one query)."""
    return list(
        CouncilMemberRole.objects.select_related(*person_related("user")).order_by(
            "district", "user__profile__display_name"
        )
    )


def member_record(user_id: int) -> MemberRecord:
    """A council member's public page: meetings held, people reached, aspirations raised, and
    how many of those issues agencies answered and how fast (the accountability dashboard's
    figures over these issues). A fixed number of queries (about eight), however many meetings."""
    role = member_role(user_id)
    held = ResesMeeting.objects.filter(council_member_id=user_id)
    totals = held.aggregate(meetings=Count("pk"), people=Sum("attendance"))
    meetings = list(
        held.annotate(aspiration_count=Count("aspirations"))
        .select_related(*person_related("recorded_by"))
        .prefetch_related("areas")[:MEETINGS_SHOWN]
    )
    raised = Aspiration.objects.filter(meeting__council_member_id=user_id)
    counts = raised.aggregate(aspirations=Count("pk"), issues=Count("issue", distinct=True))
    answers = accountability.figures_of_issues(str(role.district), raised.values("issue_id"))
    return MemberRecord(
        role=role,
        meetings=meetings,
        meetings_held=totals["meetings"] or 0,
        people_reached=totals["people"] or 0,
        aspirations_raised=counts["aspirations"] or 0,
        issues_raised=counts["issues"] or 0,
        answers=answers,
        pokir=pokir_of(user_id),
    )


def pokir_of(user_id: int) -> list[PokirAdoption]:
    """The member's pokir, newest plan year first, each issue with its area and meetings count."""
    return list(
        PokirAdoption.objects.filter(council_member_id=user_id)
        .select_related("issue__area")
        .annotate(meetings=Count("issue__reses_aspirations", distinct=True))
    )


def member_role(user_id: int) -> CouncilMemberRole:
    return get_object_or_404(CouncilMemberRole.objects.select_related(*person_related("user")), user_id=user_id)


def meeting_for_page(pk: int) -> ResesMeeting:
    """A meeting with its member and who recorded it, its areas and aspirations (their issues and
    the attendees' supports recorded on them), or 404: four queries, however many aspirations.
    Each aspiration gets ``attendee_count`` (supports still counting) and ``attendee_recorders``
    (who recorded them, each once)."""
    meeting = get_object_or_404(
        ResesMeeting.objects.select_related(
            *person_related("council_member"), *person_related("recorded_by")
        ).prefetch_related(
            "areas",
            Prefetch(
                "aspirations",
                queryset=Aspiration.objects.select_related("issue__area").prefetch_related(
                    Prefetch(
                        "attendee_supports",
                        queryset=AttendeeSupport.objects.select_related(
                            "record", *person_related("record__recorded_by")
                        ),
                        to_attr="attendees",
                    )
                ),
            ),
        ),
        pk=pk,
    )
    for aspiration in meeting.aspirations.all():
        summarise_attendees(aspiration)
    return meeting


def summarise_attendees(aspiration: Aspiration) -> Aspiration:
    """``attendee_count`` and ``attendee_recorders`` of an aspiration whose ``attendees`` (its
    AttendeeSupport rows with their records) are loaded; a voided support no longer counts."""
    counting = [s.record for s in aspiration.attendees if s.record.voided_at is None]
    recorders = {}
    for record in counting:
        recorders.setdefault(record.recorded_by_id, record.recorded_by)
    aspiration.attendee_count = len(counting)
    aspiration.attendee_recorders = list(recorders.values())
    return aspiration


def aspiration_for_support(pk: int) -> Aspiration:
    """An aspiration with its meeting (member, areas), issue and attendees' supports, or 404."""
    aspiration = get_object_or_404(
        Aspiration.objects.select_related(
            "issue__area", *person_related("meeting__council_member"), *person_related("meeting__recorded_by")
        ).prefetch_related(
            "meeting__areas",
            Prefetch(
                "attendee_supports",
                queryset=AttendeeSupport.objects.select_related("record", *person_related("record__recorded_by")),
                to_attr="attendees",
            ),
        ),
        pk=pk,
    )
    return summarise_attendees(aspiration)


def participation_counts(area: Area | None = None) -> dict[str, QuerySet]:
    """The one-number reads of the reses row of participation by channel, unexecuted (run with
    votes' in one query: core.sql.scalars): meetings that covered ``area`` or an area below it
    (everywhere for None), the people they reached (their attendance: people, not accounts) and
    the aspirations raised on the area's issues. No supports: a meeting is never a vote."""
    meetings = ResesMeeting.objects.all()
    aspirations = Aspiration.objects.all()
    if area is not None:
        meetings = meetings.filter(pk__in=ResesMeeting.objects.filter(areas__path__startswith=area.path).values("pk"))
        aspirations = aspirations.filter(issue__area__path__startswith=area.path)
    return {
        "reses_meetings": sql.count_of(meetings),
        "reses_people": sql.sum_of(meetings, "attendance"),
        "reses_aspirations": sql.count_of(aspirations),
        "reses_joined": sql.count_of(aspirations.filter(opened_issue=False)),
    }


def assisted_counts(area: Area | None = None) -> dict[str, QuerySet]:
    """The assisted row's reads, unexecuted: the residents without an account a facilitator recorded
    something for, and the comments and supports recorded for them on ``area``'s issues (voided
    entries left out, as they are from the tallies)."""
    records = AssistedRecord.objects.filter(voided_at__isnull=True)
    if area is not None:
        records = records.filter(issue__area__path__startswith=area.path)
    residents = get_user_model().objects.filter(Exists(records.filter(resident=OuterRef("pk"))))
    return {
        "assisted_people": sql.count_of(residents),
        "assisted_comments": sql.count_of(records.filter(kind=AssistedRecord.Kind.COMMENT)),
        "assisted_supports": sql.count_of(records.filter(kind=AssistedRecord.Kind.SUPPORT)),
    }


def participation_by_channel(area: Area | None = None) -> list[ChannelFigures]:
    """Participation by channel in ``area`` and below (everywhere for None), in one query: online
    and every channel's issues (votes), recess meetings (here), and what facilitators recorded for
    residents without an account (the assisted row, taken out of the online row's comments and
    supports, which are the issues' public counts)."""
    counts = sql.scalars(
        {**vote_queries.participation_counts(area), **participation_counts(area), **assisted_counts(area)}
    )
    rows = vote_queries.channel_rows(counts)
    online, assisted = rows[Channel.ONLINE], rows[Channel.ASSISTED]
    assisted.people = counts["assisted_people"]
    assisted.comments, assisted.supports = counts["assisted_comments"], counts["assisted_supports"]
    online.comments = max(0, online.comments - assisted.comments)
    online.supports = max(0, online.supports - assisted.supports)
    all_supports = online.supports + assisted.supports
    assisted.extra = {"share_of_supports": round(100 * assisted.supports / all_supports) if all_supports else 0}
    reses = rows[Channel.RESES]
    reses.people = counts["reses_people"]
    reses.extra = {
        "meetings": counts["reses_meetings"],
        "aspirations": counts["reses_aspirations"],
        "joined": counts["reses_joined"],
    }
    return [online, assisted, reses]


def issue_to_join(pk: int) -> Issue | None:
    """The issue an aspiration names by its number, with its area (None when there is none)."""
    return Issue.objects.filter(pk=pk).select_related("area").first()


def district_areas(user) -> list[Area]:
    """The areas of the member's district and every area below them (one query, after the roles')."""
    paths = permissions.roles(user).council_member_paths if getattr(user, "is_authenticated", False) else []
    within = Q(pk__in=[])
    for path in paths:
        within |= Q(path__startswith=path)
    return list(Area.objects.filter(within).order_by("path"))


def areas_within_meeting(meeting: ResesMeeting) -> list[Area]:
    within = Q(pk__in=[])
    for area in meeting.areas.all():
        within |= Q(path__startswith=area.path)
    return list(Area.objects.filter(within).order_by("path"))
