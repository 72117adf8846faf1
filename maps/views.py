"""The map's data: issues as GeoJSON with the list's filters."""

from __future__ import annotations

from django.http import JsonResponse
from django.views.decorators.http import require_GET

from accounts import queries as area_queries
from core import params
from issues.forms import IssueFilterForm
from maps import queries


@require_GET
def issues_geojson(request):
    """``/issues/map.geojson?area=…&category=…&status=…&q=…``: what /issues/ lists, on a map.

    ``?issue=<pk>`` gives that one issue (the issue page's map). Hidden issues are never in it (the
    list's own query leaves them out), nor merged ones, nor issues without a place.
    """
    one = params.text(request.GET.get("issue"), max_length=12)
    if one.isascii() and one.isdigit():
        collection = queries.issue_feature_collection(int(one))
    else:
        tree = area_queries.area_tree()
        collection = queries.feature_collection(IssueFilterForm(request.GET, tree=tree).filters(), tree)
    response = JsonResponse(collection, content_type="application/geo+json")
    response["Cache-Control"] = "no-cache"
    return response
