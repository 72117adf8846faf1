"""Small helpers of the issue templates."""

from django import template
from django.utils import timezone
from django.utils.timesince import timesince

register = template.Library()


@register.filter
def age(moment) -> str:
    """How long ago, to the largest unit only ("3 days"), cheap enough for every row of a list."""
    if not moment:
        return ""
    return timesince(moment, timezone.now(), depth=1)


@register.simple_tag
def osm_url(latitude, longitude) -> str:
    """An OpenStreetMap link centred on a point (no map is embedded: no third-party requests)."""
    lat, lon = f"{latitude:.6f}", f"{longitude:.6f}"
    return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=18/{lat}/{lon}"
