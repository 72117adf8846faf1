"""Issue pages: small views that read through issues.queries and write through issues.actions."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts import permissions
from accounts import queries as area_queries
from accounts.models import Area
from core import params
from issues import actions, panels, queries
from issues import rules as issue_rules
from issues.forms import SORT_CHOICES, EditIssueForm, IssueFilterForm, OpenIssueForm
from issues.models import Issue
from issues.queries import IssueFilters


def _tree() -> list[Area]:
    return area_queries.area_tree()


def _family(tree: list[Area], slug: str) -> tuple[Area, list[Area], list[Area]]:
    """An area, its ancestors (root first) and its children, from the already loaded tree."""
    area = next((a for a in tree if a.slug == slug), None)
    if area is None:
        raise Area.DoesNotExist
    ancestors = sorted((a for a in tree if area.path.startswith(a.path) and a.pk != area.pk), key=lambda a: a.depth)
    children = sorted((a for a in tree if a.parent_id == area.pk), key=lambda a: a.name)
    return area, ancestors, children


def _results_or_page(request, template: str, context: dict):
    """htmx swaps only the results; a plain request gets the whole page."""
    if getattr(request, "htmx", False) and request.htmx.target == "issue-results":
        return render(request, f"{template}#results", context)
    return render(request, template, context)


def _body_class(user, area) -> str:
    classes = []
    if permissions.is_moderator_for(user, area):
        classes.append("moderates-here")
    if permissions.is_official_for(user, area):
        classes.append("official-here")
    return " ".join(classes)


@require_GET
def home(request):
    tree = _tree()
    return render(request, "issues/home.html", {"areas": tree, "nav_areas": tree, **queries.home_lists()})


@require_GET
def area_detail(request, slug):
    tree = _tree()
    try:
        area, ancestors, children = _family(tree, slug)
    except Area.DoesNotExist:
        raise Http404 from None
    sort = request.GET.get("sort", "")
    filters = IssueFilters(area=area, sort=sort if sort in queries.ORDERINGS else "", page=_page_number(request))
    context = {
        "area": area,
        "current_area": area,
        "ancestors": ancestors,
        "children": children,
        "nav_areas": tree,
        "filters": filters,
        "page": queries.issue_list(filters, tree),
        "sort_choices": SORT_CHOICES,
        "panels": panels.for_page("area", request, area),
        "body_class": _body_class(request.user, area),
    }
    return _results_or_page(request, "issues/area_detail.html", context)


def area_go(request):
    """The area switcher's target: a plain GET form that works without JavaScript."""
    return redirect(get_object_or_404(Area, slug=params.text(request.GET.get("area"))))


def _page_number(request) -> int:
    return params.page_number(request.GET.get("page"))


@require_GET
def issue_list(request):
    tree = _tree()
    form = IssueFilterForm(request.GET, tree=tree)
    filters = form.filters()
    context = {
        "form": form,
        "filters": filters,
        "page": queries.issue_list(filters, tree),
        "nav_areas": tree,
        "current_area": filters.area,
    }
    return _results_or_page(request, "issues/issue_list.html", context)


@require_GET
def issue_detail(request, pk, slug=None):
    issue = queries.issue_for_page(request.user, pk)
    if slug != issue.slug:
        return redirect(issue, permanent=True)
    return render(request, "issues/issue_detail.html", _detail_context(request, issue))


def _detail_context(request, issue: Issue) -> dict:
    user = request.user
    edit_refusal = permissions.why_not(user, issue_rules.edit_issue, issue)
    return {
        "issue": issue,
        "current_area": issue.area,
        "following": queries.is_following(user, issue),
        "follow_refusal": permissions.why_not(user, issue_rules.follow_issue, issue),
        "can_edit": edit_refusal is None,
        # Only the author learns why they cannot edit; others simply see no button.
        "edit_refusal": edit_refusal if user.is_authenticated and user.pk == issue.author_id else None,
        "panels": panels.for_page("issue", request, issue),
        "body_class": _body_class(user, issue.area),
    }


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
            return render(request, "issues/issue_detail.html#follow-button", {"issue": issue, "follow_refusal": str(refusal)})
        messages.error(request, str(refusal))
        return redirect(issue)
    following = queries.is_following(request.user, issue)
    if request.htmx:
        return render(request, "issues/issue_detail.html#follow-button", {"issue": issue, "following": following})
    messages.success(request, _("You follow this issue.") if following else _("You no longer follow this issue."))
    return redirect(issue)


@login_required
@require_GET
def issue_following(request):
    context = {"page": queries.followed_by(request.user, _page_number(request))}
    return _results_or_page(request, "issues/following.html", context)


@require_GET
def issue_revisions(request, pk):
    issue = get_object_or_404(Issue.objects.select_related("area", "author__profile").prefetch_related("photos"), pk=pk)
    return render(
        request, "issues/issue_revisions.html", {"issue": issue, "current_area": issue.area, "versions": queries.history(issue)}
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
        return render(request, "issues/issue_form.html", {"refusal": refusal, "needs_home_area": needs_home}, status=status)
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
    return _form_again(request, "issues/issue_form.html", form, staged, {"similar": _similar_for(form)})


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
        form = EditIssueForm(issue=issue, initial={"title": issue.title, "description": issue.description})
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
    return _form_again(request, "issues/issue_edit.html", form, staged, {**context, "keep_current_checked": keep_current})


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
            submission_token=data["submission_token"],
        )
    except ValidationError as error:
        form.add_error("photos", error)
