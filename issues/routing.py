from django.urls import path

from issues.consumers import IssueConsumer

websocket_urlpatterns = [path("ws/issues/<int:pk>/", IssueConsumer.as_asgi())]
