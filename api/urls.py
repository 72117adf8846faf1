from django.urls import path, re_path

from api import feeds, open311, views
from api.v1 import api

FMT = r"\.(?P<fmt>\w+)$"

urlpatterns = [
    path("api/v1/", api.urls),
    path("open-data/", views.open_data, name="open_data"),
    path("open-data/<str:name>", views.open_data_file, name="open_data_file"),
    path("feeds/areas/<slug:slug>/issues/", feeds.AreaIssuesFeed(), name="feed_area_issues"),
    path("feeds/issues/<int:pk>/", feeds.IssueUpdatesFeed(), name="feed_issue_updates"),
    path("feeds/agencies/<int:pk>/responses/", feeds.AgencyResponsesFeed(), name="feed_agency_responses"),
    path("feeds/moderation/", feeds.ModerationLogFeed(), name="feed_moderation_log"),
    path("open311/v2/", open311.discovery, {"fmt": "xml"}, name="open311_root"),
    re_path(r"^open311/(?:v2/)?discovery" + FMT, open311.discovery, name="open311_discovery"),
    re_path(r"^open311/v2/services" + FMT, open311.services, name="open311_services"),
    re_path(r"^open311/v2/services/(?P<code>[\w-]+)" + FMT, open311.service_definition, name="open311_service"),
    re_path(r"^open311/v2/requests" + FMT, open311.requests, name="open311_requests"),
    re_path(r"^open311/v2/requests/(?P<request_id>\d{1,12})" + FMT, open311.one_request, name="open311_request"),
]
