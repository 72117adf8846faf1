from django.urls import path

from facilitation import views

urlpatterns = [
    path("facilitation/", views.figures, name="facilitation_figures"),
    path("facilitation/log/", views.log, name="facilitation_log"),
    path("facilitation/residents/new/", views.register_resident, name="facilitation_register"),
    path("facilitation/residents/<int:pk>/", views.resident_card, name="facilitation_resident"),
    path("facilitation/residents/<int:pk>/consent-form/", views.consent_form, name="facilitation_consent_form"),
    path("facilitation/contact/", views.contact, name="facilitation_contact"),
    path("facilitation/entry/", views.batch_entry, name="facilitation_entry"),
    path("facilitation/rounds/<int:pk>/points/", views.round_points, name="facilitation_round_points"),
    path("facilitation/claim/", views.claim, name="facilitation_claim"),
    path("facilitation/review/", views.review, name="facilitation_review"),
    path("facilitation/claims/<int:pk>/decide/", views.decide_claim, name="facilitation_decide_claim"),
    path("facilitation/entries/<int:pk>/void/", views.void, name="facilitation_void"),
]
