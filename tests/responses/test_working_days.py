"""Areas that count their window in working days (hari kerja): weekends, national holidays,
cuti bersama and the administrators' extra days off do not count; calendar days stay the default."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from issues.models import TimelineEntry
from notifications.models import Notification
from responses import actions, calendar, queries
from responses.models import DayOff, ResponseClock
from tests.responses.test_clock import started_at, status

WIB = ZoneInfo("Asia/Jakarta")


@pytest.fixture(autouse=True)
def no_cached_days_off():
    """The extra days off are cached across requests; each test starts from its own database."""
    calendar.forget_extra_days_off()
    yield
    calendar.forget_extra_days_off()


@pytest.fixture
def working_days_in_manggarai(areas):
    call_command("set_area_policy", "manggarai", "--window-days", "10", "--escalation-days", "5", "--working-days")


def test_calendar_days_stay_the_default(flooded_street, official_of_water_agency, areas):
    assert queries.policy_for(areas["manggarai"]).day_kind == "calendar"
    clock = started_at(dt.datetime(2026, 3, 16, 10, 0, tzinfo=WIB), flooded_street)
    assert clock.day_kind == "calendar" and clock.due_date == dt.date(2026, 3, 30)  # Idul Fitri counts
    assert status(clock, dt.datetime(2026, 3, 20, 9, 0, tzinfo=WIB)) == "10 days left"


def test_a_window_in_working_days_skips_idul_fitri_its_cuti_bersama_and_good_friday(
    flooded_street, official_of_water_agency, working_days_in_manggarai
):
    # Monday 16 March 2026. Off: Nyepi and its cuti bersama (18-19), cuti bersama (20),
    # the weekend, Idul Fitri (21-22), cuti bersama (23-24), Good Friday (3 April) and weekends.
    clock = started_at(dt.datetime(2026, 3, 16, 10, 0, tzinfo=WIB), flooded_street)
    assert clock.day_kind == "working"
    assert clock.due_date == dt.date(2026, 4, 7)
    assert clock.due_at == dt.datetime(2026, 4, 8, 0, 0, tzinfo=WIB)
    assert clock.escalate_at == dt.datetime(2026, 4, 15, 0, 0, tzinfo=WIB)  # 5 more: 8, 9, 10, 13, 14 April


def test_the_clock_says_it_counts_working_days(flooded_street, official_of_water_agency, working_days_in_manggarai):
    clock = started_at(dt.datetime(2026, 3, 16, 10, 0, tzinfo=WIB), flooded_street)
    assert status(clock, dt.datetime(2026, 3, 16, 10, 1, tzinfo=WIB)) == "10 working days left"
    # The whole Lebaran holiday passes without the clock moving.
    assert status(clock, dt.datetime(2026, 3, 18, 9, 0, tzinfo=WIB)) == "9 working days left"
    assert status(clock, dt.datetime(2026, 3, 24, 21, 0, tzinfo=WIB)) == "9 working days left"
    assert status(clock, dt.datetime(2026, 4, 6, 9, 0, tzinfo=WIB)) == "1 working day left"
    assert status(clock, dt.datetime(2026, 4, 7, 23, 59, tzinfo=WIB)) == "due today"
    assert status(clock, dt.datetime(2026, 4, 8, 0, 0, 1, tzinfo=WIB)) == "overdue by 1 working day"
    assert status(clock, dt.datetime(2026, 4, 13, 9, 0, tzinfo=WIB)) == "overdue by 4 working days"  # not 6


def test_a_long_weekend_and_an_extra_day_off_are_skipped(flooded_street, official_of_water_agency, areas):
    actions.set_area_policy(area=areas["manggarai"], window_days=3, escalation_days=1, day_kind="working")
    # Ascension Day (Thursday 14 May 2026) and its cuti bersama (Friday 15 May) make a four-day weekend;
    # the governor declares Tuesday 19 May a regional day off.
    actions.set_day_off(day=dt.date(2026, 5, 19), name="Hari libur daerah")
    clock = started_at(dt.datetime(2026, 5, 13, 15, 0, tzinfo=WIB), flooded_street)
    assert clock.due_date == dt.date(2026, 5, 21)  # 18, 20, 21 May
    assert status(clock, dt.datetime(2026, 5, 16, 8, 0, tzinfo=WIB)) == "3 working days left"


def test_an_extra_day_off_counts_at_once_on_running_clocks_without_moving_their_due_date(
    flooded_street, official_of_water_agency, working_days_in_manggarai, django_capture_on_commit_callbacks
):
    clock = started_at(dt.datetime(2026, 3, 16, 10, 0, tzinfo=WIB), flooded_street)
    moment = dt.datetime(2026, 3, 30, 9, 0, tzinfo=WIB)
    assert status(clock, moment) == "5 working days left"  # 31 March, 1, 2, 6 and 7 April
    with django_capture_on_commit_callbacks(execute=True):
        actions.set_day_off(day=dt.date(2026, 4, 2), name="Cuti bersama")
    clock.refresh_from_db()
    assert clock.due_date == dt.date(2026, 4, 7)
    assert status(clock, moment) == "4 working days left"
    with django_capture_on_commit_callbacks(execute=True):
        actions.remove_day_off(day_off=DayOff.objects.get(date=dt.date(2026, 4, 2)))
    assert status(clock, moment) == "5 working days left"


def test_a_day_off_needs_a_name(db):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        actions.set_day_off(day=dt.date(2026, 7, 1), name="  ")
    assert not DayOff.objects.exists()


def test_sub_areas_inherit_the_kind_of_days_and_inherit_clears_it(areas):
    call_command("set_area_policy", "tebet", "--working-days")
    assert queries.policy_for(areas["manggarai-rw-04"]).day_kind == "working"
    call_command("set_area_policy", "manggarai", "--calendar-days")
    assert queries.policy_for(areas["manggarai-rw-04"]).day_kind == "calendar"
    call_command("set_area_policy", "manggarai", "--inherit")
    assert queries.policy_for(areas["manggarai-rw-04"]).day_kind == "working"
    policy = queries.policy_for(areas["tebet"])
    assert (policy.window_days, policy.support_threshold) == (14, 10)  # only the kind was set


def test_escalation_counts_working_days_and_says_so(
    flooded_street,
    official_of_water_agency,
    water_supervisor,
    working_days_in_manggarai,
    django_capture_on_commit_callbacks,
):
    started_at(dt.datetime(2026, 3, 16, 10, 0, tzinfo=WIB), flooded_street)
    with time_machine.travel(dt.datetime(2026, 4, 14, 22, 0, tzinfo=WIB), tick=False):
        run = actions.run_deadlines()
    assert (run.overdue, run.escalated) == (1, 0)  # 14 April is the 5th working day overdue: not yet
    with (
        time_machine.travel(dt.datetime(2026, 4, 15, 8, 0, tzinfo=WIB), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert actions.run_deadlines().escalated == 1
    entry = TimelineEntry.objects.get(issue=flooded_street, kind="overdue", data__escalated=True)
    assert (entry.data["days"], entry.data["day_kind"]) == (6, "working")
    told = Notification.objects.get(kind="escalation", recipient=water_supervisor)
    from notifications.messages import describe

    assert "overdue by 6 working days" in describe(told.kind, told.context)


def test_the_issue_page_and_the_list_say_working_days(
    flooded_street, official_of_water_agency, working_days_in_manggarai, client
):
    started_at(dt.datetime(2026, 3, 16, 10, 0, tzinfo=WIB), flooded_street)
    with time_machine.travel(dt.datetime(2026, 3, 23, 9, 0, tzinfo=WIB), tick=False):
        page = client.get(flooded_street.get_absolute_url()).content.decode()
        listing = client.get("/issues/").content.decode()
    assert "9 working days left" in page
    assert "9 working days left" in listing
    assert ResponseClock.objects.get(issue=flooded_street).due_date == dt.date(2026, 4, 7)


def test_the_policy_line_names_the_kind_of_days(flooded_street, areas, working_days_in_manggarai, client):
    page = client.get(flooded_street.get_absolute_url()).content.decode()
    assert "the agency then has 10 working days" in page
    area_page = client.get(areas["manggarai"].get_absolute_url()).content.decode()
    assert "the responsible agency has 10 working days, and 5 working days more" in area_page
    tebet = client.get(areas["tebet"].get_absolute_url()).content.decode()
    assert "the responsible agency has 14 days, and 7 days more" in tebet


def test_the_national_calendar_has_lebaran_and_its_cuti_bersama():
    off = calendar.national_days_off(2026)
    assert {dt.date(2026, 3, 21), dt.date(2026, 3, 22), dt.date(2026, 3, 23), dt.date(2026, 3, 24)} <= off
    assert dt.date(2026, 3, 25) not in off


def test_the_clock_speaks_indonesian(flooded_street, official_of_water_agency, working_days_in_manggarai):
    from django.utils import translation

    clock = started_at(dt.datetime(2026, 3, 16, 10, 0, tzinfo=WIB), flooded_street)
    with translation.override("id"):
        assert status(clock, dt.datetime(2026, 3, 20, 9, 0, tzinfo=WIB)) == "sisa 9 hari kerja"
        assert status(clock, dt.datetime(2026, 4, 9, 9, 0, tzinfo=WIB)) == "terlambat 2 hari kerja"
