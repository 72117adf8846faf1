"""The rows of the pages' lists of issues, each rendered once per change of its issue."""

from django import template
from django.template.loader import get_template

from core import pagecache

register = template.Library()


@register.simple_tag
def issue_rows(issues, clocks=None):
    """The rows of a list of issues (pages/issue_list.html#issue-row), each rendered once per
    change of its issue: the row's version is the issue's live-event sequence, which every change
    a row shows (support, comments, status, title, a clock, hiding) moves. ``clocks`` may be lazy
    (responses.queries.clocks_when_needed): read only if some row is rendered."""
    row = get_template("pages/issue_list.html#issue-row")
    return pagecache.fragments(
        "issue-row",
        issues,
        version=lambda issue: issue.last_event_seq,
        render=lambda issue: row.render({"issue": issue, "clocks": clocks}),
    )
