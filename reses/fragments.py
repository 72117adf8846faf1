"""What reses pushes live to an issue's viewers: the new timeline line and the meetings figure,
from the partials of the issue page (rendered once per language, never per viewer)."""

from __future__ import annotations

from django.template.loader import render_to_string

from issues import fragments as issue_fragments
from issues.models import Issue, TimelineEntry

PANEL = "reses/issue_meetings.html"


def meetings_figure(issue: Issue) -> str:
    from reses import queries

    # No viewer: the figure everyone sees, never the member's pokir form.
    return render_to_string(f"{PANEL}#meetings-figure", {"panel": queries.meetings_figure(None, issue)})


def aspiration_joined(issue: Issue, entry: TimelineEntry) -> str:
    return meetings_figure(issue) + issue_fragments.timeline_entry(issue, entry)


def pokir_adopted(issue: Issue, entry: TimelineEntry) -> str:
    return meetings_figure(issue) + issue_fragments.timeline_entry(issue, entry)
