from django.urls import path

from issues import views

urlpatterns = [
    path("", views.home, name="home"),
    path("areas/", views.area_go, name="area_go"),
    path("areas/<slug:slug>/", views.area_detail, name="area_detail"),
    path("issues/<int:pk>/", views.issue_detail, name="issue_detail"),
    path("issues/<int:pk>/<slug:slug>/", views.issue_detail, name="issue_detail"),
    # Not a page: the websocket path of an issue's live channel (answered by the ASGI router),
    # named so templates can print it.
    path("ws/issues/<int:pk>/", views.websocket_only, name="issue_live"),
]

