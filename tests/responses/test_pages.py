"""The pages: the response section, the forms with and without JavaScript, the officials' queue."""

import datetime as dt

import pytest
import time_machine
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from issues.models import Issue
from responses import actions
from responses.actions import CommitmentDraft
from responses.models import OfficialResponse
from tests.responses.conftest import respond


def count_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def busy(issue, official, residents, n):
    """``n`` responses, each revised twice, with a commitment, progress and verdicts."""
    for i in range(n):
        response = respond(
            official,
            issue,
            status="in_progress",
            body=f"Step {i}.",
            commitment=CommitmentDraft(what=f"Work {i}", due_date=dt.date(2030, 1, 1), budget_rupiah=10),
        )
        for v in range(2):
            actions.edit_response(actor=official, response=response, body=f"Step {i}, revised {v}.")
        actions.add_progress(actor=official, commitment=response.commitment, note="Going.")
        for person in residents:
            actions.give_verdict(actor=person, response=response, answers=bool(i % 2))


@pytest.mark.parametrize("viewer", ["visitor", "resident", "official"])
def test_the_issue_page_reads_the_same_whatever_the_number_of_responses(
    viewer,
    owed_issue,
    issue_factory,
    resident_of_manggarai,
    areas,
    official_of_water_agency,
    verified_residents,
    client,
    client_of,
):
    people = verified_residents(2)
    watcher = {"visitor": client, "resident": client_of(people[0]), "official": client_of(official_of_water_agency)}[
        viewer
    ]
    quiet = issue_factory(resident_of_manggarai, area=areas["manggarai"], title="Quiet")
    with transaction.atomic():
        actions.start_clock(issue=quiet, trigger="threshold")
    busy(quiet, official_of_water_agency, people, 1)
    busy(owed_issue, official_of_water_agency, people, 4)
    few = count_queries(watcher, quiet.get_absolute_url())
    many = count_queries(watcher, owed_issue.get_absolute_url())
    assert few == many


def test_responding_without_javascript_keeps_what_was_typed_when_refused(
    owed_issue, official_of_water_agency, client_of
):
    client = client_of(official_of_water_agency)
    page = client.post(
        f"/issues/{owed_issue.pk}/respond/", {"status": "declined", "body": "Not our canal.", "reason": ""}
    )
    assert page.status_code == 422
    html = page.content.decode()
    assert "Declining needs a reason residents can read." in html and "Not our canal." in html
    done = client.post(
        f"/issues/{owed_issue.pk}/respond/",
        {"status": "declined", "body": "Not our canal.", "reason": "It is the BBWS canal."},
    )
    response = OfficialResponse.objects.get()
    assert done["Location"] == f"{owed_issue.get_absolute_url()}#response-{response.pk}"


def test_a_commitment_needs_a_due_date(owed_issue, official_of_water_agency, client_of):
    page = client_of(official_of_water_agency).post(
        f"/issues/{owed_issue.pk}/respond/", {"status": "in_progress", "body": "We will.", "commit_what": "Dredge"}
    )
    assert page.status_code == 422 and "A commitment needs a due date." in page.content.decode()


def test_a_commitment_due_in_the_past_is_refused_beside_the_field(owed_issue, official_of_water_agency, client_of):
    page = client_of(official_of_water_agency).post(
        f"/issues/{owed_issue.pk}/respond/",
        {"status": "in_progress", "body": "We will.", "commit_what": "Dredge", "commit_due": "2020-01-31"},
    )
    assert page.status_code == 422 and "cannot be in the past" in page.content.decode()
    assert not owed_issue.official_responses.exists()


def test_with_htmx_the_section_comes_back_in_place(owed_issue, official_of_water_agency, client_of):
    page = client_of(official_of_water_agency).post(
        f"/issues/{owed_issue.pk}/respond/",
        {
            "status": "in_progress",
            "body": "Crews are out.",
            "commit_what": "Dredge",
            "commit_due": "2030-01-31",
            "commit_budget": "25000000",
            "commit_unit": "Sudin SDA",
        },
        HTTP_HX_REQUEST="true",
    )
    html = page.content.decode()
    assert page.status_code == 200 and html.lstrip().startswith("{% load") is False
    assert f'id="issue-{owed_issue.pk}-accountability"' in html and "Crews are out." in html
    assert "Rp 25.000.000" in html and "<html" not in html


