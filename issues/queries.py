"""Reads the issue pages share, already joined."""

from __future__ import annotations

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from accounts.queries import person_related
from issues.models import Issue, IssuePhoto, TimelineEntry


def issue_for_page(viewer, pk: int) -> Issue:
    """The issue with everything its page shows, or 404."""
    queryset = Issue.objects.select_related("area", *person_related("author")).prefetch_related(
        Prefetch("photos", queryset=IssuePhoto.objects.filter(removed_at__isnull=True)),
        Prefetch("timeline", queryset=TimelineEntry.objects.select_related(*person_related("actor"))),
    )
    return get_object_or_404(queryset, pk=pk)
