"""Websocket routes of every app, gathered in one list for the ASGI router."""

from issues.routing import websocket_urlpatterns as issue_routes

websocket_urlpatterns = [*issue_routes]
