"""Atom feeds: what a feed reader shows, and nothing hidden."""

from __future__ import annotations

from xml.etree import ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from moderation import actions as moderation_actions

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def entries(client, url) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    return [entry.findtext(f"{ATOM}title") for entry in feed.iter(f"{ATOM}entry")]


def test_an_area_feed_has_its_new_issues_and_those_below_it(client, issue_factory, resident_of_manggarai, areas):
    issue_factory(resident_of_manggarai, title="Drain in RW 04")
    issue_factory(resident_of_manggarai, title="Bench in Tebet", area=areas["tebet"])
    assert entries(client, "/feeds/areas/manggarai/issues/") == ["Drain in RW 04"]
    assert set(entries(client, "/feeds/areas/tebet/issues/")) == {"Drain in RW 04", "Bench in Tebet"}
    assert client.get("/feeds/areas/nowhere/issues/").status_code == 404


def test_an_issue_feed_follows_its_responses_and_status(client, answered_street):
    titles = entries(client, f"/feeds/issues/{answered_street.pk}/")
    assert "Official response" in titles
    assert "Opened" in titles


def test_an_agency_feed_has_its_responses(client, answered_street, water_agency):
    titles = entries(client, f"/feeds/agencies/{water_agency.pk}/responses/")
    assert titles == [f"In progress: #{answered_street.pk} {answered_street.title}"]
    assert "The drain will be dredged." in client.get(f"/feeds/agencies/{water_agency.pk}/responses/").content.decode()


def test_hidden_issues_leave_every_feed(client, answered_street, water_agency, moderator_of_tebet, hidden_comment):
    from tests.api.conftest import HIDDEN_TEXT

    moderation_actions.hide_item(actor=moderator_of_tebet, item=answered_street, reason="abuse", note="insults")
    assert client.get(f"/feeds/issues/{answered_street.pk}/").status_code == 404
    everything = "".join(
        client.get(url).content.decode()
        for url in (
            "/feeds/areas/tebet/issues/",
            f"/feeds/agencies/{water_agency.pk}/responses/",
            "/feeds/moderation/",
        )
    )
    assert answered_street.title not in everything
    assert HIDDEN_TEXT not in everything
    assert f"Hidden: #{answered_street.pk} Hidden issue #{answered_street.pk}" in entries(client, "/feeds/moderation/")


def test_a_feed_costs_a_few_queries(client, answered_street, water_agency):
    for url in ("/feeds/areas/tebet/issues/", f"/feeds/issues/{answered_street.pk}/", "/feeds/moderation/",
                f"/feeds/agencies/{water_agency.pk}/responses/"):  # fmt: skip
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        assert len(captured) <= 8, url
