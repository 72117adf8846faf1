"""Thread pages and writes. Every write is an HTTP POST with CSRF: htmx swaps the
answer in where JavaScript runs, a plain form posts and redirects otherwise.
Views stay thin: parse, call the action, render the partial or redirect."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts import permissions
from comments import actions, fragments, queries
from comments import rules as comment_rules
from comments.forms import CommentForm, EditForm
from comments.models import Comment
from core import params
from core import views as core_views
from core.ratelimit import RateLimited

THREAD = "comments/thread.html"


def _event_html(obj, render) -> str:
    """The fragment the action pushed live, in this request's language (rendered again if not at hand)."""
    event = getattr(obj, "live_event", None)
    if event is not None:
        return event.html.get(get_language()) or event.html.get(settings.LANGUAGE_CODE, "")
    return render(obj)


def _quote_text(comment: Comment) -> str:
    name = fragments.display_name(comment.author)
    quoted = "\n".join(f"> {line}" if line else ">" for line in comment.body.splitlines())
    return f"> **{name}**:\n{quoted}\n\n"


@require_http_methods(["GET", "POST"])
def post(request, issue_pk):
    """A new comment (or, with ``parent``, a reply). A GET just leads back to the thread."""
    issue = queries.issue_for_thread(issue_pk)
    if request.method == "GET":
        return redirect(f"{issue.get_absolute_url()}#issue-{issue.pk}-thread")
    form = CommentForm(request.POST)
    parent = None
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        parent = queries.comment_in(issue, data["parent"])
        if data["parent"] and parent is None:
            form.add_error(None, _("The comment you are replying to is no longer here."))
            return _refused(request, issue, form, None, 400)
        try:
            comment = actions.post_comment(
                actor=request.user,
                issue=issue,
                body=data["body"],
                parent=parent,
                quoted=queries.comment_in(issue, data["quoted"]),
                submission_token=data["submission_token"],
            )
        except PermissionDenied as refusal:  # RateLimited too: commenting too quickly answers 429
            form.add_error(None, str(refusal))
            status = 429 if isinstance(refusal, RateLimited) else 403
        except ValidationError as invalid:
            form.add_error("body", invalid)
        else:
            return _posted(request, issue, comment, parent)
    elif form.cleaned_data.get("parent"):
        parent = queries.comment_in(issue, form.cleaned_data["parent"])
    return _refused(request, issue, form, parent, status)


def _refused(request, issue, form, parent, status):
    """The form again, with what was typed and the reason beside it."""
    context = {"issue": issue, "form": form, "parent": parent}
    if request.htmx:
        # htmx swaps only 2xx answers: the refused form comes back as 200.
        return render(request, f"{THREAD}#form-fields", context)
    context["current_area"] = issue.area
    return render(request, "comments/form_page.html", context, status=status)


def _posted(request, issue, comment, parent):
    if request.htmx:
        live_html = _event_html(comment, fragments.posted)
        context = {"issue": issue, "form": CommentForm(), "parent": parent, "live_html": live_html}
        return render(request, f"{THREAD}#form-fields", context)
    messages.success(request, _("Your comment is posted."))
    return redirect(f"{issue.get_absolute_url()}?comments=recent#comment-{comment.pk}")


@require_GET
def detail(request, pk):
    """A comment's permalink: its top-level comment with every reply, a page at a time."""
    comment = queries.comment_for_page(pk)
    if comment.parent_id:
        return redirect(queries.thread_anchor_url(comment))
    replies = queries.replies_page(comment, params.page_number(request.GET.get("page")))
    return render(
        request,
        "comments/comment_page.html",
        {
            "comment": comment,
            "issue": comment.issue,
            "current_area": comment.issue.area,
            "replies": replies,
            "all_replies": True,
            "refusal": permissions.why_not(request.user, comment_rules.post_comment, comment.issue),
        },
    )


@require_GET
def earlier_replies(request, pk):
    """The replies of a top-level comment just before ``?before=`` (a reply), for htmx to put in
    place of "show earlier replies"; without htmx, the comment's own page has every reply."""
    comment = queries.comment_for_page(pk)
    if comment.parent_id:
        return redirect(queries.thread_anchor_url(comment))
    if not request.htmx:
        return redirect(comment.get_absolute_url())
    before = queries.reply_in(comment, request.GET.get("before"))
    replies, remaining = queries.earlier_replies(comment, before)
    context = {"comment": comment, "issue": comment.issue, "replies": replies, "remaining": remaining}
    return render(request, f"{THREAD}#replies-before", context)


