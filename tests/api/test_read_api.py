"""The read API answers what the pages show a visitor, and nothing they withhold."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from comments import actions as comment_actions
from issues.models import Issue
from moderation import actions as moderation_actions
from tests.api.conftest import HIDDEN_TEXT

pytestmark = pytest.mark.django_db


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_an_area_lists_its_own_issues_and_those_below_it(
    api, issue_factory, resident_of_manggarai, resident_of_bukit_duri, areas
):
    in_rw = issue_factory(resident_of_manggarai, title="Drain in RW 04")
    in_bukit_duri = issue_factory(resident_of_bukit_duri, title="Pothole in Bukit Duri", area=areas["bukit-duri"])
    assert ids(api("issues?area=manggarai")) == [in_rw.pk]
    assert set(ids(api("issues?area=tebet"))) == {in_rw.pk, in_bukit_duri.pk}
    assert api("issues?area=nowhere").status_code == 404


def test_the_list_filters_by_category_status_search_and_place(api, issue_factory, resident_of_manggarai):
    drain = issue_factory(
        resident_of_manggarai, title="Blocked drain", category="flooding", latitude=-6.21, longitude=106.85
    )
    road = issue_factory(resident_of_manggarai, title="Broken road", category="roads", latitude=-6.30, longitude=106.70)
    Issue.objects.filter(pk=road.pk).update(status="resolved")
    assert ids(api("issues?category=flooding")) == [drain.pk]
    assert ids(api("issues?status=resolved")) == [road.pk]
    assert ids(api("issues?q=drain")) == [drain.pk]
    assert ids(api("issues?bbox=106.8,-6.25,106.9,-6.2")) == [drain.pk]
    assert api("issues?bbox=1,2").status_code == 422  # not four numbers
    assert api("issues?bbox=107,-6.3,106,-6.2").status_code == 400  # west of east
    assert api("issues?category=volcanoes").status_code == 422


def test_updated_since_finds_issues_with_new_activity(
    api, issue_factory, resident_of_manggarai, resident_of_bukit_duri
):
    old = issue_factory(resident_of_manggarai, title="Old drain")
    quiet = issue_factory(resident_of_manggarai, title="Quiet street")
    past = timezone.now() - dt.timedelta(days=3)
    Issue.objects.filter(pk__in=[old.pk, quiet.pk]).update(created_at=past, last_activity_at=past)
    old.timeline.update(created_at=past)
    quiet.timeline.update(created_at=past)
    since = timezone.now() - dt.timedelta(days=1)
    comment_actions.post_comment(actor=resident_of_bukit_duri, issue=old, body="Still blocked today.")
    assert ids(api(f"issues?updated_since={since.isoformat().replace('+', '%2B')}")) == [old.pk]


def test_the_cursor_neither_repeats_nor_skips_when_issues_arrive(api, issue_factory, resident_of_manggarai):
    first = [issue_factory(resident_of_manggarai, title=f"Issue {n}") for n in range(5)]
    page_one = api("issues?sort=newest&page_size=2").json()
    assert [r["id"] for r in page_one["results"]] == [first[4].pk, first[3].pk]
    issue_factory(resident_of_manggarai, title="Arrived meanwhile")
    seen = [r["id"] for r in page_one["results"]]
    url = page_one["next"]
    while url:
        page = api(url.split("/api/v1/", 1)[1]).json()
        seen += [r["id"] for r in page["results"]]
        url = page["next"]
    assert seen == [i.pk for i in reversed(first)]


def test_a_forged_cursor_is_refused_plainly(api):
    response = api("issues?cursor=eyJvIjpbXX0")
    assert response.status_code == 400
    assert "cursor" in response.json()["detail"]


def test_one_issue_has_its_timeline_responses_and_commitment(api, answered_street):
    issue = api(f"issues/{answered_street.pk}").json()
    assert issue["title"] == answered_street.title
    assert issue["author"]["name"] == "Siti"
    assert [e["kind"] for e in issue["timeline"]][:1] == ["opened"]
    assert "response" in [e["kind"] for e in issue["timeline"]]
    responses = api(f"issues/{answered_street.pk}/responses").json()
    assert responses[0]["agency"] == "Dinas Sumber Daya Air"
    assert responses[0]["versions"][0]["body"] == "The drain will be dredged."
    assert responses[0]["commitment"]["what"] == "Dredge the drain"
    assert responses[0]["commitment"]["late"] is False


def test_a_hidden_comment_is_its_notice_and_never_its_text(api, hidden_comment, flooded_street):
    response = api(f"issues/{flooded_street.pk}/comments")
    assert HIDDEN_TEXT not in response.content.decode()
    row = response.json()["results"][0]
    assert row["state"] == "hidden"
    assert row["body"] is None and row["body_html"] is None
    assert "Personal data" in row["notice"]


def test_a_retracted_comment_says_so_without_its_text(api, flooded_street, resident_of_bukit_duri):
    comment = comment_actions.post_comment(actor=resident_of_bukit_duri, issue=flooded_street, body="I take it back")
    comment_actions.retract_comment(actor=resident_of_bukit_duri, comment=comment)
    body = api(f"issues/{flooded_street.pk}/comments").content.decode()
    assert "I take it back" not in body
    assert "Retracted by the author." in body


def test_replies_come_with_their_top_level_comment(api, flooded_street, resident_of_bukit_duri, resident_of_manggarai):
    top = comment_actions.post_comment(actor=resident_of_bukit_duri, issue=flooded_street, body="Same here.")
    comment_actions.post_comment(actor=resident_of_manggarai, issue=flooded_street, body="Thanks!", parent=top)
    rows = api(f"issues/{flooded_street.pk}/comments").json()["results"]
    assert [r["id"] for r in rows] == [top.pk]
    assert [r["body"] for r in rows[0]["replies"]] == ["Thanks!"]


def test_a_hidden_issue_answers_with_its_notice_only(api, flooded_street, moderator_of_tebet):
    moderation_actions.hide_item(actor=moderator_of_tebet, item=flooded_street, reason="abuse", note="insults")
    body = api(f"issues/{flooded_street.pk}").content.decode()
    assert flooded_street.title not in body
    assert flooded_street.description not in body
    data = api(f"issues/{flooded_street.pk}").json()
    assert data["hidden"] is True and data["description"] is None and data["timeline"] == []
    assert flooded_street.pk not in ids(api("issues"))
    log = api("moderation-log").json()["results"]
    assert log[0]["kind"]["code"] == "hide" and log[0]["issue"] == flooded_street.pk
    assert log[0]["actor"]["badge"] == "Moderator"


def test_tallies_count_and_never_name_voters(api, flooded_street):
    Issue.objects.filter(pk=flooded_street.pk).update(support_count=7)
    tally = api(f"issues/{flooded_street.pk}/tally").json()
    assert tally == {"issue": flooded_street.pk, "support_count": 7, "status": {"code": "open", "label": "Open"}}


def test_areas_come_as_a_tree_and_agencies_with_their_categories(api, areas, answered_street):
    tree = {a["slug"]: a for a in api("areas").json()}
    assert tree["manggarai"]["parent"] == "tebet"
    assert tree["jakarta-selatan"]["parent"] is None
    agencies = {a["name"]: a for a in api("agencies").json()}
    assert [c["code"] for c in agencies["Dinas Sumber Daya Air"]["categories"]] == ["flooding"]
    agency_id = agencies["Dinas Sumber Daya Air"]["id"]
    assert api(f"agencies/{agency_id}/responses").json()["results"][0]["issue"] == answered_street.pk
    figures = api("accountability").json()
    water = next(f for f in figures["agencies"] if f["name"] == "Dinas Sumber Daya Air")
    assert water["commitments_open"] == 1


def test_labels_follow_accept_language(api, flooded_street):
    row = api("issues", HTTP_ACCEPT_LANGUAGE="id").json()["results"][0]
    assert row["status"]["label"] == "Terbuka"
    assert api("issues", HTTP_ACCEPT_LANGUAGE="en").json()["results"][0]["status"]["label"] == "Open"


def test_a_client_that_has_the_answer_gets_304(api, flooded_street):
    first = api(f"issues/{flooded_street.pk}")
    assert first["ETag"] and first["Last-Modified"]
    again = api(f"issues/{flooded_street.pk}", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    comment_actions.post_comment(actor=flooded_street.author, issue=flooded_street, body="Update: worse today.")
    assert api(f"issues/{flooded_street.pk}", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_any_origin_may_read(api, client):
    response = api("areas", HTTP_ORIGIN="https://news.example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        "/api/v1/areas", HTTP_ORIGIN="https://x.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert preflight.status_code == 204
    assert "GET" in preflight["Access-Control-Allow-Methods"]


def test_an_address_that_asks_too_often_is_told_when_to_come_back(api, settings, fresh_counts):
    settings.API_RATE_LIMITS_ENABLED = True
    settings.RATE_LIMIT_RULES = {**settings.RATE_LIMIT_RULES, "api": (60, 3, 3, 3)}
    assert [api("categories").status_code for _ in range(3)] == [200, 200, 200]
    refused = api("categories")
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 61
    assert refused["Access-Control-Allow-Origin"] == "*"


def test_the_schema_and_its_documentation_are_served_from_here(api):
    schema = api("schema/").json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/issues" in schema["paths"]
    docs = api("docs/").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in docs
    assert "cdn" not in docs.lower()


def test_unknown_things_are_404s_with_a_sentence(api):
    for path in ("issues/999999", "issues/999999/comments", "areas/nowhere", "rounds/99999", "agencies/9999/responses"):
        response = api(path)
        assert response.status_code == 404, path
        assert response.json()["detail"]
