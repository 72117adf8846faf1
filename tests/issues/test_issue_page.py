"""The issue page: what it shows, what it never lets run, and following."""

from decimal import Decimal

import pytest
from django.urls import reverse

from issues.models import Follow
from tests.issues.conftest import upload


def page_of(client, issue) -> str:
    response = client.get(issue.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_shows_everything_about_the_issue(client, issue_factory, resident_of_manggarai, areas):
    issue = issue_factory(
        resident_of_manggarai,
        area=areas["manggarai"],
        title="Drain blocked on Jalan Manggarai Utara II",
        description="Water stands for **two days**.",
        latitude=Decimal("-6.209810"),
        longitude=Decimal("106.850120"),
        address="Dekat musala",
        photos=[upload(name="drain.jpg")],
    )
    page = page_of(client, issue)
    assert '<h1 id="issue-title">Drain blocked on Jalan Manggarai Utara II</h1>' in page
    assert "Water stands for <strong>two days</strong>." in page
    assert "Flooding and drainage" in page and "Kelurahan Manggarai" in page and "Open" in page
    assert '<bdi class="person-name">Siti</bdi> <span class="badge badge-resident">Resident</span>' in page
    assert "https://www.openstreetmap.org/?mlat=-6.209810&amp;mlon=106.850120#map=18/-6.209810/106.850120" in page
    assert "Dekat musala" in page
    photo = issue.photos.get()
    assert f'<img src="{photo.image.url}" width="64" height="48" loading="lazy"' in page
    assert 'alt="Photo 1 of 1: Drain blocked on Jalan Manggarai Utara II"' in page
    assert "Timeline" in page and "opened" in page


def test_the_map_link_uses_dots_even_in_indonesian(client, issue_factory, resident_of_manggarai):
    issue = issue_factory(resident_of_manggarai, latitude=Decimal("-6.2"), longitude=Decimal("106.85"))
    client.cookies["django_language"] = "id"
    page = page_of(client, issue)
    assert "mlat=-6.200000&amp;mlon=106.850000" in page
    assert "(-6.200000, 106.850000)" in page


def test_script_and_html_in_title_and_description_stay_inert(client, issue_factory, resident_of_manggarai):
    issue = issue_factory(
        resident_of_manggarai,
        title='<script>alert("t")</script><img src=x onerror=alert(1)>',
        description='<script>alert("d")</script>\n\n<b onclick="x()">bold</b> [click](javascript:alert(1)) '
        "[ok](https://example.org)",
    )
    page = page_of(client, issue)
    assert "<script>alert" not in page
    assert "<img src=x" not in page and "onerror=alert" not in page.replace("onerror=alert(1)&gt;", "")
    assert "&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt;" in page
    assert "<b onclick" not in page and "&lt;b onclick=" in page  # shown as text, never as a tag
    assert 'href="javascript:' not in page
    assert '<a href="https://example.org" rel="nofollow ugc noopener">ok</a>' in page


def test_an_old_or_missing_slug_redirects_to_the_permalink(client, flooded_street):
    response = client.get(reverse("issue_detail", kwargs={"pk": flooded_street.pk}))
    assert response.status_code == 301 and response.url == flooded_street.get_absolute_url()
    response = client.get(reverse("issue_detail", kwargs={"pk": flooded_street.pk, "slug": "old-title"}))
    assert response.url == flooded_street.get_absolute_url()


def test_a_title_that_reads_like_a_sub_page_gets_a_slug_of_its_own(issue_factory, resident_of_manggarai, client):
    issue = issue_factory(resident_of_manggarai, title="Edit")
    assert issue.get_absolute_url().endswith("/edit-issue/")
    assert client.get(issue.get_absolute_url()).status_code == 200


def test_an_unknown_issue_is_not_found(client, areas):
    assert client.get("/issues/999999/").status_code == 404


def test_the_page_keeps_the_panel_slots_and_the_live_root(client, flooded_street):
    page = page_of(client, flooded_street)
    assert f'data-live-url="/ws/issues/{flooded_street.pk}/"' in page
    assert f'id="issue-{flooded_street.pk}-header" class="issue-header" data-live-swap="replace"' in page


def test_a_visitor_is_told_to_sign_in_to_follow(client, flooded_street):
    page = page_of(client, flooded_street)
    assert "Sign in to take part." in page
    assert "Follow this issue" not in page


def test_a_visitor_cannot_follow_by_posting(client, flooded_street):
    response = client.post(reverse("issue_follow", args=[flooded_street.pk]), {"follow": "1"})
    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert Follow.objects.filter(issue=flooded_street).count() == 1  # only the author


def test_a_resident_follows_and_unfollows_with_a_plain_form(client_of, resident_of_bukit_duri, flooded_street):
    client = client_of(resident_of_bukit_duri)
    assert "Follow this issue" in page_of(client, flooded_street)
    response = client.post(reverse("issue_follow", args=[flooded_street.pk]), {"follow": "1"})
    assert response.status_code == 302
    assert Follow.objects.filter(user=resident_of_bukit_duri, issue=flooded_street).exists()
    page = page_of(client, flooded_street)
    assert "You follow this issue." in page and 'aria-pressed="true"' in page

    client.post(reverse("issue_follow", args=[flooded_street.pk]), {"follow": "0"})
    assert not Follow.objects.filter(user=resident_of_bukit_duri, issue=flooded_street).exists()


def test_following_twice_is_still_one_follow(client_of, resident_of_bukit_duri, flooded_street):
    client = client_of(resident_of_bukit_duri)
    for _ in range(2):
        client.post(reverse("issue_follow", args=[flooded_street.pk]), {"follow": "1"})
    assert Follow.objects.filter(user=resident_of_bukit_duri, issue=flooded_street).count() == 1


def test_htmx_swaps_just_the_follow_button(client_of, resident_of_bukit_duri, flooded_street):
    response = client_of(resident_of_bukit_duri).post(
        reverse("issue_follow", args=[flooded_street.pk]), {"follow": "1"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode().strip()
    assert html.startswith(f'<div id="issue-{flooded_street.pk}-follow"')
    assert "stop following" in html and 'name="follow" value="0"' in html


def test_an_unverified_user_cannot_follow(client_of, unverified_user, flooded_street):
    client = client_of(unverified_user)
    assert "Confirm your e-mail address to take part." in page_of(client, flooded_street)
    client.post(reverse("issue_follow", args=[flooded_street.pk]), {"follow": "1"})
    assert not Follow.objects.filter(user=unverified_user).exists()


def test_the_following_page_lists_followed_issues_newest_follow_first(
    client_of, issue_factory, resident_of_manggarai, resident_of_bukit_duri, flooded_street
):
    other = issue_factory(resident_of_manggarai, title="Streetlights out")
    client = client_of(resident_of_bukit_duri)
    for issue in (flooded_street, other):
        client.post(reverse("issue_follow", args=[issue.pk]), {"follow": "1"})
    page = client.get(reverse("issue_following")).content.decode()
    assert page.index("Streetlights out") < page.index(flooded_street.title)


def test_the_author_finds_their_issue_on_their_following_page(client_of, resident_of_manggarai, flooded_street):
    assert flooded_street.title in client_of(resident_of_manggarai).get(reverse("issue_following")).content.decode()


def test_the_following_page_needs_an_account(client, areas):
    response = client.get(reverse("issue_following"))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_the_following_page_says_when_nothing_is_followed(client_of, resident_of_bukit_duri):
    assert (
        "You follow no issues yet."
        in client_of(resident_of_bukit_duri).get(reverse("issue_following")).content.decode()
    )


@pytest.mark.parametrize("path", ["/issues/", "/issues/new/", "/issues/similar/?title=x", "/"])
def test_pages_answer_in_indonesian_too(client, flooded_street, path):
    client.cookies["django_language"] = "id"
    assert client.get(path).status_code == 200
