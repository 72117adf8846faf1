"""``{% load maps %}``: ``{% map_assets %}`` in a page's head, ``{% issue_map label … %}`` where a map goes,
``{% map_picker %}`` inside a form's location fieldset. The map is an enhancement: without JavaScript
(or tiles) the list and the latitude/longitude fields do everything."""

from __future__ import annotations

from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.urls import reverse

register = template.Library()


def _tiles() -> dict:
    return {
        "tile_url": settings.MAP_TILE_URL,
        "attribution": settings.MAP_TILE_ATTRIBUTION,
        "center": f"{settings.MAP_CENTER[0]},{settings.MAP_CENTER[1]}",
        "zoom": settings.MAP_ZOOM,
    }


@register.inclusion_tag("maps/assets.html")
def map_assets():
    return {}


@register.inclusion_tag("maps/map.html")
def issue_map(label: str, name: str = "issues", query: str = "", **params):
    """A map of issues from the GeoJSON endpoint: ``query`` is a list's query string (its filters),
    ``params`` single filters (``area=slug``, ``issue=pk``)."""
    base = reverse("issues_geojson")
    query = query or urlencode({k: v for k, v in params.items() if v not in (None, "")})
    src = f"{base}?{query}" if query else base
    single = "issue" in params  # the issue page's map of one issue: it follows the issue's live header
    return {"src": src, "base": base, "label": label, "name": name, "single": single, **_tiles()}


@register.inclusion_tag("maps/picker.html")
def map_picker(latitude_field, longitude_field):
    return {"latitude_id": latitude_field.id_for_label, "longitude_id": longitude_field.id_for_label, **_tiles()}
