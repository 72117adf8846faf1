from django.urls import path

from responses import views

urlpatterns = [
    path("respond/", views.respond_queue, name="respond_queue"),
    path("issues/<int:pk>/respond/", views.respond, name="respond"),
    path("responses/<int:pk>/edit/", views.edit, name="response_edit"),
    path("responses/<int:pk>/verdict/", views.verdict, name="response_verdict"),
    path("commitments/<int:pk>/progress/", views.progress, name="commitment_progress"),
    path("accountability/accountability.csv", views.accountability_csv, name="accountability_csv"),
    path("accountability/overdue.csv", views.accountability_overdue_csv, name="accountability_overdue_csv"),
]
