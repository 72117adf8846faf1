"""When an answer becomes owed, and by when: thresholds, rounds, policies, deadlines in Jakarta time."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import transaction
from django.template import Context, Template

from issues.models import Issue, TimelineEntry
from responses import actions, queries
from responses.models import AreaPolicy, ResponseClock

WIB = ZoneInfo("Asia/Jakarta")


def support(issue, count):
    """Votes keep support_count; here we set it and tell responses, as cast_vote does."""
    Issue.objects.filter(pk=issue.pk).update(support_count=count)
    with transaction.atomic():
        return actions.support_changed(issue=issue)


def kinds(issue):
    return list(TimelineEntry.objects.filter(issue=issue).values_list("kind", flat=True))


def test_the_clock_starts_when_support_reaches_the_area_threshold(
    flooded_street, official_of_water_agency, areas, water_agency
):
    actions.set_area_policy(area=areas["tebet"], threshold=3)
    assert support(flooded_street, 2) is None
    clock = support(flooded_street, 3)
    assert clock.agency == water_agency and clock.is_awaiting and clock.trigger == "threshold"
    assert kinds(flooded_street)[-2:] == ["threshold", "clock_started"]
    entry = TimelineEntry.objects.get(issue=flooded_street, kind="clock_started")
    assert entry.data["agency"] == "Dinas SDA" and entry.data["days"] == 14


def test_support_starts_the_clock_only_once(flooded_street, official_of_water_agency, areas):
    actions.set_area_policy(area=areas["tebet"], threshold=1)
    support(flooded_street, 1)
    assert support(flooded_street, 2) is None
    assert kinds(flooded_street).count("clock_started") == 1


def test_the_default_threshold_is_ten(flooded_street, official_of_water_agency):
    assert support(flooded_street, 9) is None
    assert support(flooded_street, 10) is not None


def test_a_sub_area_inherits_each_value_from_its_nearest_ancestor(areas):
    actions.set_area_policy(area=areas["jakarta-selatan"], threshold=20, window_days=30, escalation_days=3)
    actions.set_area_policy(area=areas["tebet"], threshold=5)
    actions.set_area_policy(area=areas["manggarai"], window_days=7)
    policy = queries.policy_for(areas["manggarai-rw-04"])
    assert (policy.support_threshold, policy.window_days, policy.escalation_days) == (5, 7, 3)
    assert queries.policy_for(areas["menteng"]).support_threshold == AreaPolicy.DEFAULT_THRESHOLD


def test_set_area_policy_sets_and_keeps_what_it_is_not_given(areas):
    call_command("set_area_policy", "tebet", "--threshold", "4", "--window-days", "10", "--escalation-days", "2")
    call_command("set_area_policy", "tebet", "--threshold", "6")
    policy = queries.policy_for(areas["manggarai"])
    assert (policy.support_threshold, policy.window_days, policy.escalation_days) == (6, 10, 2)
    call_command("set_area_policy", "tebet", "--inherit")
    assert queries.policy_for(areas["manggarai"]).support_threshold == 10
    with pytest.raises(CommandError, match="No area"):
        call_command("set_area_policy", "atlantis", "--threshold", "3")
    with pytest.raises(CommandError, match="positive"):
        call_command("set_area_policy", "tebet", "--threshold", "0")


def _round_with(issues, area, opener):
    from django.utils import timezone

    from votes.models import PriorityRound, RoundTotal

    rnd = PriorityRound.objects.create(
        title="Prioritas 2026", area=area, opened_by=opener, closes_at=timezone.now() - dt.timedelta(minutes=1)
    )
    for rank, issue in enumerate(issues, start=1):
        RoundTotal.objects.create(round=rnd, issue=issue, points=100 - rank, voters=3, rank=None)
    return rnd


def test_the_top_five_of_a_closed_round_are_owed_an_answer(
    issue_factory, resident_of_manggarai, areas, official_of_water_agency, moderator_of_tebet
):
    from votes.actions import close_round

    issues = [issue_factory(resident_of_manggarai, area=areas["manggarai"], title=f"Banjir {i}") for i in range(6)]
    rnd = _round_with(issues, areas["manggarai"], moderator_of_tebet)
    close_round(round_=rnd)  # votes ranks them by points and tells responses
    started = ResponseClock.objects.filter(trigger="round")
    assert sorted(c.issue_id for c in started) == sorted(i.pk for i in issues[:5])
    assert not ResponseClock.objects.filter(issue=issues[5]).exists()
    entry = TimelineEntry.objects.get(issue=issues[0], kind="clock_started")
    assert entry.data["trigger"] == "round" and entry.data["rank"] == 1
    assert actions.round_closed(round_title=rnd.title, ranked=issues) == []  # already awaiting: nothing restarts


def test_closing_a_round_through_votes_starts_the_clocks(
    issue_factory, resident_of_manggarai, areas, official_of_water_agency, moderator_of_tebet
):
    from votes.actions import close_round

    issues = [issue_factory(resident_of_manggarai, area=areas["manggarai"], title=f"Banjir {i}") for i in range(2)]
    rnd = _round_with(issues, areas["manggarai"], moderator_of_tebet)
    close_round(round_=rnd)
    assert ResponseClock.objects.filter(issue__in=issues, trigger="round").count() == 2


def test_reaching_the_threshold_through_cast_vote_starts_the_clock(
    flooded_street, official_of_water_agency, areas, verified_residents
):
    from votes.actions import cast_vote

    actions.set_area_policy(area=areas["manggarai"], threshold=2)
    first, second = verified_residents(2)
    cast_vote(actor=first, issue=flooded_street)
    assert not ResponseClock.objects.filter(issue=flooded_street).exists()
    cast_vote(actor=second, issue=flooded_street)
    assert ResponseClock.objects.get(issue=flooded_street).trigger == "threshold"


# --- Deadline arithmetic, in the site's time zone ------------------------------------------


def started_at(moment, issue):
    with time_machine.travel(moment, tick=False), transaction.atomic():
        return actions.start_clock(issue=issue, trigger="threshold")


def status(clock, moment):
    with time_machine.travel(moment, tick=False):
        return Template("{% load responses %}{% clock_status clock %}").render(Context({"clock": clock}))


def test_a_window_ends_at_the_end_of_the_local_day(flooded_street, official_of_water_agency):
    # 00:30 on 1 March in Jakarta is still 28 February in UTC: the local day counts.
    clock = started_at(dt.datetime(2026, 3, 1, 0, 30, tzinfo=WIB), flooded_street)
    assert clock.due_date == dt.date(2026, 3, 15)
    assert clock.due_at == dt.datetime(2026, 3, 16, 0, 0, tzinfo=WIB)
    assert clock.due_at == dt.datetime(2026, 3, 15, 17, 0, tzinfo=dt.UTC)
    assert clock.escalate_at == dt.datetime(2026, 3, 23, 0, 0, tzinfo=WIB)


def test_days_left_and_overdue_count_calendar_days_in_jakarta(flooded_street, official_of_water_agency):
    clock = started_at(dt.datetime(2026, 3, 1, 23, 30, tzinfo=WIB), flooded_street)
    assert status(clock, dt.datetime(2026, 3, 1, 23, 31, tzinfo=WIB)) == "14 days left"
    assert status(clock, dt.datetime(2026, 3, 14, 9, 0, tzinfo=WIB)) == "1 day left"
    assert status(clock, dt.datetime(2026, 3, 15, 23, 59, tzinfo=WIB)) == "due today"
    # 17:00 UTC on 15 March is already midnight in Jakarta: one day over.
    assert status(clock, dt.datetime(2026, 3, 15, 17, 0, 1, tzinfo=dt.UTC)) == "overdue by 1 day"
    assert status(clock, dt.datetime(2026, 3, 20, 8, 0, tzinfo=WIB)) == "overdue by 5 days"


def test_a_shorter_window_and_escalation_follow_the_area_policy(flooded_street, official_of_water_agency, areas):
    actions.set_area_policy(area=areas["manggarai"], window_days=3, escalation_days=1)
    clock = started_at(dt.datetime(2026, 6, 10, 12, 0, tzinfo=WIB), flooded_street)
    assert clock.due_date == dt.date(2026, 6, 13)
    assert clock.escalate_at == dt.datetime(2026, 6, 15, 0, 0, tzinfo=WIB)


def test_the_clock_shows_on_list_rows_with_one_query_for_the_whole_list(
    issue_factory, resident_of_manggarai, areas, official_of_water_agency, django_assert_num_queries
):
    issues = [issue_factory(resident_of_manggarai, area=areas["manggarai"], title=f"Banjir {i}") for i in range(4)]
    for issue in issues[:3]:
        with transaction.atomic():
            actions.start_clock(issue=issue, trigger="threshold")
    template = Template("{% load responses %}{% for i in issues %}[{% clock_badge clocks i %}]{% endfor %}")
    with django_assert_num_queries(1):
        html = template.render(Context({"issues": issues, "clocks": queries.clocks_of_issues(issues)}))
    assert html.count("14 days left") == 3
