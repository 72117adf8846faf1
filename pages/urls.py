from django.urls import path

from pages import profile, views

# Mounted after every app's own URLs: /issues/<pk>/<slug>/ would otherwise take their
# /issues/<pk>/edit/, /issues/<pk>/comments/ and the like for an issue's slug.
urlpatterns = [
    path("", views.home, name="home"),
    path("profile/", profile.profile_edit, name="profile"),
    path("accountability/", views.accountability, name="accountability"),
    path("areas/", views.area_go, name="area_go"),
    path("areas/<slug:slug>/", views.area_detail, name="area_detail"),
    path("issues/", views.issue_list, name="issue_list"),
    path("issues/following/", views.issue_following, name="issue_following"),
    path("issues/<int:pk>/", views.issue_detail, name="issue_detail"),
    path("issues/<int:pk>/<slug:slug>/", views.issue_detail, name="issue_detail"),
    path("people/<int:pk>/", views.person_profile, name="person_profile"),
]