def test_revising_shows_the_current_words_and_publishes_a_version(owed_issue, official_of_water_agency, client_of):
    response = respond(official_of_water_agency, owed_issue, body="First words.")
    client = client_of(official_of_water_agency)
    assert "First words." in client.get(f"/responses/{response.pk}/edit/").content.decode()
    client.post(f"/responses/{response.pk}/edit/", {"body": "Better words."})
    assert response.versions.count() == 2


def test_progress_is_reported_from_the_page(owed_issue, official_of_water_agency, client_of):
    response = respond(
        official_of_water_agency,
        owed_issue,
        status="in_progress",
        body="Soon.",
        commitment=CommitmentDraft(what="Dredge", due_date=dt.date(2030, 1, 1)),
    )
    client_of(official_of_water_agency).post(
        f"/commitments/{response.commitment.pk}/progress/", {"note": "Dredged.", "done": "on"}
    )
    response.commitment.refresh_from_db()
    assert response.commitment.done_at is not None


def test_a_verdict_form_is_shown_only_to_whoever_may_judge(
    owed_issue, official_of_water_agency, verified_residents, resident_of_bukit_duri, client_of
):
    respond(official_of_water_agency, owed_issue, status="resolved", body="Fixed.")
    eligible = client_of(verified_residents(1)[0]).get(owed_issue.get_absolute_url()).content.decode()
    other = client_of(resident_of_bukit_duri).get(owed_issue.get_absolute_url()).content.decode()
    assert "accountability-panel may-judge" in eligible
    assert "accountability-panel may-judge" not in other and "Only verified residents" in other


def test_the_queue_puts_overdue_first_then_the_most_supported(
    issue_factory, resident_of_manggarai, areas, official_of_water_agency, official_of_roads_agency, client_of
):
    def owed(title, support, days_ago, category="flooding"):
        issue = issue_factory(resident_of_manggarai, area=areas["manggarai"], title=title, category=category)
        Issue.objects.filter(pk=issue.pk).update(support_count=support)
        with time_machine.travel(timezone.now() - dt.timedelta(days=days_ago), tick=False), transaction.atomic():
            actions.start_clock(issue=issue, trigger="threshold")
        return issue

    owed("Fresh, popular", 50, 0)
    owed("Fresh, quiet", 12, 1)
    owed("Overdue, quiet", 11, 20)
    owed("Overdue, popular", 30, 16)
    owed("A road", 99, 0, category="roads")  # Bina Marga's, not the water agency's
    answered = owed("Answered", 80, 2)
    respond(official_of_water_agency, answered)
    page = client_of(official_of_water_agency).get("/respond/").content.decode()
    order = [t for t in ("Overdue, popular", "Overdue, quiet", "Fresh, popular", "Fresh, quiet") if t in page]
    assert order == ["Overdue, popular", "Overdue, quiet", "Fresh, popular", "Fresh, quiet"]
    assert sorted(order, key=page.index) == order
    assert "A road" not in page and "Answered" not in page
    assert "overdue by 2 days" in page


def test_the_area_page_shows_its_policy_and_what_is_awaited(owed_issue, areas, client):
    actions.set_area_policy(area=areas["tebet"], threshold=7)
    html = client.get(areas["manggarai"].get_absolute_url()).content.decode()
    assert "once 7 residents support it" in html
    assert "Awaiting an answer in this area: 1, of which overdue: 0." in html
    assert "14 days left" in html  # on the issue's row


def test_the_timeline_tells_the_story_in_words(owed_issue, official_of_water_agency, client):
    respond(official_of_water_agency, owed_issue, status="declined", body="Not ours.", reason="BBWS canal.")
    html = client.get(owed_issue.get_absolute_url()).content.decode()
    assert "Dinas SDA owes an answer by" in html
    assert "Open → Declined" in html


def test_the_queue_reads_the_same_for_few_and_many_issues(
    issue_factory, resident_of_manggarai, areas, official_of_water_agency, client_of
):
    client = client_of(official_of_water_agency)

    def owe(n):
        for i in range(n):
            issue = issue_factory(resident_of_manggarai, area=areas["manggarai"], title=f"Banjir {i}")
            with transaction.atomic():
                actions.start_clock(issue=issue, trigger="threshold")

    owe(1)
    few = count_queries(client, "/respond/")
    owe(6)
    assert count_queries(client, "/respond/") == few
