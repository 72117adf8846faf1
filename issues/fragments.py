"""The HTML an issue's live events push to its viewers, from the same partials as the issue page.

Rendered once per language (issues.live.record_event), never per viewer. The apps that add
to an issue's page (votes, responses, moderation) render its header and timeline lines here.
"""

from __future__ import annotations

from django.template.loader import render_to_string

from issues.models import Issue, TimelineEntry

PAGE = "issues/issue_parts.html"


def for_issue(issue: Issue) -> str:
    """The issue's header, description and photos as they are now (no viewer: shared)."""
    context = {"issue": issue}
    return "".join(
        render_to_string(f"{PAGE}#{part}", context) for part in ("issue-header", "issue-description", "issue-photos")
    )


def header(issue: Issue) -> str:
    """The issue's header (its title and status)."""
    return render_to_string(f"{PAGE}#issue-header", {"issue": issue})


def timeline_entry(issue: Issue, entry: TimelineEntry | None) -> str:
    """One line of the issue's public timeline, added to it (nothing for no entry)."""
    return render_to_string(f"{PAGE}#timeline-entry", {"entry": entry, "issue": issue}) if entry is not None else ""


def edited(issue: Issue, entry: TimelineEntry) -> str:
    """What an edit changes: the issue, its timeline line and the announcement."""
    announcement = render_to_string(f"{PAGE}#edited-announcement", {"issue": issue, "entry": entry})
    return for_issue(issue) + timeline_entry(issue, entry) + announcement
