"""What moderation adds to the issue page (status, tools) and the area page (log, queue links).

Each context function runs at most a couple of queries (the viewer's roles are cached).
"""

from __future__ import annotations

from accounts import permissions
from moderation import rules as moderation_rules


def status(request, issue) -> dict:
    return {"issue": issue}


def tools(request, issue) -> dict:
    user = request.user
    return {
        "issue": issue,
        "can_report": getattr(user, "is_authenticated", False) and permissions.can(user, moderation_rules.report_item, issue),
        "can_moderate": permissions.moderates(user, issue.area) or permissions.is_official_for(user, issue.area),
    }


def area(request, area) -> dict:
    return {"area": area, "moderates": permissions.moderates(request.user, area)}
