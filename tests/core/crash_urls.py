"""The site's URLs plus one view that crashes: the 500 page as a visitor meets it."""

from django.urls import path

from deliberation.urls import handler500, urlpatterns as site_urlpatterns


def crash(request):
    raise RuntimeError("a bug")


urlpatterns = [*site_urlpatterns, path("crash/", crash)]
__all__ = ["handler500", "urlpatterns"]
