from django.urls import path

from core.views import websocket_only
from votes import views

urlpatterns = [
    path("votes/issues/<int:pk>/support/", views.support, name="support_issue"),
    path("votes/issues/<int:pk>/withdraw/", views.withdraw, name="withdraw_support"),
    path("areas/<slug:slug>/rounds/new/", views.round_new, name="round_new"),
    path("rounds/<int:pk>/", views.round_detail, name="round_detail"),
    path("rounds/<int:pk>/edit/", views.round_edit, name="round_edit"),
    path("rounds/<int:pk>/ballot/", views.round_ballot, name="round_ballot"),
    path("rounds/<int:pk>/standing/", views.round_standing, name="round_standing"),
    path("ws/rounds/<int:pk>/", websocket_only, name="round_live"),
]
