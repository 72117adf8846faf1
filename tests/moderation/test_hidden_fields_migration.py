"""The hides stored before a hide had fields ("<reason>: <note>", "auto:<reason>") read the same after."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from comments.models import Comment
from issues.models import Issue
from moderation.templatetags.moderation import hidden_notice

BEFORE = [("issues", "0005_stored_html"), ("comments", "0004_stored_html")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_hides_stored_as_one_string_become_fields_with_the_same_notice(comment_by_siti, flooded_street):
    answer = Comment.objects.create(issue=flooded_street, author=comment_by_siti.author, body="Ask the lurah.")
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()  # back to the present, whatever came since
    try:
        old = _migrate(BEFORE)
        old.get_model("issues", "Issue").objects.filter(pk=flooded_street.pk).update(
            hidden=True, hidden_reason="auto:spam"
        )
        old.get_model("comments", "Comment").objects.filter(pk=comment_by_siti.pk).update(
            hidden=True, hidden_reason="abuse: Name-calling: again"
        )
        old.get_model("comments", "Comment").objects.filter(pk=answer.pk).update(
            hidden=True, hidden_reason="Written before reasons had codes"
        )
    finally:
        _migrate(leaves)

    issue, comment, legacy = (
        Issue.objects.get(pk=flooded_street.pk),
        Comment.objects.get(pk=comment_by_siti.pk),
        Comment.objects.get(pk=answer.pk),
    )
    assert (issue.hidden_reason, issue.hidden_note, issue.hidden_automatically) == ("spam", "", True)
    assert (comment.hidden_reason, comment.hidden_note, comment.hidden_automatically) == (
        "abuse",
        "Name-calling: again",
        False,
    )
    assert hidden_notice(issue) == "Hidden pending a moderator's review: several people reported it (spam)."
    assert hidden_notice(comment) == "Hidden by a moderator: Abuse or harassment — Name-calling: again"
    assert hidden_notice(legacy) == "Hidden by a moderator: Written before reasons had codes"
