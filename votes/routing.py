from django.urls import path

from votes.consumers import RoundStandingConsumer

websocket_urlpatterns = [path("ws/rounds/<int:pk>/", RoundStandingConsumer.as_asgi())]
