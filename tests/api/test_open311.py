"""Open311 GeoReport v2: each method and error, checked against the specification's examples."""

from __future__ import annotations

import datetime as dt
from xml.etree import ElementTree as ET

import pytest
from django.core import mail
from django.utils import timezone

from api import actions
from api.models import Open311Request
from issues.models import Issue

pytestmark = pytest.mark.django_db

# The elements of a request in the specification's example response, in its order.
REQUEST_ELEMENTS = [
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
]
W3C = r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$"


@pytest.fixture
def client_key(areas):
    client, key = actions.issue_client(name="Qlue", contact="ops@qlue.example", area=areas["manggarai"])
    return key


def xml(response) -> ET.Element:
    assert response["Content-Type"].startswith("text/xml")
    assert response.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    return ET.fromstring(response.content)


def test_discovery_names_the_endpoint_and_its_formats(client):
    root = xml(client.get("/open311/v2/discovery.xml"))
    assert root.tag == "discovery"
    assert [e.tag for e in root] == ["changeset", "contact", "key_service", "endpoints"]
    endpoint = root.find("endpoints/endpoint")
    assert endpoint.findtext("specification") == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint.findtext("url").endswith("/open311/v2")
    assert [f.text for f in endpoint.findall("formats/format")] == ["text/xml", "application/json"]
    assert client.get("/open311/v2/discovery.json").json()["endpoints"][0]["type"] == "production"


def test_services_are_the_categories(client):
    root = xml(client.get("/open311/v2/services.xml"))
    first = root.find("service")
    assert root.tag == "services"
    assert [e.tag for e in first] == [
        "service_code", "service_name", "description", "metadata", "type", "keywords", "group"
    ]  # fmt: skip
    assert first.findtext("metadata") == "false" and first.findtext("type") == "realtime"
    codes = [s["service_code"] for s in client.get("/open311/v2/services.json").json()]
    assert "flooding" in codes and "roads" in codes


def test_a_service_definition_has_its_attributes_and_an_unknown_one_is_404(client):
    root = xml(client.get("/open311/v2/services/flooding.xml"))
    assert root.tag == "service_definition" and root.findtext("service_code") == "flooding"
    assert root.find("attributes") is not None
    missing = client.get("/open311/v2/services/volcano.json")
    assert missing.status_code == 404
    assert missing.json() == [{"code": 404, "description": "service_code volcano was not found."}]


def test_a_request_has_every_element_of_the_spec_in_its_order(client, flooded_street):
    root = xml(client.get(f"/open311/v2/requests/{flooded_street.pk}.xml"))
    assert root.tag == "service_requests"
    request = root.find("request")
    assert [e.tag for e in request] == REQUEST_ELEMENTS
    assert request.findtext("status") == "open"
    assert request.findtext("service_code") == "flooding"
    import re

    assert re.match(W3C, request.findtext("requested_datetime"))
    assert re.match(W3C, request.findtext("updated_datetime"))


def test_status_notes_are_the_latest_response_and_expected_datetime_the_deadline(client, answered_street):
    row = client.get(f"/open311/v2/requests/{answered_street.pk}.json").json()[0]
    assert row["status"] == "open"  # in progress is still open
    assert row["status_notes"] == "The drain will be dredged."
    assert row["agency_responsible"] == "Dinas Sumber Daya Air"
    Issue.objects.filter(pk=answered_street.pk).update(status="resolved")
    assert client.get(f"/open311/v2/requests/{answered_street.pk}.json").json()[0]["status"] == "closed"


