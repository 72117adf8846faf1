"""A comment shows its latest few replies; the earlier ones come in place on request, with
htmx (a chunk at a time) or without JavaScript (the page again with them expanded)."""

import re

import pytest

from comments import queries

from .test_thread_pages import bulk_thread


@pytest.fixture
def long_subthread(flooded_street, resident_of_bukit_duri, resident_of_manggarai, post_comment):
    """Siti's comment with eight replies (written through the action, oldest first)."""
    top = post_comment(resident_of_manggarai, flooded_street, "The drain overflows every night")
    replies = [post_comment(resident_of_bukit_duri, flooded_street, f"reply number {n}", parent=top) for n in range(8)]
    return top, replies


def shown(html: str) -> list[str]:
    return re.findall(r"reply number (\d+)", html)


def test_the_issue_page_shows_the_latest_three_replies_and_offers_the_rest(client, flooded_street, long_subthread):
    top, replies = long_subthread
    page = client.get(flooded_street.get_absolute_url()).content.decode()
    assert shown(page) == ["5", "6", "7"]
    assert "Show 5 earlier replies" in page
    # With htmx: the five before the oldest shown; without: this page with them in place.
    assert f'hx-get="/comments/{top.pk}/replies/?before={replies[5].pk}"' in page
    assert (
        f'href="{flooded_street.get_absolute_url()}?comments=recent&amp;replies={top.pk}#comment-{top.pk}-replies"'
        in page
    )
    # A reply older than the oldest shown, replayed live, is not added as if it were new.
    assert f'data-live-skip-below="{replies[5].pk}"' in page


def test_without_javascript_the_link_shows_every_reply_in_place(client, flooded_street, long_subthread):
    top, _replies = long_subthread
    page = client.get(f"{flooded_street.get_absolute_url()}?comments=recent&replies={top.pk}").content.decode()
    assert shown(page) == [str(n) for n in range(8)] and "earlier repl" not in page
    assert client.get(f"{flooded_street.get_absolute_url()}?replies=nonsense").status_code == 200


def test_with_htmx_the_earlier_replies_come_a_chunk_at_a_time(client, flooded_street, long_subthread, monkeypatch):
    top, replies = long_subthread
    monkeypatch.setattr(queries, "REPLIES_AT_ONCE", 3)
    htmx = {"HTTP_HX_REQUEST": "true"}
    chunk = client.get(f"/comments/{top.pk}/replies/?before={replies[5].pk}", **htmx).content.decode()
    assert shown(chunk) == ["2", "3", "4"]
    assert "Show 2 earlier replies" in chunk and f"?before={replies[2].pk}" in chunk
    last = client.get(f"/comments/{top.pk}/replies/?before={replies[2].pk}", **htmx).content.decode()
    assert shown(last) == ["0", "1"] and "earlier repl" not in last


def test_the_replies_address_without_htmx_leads_to_the_comments_own_page(client, long_subthread):
    top, replies = long_subthread
    response = client.get(f"/comments/{top.pk}/replies/?before={replies[5].pk}")
    assert response.status_code == 302 and response["Location"] == f"/comments/{top.pk}/"
    # A reply's address leads to its comment; nonsense in the query string is ignored.
    assert client.get(f"/comments/{replies[0].pk}/replies/")["Location"].startswith(f"/comments/{top.pk}/")
    odd = client.get(f"/comments/{top.pk}/replies/?before=x'", HTTP_HX_REQUEST="true")
    assert odd.status_code == 200 and shown(odd.content.decode()) == [str(n) for n in range(8)]


def test_a_hidden_earlier_reply_comes_as_its_notice_only(
    client, flooded_street, long_subthread, moderator_of_tebet, monkeypatch
):
    from moderation import actions as moderation_actions

    top, replies = long_subthread
    moderation_actions.hide_item(actor=moderator_of_tebet, item=replies[1], reason="abuse")
    chunk = client.get(f"/comments/{top.pk}/replies/?before={replies[5].pk}", HTTP_HX_REQUEST="true").content.decode()
    assert f'id="comment-{replies[1].pk}"' in chunk and "reply number 1<" not in chunk


def test_the_replies_of_a_page_cost_the_same_few_queries_with_long_subthreads(
    flooded_street, resident_of_manggarai, resident_of_bukit_duri, django_assert_max_num_queries
):
    bulk_thread(flooded_street, [resident_of_manggarai, resident_of_bukit_duri], 25, replies_each=40)
    with django_assert_max_num_queries(4):
        thread = queries.thread_for(flooded_street)
    assert len(thread.comments) == 20 and all(len(c.shown_replies) == 3 for c in thread.comments)
    assert all(c.earlier_reply_count == 37 for c in thread.comments)


def test_bringing_in_earlier_replies_costs_the_same_queries_for_ten_or_three_hundred(
    client, flooded_street, resident_of_manggarai, resident_of_bukit_duri
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    people = [resident_of_manggarai, resident_of_bukit_duri]
    counts = []
    for replies in (10, 300):
        (top,) = bulk_thread(flooded_street, people, 1, replies_each=replies)
        newest = top.replies.order_by("-created_at", "-pk").first()
        with CaptureQueriesContext(connection) as run:
            response = client.get(f"/comments/{top.pk}/replies/?before={newest.pk}", HTTP_HX_REQUEST="true")
        assert response.status_code == 200 and response.content.count(b'<li id="comment-') == min(replies - 1, 100)
        counts.append(len(run))
    assert counts[0] <= counts[1] <= counts[0] + 1  # the "how many remain" count, when more remain
    assert counts[1] <= 5
