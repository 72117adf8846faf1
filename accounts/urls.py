from django.urls import path

from accounts import views

urlpatterns = [
    path("profile/", views.profile_edit, name="profile"),
    path("profile/export/", views.export_data, name="profile_export"),
    path("profile/delete/", views.erase_account_view, name="profile_delete"),
    path("language/", views.set_language, name="set_language"),
]
