"""Issues with a location, for maps: the list's filters as GeoJSON.

Bounded: at most ``settings.MAP_MAX_ISSUES`` features in one query, plus one for the area tree
and one for the clocks, whatever the number of issues.
"""

from __future__ import annotations

from django.conf import settings

from accounts.models import Area
from issues import queries as issue_queries
from issues.models import Issue
from issues.queries import IssueFilters
from responses import queries as response_queries
from responses.templatetags.responses import clock_status


def feature_collection(filters: IssueFilters, tree: list[Area] | None = None) -> dict:
    """The issues the list would show with ``filters`` (every page of it, up to the cap), as GeoJSON."""
    cap = settings.MAP_MAX_ISSUES
    rows = list(issue_queries.located(issue_queries.filtered(filters, tree))[: cap + 1])
    issues = rows[:cap]
    clocks = response_queries.clocks_of_issues(issues)
    return {
        "type": "FeatureCollection",
        "features": [_feature(issue, clocks.get(issue.pk)) for issue in issues],
        "truncated": len(rows) > cap,
    }


def issue_feature_collection(pk: int) -> dict:
    """One issue as a collection (empty when it is hidden, merged or has no place): the issue page's map."""
    issues = list(issue_queries.located(issue_queries.listed()).filter(pk=pk))
    clocks = response_queries.clocks_of_issues(issues)
    return {
        "type": "FeatureCollection",
        "features": [_feature(i, clocks.get(i.pk)) for i in issues],
        "truncated": False,
    }


def _feature(issue: Issue, clock) -> dict:
    return {
        "type": "Feature",
        "id": issue.pk,
        # GeoJSON order: longitude first.
        "geometry": {"type": "Point", "coordinates": [float(issue.longitude), float(issue.latitude)]},
        "properties": {
            "title": issue.public_title,
            "url": issue.get_absolute_url(),
            "status": issue.status,
            "status_label": str(issue.status_label),
            "area": issue.area.name,
            "clock": clock_status(clock) if clock is not None else "",
            "overdue": bool(clock is not None and clock.is_overdue()),
        },
    }
