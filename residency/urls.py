from django.urls import path

from residency import views

urlpatterns = [
    path("residency/request/", views.residency_request, name="residency_request"),
    path("residency/queue/", views.residency_queue, name="residency_queue"),
    path("residency/<int:pk>/decide/", views.residency_decide, name="residency_decide"),
]
