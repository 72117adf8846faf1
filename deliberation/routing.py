"""Websocket routes of every app, gathered in one list for the ASGI router."""

from issues.routing import websocket_urlpatterns as issue_routes
from notifications.routing import websocket_urlpatterns as notification_routes
from votes.routing import websocket_urlpatterns as round_routes

websocket_urlpatterns = [*issue_routes, *notification_routes, *round_routes]
