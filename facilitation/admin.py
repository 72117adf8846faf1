"""Residents without an account, consent-form openings and claims are read in the admin, never
changed there: registration, claims and voiding go through facilitation.actions, which keep the
record. The consent form's photo is not linked here: it has no URL, and every opening goes through
the logged view (/facilitation/residents/<id>/consent-form/)."""

from django.contrib import admin

from facilitation.models import Claim, ConsentFormOpening, OfflineResident
from core.admin import AppendOnly


@admin.register(OfflineResident)
class OfflineResidentAdmin(AppendOnly):
    list_display = ["code", "area", "registered_by", "consent_method", "created_at", "claimed_at"]
    list_filter = ["consent_method"]
    search_fields = ["code", "name"]
    list_select_related = ["area", "registered_by"]
    exclude = ["consent_form", "submission_token"]


@admin.register(ConsentFormOpening)
class ConsentFormOpeningAdmin(AppendOnly):
    list_display = ["resident", "opened_by", "opened_at"]
    list_select_related = ["resident", "opened_by"]


@admin.register(Claim)
class ClaimAdmin(AppendOnly):
    list_display = ["resident", "claimant", "state", "created_at", "decided_by", "decided_at"]
    list_filter = ["state"]
    list_select_related = ["resident", "claimant", "decided_by"]
