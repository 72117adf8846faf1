from django.urls import path

from core.views import websocket_only
from issues import views

# The issue page, the lists and the area page are pages/urls.py's.
urlpatterns = [
    path("issues/new/", views.issue_open, name="issue_open"),
    path("issues/similar/", views.issue_similar, name="issue_similar"),
    path("issues/nearby/", views.issue_nearby, name="issue_nearby"),
    path("issues/<int:pk>/edit/", views.issue_edit, name="issue_edit"),
    path("issues/<int:pk>/history/", views.issue_revisions, name="issue_revisions"),
    path("issues/<int:pk>/follow/", views.issue_follow, name="issue_follow"),
    # Not a page: the websocket path of an issue's live channel (answered by the ASGI router),
    # named so templates can print it.
    path("ws/issues/<int:pk>/", websocket_only, name="issue_live"),
]
