"""Only officials of the responsible agency who serve the issue's area respond."""

import pytest
from django.core.exceptions import PermissionDenied

from accounts import permissions
from responses import queries
from responses import rules as response_rules
from responses.models import OfficialResponse
from tests.responses.conftest import respond

WHO = [
    ("official_of_water_agency", True, None),
    ("official_of_roads_agency", False, "Another agency is responsible"),
    ("water_official_of_menteng", False, "do not serve the area"),
    ("moderator_of_tebet", False, "Only officials of the responsible agency"),
    ("resident_of_manggarai", False, "Only officials of the responsible agency"),
]


@pytest.mark.parametrize("who, allowed, reason", WHO)
def test_who_may_respond(request, owed_issue, who, allowed, reason):
    person = request.getfixturevalue(who)
    duty = queries.duty_for(owed_issue)
    assert permissions.can(person, response_rules.respond_issue, duty) is allowed
    if allowed:
        respond(person, owed_issue)
        assert OfficialResponse.objects.filter(issue=owed_issue, author=person).exists()
    else:
        assert reason in permissions.why_not(person, response_rules.respond_issue, duty)
        with pytest.raises(PermissionDenied):
            respond(person, owed_issue)
        assert not OfficialResponse.objects.exists()


@pytest.mark.parametrize("who, allowed, _reason", WHO)
def test_only_the_responsible_official_sees_the_form_and_may_post_it(
    request, owed_issue, client_of, who, allowed, _reason
):
    person = request.getfixturevalue(who)
    client = client_of(person)
    page = client.get(owed_issue.get_absolute_url()).content.decode()
    assert ("Publish response" in page) is allowed
    answer = client.post(f"/issues/{owed_issue.pk}/respond/", {"status": "acknowledged", "body": "Seen."})
    assert answer.status_code == (302 if allowed else 403)
    assert OfficialResponse.objects.count() == (1 if allowed else 0)


def test_an_official_may_answer_before_the_clock_starts(flooded_street, official_of_water_agency):
    respond(official_of_water_agency, flooded_street)
    assert flooded_street.official_responses.count() == 1


def test_nobody_responds_while_no_agency_answers_for_the_category(
    issue_factory, resident_of_manggarai, official_of_water_agency, areas
):
    waste = issue_factory(resident_of_manggarai, area=areas["manggarai"], category="waste")
    duty = queries.duty_for(waste)
    assert duty.agency is None
    assert "No agency is responsible" in permissions.why_not(
        official_of_water_agency, response_rules.respond_issue, duty
    )


def test_the_nearest_serving_agency_that_answers_the_category_is_responsible(
    flooded_street, areas, water_agency, official_of_water_agency
):
    from accounts.actions import grant_official
    from accounts.models import Agency
    from responses.models import AgencyCategory
    from tests.conftest import make_user

    local = Agency.objects.create(name="Suku Dinas SDA Jakarta Selatan", short_name="Sudin SDA")
    AgencyCategory.objects.create(agency=local, category="flooding")
    grant_official(user=make_user(), agency=local, areas=[areas["manggarai"]], by="test")
    assert queries.responsible_agency(flooded_street) == local  # Manggarai is nearer than Tebet


def test_a_general_agency_answers_when_none_declares_the_category(issue_factory, resident_of_manggarai, areas):
    from accounts.actions import grant_official
    from accounts.models import Agency
    from tests.conftest import make_user

    general = Agency.objects.create(name="Kelurahan Manggarai office")
    grant_official(user=make_user(), agency=general, areas=[areas["manggarai"]], by="test")
    waste = issue_factory(resident_of_manggarai, area=areas["manggarai"], category="waste")
    assert queries.responsible_agency(waste) == general


def test_the_queue_and_the_dashboard_have_the_right_doors(
    client, client_of, resident_of_manggarai, official_of_water_agency
):
    assert client.get("/accountability/").status_code == 200
    assert client.get("/accountability/accountability.csv").status_code == 200
    assert client.get("/respond/").status_code == 302  # to sign in
    assert client_of(resident_of_manggarai).get("/respond/").status_code == 403
    assert client_of(official_of_water_agency).get("/respond/").status_code == 200


def test_an_administrator_reassigns_the_duty_on_the_record(
    owed_issue, admin_user_, roads_agency, official_of_roads_agency, official_of_water_agency
):
    from issues.models import TimelineEntry
    from responses import actions
    from responses.models import ResponseClock

    with pytest.raises(PermissionDenied):
        actions.reassign_responsibility(
            actor=official_of_water_agency, issue=owed_issue, agency=roads_agency, reason="Not ours"
        )
    before = ResponseClock.objects.get(issue=owed_issue).due_at
    actions.reassign_responsibility(
        actor=admin_user_, issue=owed_issue, agency=roads_agency, reason="The drain runs under the road."
    )
    clock = ResponseClock.objects.get(issue=owed_issue)
    assert clock.agency == roads_agency and clock.due_at == before
    entry = TimelineEntry.objects.filter(issue=owed_issue, kind="clock_started").last()
    assert entry.data["event"] == "reassigned" and entry.data["previous"] == "Dinas SDA"
    assert permissions.can(official_of_roads_agency, response_rules.respond_issue, queries.duty_for(owed_issue))
    assert not permissions.can(official_of_water_agency, response_rules.respond_issue, queries.duty_for(owed_issue))


def test_reassigning_through_the_admin_needs_a_reason(owed_issue, admin_user_, roads_agency, client_of):
    from responses.models import ResponseClock

    clock = ResponseClock.objects.get(issue=owed_issue)
    client = client_of(admin_user_)
    url = f"/admin/responses/responseclock/{clock.pk}/change/"
    assert client.post(url, {"agency": roads_agency.pk, "reason": ""}).status_code == 200  # form error
    client.post(url, {"agency": roads_agency.pk, "reason": "Road drainage."})
    clock.refresh_from_db()
    assert clock.agency == roads_agency
