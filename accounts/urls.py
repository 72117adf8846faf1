from django.urls import path

from accounts import views

urlpatterns = [
    path("profile/", views.profile_edit, name="profile"),
    path("language/", views.set_language, name="set_language"),
]
