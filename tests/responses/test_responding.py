"""Responses are public and permanent: they set the status, stop the clock, keep every version."""

import datetime as dt
import uuid

import pytest
from django.core.exceptions import ValidationError

from accounts import permissions
from issues import rules as issue_rules
from issues.models import Follow, TimelineEntry
from responses import actions
from responses.actions import CommitmentDraft
from responses.models import OfficialResponse, ResponseClock, ResponseVersion
from tests.responses.conftest import respond


def test_a_response_sets_the_status_stops_the_clock_and_goes_on_the_record(owed_issue, official_of_water_agency):
    response = respond(official_of_water_agency, owed_issue, status="in_progress", body="Crews go on Monday.")
    owed_issue.refresh_from_db()
    assert owed_issue.status == "in_progress"
    clock = ResponseClock.objects.get(issue=owed_issue)
    assert clock.state == "answered" and clock.first_response_at == response.created_at
    entries = TimelineEntry.objects.filter(issue=owed_issue).order_by("pk")
    assert [e.kind for e in entries][-2:] == ["response", "status"]
    assert entries.get(kind="status").data == {"from": "open", "to": "in_progress"}


def test_a_response_ends_the_authors_right_to_edit_the_issue(
    owed_issue, official_of_water_agency, resident_of_manggarai
):
    assert permissions.can(resident_of_manggarai, issue_rules.edit_issue, owed_issue)
    respond(official_of_water_agency, owed_issue)
    owed_issue.__dict__.pop("has_official_response", None)
    assert not permissions.can(resident_of_manggarai, issue_rules.edit_issue, owed_issue)


def test_declining_needs_a_reason(owed_issue, official_of_water_agency):
    with pytest.raises(ValidationError) as refused:
        respond(official_of_water_agency, owed_issue, status="declined", body="Not ours.")
    assert "reason" in refused.value.message_dict
    respond(
        official_of_water_agency,
        owed_issue,
        status="declined",
        body="Not ours.",
        reason="The canal belongs to the national river authority (BBWS).",
    )
    owed_issue.refresh_from_db()
    assert owed_issue.status == "declined"


@pytest.mark.parametrize("status", ["open", "closed", ""])
def test_a_response_cannot_claim_an_unknown_status(owed_issue, official_of_water_agency, status):
    with pytest.raises(ValidationError):
        respond(official_of_water_agency, owed_issue, status=status)


def test_an_empty_response_is_refused(owed_issue, official_of_water_agency):
    with pytest.raises(ValidationError):
        respond(official_of_water_agency, owed_issue, body="   ")


def test_a_double_submit_publishes_one_response(owed_issue, official_of_water_agency):
    token = uuid.uuid4()
    first = respond(official_of_water_agency, owed_issue, submission_token=token)
    second = respond(official_of_water_agency, owed_issue, submission_token=token)
    assert first.pk == second.pk and OfficialResponse.objects.count() == 1


def test_an_edit_adds_a_version_and_the_earlier_stays_readable(owed_issue, official_of_water_agency, client):
    response = respond(official_of_water_agency, owed_issue, body="We will inspect on Monday.")
    actions.edit_response(actor=official_of_water_agency, response=response, body="We will inspect on Tuesday.")
    assert list(response.versions.values_list("number", "body")) == [
        (1, "We will inspect on Monday."),
        (2, "We will inspect on Tuesday."),
    ]
    page = client.get(owed_issue.get_absolute_url()).content.decode()
    assert "We will inspect on Tuesday." in page and "We will inspect on Monday." in page
    assert "1 earlier version" in page and "revised (version 2)" in page
    assert TimelineEntry.objects.filter(issue=owed_issue, kind="response_edited").count() == 1


def test_sending_the_same_words_again_adds_no_version(owed_issue, official_of_water_agency):
    response = respond(official_of_water_agency, owed_issue, body="Same.")
    actions.edit_response(actor=official_of_water_agency, response=response, body="Same.")
    assert ResponseVersion.objects.filter(response=response).count() == 1


def test_only_officials_of_the_answering_agency_revise(owed_issue, official_of_water_agency, official_of_roads_agency):
    from django.core.exceptions import PermissionDenied

    response = respond(official_of_water_agency, owed_issue)
    with pytest.raises(PermissionDenied):
        actions.edit_response(actor=official_of_roads_agency, response=response, body="Hijacked.")


