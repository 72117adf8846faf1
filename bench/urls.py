"""The site's URLs plus /bench/hello/, the baseline every page is compared with."""

from django.http import HttpResponse
from django.urls import path

from deliberation.urls import urlpatterns as site_urlpatterns


def hello(request):
    return HttpResponse("Hello, world", content_type="text/plain")


urlpatterns = [path("bench/hello/", hello, name="bench_hello"), *site_urlpatterns]
