"""Long threads load a page at a time, in either order, with the same few queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from comments import queries
from comments.models import Comment
from comments.queries import thread_section
from issues.models import Issue


def bulk_thread(issue, authors, top_level: int, replies_each: int = 2):
    """A thread written straight into the database (fast), oldest first."""
    start = timezone.now() - timedelta(days=30)
    tops = Comment.objects.bulk_create(
        Comment(issue=issue, author=authors[n % len(authors)], body=f"comment {n}") for n in range(top_level)
    )
    # bulk_create ignores auto_now_add overrides: set the times so "oldest first" is well defined.
    for n, top in enumerate(tops):
        top.created_at = top.last_activity_at = start + timedelta(minutes=n)
        top.reply_count = replies_each
    Comment.objects.bulk_update(tops, ["created_at", "last_activity_at", "reply_count"])
    Comment.objects.bulk_create(
        Comment(issue=issue, parent=top, author=authors[(n + 1) % len(authors)], body=f"reply {n}.{r}")
        for n, top in enumerate(tops)
        for r in range(replies_each)
    )
    Issue.objects.filter(pk=issue.pk).update(comment_count=top_level * (1 + replies_each))
    return tops


def render_panel(user, issue, **params):
    from django.template.loader import render_to_string

    request = RequestFactory().get("/", params)
    request.user = user
    thread = thread_section(
        user, issue, order=params.get("comments", "recent"), page_number=params.get("comments_page")
    )
    context = {"thread": thread}
    return render_to_string("comments/panel.html", {"panel": context, "issue": issue, "user": user}, request=request)


@pytest.fixture
def people(resident_of_manggarai, resident_of_bukit_duri, official_of_water_agency, moderator_of_tebet):
    return [resident_of_manggarai, resident_of_bukit_duri, official_of_water_agency, moderator_of_tebet]


def test_twenty_top_level_comments_a_page_newest_activity_first(flooded_street, people, resident_of_bukit_duri):
    bulk_thread(flooded_street, people, 120)
    page = render_panel(resident_of_bukit_duri, flooded_street)
    assert page.count('class="comment"') == 20
    assert page.index("comment 119<") < page.index("comment 100<") and "comment 99<" not in page
    assert "Page 1 of 6" in page and 'data-live-insert="prepend"' in page


def test_oldest_first_and_the_last_page_takes_new_comments(flooded_street, people, resident_of_bukit_duri):
    bulk_thread(flooded_street, people, 120)
    first = render_panel(resident_of_bukit_duri, flooded_street, comments="oldest")
    assert first.index("comment 0<") < first.index("comment 19<") and 'data-live-insert="none"' in first
    last = render_panel(resident_of_bukit_duri, flooded_street, comments="oldest", comments_page="6")
    assert "comment 100<" in last and "comment 119<" in last and 'data-live-insert="append"' in last


def test_replies_come_with_their_page(flooded_street, people, resident_of_bukit_duri):
    bulk_thread(flooded_street, people, 3, replies_each=2)
    page = render_panel(resident_of_bukit_duri, flooded_street)
    assert page.index("comment 2<") < page.index("reply 2.0<") < page.index("reply 2.1<") < page.index("comment 1<")


def test_a_reply_brings_its_comment_to_the_top_of_newest_activity(
    flooded_street, people, resident_of_bukit_duri, post_comment
):
    tops = bulk_thread(flooded_street, people, 30, replies_each=0)
    post_comment(resident_of_bukit_duri, flooded_street, "Reviving this", parent=tops[0])
    page = render_panel(resident_of_bukit_duri, flooded_street)
    assert page.index("comment 0<") < page.index("comment 29<")


def test_a_page_number_past_the_end_shows_the_last_page(flooded_street, people, resident_of_bukit_duri):
    bulk_thread(flooded_street, people, 60, replies_each=0)
    assert "Page 3 of 3" in render_panel(resident_of_bukit_duri, flooded_street, comments_page="99")


def count_queries(user, issue, **params):
    # A fresh user object each time: role facts are cached per request user, as in a real request.
    user = type(user).objects.get(pk=user.pk)
    with CaptureQueriesContext(connection) as queries_run:
        render_panel(user, issue, **params)
    return len(queries_run)


@pytest.mark.parametrize("params", [{}, {"comments": "oldest", "comments_page": "2"}])
def test_five_thousand_comments_cost_the_same_queries_as_five(issue_factory, people, resident_of_bukit_duri, params):
    small = issue_factory(people[0], title="Small thread")
    large = issue_factory(people[0], title="Large thread")
    bulk_thread(small, people, 5, replies_each=1)
    bulk_thread(large, people, 1700, replies_each=2)  # 5,100 comments
    assert count_queries(resident_of_bukit_duri, small, **params) == count_queries(
        resident_of_bukit_duri, large, **params
    )
    assert count_queries(resident_of_bukit_duri, large, **params) <= 7


def test_the_whole_issue_page_costs_the_same_with_a_long_thread(client, issue_factory, people):
    small = issue_factory(people[0], title="Small thread")
    large = issue_factory(people[0], title="Large thread")
    bulk_thread(small, people, 5, replies_each=1)
    bulk_thread(large, people, 600, replies_each=3)
    counts = []
    for issue in (small, large):
        with CaptureQueriesContext(connection) as run:
            assert client.get(issue.get_absolute_url()).status_code == 200
        counts.append(len(run))
    assert counts[0] == counts[1]


def test_the_replies_of_a_page_are_bounded(flooded_street, people, settings):
    settings.COMMENT_REPLIES_SHOWN = 3
    tops = bulk_thread(flooded_street, people, 2, replies_each=10)
    thread = queries.thread_for(flooded_street)
    shown = {c.pk: [r.body for r in c.shown_replies] for c in thread.comments}
    assert shown[tops[0].pk] == ["reply 0.7", "reply 0.8", "reply 0.9"]
    assert all(c.earlier_reply_count == 7 for c in thread.comments)
