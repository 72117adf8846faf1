"""Every page reads a fixed number of times from the database, however much there is to show."""

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from issues import actions
from issues.models import Follow
from tests.issues.conftest import upload

LIMIT = 12
# The whole issue and area pages, every app's section included (thread, support, responses,
# moderation …), for a signed-in resident, who costs more than a visitor: what they do today.
ISSUE_PAGE_LIMIT = 21
AREA_PAGE_LIMIT = 18


def queries_for(client, url: str, params=None, **headers) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {}, **headers)
    assert response.status_code == 200, url
    return len(captured)


def fill(issue_factory, author, area, count: int, *, photos: int = 0, comments: int = 0):
    """``count`` issues in ``area`` mentioning "banjir", each with photos and comments."""
    made = []
    for n in range(count):
        issue = issue_factory(
            author,
            area=area,
            title=f"Banjir di gang {n}",
            description="Air banjir setinggi lutut.",
            photos=[upload(name=f"{n}-{p}.jpg") for p in range(photos)],
        )
        add_comments(issue, author, comments)
        made.append(issue)
    return made


def add_comments(issue, author, count: int) -> None:
    """Comments belong to the comments app; made in bulk here as plain test data."""
    if not count:
        return
    Comment = apps.get_model("comments", "Comment")
    Comment.objects.bulk_create([Comment(issue=issue, author=author, body=f"Komentar {n}") for n in range(count)])
    type(issue).objects.filter(pk=issue.pk).update(comment_count=count)


@pytest.fixture(autouse=True)
def rendered_every_time(settings):
    """What a page costs to render: visitors' copies from memory (tests/pages/test_page_cache.py) aside."""
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture(params=["visitor", "resident"])
def viewer(request, client, client_of, user_factory, areas):
    if request.param == "visitor":
        return client
    return client_of(user_factory(name="Reader", home=areas["manggarai-rw-04"]))


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"sort": "newest"},
        {"sort": "discussed"},
        {"sort": "waiting"},
        {"q": "banjir"},
        {"q": "banjir lutut", "area": "tebet"},
        {"area": "manggarai", "category": "flooding", "status": "open"},
    ],
    ids=["priority", "newest", "discussed", "waiting", "search", "search-in-area", "filters"],
)
def test_the_list_and_search_do_the_same_queries_for_few_and_many_issues(
    viewer, issue_factory, resident_of_manggarai, areas, params
):
    fill(issue_factory, resident_of_manggarai, areas["manggarai-rw-04"], 1)
    queries_for(viewer, reverse("issue_list"), params)  # warm the session and caches
    few = queries_for(viewer, reverse("issue_list"), params)
    fill(issue_factory, resident_of_manggarai, areas["manggarai"], 25, photos=1, comments=3)
    many = queries_for(viewer, reverse("issue_list"), params)
    assert few == many <= LIMIT


def quiet_and_busy_issues(issue_factory, author, user_factory, area):
    """An issue with one photo and one comment, and one with four photos, 40 comments, edits and followers."""
    quiet = fill(issue_factory, author, area, 1, photos=1, comments=1)[0]
    busy = fill(issue_factory, author, area, 1, photos=4, comments=40)[0]
    for n in range(6):
        actions.edit_issue(actor=author, issue=busy, title=f"Banjir lagi {n}", description=f"Versi {n}")
    for n in range(5):
        Follow.objects.create(user=user_factory(name=f"Follower {n}"), issue=busy)
    busy.refresh_from_db()
    return quiet, busy


def test_the_whole_issue_page_does_the_same_few_queries_for_a_quiet_and_a_busy_issue(
    viewer, issue_factory, resident_of_manggarai, user_factory, areas
):
    quiet, busy = quiet_and_busy_issues(issue_factory, resident_of_manggarai, user_factory, areas["manggarai"])
    queries_for(viewer, quiet.get_absolute_url())
    few = queries_for(viewer, quiet.get_absolute_url())
    many = queries_for(viewer, busy.get_absolute_url())
    assert few == many <= ISSUE_PAGE_LIMIT


def test_the_home_page_does_the_same_queries_for_few_and_many_issues(
    viewer, issue_factory, resident_of_manggarai, areas
):
    url = reverse("home")
    fill(issue_factory, resident_of_manggarai, areas["manggarai"], 1)
    queries_for(viewer, url)
    few = queries_for(viewer, url)
    fill(issue_factory, resident_of_manggarai, areas["manggarai-rw-04"], 25, photos=1, comments=2)
    assert few == queries_for(viewer, url) <= LIMIT


def test_the_area_pages_issues_do_the_same_queries_for_few_and_many(
    viewer, issue_factory, resident_of_manggarai, areas
):
    """The area's list of issues alone, as htmx swaps it when sorting or paging."""
    url = reverse("area_detail", args=["tebet"])
    results = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "issue-results"}
    fill(issue_factory, resident_of_manggarai, areas["manggarai"], 1)
    queries_for(viewer, url, **results)
    few = queries_for(viewer, url, **results)
    fill(issue_factory, resident_of_manggarai, areas["manggarai-rw-04"], 25, photos=1, comments=2)
    assert few == queries_for(viewer, url, **results) <= LIMIT


def test_the_whole_area_page_with_every_apps_section_stays_bounded(viewer, issue_factory, resident_of_manggarai, areas):
    url = reverse("area_detail", args=["tebet"])
    fill(issue_factory, resident_of_manggarai, areas["manggarai"], 12, comments=1)
    queries_for(viewer, url)
    some = queries_for(viewer, url)
    fill(issue_factory, resident_of_manggarai, areas["manggarai-rw-04"], 20, photos=1, comments=2)
    assert some == queries_for(viewer, url) <= AREA_PAGE_LIMIT


def test_the_following_page_does_the_same_queries_for_few_and_many(
    client_of, issue_factory, resident_of_manggarai, areas
):
    client = client_of(resident_of_manggarai)
    fill(issue_factory, resident_of_manggarai, areas["manggarai"], 1)
    queries_for(client, reverse("issue_following"))
    few = queries_for(client, reverse("issue_following"))
    fill(issue_factory, resident_of_manggarai, areas["manggarai"], 25, photos=1)
    assert few == queries_for(client, reverse("issue_following")) <= LIMIT


def test_the_history_page_does_the_same_queries_for_few_and_many_versions(
    client, issue_factory, resident_of_manggarai, areas
):
    issue = fill(issue_factory, resident_of_manggarai, areas["manggarai"], 1, photos=1)[0]
    actions.edit_issue(actor=resident_of_manggarai, issue=issue, title="Versi dua", description="Dua")
    url = reverse("issue_revisions", args=[issue.pk])
    queries_for(client, url)
    few = queries_for(client, url)
    for n in range(8):
        actions.edit_issue(
            actor=resident_of_manggarai,
            issue=issue,
            title=f"Versi {n + 3}",
            description=f"{n}",
            keep_photo_ids=[],
            new_photos=[upload()],
        )
    assert few == queries_for(client, url) <= LIMIT
