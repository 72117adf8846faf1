from django.urls import path

from privacy import views

urlpatterns = [
    path("profile/export/", views.export_data, name="profile_export"),
    path("profile/delete/", views.erase_account_view, name="profile_delete"),
]
