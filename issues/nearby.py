"""Open issues near a pin: the new-issue form's "already reported?" (as FixMyStreet asks).

Bounded: a box around the pin (an index on latitude, longitude) gives at most NEAR_CANDIDATES
rows in one query; exact distances are measured in Python on those.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings

from issues import queries
from issues.models import Issue

EARTH_RADIUS_M = 6_371_000
NEAR_CANDIDATES = 200


@dataclass(frozen=True)
class Nearby:
    issue: Issue
    metres: int


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine): plenty precise at a neighbourhood's scale."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def open_issues_near(
    latitude: Decimal | float, longitude: Decimal | float, radius_m: int | None = None, limit: int = 5
) -> list[Nearby]:
    """Open issues within ``radius_m`` of a pin, nearest first ("already reported?"). One bounded query."""
    radius_m = radius_m or settings.MAP_NEAR_METRES
    lat, lon = float(latitude), float(longitude)
    dlat = math.degrees(radius_m / EARTH_RADIUS_M)
    dlon = dlat / max(math.cos(math.radians(lat)), 0.01)
    box = queries.located(queries.listed()).filter(
        status__in=queries.STILL_OPEN,
        latitude__range=(lat - dlat, lat + dlat),
        longitude__range=(lon - dlon, lon + dlon),
    )
    candidates = box[:NEAR_CANDIDATES]
    measured = (Nearby(i, round(distance_m(lat, lon, float(i.latitude), float(i.longitude)))) for i in candidates)
    return sorted((n for n in measured if n.metres <= radius_m), key=lambda n: (n.metres, n.issue.pk))[:limit]


def coordinate(raw, bound: int) -> Decimal | None:
    """A latitude (bound 90) or longitude (bound 180) as typed or sent by the map, or None."""
    try:
        value = Decimal(str(raw or "").strip()[:30].replace(",", "."))
    except InvalidOperation:
        return None
    return value if value.is_finite() and -bound <= value <= bound else None
