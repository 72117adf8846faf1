"""Recording recess meetings and their aspirations, and pokir, through the actions every view calls."""

import datetime as dt
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from issues.models import Channel, Issue, LiveEvent, TimelineEntry
from reses import actions
from reses.models import Aspiration, PokirAdoption, ResesMeeting
from votes import actions as vote_actions


def test_an_aspiration_joins_an_issue_without_changing_its_vote_tally(
    flooded_street, meeting_in_manggarai, council_member_for_tebet, live_events, django_capture_on_commit_callbacks
):
    before = Issue.objects.get(pk=flooded_street.pk).support_count
    with django_capture_on_commit_callbacks(execute=True):
        aspiration = actions.join_issue(
            actor=council_member_for_tebet,
            meeting=meeting_in_manggarai,
            issue=flooded_street,
            summary="Banjir tiap hujan",
        )
    issue = Issue.objects.get(pk=flooded_street.pk)
    assert issue.support_count == before
    assert not issue.votes.exists()
    entry = TimelineEntry.objects.get(issue=issue, kind=TimelineEntry.Kind.RESES)
    assert entry.actor == council_member_for_tebet
    assert entry.data == {
        "meeting": meeting_in_manggarai.pk,
        "place": "Balai RW 04 Manggarai",
        "held_on": "2026-11-14",
        "attending": 140,
        "opened": False,
    }
    assert aspiration.summary == "Banjir tiap hujan" and not aspiration.opened_issue
    event = LiveEvent.objects.get(issue=issue, kind="reses.aspiration")
    assert "Balai RW 04 Manggarai" in event.html["en"] and "140 attending" in event.html["en"]
    assert f"issue-{issue.pk}-meetings" in event.html["id"]
    assert live_events.groups() == [f"issue.{issue.pk}"]


def test_the_same_issue_raised_twice_at_one_meeting_is_one_aspiration(
    flooded_street, meeting_in_manggarai, council_member_for_tebet
):
    first = actions.join_issue(actor=council_member_for_tebet, meeting=meeting_in_manggarai, issue=flooded_street)
    again = actions.join_issue(actor=council_member_for_tebet, meeting=meeting_in_manggarai, issue=flooded_street)
    assert first == again
    assert Aspiration.objects.count() == 1
    assert TimelineEntry.objects.filter(kind=TimelineEntry.Kind.RESES).count() == 1


def test_an_aspiration_no_issue_carries_opens_one_via_reses(meeting_in_manggarai, council_member_for_tebet, areas):
    token = uuid.uuid4()
    aspiration = actions.open_issue(
        actor=council_member_for_tebet,
        meeting=meeting_in_manggarai,
        title="Jembatan penyeberangan rusak",
        description="Warga minta jembatan diperbaiki.",
        category="roads",
        area=areas["manggarai-rw-04"],
        submission_token=token,
    )
    issue = aspiration.issue
    assert aspiration.opened_issue
    assert issue.channel == Channel.RESES
    assert issue.channel_detail == "Balai RW 04 Manggarai, 2026-11-14"
    assert issue.author == council_member_for_tebet and issue.support_count == 0
    again = actions.open_issue(
        actor=council_member_for_tebet,
        meeting=meeting_in_manggarai,
        title="Jembatan penyeberangan rusak",
        description="Warga minta jembatan diperbaiki.",
        category="roads",
        area=areas["manggarai-rw-04"],
        submission_token=token,
    )
    assert again == aspiration and Issue.objects.filter(channel=Channel.RESES).count() == 1


def test_a_meeting_cannot_open_an_issue_outside_the_areas_it_covered(
    meeting_in_manggarai, council_member_for_tebet, areas
):
    with pytest.raises(ValidationError):
        actions.open_issue(
            actor=council_member_for_tebet,
            meeting=meeting_in_manggarai,
            title="Trotoar rusak",
            description="…",
            category="roads",
            area=areas["bukit-duri"],
        )
    assert not Issue.objects.exists()


def test_a_meeting_is_recorded_once_for_a_double_submit(council_member_for_tebet, areas):
    token = uuid.uuid4()
    record = dict(
        actor=council_member_for_tebet,
        held_on=dt.date(2026, 11, 20),
        place="Masjid Al-Ikhlas",
        areas=[areas["bukit-duri"]],
        attendance=60,
        submission_token=token,
    )
    assert actions.record_meeting(**record) == actions.record_meeting(**record)
    assert ResesMeeting.objects.count() == 1


def test_a_council_member_records_meetings_only_in_their_district(council_member_for_tebet, areas):
    with pytest.raises(PermissionDenied, match="outside your district"):
        actions.record_meeting(
            actor=council_member_for_tebet,
            held_on=dt.date(2026, 11, 20),
            place="Taman Menteng",
            areas=[areas["menteng"]],
            attendance=30,
        )
    assert not ResesMeeting.objects.exists()


def test_pokir_shows_on_the_timeline_once_per_year(flooded_street, council_member_for_tebet):
    first = actions.adopt_pokir(
        actor=council_member_for_tebet, issue=flooded_street, plan_year=2027, note="Normalisasi"
    )
    again = actions.adopt_pokir(actor=council_member_for_tebet, issue=flooded_street, plan_year=2027)
    assert first == again and PokirAdoption.objects.count() == 1
    entry = TimelineEntry.objects.get(kind=TimelineEntry.Kind.POKIR)
    assert entry.data == {"plan_year": 2027} and entry.actor == council_member_for_tebet
    with pytest.raises(ValidationError):
        actions.adopt_pokir(actor=council_member_for_tebet, issue=flooded_street, plan_year=27)


def test_a_supporter_still_counts_once_beside_any_number_of_meetings(
    flooded_street, meeting_in_manggarai, council_member_for_tebet, resident_of_manggarai
):
    from residency import actions as residency_actions

    residency_actions.verify_resident(
        user=resident_of_manggarai, area=resident_of_manggarai.profile.home_area, by="test"
    )
    vote_actions.cast_vote(actor=resident_of_manggarai, issue=flooded_street)
    actions.join_issue(actor=council_member_for_tebet, meeting=meeting_in_manggarai, issue=flooded_street)
    assert Issue.objects.get(pk=flooded_street.pk).support_count == 1
