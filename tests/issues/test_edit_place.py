"""The author moves an issue's pin or corrects its address on the edit form; the earlier place stays in the history."""

from decimal import Decimal

from issues.models import IssueRevision
from tests.issues.test_edit import edit_data, edit_url


def placed_data(issue, **changes):
    place = {"address": "Jl. Manggarai Utara", "latitude": "-6.210000", "longitude": "106.850000"}
    return edit_data(issue, **{**place, **changes})


def placed_issue(issue_factory, author, areas):
    return issue_factory(
        author,
        area=areas["manggarai"],
        address="Jl. Manggarai Utara",
        latitude=Decimal("-6.21"),
        longitude=Decimal("106.85"),
    )


def test_the_edit_form_carries_the_place_and_the_map_picker(client_of, resident_of_manggarai, issue_factory, areas):
    issue = placed_issue(issue_factory, resident_of_manggarai, areas)
    page = client_of(resident_of_manggarai).get(edit_url(issue)).content.decode()
    assert 'value="Jl. Manggarai Utara"' in page
    assert 'name="latitude"' in page and "-6.21" in page
    assert "data-map-picker" in page and "vendor/leaflet/leaflet.js" in page


def test_moving_the_pin_keeps_the_earlier_place_in_the_history(
    client_of, client, resident_of_manggarai, issue_factory, areas
):
    issue = placed_issue(issue_factory, resident_of_manggarai, areas)
    author = client_of(resident_of_manggarai)
    # The same place, typed with fewer decimals, is no change: nothing is stored.
    assert author.post(edit_url(issue), placed_data(issue, latitude="-6.21")).status_code == 302
    assert not IssueRevision.objects.exists()
    moved = placed_data(issue, address="Gang Mawar", latitude="-6.212345", longitude="106.851234")
    assert author.post(edit_url(issue), moved).status_code == 302
    issue.refresh_from_db()
    assert (issue.address, issue.latitude, issue.longitude) == (
        "Gang Mawar",
        Decimal("-6.212345"),
        Decimal("106.851234"),
    )
    revision = IssueRevision.objects.get()
    assert (revision.address, revision.latitude, revision.longitude) == (
        "Jl. Manggarai Utara",
        Decimal("-6.210000"),
        Decimal("106.850000"),
    )
    history = client.get(f"/issues/{issue.pk}/history/").content.decode()
    assert "Gang Mawar (-6.212345, 106.851234)" in history
    assert "Jl. Manggarai Utara (-6.210000, 106.850000)" in history


def test_half_a_point_is_refused_beside_the_field_and_nothing_changes(client_of, resident_of_manggarai, flooded_street):
    response = client_of(resident_of_manggarai).post(
        edit_url(flooded_street), edit_data(flooded_street, title="Drain blocked for a week", latitude="-6.2")
    )
    assert response.status_code == 200
    assert "Give both latitude and longitude, or neither." in response.content.decode()
    assert 'value="Drain blocked for a week"' in response.content.decode()
    assert not IssueRevision.objects.exists()


def test_clearing_the_place_removes_the_pin(client_of, resident_of_manggarai, issue_factory, areas):
    issue = issue_factory(
        resident_of_manggarai, area=areas["manggarai"], latitude=Decimal("-6.21"), longitude=Decimal("106.85")
    )
    client_of(resident_of_manggarai).post(edit_url(issue), edit_data(issue, latitude="", longitude=""))
    issue.refresh_from_db()
    assert issue.latitude is None and IssueRevision.objects.get().latitude == Decimal("-6.210000")
