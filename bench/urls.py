"""The site's URLs plus the benchmark's own pages (bench/settings.py mounts this, nothing else does)."""

from django.http import HttpResponse
from django.urls import path

from deliberation.urls import urlpatterns as site_urlpatterns


def hello(request):
    """The baseline: the whole middleware stack, no template, no query."""
    return HttpResponse("Hello, world", content_type="text/plain")


def base_only(request):
    """The site's frame alone (base.html with an empty page): the floor under every page."""
    from django.shortcuts import render

    return render(request, "bench/base_only.html")


def issue_core(request, pk, slug):
    """The issue page without the panels other apps add, to see the issues app's own share.

    gunicorn's sync workers serve one request at a time, so swapping the registry is safe here.
    """
    from issues import panels, views

    saved = list(panels._PANELS)
    panels._PANELS[:] = [p for p in saved if p.page != "issue"]
    try:
        return views.issue_detail(request, pk, slug)
    finally:
        panels._PANELS[:] = saved


urlpatterns = [
    path("bench/hello/", hello, name="bench_hello"),
    path("bench/base/", base_only),
    path("bench/issue-core/<int:pk>/<slug:slug>/", issue_core),
    *site_urlpatterns,
]
