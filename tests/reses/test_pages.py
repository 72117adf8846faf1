"""The pages residents and planners read: the issue's meetings figure, the member's record,
the pokir CSV, participation by channel, and recording a meeting from the forms."""

import csv
import datetime as dt
import io

from django.urls import reverse

from reses import actions
from reses.models import Aspiration, ResesMeeting


def test_the_issue_page_shows_the_meeting_beside_the_tally_and_on_the_timeline(
    client, flooded_street, meeting_in_manggarai, council_member_for_tebet
):
    actions.join_issue(actor=council_member_for_tebet, meeting=meeting_in_manggarai, issue=flooded_street)
    page = client.get(flooded_street.get_absolute_url()).content.decode()
    assert "<strong>1</strong> recess meeting raised this (140 attending)" in page
    assert "raised at a recess meeting in Balai RW 04 Manggarai, 14 Nov 2026, 140 attending" in page
    assert "Council member · Dapil 7" in page
    assert '<strong class="tally-count">0</strong> residents support this' in page


def test_the_council_member_adopts_pokir_from_the_issue_page(client_of, flooded_street, council_member_for_tebet):
    member = client_of(council_member_for_tebet)
    page = member.get(flooded_street.get_absolute_url()).content.decode()
    assert "Take up as pokir" in page
    response = member.post(reverse("reses_pokir_adopt", args=[flooded_street.pk]), {"plan_year": "2027", "note": ""})
    assert response.status_code == 302
    page = member.get(flooded_street.get_absolute_url()).content.decode()
    assert "taken up as pokir for the 2027 plan" in page


def test_a_resident_cannot_adopt_pokir_and_is_told_why(client_of, flooded_street, resident_of_manggarai):
    resident = client_of(resident_of_manggarai)
    assert "Take up as pokir" not in resident.get(flooded_street.get_absolute_url()).content.decode()
    response = resident.post(reverse("reses_pokir_adopt", args=[flooded_street.pk]), {"plan_year": "2027"}, follow=True)
    assert "Only the council member whose district covers this area" in response.content.decode()
    assert not flooded_street.pokir_adoptions.exists()


def test_the_member_page_counts_meetings_people_and_answers(
    client, flooded_street, meeting_in_manggarai, council_member_for_tebet
):
    actions.join_issue(actor=council_member_for_tebet, meeting=meeting_in_manggarai, issue=flooded_street)
    page = client.get(reverse("reses_member", args=[council_member_for_tebet.pk])).content.decode()
    assert "Meetings held</dt><dd>1</dd>" in page
    assert "People reached</dt><dd>140</dd>" in page
    assert "Balai RW 04 Manggarai" in page
    assert client.get(reverse("reses_member", args=[flooded_street.author_id])).status_code == 404


def test_the_pokir_csv_has_what_a_planning_office_needs(
    client, issue_factory, resident_of_manggarai, areas, meeting_in_manggarai, council_member_for_tebet
):
    issue = issue_factory(resident_of_manggarai, area=areas["manggarai"], title='=HYPERLINK("http://evil")')
    actions.join_issue(actor=council_member_for_tebet, meeting=meeting_in_manggarai, issue=issue)
    actions.adopt_pokir(actor=council_member_for_tebet, issue=issue, plan_year=2027, note="Normalisasi saluran")
    response = client.get(reverse("reses_pokir_csv", args=[council_member_for_tebet.pk]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 1
    row = rows[0]
    assert row["plan_year"] == "2027" and row["issue"] == str(issue.pk)
    assert row["title"].startswith("'=")  # no formula in a planner's spreadsheet
    assert row["area"] == "Kelurahan Manggarai" and row["category"] == "flooding"
    assert row["supports"] == "0" and row["reses_meetings"] == "1"
    assert row["note"] == "Normalisasi saluran"
    assert row["url"].endswith(f"/issues/{issue.pk}/{issue.slug}/")


def test_participation_by_channel_on_the_area_page_and_the_dashboard(
    client, flooded_street, meeting_in_manggarai, council_member_for_tebet, areas
):
    actions.open_issue(
        actor=council_member_for_tebet,
        meeting=meeting_in_manggarai,
        title="Jembatan rusak",
        description="…",
        category="roads",
        area=areas["manggarai"],
    )
    for url in (reverse("area_detail", args=["manggarai"]), reverse("accountability")):
        page = client.get(url).content.decode()
        assert "Participation by channel" in page
        assert (
            '<tr class="channel-online"><th scope="row">Online</th><td data-label="People">1</td><td data-label="Issues">1</td>'
            in page
        )
        assert (
            '<tr class="channel-reses"><th scope="row">Raised at a recess meeting (reses)</th><td data-label="People">140</td><td data-label="Issues">1</td>'
            in page
        )


def test_a_member_records_a_meeting_and_its_aspirations_from_the_forms(
    client_of, council_member_for_tebet, flooded_street, areas
):
    member = client_of(council_member_for_tebet)
    form = member.get(reverse("reses_meeting_new"))
    assert form.status_code == 200
    token = form.context["form"].initial["submission_token"]
    data = {
        "held_on": "2026-11-14",
        "place": "Balai RW 04",
        "areas": [areas["manggarai"].pk],
        "attendance": "140",
        "submission_token": str(token),
    }
    response = member.post(reverse("reses_meeting_new"), data)
    meeting = ResesMeeting.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("reses_meeting", args=[meeting.pk])
    member.post(reverse("reses_meeting_new"), data)  # a double submit
    assert ResesMeeting.objects.count() == 1
    bad = member.post(reverse("reses_join", args=[meeting.pk]), {"issue": "999999", "summary": "Banjir"})
    assert bad.status_code == 400 and "There is no issue with this number." in bad.content.decode()
    assert "Banjir" in bad.content.decode()  # nothing typed is lost
    member.post(reverse("reses_join", args=[meeting.pk]), {"issue": str(flooded_street.pk), "summary": "Banjir"})
    assert Aspiration.objects.get().issue == flooded_street


def test_a_meeting_form_with_mistakes_comes_back_with_messages_beside_the_fields(client_of, council_member_for_tebet):
    member = client_of(council_member_for_tebet)
    tomorrow_plus = (dt.date.today() + dt.timedelta(days=5)).isoformat()
    response = member.post(
        reverse("reses_meeting_new"), {"held_on": tomorrow_plus, "place": "Balai", "attendance": "-3"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "A meeting is recorded after it was held." in page and 'value="Balai"' in page
    assert not ResesMeeting.objects.exists()


def test_a_resident_cannot_record_a_meeting(client_of, resident_of_manggarai):
    response = client_of(resident_of_manggarai).get(reverse("reses_meeting_new"))
    assert response.status_code == 403
    assert "Only a council member records recess meetings (or their staff, for them)." in response.content.decode()
