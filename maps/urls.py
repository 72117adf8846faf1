from django.urls import path

from maps import views

urlpatterns = [
    path("issues/map.geojson", views.issues_geojson, name="issues_geojson"),
]