@require_GET
def reply(request, pk):
    """The reply form on a page of its own (no JavaScript), optionally quoting a comment; with
    htmx, the form alone, for the reply box it opens in."""
    comment = queries.comment_for_page(pk)
    if comment.parent_id:
        comment = queries.comment_for_page(comment.parent_id)
    issue = comment.issue
    initial = {"parent": comment.pk}
    quoted = queries.comment_in(issue, request.GET.get("quote"))
    if quoted is not None and quoted.retracted_at is None and not quoted.hidden:  # hidden text is never quoted
        initial.update(quoted=quoted.pk, body=_quote_text(quoted))
    refusal = permissions.why_not(request.user, comment_rules.post_comment, issue)
    if request.htmx:  # into the reply box under the comment, when it is first opened
        if refusal:
            return render(request, "comments/refusal.html", {"refusal": refusal})
        context = {"issue": issue, "parent": comment, "form": CommentForm(initial=initial)}
        return render(request, f"{THREAD}#form-fields", context)
    return render(
        request,
        "comments/form_page.html",
        {
            "issue": issue,
            "current_area": issue.area,
            "parent": comment,
            "form": CommentForm(initial=initial),
            "refusal": refusal,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk):
    comment = queries.comment_for_page(pk)
    refusal = permissions.why_not(request.user, comment_rules.edit_comment, comment)
    if request.method == "GET":
        if refusal:
            # The rule's sentence and nothing of the comment (a hidden text never reaches an editor).
            if request.htmx:  # into the editor slot: htmx swaps only 2xx answers
                return render(request, "comments/refusal.html", {"refusal": refusal})
            return core_views.refused(request, refusal, back_url=queries.thread_anchor_url(comment))
        return _edit_response(request, comment, EditForm(initial={"body": comment.body}))
    form = EditForm(request.POST)
    if form.is_valid():
        try:
            actions.edit_comment(actor=request.user, comment=comment, body=form.cleaned_data["body"])
        except PermissionDenied as refused:
            form.add_error(None, str(refused))
            return _edit_response(request, comment, form, status=403)
        except ValidationError as invalid:
            form.add_error("body", invalid)
        else:
            if request.htmx:
                # Into the (now empty) editor: the new body, applied by live.js like the live event.
                live_html = _event_html(comment, fragments.changed)
                return render(request, f"{THREAD}#live-apply", {"live_html": live_html})
            messages.success(request, _("Your comment is updated."))
            return redirect(queries.thread_anchor_url(comment))
    return _edit_response(request, comment, form, status=400)


def _edit_response(request, comment, form, status=200):
    context = {"comment": comment, "issue": comment.issue, "form": form, "edit_minutes": settings.COMMENT_EDIT_MINUTES}
    if request.htmx:
        return render(request, f"{THREAD}#edit-form", context)
    return render(request, "comments/edit_page.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def retract(request, pk):
    """GET asks for confirmation (no JavaScript); POST retracts."""
    comment = queries.comment_for_page(pk)
    refusal = permissions.why_not(request.user, comment_rules.retract_comment, comment)
    if request.method == "POST" and not refusal:
        actions.retract_comment(actor=request.user, comment=comment)
        if request.htmx:
            return render(request, f"{THREAD}#comment-body", {"comment": comment, "issue": comment.issue})
        messages.success(request, _("Your comment is retracted."))
        return redirect(queries.thread_anchor_url(comment))
    status = 403 if request.method == "POST" else 200
    if request.htmx and refusal:
        return render(request, f"{THREAD}#comment-body", {"comment": comment, "issue": comment.issue}, status=200)
    return render(
        request,
        "comments/retract_page.html",
        {"comment": comment, "issue": comment.issue, "current_area": comment.issue.area, "refusal": refusal},
        status=status,
    )


@require_GET
def history(request, pk):
    """Earlier versions of a comment, readable by anyone (unless the author retracted it)."""
    comment = queries.comment_for_page(pk)
    context = {"comment": comment, "issue": comment.issue, "revisions": queries.revisions_of(comment)}
    if comment.retracted_at is not None and not permissions.is_moderator_for(request.user, comment.issue.area):
        context["revisions"] = []
    if request.htmx:
        return render(request, f"{THREAD}#revisions", context)
    context["current_area"] = comment.issue.area
    return render(request, "comments/history_page.html", context)
