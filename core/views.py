from django.http import HttpResponse


def websocket_only(request, **kwargs):
    """An HTTP request to a websocket path. The ASGI router answers the real websocket; the path
    is a named URL only so that templates can print it."""
    return HttpResponse("This address speaks websocket only.", status=426, content_type="text/plain")
