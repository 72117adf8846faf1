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


urlpatterns = [
    path("bench/hello/", hello, name="bench_hello"),
    path("bench/base/", base_only),
    *site_urlpatterns,
]
