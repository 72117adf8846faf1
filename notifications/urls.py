from django.urls import path

from core.views import websocket_only
from notifications import views

urlpatterns = [
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/read/", views.read_all, name="notifications_read_all"),
    path("notifications/settings/", views.save_settings, name="notification_settings"),
    path("notifications/<int:pk>/", views.open_notification, name="notification_open"),
    path("ws/notifications/", websocket_only, name="notifications_live"),
]
