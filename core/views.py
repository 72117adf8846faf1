from django.http import HttpResponse
from django.shortcuts import render


def websocket_only(request, **kwargs):
    """An HTTP request to a websocket path. The ASGI router answers the real websocket; the path
    is a named URL only so that templates can print it."""
    return HttpResponse("This address speaks websocket only.", status=426, content_type="text/plain")


def refused(request, refusal: str, *, back_url: str = "", status: int = 403) -> HttpResponse:
    """A refusal page that says why (a rule's sentence) and shows nothing of what was asked for,
    with a way back (``back_url``, else the home page).

    The same page Django renders for an uncaught PermissionDenied (templates/403.html)."""
    return render(request, "403.html", {"refusal": str(refusal), "back_url": back_url}, status=status)
