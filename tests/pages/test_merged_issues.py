"""A merged duplicate leaves the lists; Following and its own page say where it went (issue 13, item 5)."""

import pytest

from moderation import actions as moderation_actions


@pytest.fixture
def merged(issue_factory, areas, moderator_of_tebet, resident_of_manggarai):
    duplicate = issue_factory(
        resident_of_manggarai, title="Drain blocked again on Jalan Manggarai", area=areas["manggarai-rw-04"]
    )
    target = issue_factory(
        resident_of_manggarai, title="Blocked drain, Jalan Manggarai Utara", area=areas["manggarai-rw-04"]
    )
    moderation_actions.merge_issues(actor=moderator_of_tebet, duplicate=duplicate, target=target, note="same drain")
    return duplicate, target


@pytest.mark.parametrize("url", ["/", "/issues/", "/issues/?status=open", "/areas/manggarai/"])
def test_a_merged_issue_leaves_the_lists(client, merged, url):
    duplicate, target = merged
    html = client.get(url).content.decode()
    assert f'id="issue-row-{target.pk}"' in html
    assert f'id="issue-row-{duplicate.pk}"' not in html


def test_following_says_a_followed_issue_was_merged_and_links_to_where_it_goes_on(client, merged, user_factory):
    from issues.models import Follow

    duplicate, target = merged
    follower = user_factory()
    Follow.objects.create(user=follower, issue=duplicate)  # followed before the merge (a row the merge kept)
    client.force_login(follower)
    html = client.get("/issues/following/").content.decode()
    row = html[html.index(f'id="issue-row-{duplicate.pk}"') :].split("</li>")[0]
    assert f"Merged into #{target.pk}" in row
    assert target.get_absolute_url().split("/")[2] in row
    assert "status-open" not in row


def test_the_merged_issues_own_page_says_where_it_went(client, merged):
    duplicate, target = merged
    html = client.get(duplicate.get_absolute_url()).content.decode()
    assert f"Merged into #{target.pk}" in html
    assert f'href="/issues/{target.pk}/"' in html
