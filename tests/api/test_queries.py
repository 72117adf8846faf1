"""Every API list costs the same few queries whatever its page size and the data behind it."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comments import actions as comment_actions

pytestmark = pytest.mark.django_db


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(captured)


@pytest.fixture
def busy_tebet(issue_factory, resident_of_manggarai, resident_of_bukit_duri, moderator_of_tebet, answered_street):
    from moderation import actions as moderation_actions

    issues = [issue_factory(resident_of_manggarai, title=f"Drain {n}") for n in range(12)]
    for issue in issues[:6]:
        top = comment_actions.post_comment(actor=resident_of_bukit_duri, issue=answered_street, body=f"On {issue.pk}")
        comment_actions.post_comment(actor=resident_of_manggarai, issue=answered_street, body="Reply", parent=top)
    for issue in issues[6:9]:
        moderation_actions.lock_thread(actor=moderator_of_tebet, issue=issue, note="Cooling off")
    return answered_street


@pytest.mark.parametrize(
    "path",
    [
        "issues?page_size={n}",
        "issues?sort=priority&area=tebet&page_size={n}",
        "issues?q=drain&page_size={n}",
        "issues/{issue}/comments?page_size={n}",
        "agencies/{agency}/responses?page_size={n}",
        "moderation-log?page_size={n}",
    ],
)
def test_a_list_costs_the_same_at_any_page_size(client, busy_tebet, water_agency, path):
    small = queries_for(client, "/api/v1/" + path.format(n=2, issue=busy_tebet.pk, agency=water_agency.pk))
    large = queries_for(client, "/api/v1/" + path.format(n=200, issue=busy_tebet.pk, agency=water_agency.pk))
    assert large == small
    assert large <= 8


@pytest.mark.parametrize("path", ["issues/{issue}", "issues/{issue}/responses", "areas", "agencies", "accountability"])
def test_one_thing_costs_a_few_queries(client, busy_tebet, path):
    assert queries_for(client, "/api/v1/" + path.format(issue=busy_tebet.pk)) <= 8


def test_the_open311_list_costs_the_same_whatever_the_number_of_requests(
    client, busy_tebet, issue_factory, resident_of_manggarai
):
    few = queries_for(client, "/open311/v2/requests.json?service_request_id=" + str(busy_tebet.pk))
    many = queries_for(client, "/open311/v2/requests.xml")
    assert many == few <= 6
