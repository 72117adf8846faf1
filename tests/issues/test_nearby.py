""" "Near here": the new-issue form suggests open issues within a radius of the chosen pin."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import override_settings

from issues import actions as issue_actions
from issues import nearby
from moderation import actions as moderation_actions
from tests.issues.test_open_issue import form_data

PIN = (Decimal("-6.210000"), Decimal("106.850000"))
# At Jakarta's latitude 0.0001 degree is about 11 metres.


@pytest.fixture
def placed(issue_factory, resident_of_manggarai, areas):
    def make(title, dlat=0, dlon=0, **extra):
        return issue_factory(
            resident_of_manggarai,
            area=areas["manggarai"],
            title=title,
            latitude=PIN[0] + Decimal(dlat),
            longitude=PIN[1] + Decimal(dlon),
            **extra,
        )

    return make


def test_open_issues_within_the_radius_come_nearest_first(placed):
    placed("Sixty metres north", dlat="0.00054")
    placed("Twenty metres east", dlon="0.00018")
    placed("Half a kilometre away", dlat="0.0045")
    found = nearby.open_issues_near(*PIN, radius_m=150)
    assert [(n.issue.title, n.metres) for n in found] == [("Twenty metres east", 20), ("Sixty metres north", 60)]


def test_closed_hidden_and_merged_issues_are_not_suggested(placed, moderator_of_tebet, official_of_water_agency):
    from responses import actions as response_actions

    resolved = placed("Resolved one")
    response_actions.publish_response(actor=official_of_water_agency, issue=resolved, status="resolved", body="Fixed.")
    hidden = placed("Hidden one")
    moderation_actions.hide_item(actor=moderator_of_tebet, item=hidden, reason="spam")
    target = placed("Target")
    duplicate = placed("Duplicate")
    moderation_actions.merge_issues(actor=moderator_of_tebet, duplicate=duplicate, target=target)
    assert [n.issue.title for n in nearby.open_issues_near(*PIN)] == ["Target"]


def test_near_the_date_line_and_the_poles_it_still_answers(db):
    assert nearby.open_issues_near(Decimal("89.999999"), Decimal("179.999999")) == []
    assert nearby.open_issues_near(Decimal("-90"), Decimal("-180")) == []


def test_the_form_asks_for_issues_near_the_pin_as_it_moves(client_of, resident_of_manggarai, placed):
    placed("Got-in-first flooding", dlat="0.0002")
    client = client_of(resident_of_manggarai)
    form = client.get("/issues/new/").content.decode()
    assert 'hx-get="/issues/nearby/"' in form and "data-map-picker" in form
    assert 'id="nearby-issues"' in form
    fragment = client.get("/issues/nearby/", {"latitude": "-6.21", "longitude": "106.85"}).content.decode()
    assert "Got-in-first flooding" in fragment and "22 metres away" in fragment
    assert "Open issues near this spot" in fragment


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"latitude": "abc", "longitude": "1"},
        {"latitude": "95", "longitude": "0"},
        {"latitude": "NaN", "longitude": "Infinity"},
        {"latitude": "1e999999", "longitude": "1"},
        {"latitude": "\x00", "longitude": ""},
    ],
)
def test_any_coordinates_get_an_answer(client, db, query):
    response = client.get("/issues/nearby/", query)
    assert response.status_code == 200
    # Nothing near: an empty live region, which the stylesheet draws as nothing (no empty box).
    assert (
        '<div id="nearby-issues" class="similar-issues nearby-issues" aria-live="polite"></div>'
        in response.content.decode()
    )


def test_a_form_sent_back_with_a_mistake_still_shows_what_is_near_its_pin(
    client_of, resident_of_manggarai, placed, areas
):
    placed("Already reported drain", dlon="0.0003")
    data = form_data(areas, title="", latitude="-6.21", longitude="106.85")
    page = client_of(resident_of_manggarai).post("/issues/new/", data).content.decode()
    assert "Give the issue a title." in page or "This field is required" in page
    assert "Already reported drain" in page and 'value="-6.21"' in page


@override_settings(MAP_NEAR_METRES=30)
def test_the_radius_is_a_setting(placed):
    placed("Forty metres away", dlat="0.00036")
    assert nearby.open_issues_near(*PIN) == []


def test_the_query_is_bounded_however_many_issues_are_near(
    placed, django_assert_num_queries, resident_of_manggarai, areas
):
    for n in range(12):
        issue_actions.open_issue(
            actor=resident_of_manggarai,
            title=f"Banjir {n}",
            description="Air.",
            category="flooding",
            area=areas["manggarai"],
            latitude=PIN[0],
            longitude=PIN[1] + Decimal(n) / 100000,
        )
    with django_assert_num_queries(1):
        assert len(nearby.open_issues_near(*PIN, limit=5)) == 5
