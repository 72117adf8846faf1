"""What votes adds to the issue page (support) and the area page (priorities, rounds, participation).

Each function returns a panel's context in a fixed number of queries.
"""

from __future__ import annotations

from accounts import permissions
from residency import rules as residency_rules
from votes import queries
from votes import rules as vote_rules


def support(request, issue) -> dict:
    return queries.support_panel(request, issue)


def priorities(request, area) -> dict:
    ranked, total = queries.area_priorities(area)
    return {"area": area, "ranked": ranked, "total": total}


def rounds(request, area) -> dict:
    current, past = queries.area_rounds(area)
    return {
        "area": area,
        "current": current,
        "past": past,
        "official": queries.official_priority_list(area, limit=10),
        "may_open": permissions.can(request.user, vote_rules.open_round, area),
    }


def participation(request, area) -> dict:
    return {
        "area": area,
        "stats": queries.area_participation(area),
        "recent_days": queries.RECENT_DAYS,
        "may_verify": permissions.can(request.user, residency_rules.verify_residents, area),
    }
