"""Issue pages: small views that read through issues.queries and write through issues.actions.

The issue page itself, the lists and the area page are composed in ``pages`` (other apps
have sections on them); here: opening, editing, following and the history of an issue.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts import permissions
from accounts import queries as area_queries
from accounts.models import Area
from issues import actions, nearby, queries
from issues import rules as issue_rules
from issues.forms import EditIssueForm, OpenIssueForm
from issues.models import Issue


@require_POST
def issue_follow(request, pk):
    issue = get_object_or_404(Issue, pk=pk)
    if not request.user.is_authenticated:
        return redirect_to_login(issue.get_absolute_url())
    try:
        if request.POST.get("follow") == "0":
            actions.unfollow_issue(actor=request.user, issue=issue)
        else:
            actions.follow_issue(actor=request.user, issue=issue)
    except PermissionDenied as refusal:
        if request.htmx:
            return render(
                request, "issues/issue_parts.html#follow-button", {"issue": issue, "follow_refusal": str(refusal)}
            )
        messages.error(request, str(refusal))
        return redirect(issue)
    following = queries.is_following(request.user, issue)
    if request.htmx:
        return render(request, "issues/issue_parts.html#follow-button", {"issue": issue, "following": following})
    messages.success(request, _("You follow this issue.") if following else _("You no longer follow this issue."))
    return redirect(issue)


@require_GET
def issue_revisions(request, pk):
    issue = get_object_or_404(Issue.objects.select_related("area", "author__profile").prefetch_related("photos"), pk=pk)
    return render(
        request,
        "issues/issue_revisions.html",
        {"issue": issue, "current_area": issue.area, "versions": queries.history(issue)},
    )


def _open_refusal(user) -> tuple[str | None, bool]:
    """Why ``user`` may not open an issue at all, and whether a home area is what is missing."""
    refusal = permissions.why_not(user, issue_rules.open_issue)
    if refusal:
        return refusal, False
    if permissions.home_area(user) is None:
        return _("Choose your home area in your profile before opening an issue."), True
    return None, False


def issue_open(request):
    refusal, needs_home = _open_refusal(request.user)
    if refusal:
        status = 403 if request.method == "POST" else 200
        return render(
            request, "issues/issue_form.html", {"refusal": refusal, "needs_home_area": needs_home}, status=status
        )
    user = request.user
    areas = area_queries.areas_above(permissions.home_area(user))
    if request.method != "POST":
        chosen = next((a for a in areas if a.slug == request.GET.get("area")), areas[0])
        form = OpenIssueForm(areas=areas, initial={"area": chosen})
        return render(request, "issues/issue_form.html", {"form": form})

    token = _posted_token(request)
    existing = token and Issue.objects.filter(author=user, submission_token=token).first()
    if existing:  # the same form sent twice: the first one opened it
        return redirect(existing)
    staged = queries.staged_photos(user, token)
    form = OpenIssueForm(request.POST, request.FILES, areas=areas, kept_choices=_choices(staged))
    issue = form.is_valid() and _open_from(form, user, token)
    if issue:
        messages.success(request, _("Your issue is open. You follow it, so you will see what happens to it."))
        return redirect(issue)
    return _form_again(
        request,
        "issues/issue_form.html",
        form,
        staged,
        {"similar": _similar_for(form), "nearby": _nearby_for(form.data)},
    )


def _open_from(form: OpenIssueForm, user, token) -> Issue | None:
    """Open the issue a valid form describes; a refusal from the action lands on the form."""
    data = form.cleaned_data
    try:
        return actions.open_issue(
            actor=user,
            title=data["title"],
            description=data["description"],
            category=data["category"],
            area=data["area"],
            latitude=data["latitude"],
            longitude=data["longitude"],
            address=data["address"],
            photos=queries.kept_staged_photos(user, token, data["keep_photo"]) + data["photos"],
            submission_token=data["submission_token"],
        )
    except ValidationError as error:
        form.add_error("photos", error)
    except PermissionDenied as denied:  # e.g. too many issues in a short time
        form.add_error(None, str(denied))
    return None


def _posted_token(request) -> uuid.UUID | None:
    try:
        return uuid.UUID(request.POST.get("submission_token", ""))
    except ValueError:
        return None


def _choices(staged) -> list[tuple[int, str]]:
    return [(p.pk, p.original_name or str(p.pk)) for p in staged]


def _form_again(request, template: str, form, staged, extra: dict):
    """Re-show a form with its errors, keeping the photos that passed their checks."""
    kept_checked = {int(v) for v in request.POST.getlist("keep_photo") if v.isdigit()}
    new = form.accepted_photos()
    if new and form.token:
        fresh = actions.stage_photos(actor=request.user, token=form.token, photos=new)
        staged = [*staged, *fresh]
        kept_checked |= {p.pk for p in fresh}
    context = {"form": form, "kept_photos": staged, "kept_checked": kept_checked, **extra}
    return render(request, template, context)


def _similar_for(form) -> list[Issue]:
    title = form.data.get("title", "")
    area = form.cleaned_data.get("area") if hasattr(form, "cleaned_data") else None
    return queries.similar_open_issues(title, area) if title else []


def _nearby_for(data) -> list[nearby.Nearby]:
    lat, lon = nearby.coordinate(data.get("latitude"), 90), nearby.coordinate(data.get("longitude"), 180)
    return nearby.open_issues_near(lat, lon) if lat is not None and lon is not None else []


@require_GET
def issue_nearby(request):
    """Open issues within a radius of the pin being placed (the form's htmx "already reported?")."""
    return render(request, "issues/issue_form.html#nearby", {"nearby": _nearby_for(request.GET)})


@require_GET
def issue_similar(request):
    """Open issues like the one being typed, in the chosen area (the form's htmx suggestions)."""
    raw_area = request.GET.get("area", "")
    area = Area.objects.filter(pk=int(raw_area)).first() if raw_area.isdigit() else None
    similar = queries.similar_open_issues(request.GET.get("title", ""), area)
    return render(request, "issues/issue_form.html#similar", {"similar": similar})


def issue_edit(request, pk):
    issue = queries.issue_for_edit(pk)
    refusal = permissions.why_not(request.user, issue_rules.edit_issue, issue)
    context = {"issue": issue, "current_area": issue.area}
    if refusal:
        status = 403 if request.method == "POST" else 200
        return render(request, "issues/issue_edit.html", {**context, "refusal": refusal}, status=status)
    if request.method != "POST":
        initial = {
            "title": issue.title,
            "description": issue.description,
            "address": issue.address,
            "latitude": issue.latitude,
            "longitude": issue.longitude,
        }
        form = EditIssueForm(issue=issue, initial=initial)
        keep = {p.pk for p in form.current_photos}
        return render(request, "issues/issue_edit.html", {**context, "form": form, "keep_current_checked": keep})

    token = _posted_token(request)
    staged = queries.staged_photos(request.user, token)
    form = EditIssueForm(request.POST, request.FILES, issue=issue, kept_choices=_choices(staged))
    if form.is_valid():
        try:
            _edit_from(form, request.user, issue, token)
        except PermissionDenied as denied:  # an official responded meanwhile
            return render(request, "issues/issue_edit.html", {**context, "refusal": str(denied)}, status=403)
        if form.is_valid():  # no photo refusal was added
            messages.success(request, _("Your edit is saved. The earlier version stays in the history."))
            return redirect(issue)
    keep_current = {int(v) for v in request.POST.getlist("keep_current") if v.isdigit()}
    return _form_again(
        request, "issues/issue_edit.html", form, staged, {**context, "keep_current_checked": keep_current}
    )


def _edit_from(form: EditIssueForm, user, issue: Issue, token) -> None:
    data = form.cleaned_data
    try:
        actions.edit_issue(
            actor=user,
            issue=issue,
            title=data["title"],
            description=data["description"],
            keep_photo_ids=data["keep_current"],
            new_photos=queries.kept_staged_photos(user, token, data["keep_photo"]) + data["photos"],
            place=actions.Place(data["address"], data["latitude"], data["longitude"]),
            submission_token=data["submission_token"],
        )
    except ValidationError as error:
        form.add_error("photos", error)
