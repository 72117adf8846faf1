from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _


def websocket_only(request, **kwargs):
    """An HTTP request to a websocket path. The ASGI router answers the real websocket; the path
    is a named URL only so that templates can print it."""
    return HttpResponse("This address speaks websocket only.", status=426, content_type="text/plain")


def refused(request, refusal: str, *, back_url: str = "", status: int = 403) -> HttpResponse:
    """A refusal page that says why (a rule's sentence) and shows nothing of what was asked for,
    with a way back (``back_url``, else the home page).

    The same page Django renders for an uncaught PermissionDenied (templates/403.html)."""
    return render(request, "403.html", {"refusal": str(refusal), "back_url": back_url}, status=status)


def csrf_failure(request, reason: str = "") -> HttpResponse:
    """A form sent with an old or missing security token (an expired session, a page kept open for
    days): the site's refusal page in the visitor's language, not Django's bare "403 Forbidden"."""
    return refused(
        request,
        _("This form is out of date (your session may have ended). Go back, reload the page and send it again."),
        back_url=request.path if request.method == "GET" else "",
    )


def server_error(request) -> HttpResponse:
    """The 500 page: the site's layout and language, rendered without a request context, so
    without one database query (the database may be what failed)."""
    html = render_to_string("500.html", {"SITE_NAME": settings.SITE_NAME})
    return HttpResponse(html, status=500)
