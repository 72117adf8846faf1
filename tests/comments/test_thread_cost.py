"""A thread page's SQL costs the same with 30 comments or 900: the database's own plan says so.

A constant query count can hide a query that grows with the thread (a window over every
reply, joined before it is cut): here PostgreSQL's estimate of each query's work, with
fresh statistics, is compared between a short and a long discussion. PostgreSQL only.
"""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comments import queries
from comments.models import Comment
from issues.models import Issue

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="reads PostgreSQL's query plans"),
]


def _discussion(issue, author, *, top_level: int, replies_each: int) -> None:
    tops = Comment.objects.bulk_create(
        Comment(issue=issue, author=author, body=f"Komentar {n}", reply_count=replies_each) for n in range(top_level)
    )
    Comment.objects.bulk_create(
        Comment(issue=issue, parent=top, author=author, body=f"Balasan {r}")
        for top in tops
        for r in range(replies_each)
    )
    Issue.objects.filter(pk=issue.pk).update(comment_count=top_level * (1 + replies_each))


def _plan_costs(issue) -> list[float]:
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    with CaptureQueriesContext(connection) as captured:
        thread = queries.thread_for(issue, order="recent")
        assert thread.comments and all(c.shown_replies for c in thread.comments)
    costs = []
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            cursor.execute("EXPLAIN (FORMAT JSON) " + query["sql"])
            plan = cursor.fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan
            costs.append(plan[0]["Plan"]["Total Cost"])
    return costs


def test_a_long_thread_is_never_compiled_by_the_jit_even_before_statistics_exist(
    issue_factory, resident_of_manggarai, resident_of_bukit_duri, areas
):
    """Right after a bulk load, before autovacuum analyses the tables, PostgreSQL misjudges the
    author joins by orders of magnitude; its JIT then spent over a second compiling a page query
    that runs in 3 ms. The site's connections turn the JIT off (DATABASE_JIT). (First in this
    module: the test below analyses the tables, and their size estimates outlive its rollback.)"""
    long = issue_factory(resident_of_manggarai, area=areas["manggarai"], title="Long discussion")
    _discussion(long, resident_of_bukit_duri, top_level=300, replies_each=2)
    with CaptureQueriesContext(connection) as captured:
        queries.thread_for(long, order="recent")
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + query["sql"])
            plan = cursor.fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan
            assert "JIT" not in plan[0], query["sql"][:80]


def test_a_long_thread_page_costs_the_database_no_more_than_a_short_one(
    issue_factory, resident_of_manggarai, resident_of_bukit_duri, areas
):
    short = issue_factory(resident_of_manggarai, area=areas["manggarai"], title="Short discussion")
    long = issue_factory(resident_of_manggarai, area=areas["manggarai"], title="Long discussion")
    _discussion(short, resident_of_bukit_duri, top_level=10, replies_each=2)
    _discussion(long, resident_of_bukit_duri, top_level=300, replies_each=2)
    _discussion(long, resident_of_manggarai, top_level=10, replies_each=60)  # a few very long subthreads
    _discussion(long, resident_of_bukit_duri, top_level=2, replies_each=1500)  # and two huge ones
    few, many = _plan_costs(short), _plan_costs(long)
    assert len(few) == len(many)
    for small, large in zip(few, many):
        # The same page of 50 comments with their latest replies: not 30× the work for 30× the thread.
        assert large <= small * 3 + 50, (few, many)


def _plan_nodes(plan: dict):
    yield plan
    for child in plan.get("Plans", []):
        yield from _plan_nodes(child)


def test_the_replies_of_a_page_are_read_a_few_index_entries_per_comment(
    issue_factory, resident_of_manggarai, resident_of_bukit_duri, areas, settings
):
    """However long a subthread, the page reads its latest replies off comment_latest_replies,
    stopping after COMMENT_REPLIES_SHOWN entries (a Limit under the LATERAL join); the planner
    expects no more rows than the page shows."""
    issue = issue_factory(resident_of_manggarai, area=areas["manggarai"], title="Huge subthreads")
    _discussion(issue, resident_of_bukit_duri, top_level=300, replies_each=1)
    _discussion(issue, resident_of_manggarai, top_level=3, replies_each=2000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    with CaptureQueriesContext(connection) as captured:
        thread = queries.thread_for(issue)
    assert [len(c.shown_replies) for c in thread.comments[:3]] == [settings.COMMENT_REPLIES_SHOWN] * 3
    replies_sql = captured.captured_queries[-1]["sql"]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + replies_sql)
        plan = cursor.fetchone()[0]
    plan = (json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]
    nodes = list(_plan_nodes(plan))
    index_reads = [n for n in nodes if n.get("Index Name") == "comment_latest_replies"]
    assert index_reads and all(n["Actual Rows"] <= settings.COMMENT_REPLIES_SHOWN for n in index_reads)
    assert any(n["Node Type"] == "Limit" and n["Plans"][0] in index_reads for n in nodes)
    page_size = len(thread.comments) * settings.COMMENT_REPLIES_SHOWN
    assert all(n["Plan Rows"] <= page_size for n in nodes if n.get("Relation Name") == "comments_comment")
