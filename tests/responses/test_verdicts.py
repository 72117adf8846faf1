"""Residents, not the agency, say whether an answer answers; enough "no" reopens the issue."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts import permissions
from issues.models import TimelineEntry
from responses import actions
from responses import rules as response_rules
from responses.models import ResponseClock, Verdict
from tests.conftest import make_user
from tests.responses.conftest import respond, verify


@pytest.fixture
def answered(owed_issue, official_of_water_agency):
    return respond(official_of_water_agency, owed_issue, status="resolved", body="The drain was cleared.")


def test_verified_residents_of_the_area_and_the_author_may_judge(
    answered, resident_of_manggarai, resident_of_bukit_duri, official_of_water_agency, moderator_of_tebet, areas
):
    neighbour = verify(make_user(name="Tetangga", home=areas["manggarai-rw-04"]))
    unverified = make_user(name="Baru", home=areas["manggarai-rw-04"])
    verify(resident_of_bukit_duri)
    assert permissions.can(neighbour, response_rules.judge_response, answered.issue, answered.agency_id)
    assert permissions.can(
        resident_of_manggarai, response_rules.judge_response, answered.issue, answered.agency_id
    )  # the author, even unverified
    assert "verified residents" in permissions.why_not(
        unverified, response_rules.judge_response, answered.issue, answered.agency_id
    )
    assert "Only residents of Kelurahan Manggarai" in permissions.why_not(
        resident_of_bukit_duri, response_rules.judge_response, answered.issue, answered.agency_id
    )
    assert "answering agency" in permissions.why_not(
        official_of_water_agency, response_rules.judge_response, answered.issue, answered.agency_id
    )
    assert not permissions.can(
        moderator_of_tebet, response_rules.judge_response, answered.issue, answered.agency_id
    )  # not verified


def test_one_verdict_each_and_it_can_change(answered, verified_residents):
    resident = verified_residents(1)[0]
    actions.give_verdict(actor=resident, response=answered, answers=True)
    actions.give_verdict(actor=resident, response=answered, answers=True)
    answered.refresh_from_db()
    assert (answered.answers_count, answered.does_not_count) == (1, 0)
    actions.give_verdict(actor=resident, response=answered, answers=False)
    answered.refresh_from_db()
    assert (answered.answers_count, answered.does_not_count) == (0, 1)
    assert Verdict.objects.filter(response=answered).count() == 1


def test_only_the_latest_response_is_judged(answered, official_of_water_agency, verified_residents, owed_issue):
    resident = verified_residents(1)[0]
    respond(official_of_water_agency, owed_issue, status="in_progress", body="Reopened our work order.")
    with pytest.raises(ValidationError, match="newer response"):
        actions.give_verdict(actor=resident, response=answered, answers=False)


def test_ineligible_people_are_refused(answered, resident_of_bukit_duri):
    with pytest.raises(PermissionDenied):
        actions.give_verdict(actor=resident_of_bukit_duri, response=answered, answers=False)


def test_judging_through_the_page_shows_the_tally(answered, verified_residents, client_of, owed_issue):
    client = client_of(verified_residents(1)[0])
    page = client.post(f"/responses/{answered.pk}/verdict/", {"answers": "no"}, follow=True).content.decode()
    assert "0 say it answers the issue, 1 says it does not" in page  # one says, not "1 say"
    assert "Your verdict: it does not answer" in page


def judged(response, yes, no, verified_residents):
    people = verified_residents(yes + no)
    for person in people[:yes]:
        actions.give_verdict(actor=person, response=response, answers=True)
    for person in people[yes:]:
        actions.give_verdict(actor=person, response=response, answers=False)


def after(days):
    return time_machine.travel(timezone.now() + dt.timedelta(days=days), tick=False)


def test_five_verdicts_mostly_against_reopen_the_issue_after_seven_days(answered, owed_issue, verified_residents):
    judged(answered, 2, 3, verified_residents)
    with after(6):
        assert actions.run_deadlines().reopened == 0
    owed_issue.refresh_from_db()
    assert owed_issue.status == "resolved"
    with after(7):
        run = actions.run_deadlines()
    assert run.reopened == 1
    owed_issue.refresh_from_db()
    assert owed_issue.status == "open"
    clock = ResponseClock.objects.get(issue=owed_issue)
    assert clock.is_awaiting and clock.trigger == "reopened"
    reopened = TimelineEntry.objects.get(issue=owed_issue, kind="reopened")
    assert (reopened.data["does_not"], reopened.data["answers"]) == (3, 2)
    assert TimelineEntry.objects.get(issue=owed_issue, kind="verdict").data["outcome"] == "reopened"
    assert TimelineEntry.objects.filter(issue=owed_issue, kind="clock_started").count() == 2


@pytest.mark.parametrize("yes, no", [(0, 4), (3, 3), (3, 2), (5, 0)])
def test_too_few_verdicts_or_no_majority_against_leave_the_answer_standing(
    answered, owed_issue, verified_residents, yes, no
):
    judged(answered, yes, no, verified_residents)
    with after(8):
        assert actions.run_deadlines().reopened == 0
    owed_issue.refresh_from_db()
    assert owed_issue.status == "resolved"
    verdict = TimelineEntry.objects.get(issue=owed_issue, kind="verdict")
    assert verdict.data["outcome"] == ("answers" if yes > no else "stands")


def test_an_answer_that_does_not_close_the_issue_is_not_put_to_the_rule(
    owed_issue, official_of_water_agency, verified_residents
):
    response = respond(official_of_water_agency, owed_issue, status="acknowledged", body="Seen.")
    judged(response, 0, 5, verified_residents)
    with after(8):
        assert actions.run_deadlines().judged == 0
    owed_issue.refresh_from_db()
    assert owed_issue.status == "acknowledged"


def test_the_reopening_is_told_to_followers(
    answered, owed_issue, verified_residents, mailoutbox, django_capture_on_commit_callbacks
):
    judged(answered, 0, 5, verified_residents)
    with after(7), django_capture_on_commit_callbacks(execute=True):
        actions.run_deadlines()
    assert any("reopened" in m.subject and m.to == [owed_issue.author.email] for m in mailoutbox)


def test_once_the_outcome_is_counted_the_verdict_is_final_and_its_buttons_go(
    answered, verified_residents, client_of, owed_issue
):
    from responses.models import OfficialResponse

    OfficialResponse.objects.filter(pk=answered.pk).update(verdict_outcome="answers")
    resident = verified_residents(1)[0]
    with pytest.raises(ValidationError, match="final"):
        actions.give_verdict(actor=resident, response=OfficialResponse.objects.get(pk=answered.pk), answers=False)
    page = client_of(resident).get(owed_issue.get_absolute_url()).content.decode()
    assert "It does not answer" not in page
    assert "You can change it" not in page
