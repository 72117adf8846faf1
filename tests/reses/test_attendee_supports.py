"""Aspirations carry the individual supports of verified residents who attended: assisted supports
(facilitation.actions.record_support) under the same eligibility and one-vote rules, marked as
coming from the reses, shown on the meeting page, never in the meetings figure."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from issues.models import AssistedRecord, Issue, TimelineEntry
from reses import actions
from reses.models import AttendeeSupport
from votes.models import Vote


def meetings_figure(issue):
    entries = TimelineEntry.objects.filter(issue=issue, kind=TimelineEntry.Kind.RESES)
    return entries.count(), sum(e.data["attending"] for e in entries)


def test_an_attendees_support_counts_in_the_tally_and_not_in_the_meetings_figure(
    aspiration, attendee, facilitator_of_manggarai, django_capture_on_commit_callbacks
):
    issue = aspiration.issue
    before = meetings_figure(issue)
    with django_capture_on_commit_callbacks(execute=True):
        support = actions.record_attendee_support(
            actor=facilitator_of_manggarai, aspiration=aspiration, resident=attendee, method="spoken"
        )
    assert Issue.objects.get(pk=issue.pk).support_count == 1
    assert meetings_figure(issue) == before == (1, 140)
    vote = Vote.objects.get(issue=issue, user=attendee.user)
    record = support.record
    assert vote.assisted == record and support.aspiration == aspiration
    assert record.recorded_by == facilitator_of_manggarai and record.method == "spoken"
    assert record.source == "reses Balai RW 04 Manggarai, 2026-11-14"


def test_a_second_support_for_the_same_person_is_refused_with_the_sentence(
    aspiration, attendee, facilitator_of_manggarai, staff_of_tebet_member
):
    actions.record_attendee_support(actor=facilitator_of_manggarai, aspiration=aspiration, resident=attendee)
    with pytest.raises(ValidationError, match="This resident already supports this issue."):
        actions.record_attendee_support(actor=staff_of_tebet_member, aspiration=aspiration, resident=attendee)
    assert AttendeeSupport.objects.count() == 1 and Vote.objects.filter(user=attendee.user).count() == 1
    assert Issue.objects.get(pk=aspiration.issue_id).support_count == 1


def test_a_resident_not_yet_verified_cannot_support(aspiration, unverified_attendee, facilitator_of_manggarai):
    with pytest.raises(PermissionDenied, match="you can vote once it is approved"):
        actions.record_attendee_support(
            actor=facilitator_of_manggarai, aspiration=aspiration, resident=unverified_attendee
        )
    assert not AttendeeSupport.objects.exists() and not AssistedRecord.objects.exists()
    assert Issue.objects.get(pk=aspiration.issue_id).support_count == 0


def test_a_resident_of_another_area_cannot_support(
    meeting_in_manggarai,
    council_member_for_tebet,
    issue_factory,
    resident_of_bukit_duri,
    attendee,
    areas,
    facilitator_of_manggarai,
    staff_of_tebet_member,
):
    other = issue_factory(resident_of_bukit_duri, area=areas["bukit-duri"], title="Got mampet di Bukit Duri")
    meeting_in_manggarai.areas.add(areas["bukit-duri"])
    raised = actions.join_issue(actor=council_member_for_tebet, meeting=meeting_in_manggarai, issue=other)
    with pytest.raises(PermissionDenied):
        actions.record_attendee_support(actor=staff_of_tebet_member, aspiration=raised, resident=attendee)
    assert not Vote.objects.filter(issue=other).exists()


# --- The meeting page ------------------------------------------------------------------------------


def test_the_meeting_page_shows_who_supported_and_who_recorded_it(
    client, client_of, aspiration, attendee, facilitator_of_manggarai, moderator_of_tebet
):
    actions.record_attendee_support(actor=facilitator_of_manggarai, aspiration=aspiration, resident=attendee)
    page = client.get(reverse("reses_meeting", args=[aspiration.meeting_id])).content.decode()
    assert "1 attending resident supported this, recorded by" in page and "Ibu Sri" in page
    assert "Add the support of a resident" not in page  # a visitor gets no form
    issue_page = client.get(aspiration.issue.get_absolute_url()).content.decode()
    assert "1 of those supports was given at a recess meeting by a resident who attended" in issue_page
    assert '<strong class="tally-count">1</strong>' in issue_page and "<strong>1</strong> recess meeting" in issue_page
    # The reviewers' list of assisted entries says where it came from, like any paper's source.
    review = client_of(moderator_of_tebet).get(reverse("facilitation_review")).content.decode()
    assert "reses Balai RW 04 Manggarai, 2026-11-14" in review


def test_a_facilitator_adds_attendees_one_after_another_with_htmx(
    client_of, aspiration, attendee, facilitator_of_manggarai
):
    sri = client_of(facilitator_of_manggarai)
    url = reverse("reses_attendee_support", args=[aspiration.pk])
    page = sri.get(reverse("reses_meeting", args=[aspiration.meeting_id])).content.decode()
    assert f'hx-post="{url}"' in page and f'name="a{aspiration.pk}-code"' in page
    prefix = f"a{aspiration.pk}"
    typed = attendee.code.replace("-", "").lower()  # as typed from the card
    response = sri.post(url, {f"{prefix}-code": typed, f"{prefix}-method": "spoken"}, HTTP_HX_REQUEST="true")
    fragment = response.content.decode()
    assert response.status_code == 200 and "<html" not in fragment
    assert f"Support of {attendee.code} recorded for #{aspiration.issue_id}." in fragment
    assert "1 attending resident supported this" in fragment and 'hx-swap-oob="true"' in fragment
    assert "autofocus" in fragment and 'value="spoken" selected' in fragment  # the next attendee, same way
    assert f'name="{prefix}-code" value=' not in fragment  # the code field is blank again
    again = sri.post(url, {f"{prefix}-code": typed, f"{prefix}-method": "spoken"}, HTTP_HX_REQUEST="true")
    error = again.content.decode()
    assert again.status_code == 400 and "This resident already supports this issue." in error
    assert f'value="{typed}"' in error and "field-invalid" in error  # beside the field, nothing lost
    assert AttendeeSupport.objects.count() == 1


def test_without_js_the_page_reloads_at_the_aspiration_with_the_cursor_in_the_code(
    client_of, aspiration, attendee, facilitator_of_manggarai
):
    sri = client_of(facilitator_of_manggarai)
    url = reverse("reses_attendee_support", args=[aspiration.pk])
    prefix = f"a{aspiration.pk}"
    response = sri.post(url, {f"{prefix}-code": attendee.code, f"{prefix}-method": "paper_form"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"?next_attendee={aspiration.pk}#aspiration-{aspiration.pk}")
    page = sri.get(response["Location"]).content.decode()
    assert f"Support of {attendee.code} recorded" in page and "autofocus" in page
    unknown = sri.post(url, {f"{prefix}-code": "XXX-YYY", f"{prefix}-method": "paper_form"})
    assert unknown.status_code == 400
    assert "No resident has this participant code. Check the card." in unknown.content.decode()


def test_the_member_in_person_gets_no_form_and_is_refused(client_of, aspiration, attendee, council_member_for_tebet):
    member = client_of(council_member_for_tebet)
    page = member.get(reverse("reses_meeting", args=[aspiration.meeting_id])).content.decode()
    assert "Add the support of a resident" not in page and "Join it to the issue" in page
    prefix = f"a{aspiration.pk}"
    response = member.post(
        reverse("reses_attendee_support", args=[aspiration.pk]),
        {f"{prefix}-code": attendee.code, f"{prefix}-method": "paper_form"},
    )
    assert response.status_code == 403 and not AttendeeSupport.objects.exists()


def test_the_meeting_page_reads_in_a_fixed_number_of_queries(
    client_of,
    meeting_in_manggarai,
    council_member_for_tebet,
    issue_factory,
    resident_of_manggarai,
    attendee,
    facilitator_of_manggarai,
    staff_of_tebet_member,
    areas,
):
    sri = client_of(facilitator_of_manggarai)
    url = reverse("reses_meeting", args=[meeting_in_manggarai.pk])

    def raise_and_support(n):
        issue = issue_factory(resident_of_manggarai, area=areas["manggarai"], title=f"Masalah nomor {n}")
        raised = actions.join_issue(actor=council_member_for_tebet, meeting=meeting_in_manggarai, issue=issue)
        recorder = facilitator_of_manggarai if n % 2 else staff_of_tebet_member
        actions.record_attendee_support(actor=recorder, aspiration=raised, resident=attendee)

    raise_and_support(1)
    sri.get(url)
    with CaptureQueriesContext(connection) as one:
        assert sri.get(url).status_code == 200
    for n in range(2, 6):
        raise_and_support(n)
    with CaptureQueriesContext(connection) as five:
        page = sri.get(url).content.decode()
    assert page.count("1 attending resident supported this") == 5
    assert len(five) == len(one) and len(five) <= 20


def test_a_voided_attendee_support_leaves_the_tally_and_the_meeting_page(
    client, aspiration, attendee, facilitator_of_manggarai, moderator_of_tebet
):
    from facilitation import actions as facilitation_actions

    support = actions.record_attendee_support(actor=facilitator_of_manggarai, aspiration=aspiration, resident=attendee)
    facilitation_actions.void_entry(
        actor=moderator_of_tebet, record=support.record, reason="call-back: not at the meeting"
    )
    assert Issue.objects.get(pk=aspiration.issue_id).support_count == 0
    page = client.get(reverse("reses_meeting", args=[aspiration.meeting_id])).content.decode()
    assert "attending resident supported this" not in page
