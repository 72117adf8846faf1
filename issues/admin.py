"""Issues in the admin: for looking things up. Changes go through the site (and its actions),
so the public timeline and revision history stay complete; the admin is read-only here."""

from django.contrib import admin

from core.admin import AppendOnly
from issues.models import Follow, Issue, IssuePhoto, IssueRevision, StagedPhoto, TimelineEntry


class PhotoInline(admin.TabularInline):
    model = IssuePhoto
    extra = 0
    fields = ["image", "width", "height", "position", "removed_at"]
    readonly_fields = fields
    can_delete = False


class TimelineInline(admin.TabularInline):
    model = TimelineEntry
    extra = 0
    fields = ["created_at", "kind", "actor", "data"]
    readonly_fields = fields
    can_delete = False


@admin.register(Issue)
class IssueAdmin(AppendOnly):
    list_display = ["id", "title", "area", "category", "status", "support_count", "comment_count", "created_at"]
    list_filter = ["status", "category", "hidden", "locked"]
    search_fields = ["title"]
    raw_id_fields = ["author", "area", "merged_into"]
    list_select_related = ["area"]
    show_full_result_count = False  # no COUNT(*) over a large table on every page
    inlines = [PhotoInline, TimelineInline]


@admin.register(IssueRevision)
class IssueRevisionAdmin(AppendOnly):
    list_display = ["issue", "number", "title", "edited_by", "created_at", "hidden"]
    raw_id_fields = ["issue", "edited_by"]


@admin.register(Follow)
class FollowAdmin(AppendOnly):
    list_display = ["user", "issue", "created_at"]
    raw_id_fields = ["user", "issue"]


@admin.register(StagedPhoto)
class StagedPhotoAdmin(AppendOnly):
    list_display = ["owner", "token", "original_name", "created_at"]
    raw_id_fields = ["owner"]
