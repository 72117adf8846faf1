"""Comments in the admin: read-only records. Writes go through the actions (and, later, moderation)."""

from django.contrib import admin

from comments.models import Comment, CommentRevision, Mention


class RevisionInline(admin.TabularInline):
    model = CommentRevision
    extra = 0
    can_delete = False
    readonly_fields = ["body", "created_at", "hidden"]


class MentionInline(admin.TabularInline):
    model = Mention
    extra = 0
    can_delete = False
    readonly_fields = ["user"]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["pk", "issue", "author", "created_at", "is_official", "reply_count", "retracted_at", "hidden"]
    list_filter = ["is_official", "hidden", ("retracted_at", admin.EmptyFieldListFilter)]
    search_fields = ["body", "author__profile__display_name", "author__email"]
    list_select_related = ["issue", "author"]
    raw_id_fields = ["issue", "parent", "author", "quoted"]
    readonly_fields = [f.name for f in Comment._meta.fields]
    inlines = [RevisionInline, MentionInline]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # nothing others have seen is hard-deleted