def test_a_commitment_is_shown_and_late_once_past_its_due_date_without_done(
    owed_issue, official_of_water_agency, client
):
    import time_machine

    due = dt.date(2026, 4, 30)
    with time_machine.travel(dt.datetime(2026, 4, 1, 9, 0, tzinfo=dt.UTC), tick=False):
        response = respond(
            official_of_water_agency,
            owed_issue,
            status="in_progress",
            body="We will dredge.",
            commitment=CommitmentDraft(
                what="Dredge the Jl. Manggarai Utara drain",
                due_date=due,
                budget_rupiah=125_000_000,
                unit="Sudin SDA Jakarta Selatan",
            ),
        )
        commitment = response.commitment
        assert commitment.state() == "open"
        page = client.get(owed_issue.get_absolute_url()).content.decode()
        assert "Rp 125.000.000" in page and "Sudin SDA Jakarta Selatan" in page
    with time_machine.travel(dt.datetime(2026, 5, 1, 9, 0, tzinfo=dt.UTC), tick=False):
        assert commitment.state() == "late"
        assert "done late" not in client.get(owed_issue.get_absolute_url()).content.decode()
        actions.add_progress(actor=official_of_water_agency, commitment=commitment, note="Half dredged.")
        actions.add_progress(actor=official_of_water_agency, commitment=commitment, note="Dredged.", done=True)
    commitment.refresh_from_db()
    assert commitment.state() == "late" and commitment.done_late is True
    events = list(TimelineEntry.objects.filter(issue=owed_issue, kind="commitment").values_list("data", flat=True))
    assert [e["event"] for e in events] == ["made", "progress", "done"]
    assert events[-1]["late"] is True


def test_a_commitment_done_on_time_is_kept(owed_issue, official_of_water_agency):
    response = respond(
        official_of_water_agency,
        owed_issue,
        status="in_progress",
        body="Soon.",
        commitment=CommitmentDraft(what="Clear the drain", due_date=dt.date.today() + dt.timedelta(days=5)),
    )
    actions.add_progress(actor=official_of_water_agency, commitment=response.commitment, note="Cleared.", done=True)
    response.commitment.refresh_from_db()
    assert response.commitment.state() == "kept"
    with pytest.raises(Exception, match="already done"):
        actions.add_progress(actor=official_of_water_agency, commitment=response.commitment, note="Again.", done=True)


def test_a_response_appears_live_for_every_viewer(
    owed_issue, official_of_water_agency, live_events, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = respond(official_of_water_agency, owed_issue, body="Crews are on their way.")
    # One event for the issue's viewers, and the follower's (the author's) unread badge.
    assert live_events.groups() == [f"issue.{owed_issue.pk}", f"user.{owed_issue.author_id}"]
    html = live_events.sent[0][1]["html"]["en"]
    assert f'id="response-{response.pk}"' in html and "Crews are on their way." in html
    assert f'data-live-swap="append issue-{owed_issue.pk}-responses"' in html
    assert f'id="issue-{owed_issue.pk}-clock"' in html and "Dinas SDA answered" in html
    assert 'data-live-swap="announce"' in html
    assert f'id="issue-{owed_issue.pk}-header"' in html  # the status in the page header follows
    assert html.count(f'data-live-swap="append issue-{owed_issue.pk}-timeline-entries"') == 2  # response, status


def test_followers_are_told_but_not_the_official_who_answered(
    owed_issue, official_of_water_agency, resident_of_bukit_duri, mailoutbox, django_capture_on_commit_callbacks
):
    Follow.objects.create(user=resident_of_bukit_duri, issue=owed_issue)
    Follow.objects.create(user=official_of_water_agency, issue=owed_issue)
    with django_capture_on_commit_callbacks(execute=True):
        respond(official_of_water_agency, owed_issue, body="Crews are on their way.")
    recipients = sorted(m.to[0] for m in mailoutbox)
    assert recipients == sorted([owed_issue.author.email, resident_of_bukit_duri.email])
    assert "Dinas SDA responded" in mailoutbox[0].subject
    assert "Crews are on their way." in mailoutbox[0].body
    assert f"http://127.0.0.1:8000{owed_issue.get_absolute_url()}#response-" in mailoutbox[0].body
