"""seed_demo has a council member with one recess meeting whose aspirations joined a demo issue, and a sheet to print."""

from django.core.management import call_command
from django.urls import reverse

from issues.models import Channel, Issue
from accounts.models import FacilitatorRole
from reses.models import Aspiration, AttendeeSupport, PokirAdoption, ResesMeeting


def test_seed_demo_records_a_reses_meeting_joined_to_a_demo_issue_and_runs_again(db, settings, client, tmp_path):
    settings.DEBUG = True
    settings.MEDIA_ROOT = str(tmp_path / "media")
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    meeting = ResesMeeting.objects.get()
    assert meeting.council_member.council_member_role.district == "Dapil 7"
    joined = Aspiration.objects.get(opened_issue=False).issue
    assert joined.channel == Channel.ONLINE and joined.title.startswith("Saluran air tersumbat")
    assert Issue.objects.filter(channel=Channel.RESES).count() == 1
    assert PokirAdoption.objects.filter(issue=joined, plan_year=2027).exists()
    assert client.get(reverse("notice_sheet_pdf", args=["manggarai-rw-04"])).status_code == 200
    # Pak Darto attended and supports the issue opened there, recorded by Ibu Sri.
    support = AttendeeSupport.objects.get()
    assert support.aspiration.opened_issue and support.aspiration.meeting == meeting
    assert support.record.resident.profile.display_name == "Pak Darto"
    assert support.record.recorded_by.profile.display_name == "Sri Handayani"
    page = client.get(reverse("reses_meeting", args=[meeting.pk])).content.decode()
    assert "1 attending resident supported this" in page
    sri = FacilitatorRole.objects.get(user=support.record.recorded_by)
    assert sri.public_contact.startswith("Pos RW 04")
    assert sri.public_contact in client.get(reverse("notice_sheet", args=["manggarai-rw-04"])).content.decode()
