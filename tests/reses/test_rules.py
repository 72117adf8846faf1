"""Who may do what in reses, as a role × action matrix, and the private attendance sheet."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts import actions as account_actions
from accounts import permissions
from reses import actions
from reses import rules as reses_rules
from reses.models import SheetOpening


@pytest.fixture
def people(
    resident_of_manggarai,
    official_of_water_agency,
    moderator_of_tebet,
    moderator_of_menteng,
    admin_user_,
    council_member_for_tebet,
    council_member_for_menteng,
    user_factory,
    areas,
):
    from django.contrib.auth.models import AnonymousUser

    facilitator = user_factory(name="Sri", home=areas["manggarai-rw-04"])
    account_actions.grant_facilitator(user=facilitator, areas=[areas["manggarai"]], by="test")
    return {
        "visitor": AnonymousUser(),
        "resident": resident_of_manggarai,
        "facilitator": facilitator,
        "official": official_of_water_agency,
        "moderator": moderator_of_tebet,
        "moderator elsewhere": moderator_of_menteng,
        "admin": admin_user_,
        "member": council_member_for_tebet,
        "member elsewhere": council_member_for_menteng,
    }


MAY_RECORD_MEETING_IN_TEBET = {"member"}
MAY_ADOPT_POKIR = {"member"}
MAY_OPEN_ATTENDANCE_SHEET = {"member", "official", "moderator", "admin"}


@pytest.mark.parametrize(
    "who",
    [
        "visitor",
        "resident",
        "facilitator",
        "official",
        "moderator",
        "moderator elsewhere",
        "admin",
        "member",
        "member elsewhere",
    ],
)
def test_the_rules_as_a_matrix(people, who, areas, flooded_street, meeting_in_manggarai):
    person = people[who]
    assert permissions.can(person, reses_rules.record_meeting, [areas["manggarai"]]) == (
        who in MAY_RECORD_MEETING_IN_TEBET
    )
    assert permissions.can(person, reses_rules.record_aspiration, meeting_in_manggarai, flooded_street) == (
        who == "member"
    )
    assert permissions.can(person, reses_rules.adopt_pokir, flooded_street) == (who in MAY_ADOPT_POKIR)
    assert permissions.can(person, reses_rules.open_attendance_sheet, meeting_in_manggarai) == (
        who in MAY_OPEN_ATTENDANCE_SHEET
    )


def test_another_member_cannot_record_aspirations_of_a_meeting_they_did_not_hold(
    council_member_for_menteng, meeting_in_manggarai, flooded_street
):
    reason = permissions.why_not(council_member_for_menteng, reses_rules.record_aspiration, meeting_in_manggarai)
    assert reason == "Only the council member who held this meeting, or their staff, records its aspirations."


def test_an_aspiration_stays_in_the_areas_the_meeting_covered(
    council_member_for_tebet, meeting_in_manggarai, issue_factory, resident_of_bukit_duri, areas
):
    elsewhere = issue_factory(resident_of_bukit_duri, area=areas["bukit-duri"])
    reason = permissions.why_not(
        council_member_for_tebet, reses_rules.record_aspiration, meeting_in_manggarai, elsewhere
    )
    assert reason == "This issue is outside the areas the meeting covered."


def test_a_hidden_issue_takes_no_aspiration_even_when_hidden_after_the_first_check(
    council_member_for_tebet, meeting_in_manggarai, flooded_street
):
    from django.core.exceptions import PermissionDenied

    from issues.models import Issue

    Issue.objects.filter(pk=flooded_street.pk).update(hidden=True)  # committed after the page was read
    with pytest.raises(PermissionDenied):
        actions.join_issue(actor=council_member_for_tebet, meeting=meeting_in_manggarai, issue=flooded_street)
    assert not flooded_street.reses_aspirations.exists()


@pytest.fixture
def meeting_with_sheet(council_member_for_tebet, areas):
    return actions.record_meeting(
        actor=council_member_for_tebet,
        held_on=dt.date(2026, 11, 14),
        place="Balai RW 04",
        areas=[areas["manggarai"]],
        attendance=140,
        attendance_sheet=SimpleUploadedFile("daftar-hadir.jpg", b"\xff\xd8\xffsigned names", content_type="image/jpeg"),
    )


def test_the_attendance_sheet_is_never_under_a_public_url(meeting_with_sheet, settings):
    path = meeting_with_sheet.attendance_sheet.path
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not path.startswith(str(settings.MEDIA_ROOT))
    with pytest.raises(ValueError):
        _ = meeting_with_sheet.attendance_sheet.url  # no base URL: nothing to link to


@pytest.mark.parametrize("who", ["visitor", "resident", "facilitator", "moderator elsewhere", "member elsewhere"])
def test_others_cannot_open_the_attendance_sheet_and_are_told_why(client_of, client, people, who, meeting_with_sheet):
    url = reverse("reses_attendance_sheet", args=[meeting_with_sheet.pk])
    response = client.get(url) if who == "visitor" else client_of(people[who]).get(url)
    assert response.status_code in (302, 403)  # a visitor is sent to sign in
    assert b"signed names" not in response.content
    if response.status_code == 403:
        assert "Attendance sheets hold residents" in response.content.decode()
    assert not SheetOpening.objects.exists()
    page = client.get(reverse("reses_meeting", args=[meeting_with_sheet.pk])).content.decode()
    assert "attendance-sheet" not in page


@pytest.mark.parametrize("who", ["member", "official", "moderator", "admin"])
def test_the_allowed_open_the_sheet_and_each_opening_is_logged(client_of, people, who, meeting_with_sheet):
    response = client_of(people[who]).get(reverse("reses_attendance_sheet", args=[meeting_with_sheet.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"\xff\xd8\xffsigned names"
    assert response["Cache-Control"] == "private, no-store"
    opening = SheetOpening.objects.get()
    assert opening.opened_by == people[who] and opening.meeting == meeting_with_sheet
