from django.urls import path

from issues import views

urlpatterns = [
    path("", views.home, name="home"),
    path("areas/", views.area_go, name="area_go"),
    path("areas/<slug:slug>/", views.area_detail, name="area_detail"),
]
