"""Residency verification: a resident's request (from the profile) and the verifiers' queue."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import permissions
from core.views import refused
from residency import actions, queries
from residency import rules as residency_rules
from residency.forms import DecisionForm, ResidencyRequestForm
from residency.models import ResidencyRequest


def residency_context(user, form=None) -> dict:
    """What the profile's residency section shows (also used by the profile's inclusion tag).
    A read: an account without a profile (made outside sign-up) shows as unverified."""
    return {
        "profile": permissions.profile_of(user),
        "latest": queries.latest_residency_request(user),
        "form": form or ResidencyRequestForm(),
        "refusal": permissions.why_not(user, residency_rules.request_verification),
        "verifier": permissions.can(user, residency_rules.verify_residents),
    }


@login_required
def residency_request(request):
    form = ResidencyRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.request_verification(actor=request.user, **form.cleaned_data)
        except PermissionDenied as refusal:
            form.add_error(None, str(refusal))
        else:
            if request.htmx:
                return render(request, "residency/section.html#residency", residency_context(request.user))
            messages.success(request, _("Your request is sent to the moderators and officials of your area."))
            return redirect("/profile/#residency")
    context = residency_context(request.user, form)
    if request.htmx:
        return render(request, "residency/section.html#residency", context)
    return render(request, "residency/request.html", context, status=400 if form.is_bound else 200)


def _queue_context(request, bound: dict | None = None) -> dict:
    bound = bound or {}
    pending = list(queries.residency_queue(request.user))
    matches = queries.address_matches(pending)  # one query for the whole queue
    rows = [
        (req, bound.get(req.pk) or DecisionForm(prefix=f"r{req.pk}", matches=matches.get(req.pk, ())))
        for req in pending
    ]
    return {"rows": rows}


@login_required
def residency_queue(request):
    permissions.check(request.user, residency_rules.verify_residents)
    return render(request, "residency/queue.html", _queue_context(request))


@require_POST
@login_required
def residency_decide(request, pk: int):
    req = get_object_or_404(ResidencyRequest.objects.select_related("area", "user__profile"), pk=pk)
    # Who may decide is checked before anything of the request is rendered: its RT/RW, street
    # and note are for the area's verifiers only, whatever the form or the header says.
    refusal = permissions.why_not(request.user, residency_rules.decide_verification, req)
    if refusal:
        return refused(request, refusal)
    matches = queries.address_matches([req]).get(req.pk, ())
    form = DecisionForm(request.POST, prefix=f"r{req.pk}", matches=matches)
    if form.is_valid():
        try:
            actions.decide_verification(
                actor=request.user,
                request=req,
                approve=form.cleaned_data["decision"] == "approve",
                reason=form.cleaned_data["reason"],
                checked_matches=form.checked_matches(),
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):  # a match appeared since the page was loaded: the row shows it now
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error("reason", error.messages)
        except PermissionDenied as refusal:
            if not request.htmx:  # decided meanwhile: say so on the queue
                messages.error(request, str(refusal))
                return redirect("residency_queue")
            form.add_error(None, str(refusal))
        else:
            if request.htmx:
                return render(request, "residency/queue.html#decided", {"req": req})
            messages.success(request, _("Decision recorded."))
            return redirect("residency_queue")
    if request.htmx:
        return render(request, "residency/queue.html#row", {"req": req, "form": form})
    return render(request, "residency/queue.html", _queue_context(request, {req.pk: form}), status=400)
