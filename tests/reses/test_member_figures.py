"""A council member's page counts answers like the accountability dashboard, over the issues
their meetings raised (and only those)."""

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reses import actions, queries
from responses import actions as response_actions

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))


def at(days):
    return time_machine.travel(T0 + dt.timedelta(days=days), tick=False)


def clocked(issue):
    with at(0), transaction.atomic():
        response_actions.start_clock(issue=issue, trigger="threshold")
    return issue


def test_answered_awaiting_overdue_and_median_days_of_the_issues_raised(
    issue_factory,
    resident_of_manggarai,
    areas,
    official_of_water_agency,
    meeting_in_manggarai,
    council_member_for_tebet,
):
    with at(0):
        answered = issue_factory(resident_of_manggarai, area=areas["manggarai"], title="Answered")
        waiting = issue_factory(resident_of_manggarai, area=areas["manggarai"], title="Waiting")
        elsewhere = issue_factory(resident_of_manggarai, area=areas["manggarai"], title="Not raised at reses")
    for issue in (answered, waiting, elsewhere):
        clocked(issue)
    with at(2):
        response_actions.publish_response(
            actor=official_of_water_agency, issue=answered, status="acknowledged", body="Ok."
        )
    for issue in (answered, waiting):
        actions.join_issue(actor=council_member_for_tebet, meeting=meeting_in_manggarai, issue=issue)
    with at(20):
        record = queries.member_record(council_member_for_tebet.pk)
    assert record.meetings_held == 1 and record.people_reached == 140
    assert record.aspirations_raised == 2 and record.issues_raised == 2
    assert record.answered == 1 and record.answers.median_days == 2.0
    assert record.answers.awaiting == 1 and record.answers.overdue == 1


def test_the_member_page_needs_the_same_queries_whatever_the_number_of_meetings(
    client, issue_factory, resident_of_manggarai, areas, council_member_for_tebet, meeting_in_manggarai
):
    url = reverse("reses_member", args=[council_member_for_tebet.pk])

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    few = count()
    for n in range(6):
        meeting = actions.record_meeting(
            actor=council_member_for_tebet,
            held_on=dt.date(2026, 10, n + 1),
            place=f"Balai RW 0{n}",
            areas=[areas["manggarai"], areas["bukit-duri"]],
            attendance=50 + n,
        )
        issue = issue_factory(resident_of_manggarai, area=areas["manggarai"], title=f"Banjir {n}")
        actions.join_issue(actor=council_member_for_tebet, meeting=meeting, issue=issue)
        actions.adopt_pokir(actor=council_member_for_tebet, issue=issue, plan_year=2027)
    assert count() == few
