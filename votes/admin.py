"""Tallies change only by votes: the admin shows the record of repairs ``verify_tallies --fix`` made,
and nothing about votes can be added, changed or deleted here."""

from django.contrib import admin

from core.admin import AppendOnly
from votes.models import TallyRepair


@admin.register(TallyRepair)
class TallyRepairAdmin(AppendOnly):
    list_display = ["repaired_at", "what", "issue", "round", "stored", "counted", "by"]
    list_filter = ["what"]
    raw_id_fields = ["issue", "round"]
