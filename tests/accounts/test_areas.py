"""The area tree: prefix paths, ancestors, descendants and the area page."""

from django.urls import reverse

from accounts import actions, queries


def test_areas_know_what_contains_them(areas):
    tebet, rw = areas["tebet"], areas["manggarai-rw-04"]
    assert rw.path == "jakarta-selatan/tebet/manggarai/manggarai-rw-04/"
    assert rw.depth == 3 and rw.level_label == "Neighbourhood unit (RW)"
    assert tebet.contains(rw) and not rw.contains(tebet)
    assert not areas["menteng"].contains(rw)


def test_areas_within_and_above(areas):
    within = {a.slug for a in queries.areas_within(areas["manggarai"])}
    assert within == {"manggarai", "manggarai-rw-04"}
    assert [a.slug for a in queries.areas_above(areas["manggarai-rw-04"])] == [
        "manggarai-rw-04",
        "manggarai",
        "tebet",
        "jakarta-selatan",
    ]


def test_moving_an_area_moves_its_subtree(areas):
    actions.save_area(name="Kelurahan Manggarai", slug="manggarai", parent=areas["menteng"])
    areas["manggarai-rw-04"].refresh_from_db()
    assert areas["manggarai-rw-04"].path == "menteng/manggarai/manggarai-rw-04/"


def test_area_tree_is_one_query(areas, django_assert_num_queries):
    with django_assert_num_queries(1):
        tree = queries.area_tree()
    assert [a.slug for a in tree][:3] == ["jakarta-selatan", "jakarta-selatan", "tebet"][:1] + ["tebet", "bukit-duri"]


def test_area_page_shows_parent_and_children(client, areas):
    page = client.get(reverse("area_detail", args=["manggarai"])).content.decode()
    assert "Kelurahan Manggarai" in page
    assert 'href="/areas/tebet/"' in page and 'href="/areas/manggarai-rw-04/"' in page


def test_area_switcher_goes_to_the_chosen_area(client, areas):
    response = client.get(reverse("area_go"), {"area": "bukit-duri"})
    assert response.status_code == 302 and response["Location"] == "/areas/bukit-duri/"
    assert client.get(reverse("area_go"), {"area": "atlantis"}).status_code == 404


def test_home_lists_areas_and_an_empty_state(client, areas):
    page = client.get("/").content.decode()
    assert "Kecamatan Tebet" in page
    assert "No issues have been raised yet." in page
