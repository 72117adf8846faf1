from django.urls import path

from core.views import websocket_only
from issues import views

urlpatterns = [
    path("", views.home, name="home"),
    path("areas/", views.area_go, name="area_go"),
    path("areas/<slug:slug>/", views.area_detail, name="area_detail"),
    path("issues/", views.issue_list, name="issue_list"),
    path("issues/new/", views.issue_open, name="issue_open"),
    path("issues/similar/", views.issue_similar, name="issue_similar"),
    path("issues/following/", views.issue_following, name="issue_following"),
    path("issues/<int:pk>/", views.issue_detail, name="issue_detail"),
    path("issues/<int:pk>/edit/", views.issue_edit, name="issue_edit"),
    path("issues/<int:pk>/history/", views.issue_revisions, name="issue_revisions"),
    path("issues/<int:pk>/follow/", views.issue_follow, name="issue_follow"),
    path("issues/<int:pk>/<slug:slug>/", views.issue_detail, name="issue_detail"),
    # Not a page: the websocket path of an issue's live channel (answered by the ASGI router),
    # named so templates can print it.
    path("ws/issues/<int:pk>/", websocket_only, name="issue_live"),
]
