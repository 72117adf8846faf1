from django.shortcuts import get_object_or_404, redirect, render

from accounts import queries as area_queries
from accounts.models import Area
from issues import panels, queries


def home(request):
    return render(request, "issues/home.html", {"areas": area_queries.area_tree()})


def area_detail(request, slug):
    area, ancestors, children = area_queries.area_with_family(slug)
    return render(
        request,
        "issues/area_detail.html",
        {
            "area": area,
            "current_area": area,
            "ancestors": ancestors,
            "children": children,
            "panels": panels.for_page("area", request, area),
        },
    )


def area_go(request):
    """The area switcher's target: a plain GET form that works without JavaScript."""
    return redirect(get_object_or_404(Area, slug=request.GET.get("area", "")))


def issue_detail(request, pk, slug=None):
    issue = queries.issue_for_page(request.user, pk)
    if slug != issue.slug:
        return redirect(issue, permanent=True)
    return render(
        request,
        "issues/issue_detail.html",
        {"issue": issue, "current_area": issue.area, "panels": panels.for_page("issue", request, issue)},
    )


def websocket_only(request, pk):
    """An HTTP request to a websocket path (the ASGI router answers the real websocket)."""
    from django.http import HttpResponse

    return HttpResponse("This address speaks websocket only.", status=426, content_type="text/plain")