def test_the_list_filters_by_id_code_status_and_dates(client, issue_factory, resident_of_manggarai):
    drain = issue_factory(resident_of_manggarai, title="Drain", category="flooding")
    road = issue_factory(resident_of_manggarai, title="Road", category="roads")
    old = issue_factory(resident_of_manggarai, title="Old", category="roads")
    Issue.objects.filter(pk=road.pk).update(status="declined")
    Issue.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=120))

    def ids(query):
        response = client.get(f"/open311/v2/requests.json?{query}")
        assert response.status_code == 200, response.content
        return [r["service_request_id"] for r in response.json()]

    assert ids("") == [road.pk, drain.pk]  # the most recent 90 days by default
    assert ids("service_code=flooding") == [drain.pk]
    assert ids("service_code=flooding,roads&status=closed") == [road.pk]
    assert ids("status=open") == [drain.pk]
    assert ids(f"service_request_id={old.pk},{drain.pk}") == [old.pk, drain.pk]  # overrides the window
    start = (timezone.now() - dt.timedelta(days=130)).strftime("%Y-%m-%dT%H:%M:%SZ")
    end = (timezone.now() - dt.timedelta(days=100)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert ids(f"start_date={start}&end_date={end}") == [old.pk]


@pytest.mark.parametrize(
    "query, status, description",
    [
        ("start_date=2010-01-01T00:00:00Z&end_date=2011-01-01T00:00:00Z", 400, "may not span more than 90 days"),
        ("start_date=yesterday", 400, "W3C date"),
        ("start_date=2010-01-01T00:00:00", 400, "time zone"),
        ("status=pending", 400, "status"),
        ("service_code=volcano", 404, "volcano"),
        ("service_request_id=abc", 400, "service_request_id"),
    ],
)
def test_bad_queries_answer_in_the_spec_error_format(client, query, status, description):
    response = client.get(f"/open311/v2/requests.xml?{query}")
    assert response.status_code == status
    root = xml(response)
    assert root.tag == "errors"
    assert root.findtext("error/code") == str(status)
    assert description in root.findtext("error/description")


def test_a_hidden_request_keeps_its_number_and_withholds_its_words(client, flooded_street, moderator_of_tebet):
    from moderation import actions as moderation_actions

    moderation_actions.hide_item(actor=moderator_of_tebet, item=flooded_street, reason="abuse", note="insults")
    response = client.get(f"/open311/v2/requests/{flooded_street.pk}.json")
    assert flooded_street.title not in response.content.decode()
    row = response.json()[0]
    assert row["description"] is None and row["lat"] is None
    assert "Hidden by a moderator" in row["service_notice"]
    assert flooded_street.pk not in [r["service_request_id"] for r in client.get("/open311/v2/requests.json").json()]


def post(client, fmt="json", **fields):
    return client.post(f"/open311/v2/requests.{fmt}", fields)


def test_a_client_posts_a_request_and_it_becomes_an_issue_via_that_client(
    client, client_key, areas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(
            client,
            api_key=client_key,
            service_code="flooding",
            lat="-6.2101",
            long="106.8452",
            address_string="Jl. Manggarai Utara 2, Jakarta",
            description="Drain overflowing onto the road\nWater is knee deep by the mosque",
            email="ani@example.org",
            first_name="Ani",
            last_name="Lestari",
            phone="0812-555-0199",
        )
    assert response.status_code == 201, response.content
    [answer] = response.json()
    assert set(answer) == {"service_request_id", "service_notice", "account_id"}
    issue = Issue.objects.get(pk=answer["service_request_id"])
    assert issue.title == "Drain overflowing onto the road"
    assert issue.area == areas["manggarai"] and issue.category == "flooding"
    assert issue.author.profile.display_name == "Qlue (Open311)"
    private = Open311Request.objects.get(issue=issue)
    assert (private.email, private.phone, private.last_name) == ("ani@example.org", "0812-555-0199", "Lestari")
    public = client.get(f"/open311/v2/requests/{issue.pk}.json").content.decode()
    public += client.get(f"/api/v1/issues/{issue.pk}").content.decode()
    for secret in ("ani@example.org", "0812-555-0199", "Lestari"):
        assert secret not in public
    assert mail.outbox[-1].to == ["ani@example.org"]
    assert f"/issues/{issue.pk}/" in mail.outbox[-1].body


def test_the_xml_answer_to_a_post_is_the_specs(client, client_key):
    root = xml(post(client, "xml", api_key=client_key, service_code="roads", address_string="Jl. Tebet Raya 1"))
    assert root.tag == "service_requests"
    assert [e.tag for e in root.find("request")] == ["service_request_id", "service_notice", "account_id"]


@pytest.mark.parametrize(
    "fields, status, description",
    [
        ({"service_code": "roads", "address_string": "x"}, 403, "api_key is missing"),
        ({"api_key": "wrong", "service_code": "roads", "address_string": "x"}, 403, "Invalid api_key received"),
        ({"service_code": "", "address_string": "x"}, 400, "service_code was not provided"),
        ({"service_code": "volcano", "address_string": "x"}, 404, "service_code volcano was not found"),
        ({"service_code": "roads"}, 400, "A location is required"),
        ({"service_code": "roads", "lat": "-6.2"}, 400, "together"),
        ({"service_code": "roads", "lat": "north", "long": "1"}, 400, "WGS84"),
        ({"service_code": "roads", "address_string": "x", "email": "not-an-address"}, 400, "e-mail"),
    ],
)
def test_a_bad_post_changes_nothing_and_says_why(client, client_key, fields, status, description):
    fields = {"api_key": client_key, **fields} if "api_key" not in fields and status != 403 else fields
    before = Issue.objects.count()
    response = post(client, **fields)
    assert response.status_code == status, response.content
    assert description in response.json()[0]["description"]
    assert response.json()[0]["code"] == status
    assert Issue.objects.count() == before


def test_a_revoked_key_no_longer_works(client, client_key):
    from api.models import Open311Client

    actions.revoke_client(client=Open311Client.objects.get())
    response = post(client, api_key=client_key, service_code="roads", address_string="Jl. Tebet Raya 1")
    assert response.status_code == 403


def test_a_client_past_its_hourly_limit_waits(client, areas, settings, fresh_counts):
    settings.OPEN311_RATE_LIMITS_ENABLED = True
    _client, key = actions.issue_client(name="Kiosk", contact="k@example.org", area=areas["tebet"], requests_per_hour=2)
    codes = [post(client, api_key=key, service_code="roads", address_string=f"Jl. {n}").status_code for n in range(3)]
    assert codes == [201, 201, 429]
    refused = post(client, api_key=key, service_code="roads", address_string="Jl. 4")
    assert int(refused["Retry-After"]) > 0
    assert refused.json()[0]["code"] == 429


def test_the_admin_issues_a_key_once_and_stores_only_its_digest(client_of, admin_user_, areas):
    from api.models import Open311Client

    admin = client_of(admin_user_)
    response = admin.post(
        "/admin/api/open311client/add/",
        {"name": "Jakarta Kini", "contact": "dev@jaki.example", "area": areas["tebet"].pk, "requests_per_hour": 50},
        follow=True,
    )
    assert response.status_code == 200
    shown = next(str(m) for m in response.context["messages"] if "copy it now" in str(m))
    key = shown.split(" is ", 1)[1].split(" ")[0]
    stored = Open311Client.objects.get(name="Jakarta Kini")
    assert stored.key_digest == actions.digest(key) and key not in stored.key_digest
    assert post(admin, api_key=key, service_code="roads", address_string="Jl. Tebet").status_code == 201
