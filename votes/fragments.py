"""The HTML votes pushes to an issue's viewers, from the same partials as the issue page."""

from __future__ import annotations

from django.template.loader import render_to_string


def tally(issue) -> str:
    """The issue's support count (the stored one: read it under the issue's row lock)."""
    from votes.queries import assisted_supports

    return render_to_string(
        "votes/issue_support.html#tally", {"issue": issue, "assisted_supports": assisted_supports(issue)}
    )
