"""ASGI entry point: websockets (and, in development, pages too) through Channels."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "deliberation.settings")
django_asgi_app = get_asgi_application()  # set up Django before importing consumers

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from django.urls import re_path  # noqa: E402

from core.sockets import SocketCap, refuse_unknown_path  # noqa: E402
from deliberation.routing import websocket_urlpatterns  # noqa: E402

# Outside in: the origin check; the per-address cap (before any session lookup); the
# session's user; the per-account cap; the apps' routes, and a clean refusal for any other path.
websocket_app = AllowedHostsOriginValidator(
    SocketCap(
        AuthMiddlewareStack(
            SocketCap(URLRouter([*websocket_urlpatterns, re_path(r"", refuse_unknown_path)]), per="account")
        ),
        per="address",
    )
)

application = ProtocolTypeRouter({"http": django_asgi_app, "websocket": websocket_app})
