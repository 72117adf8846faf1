"""The map's data: /issues/map.geojson gives what /issues/ lists (its filters), located issues only,
never a hidden one, in a fixed number of queries; the pages carry the map as an enhancement."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import transaction
from django.test import override_settings

from core.env import ConfigError, env_point, env_tile_url
from issues.models import Issue
from moderation import actions as moderation_actions
from responses import actions as response_actions
from tests.conftest import make_user

MANGGARAI = (Decimal("-6.210000"), Decimal("106.850000"))


@pytest.fixture
def placed(issue_factory, resident_of_manggarai, areas):
    """``placed(title, lat, lon, area=…, category=…)``: an issue with a place on the map."""

    def make(title, lat=MANGGARAI[0], lon=MANGGARAI[1], area="manggarai", **extra):
        author = resident_of_manggarai if area == "manggarai" else make_user(home=areas[area])
        return issue_factory(
            author, area=areas[area], title=title, latitude=Decimal(lat), longitude=Decimal(lon), **extra
        )

    return make


def features(client, query=""):
    response = client.get("/issues/map.geojson" + query)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    data = response.json()
    assert data["type"] == "FeatureCollection"
    return data


def titles(data):
    return sorted(f["properties"]["title"] for f in data["features"])


def test_it_gives_located_issues_as_points_longitude_first(placed, issue_factory, resident_of_manggarai, client):
    issue = placed("Banjir di Jalan Manggarai", "-6.211111", "106.851234")
    issue_factory(resident_of_manggarai, title="No place given")
    data = features(client)
    assert titles(data) == ["Banjir di Jalan Manggarai"]
    (feature,) = data["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [106.851234, -6.211111]}
    assert feature["properties"]["url"] == issue.get_absolute_url()
    assert feature["properties"]["status"] == "open" and feature["properties"]["status_label"] == "Open"
    assert data["truncated"] is False


def test_it_applies_the_lists_filters(placed, client):
    placed("Banjir Manggarai")
    placed("Jalan rusak Bukit Duri", area="bukit-duri", category="roads")
    placed("Banjir Menteng", area="menteng")
    assert titles(features(client, "?area=tebet")) == ["Banjir Manggarai", "Jalan rusak Bukit Duri"]
    assert titles(features(client, "?category=roads")) == ["Jalan rusak Bukit Duri"]
    assert titles(features(client, "?q=banjir&area=manggarai")) == ["Banjir Manggarai"]
    assert titles(features(client, "?status=resolved")) == []


def test_hidden_and_merged_issues_are_never_on_the_map(placed, moderator_of_tebet, client):
    hidden = placed("Personal data in the title")
    duplicate = placed("Banjir again")
    target = placed("Banjir")
    moderation_actions.hide_item(actor=moderator_of_tebet, item=hidden, reason="personal_data")
    moderation_actions.merge_issues(actor=moderator_of_tebet, duplicate=duplicate, target=target)
    data = features(client)
    assert titles(data) == ["Banjir"]
    assert "Personal data" not in str(data)
    assert features(client, f"?issue={hidden.pk}")["features"] == []


def test_the_popup_carries_the_clock(placed, official_of_water_agency, client):
    issue = placed("Banjir")
    with transaction.atomic():
        response_actions.start_clock(issue=issue, trigger="threshold")
    (feature,) = features(client, f"?issue={issue.pk}")["features"]
    assert feature["properties"]["clock"] == "14 days left"
    assert feature["properties"]["overdue"] is False


def test_the_number_of_queries_does_not_grow_with_the_issues(placed, client, django_assert_max_num_queries):
    for n in range(3):
        placed(f"Banjir {n}")
    with django_assert_max_num_queries(6) as few:
        features(client)
    for n in range(3, 30):
        placed(f"Banjir {n}", lon=Decimal("106.850000") + Decimal(n) / 1000)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(features(client)["features"]) == 30


@override_settings(MAP_MAX_ISSUES=2)
def test_the_map_is_capped_and_says_so(placed, client):
    for n in range(3):
        placed(f"Banjir {n}")
    data = features(client)
    assert len(data["features"]) == 2 and data["truncated"] is True


@pytest.mark.parametrize(
    "query", ["?issue=abc", "?issue=99999999999999999999", "?issue=%C2%B2", "?area=atlantis", "?q=%00", "?page=x"]
)
def test_any_query_string_is_an_answer(placed, client, query):
    placed("Banjir")
    features(client, query)


def test_the_list_area_and_issue_pages_carry_the_map_hidden_until_the_script_runs(placed, client, areas):
    issue = placed("Banjir")
    listing = client.get("/issues/?category=flooding").content.decode()
    assert "data-issue-map hidden" in listing
    assert 'data-src="/issues/map.geojson?category=flooding"' in listing
    assert "vendor/leaflet/leaflet.js" in listing and "vendor/leaflet.markercluster/leaflet.markercluster.js" in listing
    area_page = client.get(areas["manggarai"].get_absolute_url()).content.decode()
    assert 'data-src="/issues/map.geojson?area=manggarai"' in area_page
    issue_page = client.get(issue.get_absolute_url()).content.decode()
    assert f'data-src="/issues/map.geojson?issue={issue.pk}"' in issue_page
    assert 'data-tiles="https://tile.openstreetmap.org/{z}/{x}/{y}.png"' in issue_page
    assert "OpenStreetMap&lt;/a&gt; contributors" in issue_page  # the attribution, for Leaflet's corner


def test_an_issue_without_a_place_has_no_map(issue_factory, resident_of_manggarai, client):
    issue = issue_factory(resident_of_manggarai)
    assert "data-issue-map" not in client.get(issue.get_absolute_url()).content.decode()


def test_the_csp_allows_the_tile_servers_images(client, db):
    policy = client.get("/issues/")["Content-Security-Policy"]
    img_src = next(part for part in policy.split(";") if part.strip().startswith("img-src"))
    assert "https://tile.openstreetmap.org" in img_src
    script_src = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
    assert "openstreetmap" not in script_src  # Leaflet itself is served from our own static files


def test_the_tile_server_is_a_checked_setting():
    assert env_tile_url("T", "", {"T": "https://{s}.tiles.example/{z}/{x}/{y}.png"}) == (
        "https://{s}.tiles.example/{z}/{x}/{y}.png",
        "https://*.tiles.example",
    )
    assert env_tile_url("T", "http://127.0.0.1:9/{z}/{x}/{y}.png", {})[1] == "http://127.0.0.1:9"
    for bad in ("javascript:alert(1)//{z}{x}{y}", "https://tiles.example/tile.png", "ftp://h/{z}/{x}/{y}"):
        with pytest.raises(ConfigError, match="MAP_TILE_URL"):
            env_tile_url("MAP_TILE_URL", "", {"MAP_TILE_URL": bad})
    assert env_point("C", (0, 0), {"C": "-6.2,106.8"}) == (-6.2, 106.8)
    with pytest.raises(ConfigError):
        env_point("C", (0, 0), {"C": "-96,0"})


def test_issues_keep_their_place_as_decimals(placed):
    issue = placed("Banjir", "-6.2", "106.85")
    assert Issue.objects.values_list("latitude", "longitude").get(pk=issue.pk) == (
        Decimal("-6.200000"),
        Decimal("106.850000"),
    )
