"""Thin views: a permission, a form, an action; the page renders the same partials htmx and the websocket use."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import permissions
from core.forms import attach_errors
from issues.models import Issue
from core import views as core_views
from responses import accountability as figures
from responses import actions, queries
from responses import rules as response_rules
from responses.forms import EditResponseForm, ProgressForm, ResponseForm, VerdictForm
from responses.models import Commitment


def issue_panel_context(request, issue: Issue, form: ResponseForm | None = None) -> dict:
    """The response section's context for this request, with the answer form when the viewer may answer."""
    section = queries.issue_section(request.user, issue)
    return {**section, "form": form or (ResponseForm() if section["may_respond"] else None)}


def _panel(request, issue: Issue, form=None, status: int = 200) -> HttpResponse:
    return render(
        request, "responses/issue_panel.html", {"panel": issue_panel_context(request, issue, form)}, status=status
    )


def _back(issue: Issue, anchor: str = "") -> HttpResponse:
    return redirect(f"{issue.get_absolute_url()}#{anchor or f'issue-{issue.pk}-accountability'}")


def _form_page(request, *, title, form, action, issue, status=200):
    return render(
        request,
        "responses/form_page.html",
        {"title": title, "form": form, "action": action, "issue": issue, "current_area": issue.area},
        status=status,
    )


@login_required
def respond(request, pk):
    issue = get_object_or_404(Issue.objects.select_related("area"), pk=pk)
    permissions.check(request.user, response_rules.respond_issue, queries.duty_for(issue))
    form = ResponseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            response = actions.publish_response(
                actor=request.user,
                issue=issue,
                status=data["status"],
                body=data["body"],
                reason=data["reason"],
                commitment=form.commitment(),
                submission_token=data.get("submission_token"),
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            if request.htmx:
                return _panel(request, issue)
            messages.success(request, _("Your response is published."))
            return _back(issue, f"response-{response.pk}")
    if request.htmx and request.method == "POST":
        return _panel(request, issue, form=form, status=422)
    return _form_page(
        request,
        title=_("Respond to “%(title)s”") % {"title": issue.public_title},
        form=form,
        action=request.path,
        issue=issue,
        status=422 if form.is_bound else 200,
    )


@login_required
def edit(request, pk):
    response = queries.response_for_page(pk)
    permissions.check(request.user, response_rules.edit_response, response)
    current = response.versions.order_by("-number").first()
    form = EditResponseForm(request.POST or None, initial={"body": current.body, "reason": current.reason})
    if request.method == "POST" and form.is_valid():
        try:
            actions.edit_response(actor=request.user, response=response, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The new version is published; the earlier one stays readable."))
            return _back(response.issue, f"response-{response.pk}")
    return _form_page(
        request,
        title=_("Revise the response"),
        form=form,
        action=request.path,
        issue=response.issue,
        status=422 if form.is_bound else 200,
    )


@login_required
def progress(request, pk):
    commitment = get_object_or_404(Commitment.objects.select_related("issue__area", "agency"), pk=pk)
    permissions.check(request.user, response_rules.update_commitment, commitment)
    form = ProgressForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_progress(actor=request.user, commitment=commitment, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            if request.htmx:
                return _panel(request, commitment.issue)
            return _back(commitment.issue, f"response-{commitment.response_id}")
    return _form_page(
        request,
        title=_("Progress on: %(what)s") % {"what": commitment.what},
        form=form,
        action=request.path,
        issue=commitment.issue,
        status=422 if form.is_bound else 200,
    )


@login_required
@require_POST
def verdict(request, pk):
    response = queries.response_for_page(pk)
    form = VerdictForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose whether the response answers the issue."))
        actions.give_verdict(actor=request.user, response=response, answers=form.cleaned_data["answers"])
    except (ValidationError, PermissionDenied) as error:
        reason = " ".join(getattr(error, "messages", [str(error)]))
        if request.htmx:  # the sentence, shown on the form by static/js/forms.js
            return core_views.refused(request, reason, back_url=response.issue.get_absolute_url())
        messages.error(request, reason)
    else:
        messages.success(request, _("Your verdict is counted. You can change it any time."))
    if request.htmx:
        return _panel(request, response.issue)
    return _back(response.issue, f"response-{response.pk}")


@login_required
def respond_queue(request):
    permissions.check(request.user, response_rules.view_respond_queue)
    return render(request, "responses/queue.html", {"clocks": queries.respond_queue(request.user)})


def _csv(name: str, write) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    write(response, figures.report())
    return response


def accountability_csv(request):
    return _csv("balai-warga-accountability.csv", figures.write_summary_csv)


def accountability_overdue_csv(request):
    return _csv("balai-warga-overdue.csv", figures.write_overdue_csv)
