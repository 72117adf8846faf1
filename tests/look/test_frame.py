"""The site frame and the pages' look: the header reads no area, the area picker finds areas by
name in one query (with a page of its own without JavaScript), rows show their first photo,
issue pages describe themselves to link previews, and the dashboard has its headline."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import actions as account_actions
from issues import actions as issue_actions
from tests.issues.conftest import upload

HTMX_AREA_SEARCH = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "area-menu-results"}


def area_queries(captured) -> list[str]:
    return [q["sql"] for q in captured if '"accounts_area"' in q["sql"]]


def test_the_header_reads_no_area_however_many_there_are(client, areas):
    """The frame used to list the whole tree on every page (~30,000 RTs in Jakarta)."""
    parent = areas["manggarai-rw-04"]
    for n in range(40):
        account_actions.save_area(name=f"RT {n:02d} RW 04 Manggarai", slug=f"manggarai-rw-04-rt-{n:02d}", parent=parent)
    with CaptureQueriesContext(connection) as captured:
        page = client.get(reverse("account_login")).content.decode()
    assert area_queries(captured) == []
    assert "RT 07 RW 04 Manggarai" not in page
    assert 'action="/areas/"' in page and 'name="q"' in page


def test_the_area_picker_finds_areas_by_any_part_of_their_names_in_one_query(client, areas):
    with CaptureQueriesContext(connection) as captured:
        page = client.get(reverse("area_go"), {"q": "rw 04"}, **HTMX_AREA_SEARCH).content.decode()
    assert len(captured) == 1
    assert 'href="/areas/manggarai-rw-04/"' in page
    assert "Kelurahan Manggarai" in page  # the parent tells one "RW 04" from another
    assert "Bukit Duri" not in page
    assert "1 area found." in page and 'hx-swap-oob="true"' in page
    assert "<html" not in page  # the menu's results only


def test_the_area_picker_caps_its_answers_and_says_so(client, areas):
    for n in range(35):
        account_actions.save_area(name=f"RT {n:02d} Tebet", slug=f"tebet-rt-{n:02d}", parent=areas["tebet"])
    page = client.get(reverse("area_go"), {"q": "rt tebet"}).content.decode()
    assert page.count('href="/areas/tebet-rt-') == 30
    assert "The first 30 areas: type more to narrow them down." in page


def test_without_javascript_the_picker_is_a_page_that_searches_and_lists(client, areas):
    page = client.get(reverse("area_go"), {"q": "duri"}).content.decode()
    assert "<h1>Areas</h1>" in page and 'value="duri"' in page
    assert 'href="/areas/bukit-duri/"' in page and 'href="/areas/bukit-duri-rw-03/"' in page
    overview = client.get(reverse("area_go")).content.decode()
    assert 'href="/areas/tebet/"' in overview and 'href="/areas/manggarai/"' in overview
    assert 'href="/areas/manggarai-rw-04/"' not in overview  # units below the sub-district are searched for
    nothing = client.get(reverse("area_go"), {"q": "atlantis"}).content.decode()
    assert "No area is called “atlantis”. Try part of the name." in nothing


@pytest.mark.parametrize("q", ["\x00", "a" * 5000, "%", "_"])
def test_odd_searches_find_nothing_without_an_error(client, areas, q):
    assert client.get(reverse("area_go"), {"q": q}).status_code == 200


def test_rows_show_the_first_photo_and_rows_without_one_an_empty_frame(client, issue_factory, resident_of_manggarai):
    issue_factory(resident_of_manggarai, title="Sampah menumpuk di pasar")
    with_photo = issue_factory(
        resident_of_manggarai, title="Got mampet", photos=[upload("first.jpg"), upload("second.jpg")]
    )
    page = client.get(reverse("issue_list")).content.decode()
    first = with_photo.photos.order_by("position", "pk").first()
    assert f'<img class="issue-thumb" src="{first.image.url}" alt=""' in page
    second = with_photo.photos.order_by("position", "pk").last()
    assert second.image.url not in page
    assert page.count('class="issue-thumb issue-thumb-none"') == 1


def test_a_removed_first_photo_is_not_the_thumbnail(client, issue_factory, resident_of_manggarai):
    issue = issue_factory(resident_of_manggarai, photos=[upload("first.jpg"), upload("second.jpg")])
    first, second = issue.photos.order_by("position", "pk")
    issue_actions.edit_issue(
        actor=resident_of_manggarai,
        issue=issue,
        title=issue.title,
        description=issue.description,
        keep_photo_ids=[second.pk],
    )
    page = client.get(reverse("issue_list")).content.decode()
    assert second.image.url in page and first.image.url not in page


def test_an_issue_page_tells_link_previews_its_title_status_and_first_photo(
    client, issue_factory, resident_of_manggarai
):
    issue = issue_factory(resident_of_manggarai, title="Got mampet di gang 3", photos=[upload("got.jpg")])
    page = client.get(issue.get_absolute_url()).content.decode()
    photo = issue.photos.get()
    assert '<meta property="og:title" content="Got mampet di gang 3">' in page
    assert '<meta property="og:description" content="Open · RW 04 Manggarai · Flooding and drainage: ' in page
    assert f'<meta property="og:image" content="http://testserver{photo.image.url}">' in page
    assert '<meta name="description" content="Open · RW 04 Manggarai · Flooding and drainage: ' in page


def test_a_hidden_issue_tells_link_previews_nothing_of_it(client, issue_factory, resident_of_manggarai):
    issue = issue_factory(resident_of_manggarai, title="Nama tetangga saya", photos=[upload("got.jpg")])
    type(issue).objects.filter(pk=issue.pk).update(hidden=True)
    page = client.get(issue.get_absolute_url(), follow=True).content.decode()
    assert "Nama tetangga saya" not in page
    assert 'property="og:image"' not in page


def test_every_page_has_a_description_and_the_favicon(client, areas):
    page = client.get("/").content.decode()
    assert '<meta name="description" content="Balai Warga: residents of Jakarta' in page
    assert 'rel="icon" href="/static/img/logo.svg"' in page
    assert 'media="print"' in page
