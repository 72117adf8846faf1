"""run_deadlines marks what time made true, once, however often it runs."""

import datetime as dt

import time_machine
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from issues.models import TimelineEntry
from notifications.models import Notification
from responses import actions
from responses.actions import CommitmentDraft
from responses.models import Commitment, ResponseClock
from tests.responses.conftest import respond


def after(days):
    return time_machine.travel(timezone.now() + dt.timedelta(days=days), tick=False)


def entries(issue, kind):
    return TimelineEntry.objects.filter(issue=issue, kind=kind).count()


def test_an_unanswered_issue_becomes_overdue_once(owed_issue):
    with after(10):
        assert actions.run_deadlines().overdue == 0
    with after(16):
        assert actions.run_deadlines().overdue == 1
        assert actions.run_deadlines().overdue == 0
    assert entries(owed_issue, "overdue") == 1
    assert ResponseClock.objects.get(issue=owed_issue).overdue_marked_at is not None


def test_past_the_escalation_window_supervisors_are_told_once(
    owed_issue, water_supervisor, official_of_water_agency, django_capture_on_commit_callbacks, mailoutbox
):
    with after(20), django_capture_on_commit_callbacks(execute=True):
        assert actions.run_deadlines().escalated == 0
    with after(23), django_capture_on_commit_callbacks(execute=True):
        run = actions.run_deadlines()
        again = actions.run_deadlines()
    assert (run.escalated, again.escalated, again.overdue) == (1, 0, 0)
    told = Notification.objects.filter(kind="escalation")
    assert [n.recipient for n in told] == [water_supervisor]  # not the plain official
    assert [m.to for m in mailoutbox if "Escalated" in m.subject] == [[water_supervisor.email]]
    escalation = TimelineEntry.objects.get(issue=owed_issue, kind="overdue", data__escalated=True)
    assert escalation.data["days"] >= 7


def test_an_answered_issue_is_never_overdue(owed_issue, official_of_water_agency):
    respond(official_of_water_agency, owed_issue)
    with after(30):
        run = actions.run_deadlines()
    assert (run.overdue, run.escalated) == (0, 0)


def test_a_commitment_past_its_date_is_marked_late_once(owed_issue, official_of_water_agency):
    respond(
        official_of_water_agency,
        owed_issue,
        status="in_progress",
        body="We dredge.",
        commitment=CommitmentDraft(what="Dredge", due_date=timezone.localdate() + dt.timedelta(days=3)),
    )
    with after(3):
        assert actions.run_deadlines().late == 0
    with after(4):
        assert actions.run_deadlines().late == 1
        assert actions.run_deadlines().late == 0
    assert Commitment.objects.get().late_marked_at is not None
    assert TimelineEntry.objects.filter(issue=owed_issue, kind="commitment", data__event="late").count() == 1


def test_the_command_reports_what_it_did_and_a_second_run_does_nothing(owed_issue):
    from io import StringIO

    with after(40):
        first, second = StringIO(), StringIO()
        call_command("run_deadlines", stdout=first)
        call_command("run_deadlines", stdout=second)
    assert "overdue: 1, escalated: 1" in first.getvalue()
    assert second.getvalue().startswith("overdue: 0, escalated: 0, late commitments: 0")
    assert entries(owed_issue, "overdue") == 2  # overdue, then escalated


def test_a_reopened_clock_runs_afresh(owed_issue, official_of_water_agency):
    with after(16):
        actions.run_deadlines()
        respond(official_of_water_agency, owed_issue)
        with transaction.atomic():
            clock = actions.start_clock(issue=owed_issue, trigger="round")
    assert clock.overdue_marked_at is None and clock.is_awaiting
    assert clock.due_at > timezone.now() + dt.timedelta(days=16)
