from django.shortcuts import render

from accounts import queries as area_queries


def home(request):
    return render(request, "issues/home.html", {"areas": area_queries.area_tree()})


def area_detail(request, slug):
    area, ancestors, children = area_queries.area_with_family(slug)
    return render(
        request,
        "issues/area_detail.html",
        {"area": area, "current_area": area, "ancestors": ancestors, "children": children},
    )


def area_go(request):
    """The area switcher's target: a plain GET form that works without JavaScript."""
    from django.shortcuts import get_object_or_404, redirect

    from accounts.models import Area

    return redirect(get_object_or_404(Area, slug=request.GET.get("area", "")))
