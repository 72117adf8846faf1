"""A council member's staff (facilitators granted for the member) record the member's recess
meetings, for that member only and within the member's district; the meeting says who recorded
it. The new permissions as a role × action matrix."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts import actions as account_actions
from accounts import permissions
from issues.models import Channel
from reses import actions
from reses import rules as reses_rules
from reses.models import ResesMeeting

PEOPLE = [
    "visitor",
    "resident",
    "facilitator",
    "staff",
    "staff elsewhere",
    "official",
    "moderator",
    "admin",
    "member",
    "member elsewhere",
]
MAY_RECORD_MEETING_IN_MANGGARAI = {"member", "staff"}
MAY_RECORD_ASPIRATIONS = {"member", "staff"}
MAY_ADOPT_POKIR = {"member"}  # a formal act of the member: not their staff's
MAY_OPEN_ATTENDANCE_SHEET = {"member", "staff", "official", "moderator", "admin"}
# An assisted act: a facilitator records it (the member's staff, or a facilitator of the area), never
# the member in person; and only for a resident the facilitators' rule lets them act for.
MAY_RECORD_ATTENDEE_SUPPORT = {"facilitator", "staff"}


@pytest.fixture
def people(
    resident_of_manggarai,
    official_of_water_agency,
    moderator_of_tebet,
    admin_user_,
    council_member_for_tebet,
    council_member_for_menteng,
    staff_of_tebet_member,
    facilitator_of_manggarai,
    user_factory,
    areas,
):
    from django.contrib.auth.models import AnonymousUser

    elsewhere = user_factory(name="Pak Yudi", home=areas["menteng"])
    account_actions.grant_facilitator(
        user=elsewhere, areas=[areas["menteng"]], by="test", for_member=council_member_for_menteng.council_member_role
    )
    return {
        "visitor": AnonymousUser(),
        "resident": resident_of_manggarai,
        "facilitator": facilitator_of_manggarai,
        "staff": staff_of_tebet_member,
        "staff elsewhere": elsewhere,
        "official": official_of_water_agency,
        "moderator": moderator_of_tebet,
        "admin": admin_user_,
        "member": council_member_for_tebet,
        "member elsewhere": council_member_for_menteng,
    }


@pytest.mark.parametrize("who", PEOPLE)
def test_the_new_rules_as_a_matrix(people, who, areas, flooded_street, meeting_in_manggarai, aspiration, attendee):
    person = people[who]
    assert permissions.can(person, reses_rules.record_meeting, [areas["manggarai"]]) == (
        who in MAY_RECORD_MEETING_IN_MANGGARAI
    )
    assert permissions.can(person, reses_rules.record_aspiration, meeting_in_manggarai, flooded_street) == (
        who in MAY_RECORD_ASPIRATIONS
    )
    assert permissions.can(person, reses_rules.adopt_pokir, flooded_street) == (who in MAY_ADOPT_POKIR)
    assert permissions.can(person, reses_rules.open_attendance_sheet, meeting_in_manggarai) == (
        who in MAY_OPEN_ATTENDANCE_SHEET
    )
    assert permissions.can(person, reses_rules.record_attendee_support, aspiration, attendee) == (
        who in MAY_RECORD_ATTENDEE_SUPPORT
    )


def test_the_member_in_person_is_told_to_record_attendees_supports_through_their_staff(
    council_member_for_tebet, aspiration, attendee
):
    reason = permissions.why_not(council_member_for_tebet, reses_rules.record_attendee_support, aspiration, attendee)
    assert reason == (
        "A facilitator records the supports of residents without an account: record them through your staff."
    )


def test_staff_record_a_meeting_for_their_member_which_says_who_recorded_it(
    staff_of_tebet_member, council_member_for_tebet, areas
):
    meeting = actions.record_meeting(
        actor=staff_of_tebet_member,
        held_on=dt.date(2026, 11, 20),
        place="Aula Kelurahan Bukit Duri",
        areas=[areas["bukit-duri"]],
        attendance=60,
    )
    assert meeting.council_member == council_member_for_tebet
    assert meeting.recorded_by == staff_of_tebet_member


def test_staff_record_meetings_only_within_the_members_district(staff_of_tebet_member, areas):
    with pytest.raises(PermissionDenied, match="outside the council member's district: Kecamatan Menteng"):
        actions.record_meeting(
            actor=staff_of_tebet_member,
            held_on=dt.date(2026, 11, 20),
            place="Menteng",
            areas=[areas["menteng"]],
            attendance=10,
        )
    assert not ResesMeeting.objects.exists()


def test_staff_cannot_record_a_meeting_for_another_member(
    staff_of_tebet_member, council_member_for_menteng, meeting_in_manggarai, areas
):
    with pytest.raises(PermissionDenied, match="only for the council member whose staff you are"):
        actions.record_meeting(
            actor=staff_of_tebet_member,
            held_on=dt.date(2026, 11, 20),
            place="Menteng",
            areas=[areas["menteng"]],
            attendance=10,
            member=council_member_for_menteng,
        )
    other = actions.record_meeting(
        actor=council_member_for_menteng,
        held_on=dt.date(2026, 11, 21),
        place="Balai Menteng",
        areas=[areas["menteng"]],
        attendance=30,
    )
    assert not permissions.can(staff_of_tebet_member, reses_rules.record_aspiration, other)


def test_a_plain_facilitator_records_no_meeting(facilitator_of_manggarai, areas):
    reason = permissions.why_not(facilitator_of_manggarai, reses_rules.record_meeting, [areas["manggarai"]])
    assert reason == "Only a council member records recess meetings (or their staff, for them)."


def test_staff_open_an_issue_via_reses_in_the_members_name(
    staff_of_tebet_member, council_member_for_tebet, meeting_in_manggarai, areas
):
    aspiration = actions.open_issue(
        actor=staff_of_tebet_member,
        meeting=meeting_in_manggarai,
        title="Jembatan bambu rapuh",
        description="Papan jembatan lapuk.",
        category="roads",
        area=areas["manggarai-rw-04"],
    )
    assert aspiration.issue.author == council_member_for_tebet and aspiration.issue.channel == Channel.RESES
    assert aspiration.recorded_by == staff_of_tebet_member


def test_the_staff_badge_names_the_member_and_follows_a_rename(client, staff_of_tebet_member, council_member_for_tebet):
    from core.templatetags.balai import badge
    from django.contrib.auth import get_user_model

    loaded = get_user_model().objects.select_related("facilitator_role").get(pk=staff_of_tebet_member.pk)
    assert badge(loaded) == ("facilitator", "Facilitator · staff of Dewi Lestari")
    account_actions.update_profile(actor=council_member_for_tebet, display_name="Dewi L. Sari", language="")
    loaded = get_user_model().objects.select_related("facilitator_role").get(pk=staff_of_tebet_member.pk)
    assert badge(loaded) == ("facilitator", "Facilitator · staff of Dewi L. Sari")


def test_the_meeting_and_member_pages_say_the_staff_recorded_it(
    client_of, client, staff_of_tebet_member, council_member_for_tebet, areas
):
    staff = client_of(staff_of_tebet_member)
    form = staff.get(reverse("reses_meeting_new")).content.decode()
    assert "Kelurahan Bukit Duri" in form and "Kecamatan Menteng" not in form  # the member's district
    response = staff.post(
        reverse("reses_meeting_new"),
        {
            "held_on": "2026-11-20",
            "place": "Aula Kelurahan Bukit Duri",
            "areas": [areas["bukit-duri"].pk],
            "attendance": "60",
            "submission_token": "6c0a9a3e-0d3f-4b8e-9f5c-2a1b3c4d5e6f",
        },
    )
    meeting = ResesMeeting.objects.get()
    assert response.status_code == 302 and meeting.council_member == council_member_for_tebet
    page = client.get(reverse("reses_meeting", args=[meeting.pk])).content.decode()
    assert "recorded by" in page and "Ibu Rina" in page and "staff of Dewi Lestari" in page
    member_page = client.get(reverse("reses_member", args=[council_member_for_tebet.pk])).content.decode()
    assert "Ibu Rina" in member_page and "Facilitator · staff of Dewi Lestari" in member_page
    assert "&lt;" not in page + member_page  # the name badges are markup, not escaped text
    assert (
        "Record a recess meeting"
        in staff.get(reverse("reses_member", args=[council_member_for_tebet.pk])).content.decode()
    )
