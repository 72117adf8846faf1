"""Facilitation pages: registering a resident without an account, their card, the batch entry
of paper forms, claims, the reviewers' lists and the public figures and log."""

from __future__ import annotations

import datetime
import mimetypes

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts import actions as account_actions
from accounts import permissions
from accounts.queries import area_tree
from core.views import refused
from facilitation import actions, queries
from facilitation import rules as facilitation_rules
from facilitation.forms import ClaimForm, ContactForm, EntryForm, ReasonForm, RegisterForm, RoundPointsForm


from facilitation.models import Claim
from issues.models import AssistedRecord, Issue
from votes import queries as vote_queries


def _errors_into(form, error) -> None:
    """An action's refusal, beside the field it names when it names one."""
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages if isinstance(error, ValidationError) else str(error))


def _facilitated_areas(user):
    paths = permissions.roles(user).facilitator_paths
    return [a for a in area_tree() if any(a.path.startswith(p) for p in paths)]


# --- Registration and the resident's card ----------------------------------------------------


@login_required
def register_resident(request):
    permissions.check(request.user, facilitation_rules.record_entries)
    areas = _facilitated_areas(request.user)
    form = RegisterForm(request.POST or None, request.FILES or None)
    chosen = request.POST.get("area") or (str(areas[0].pk) if len(areas) == 1 else "")
    if request.method == "POST" and form.is_valid():
        area = next((a for a in areas if str(a.pk) == chosen), None)
        if area is None:
            form.add_error(None, _("Choose the resident's home area."))
        else:
            data = form.cleaned_data
            given = datetime.datetime.combine(data["consent_given_at"], datetime.time(12))
            given = min(timezone.make_aware(given), timezone.now())
            try:
                resident = actions.register_offline_resident(
                    actor=request.user,
                    area=area,
                    name=data["name"],
                    name_public=data["name_public"],
                    address=actions.Address(rt=data["rt"], rw=data["rw"], street=data["street"]),
                    consent=actions.Consent(
                        method=data["consent_method"], given_at=given, witness=data["consent_witness"]
                    ),
                    phone=data["phone"],
                    language=data["language"],
                    consent_form=data["consent_form"],
                    submission_token=data["submission_token"],
                )
            except (PermissionDenied, ValidationError) as error:
                _errors_into(form, error)
            else:
                messages.success(request, _("Registered. Give the resident their participant card."))
                return redirect("facilitation_resident", pk=resident.pk)
    status = 400 if form.is_bound else 200
    return render(
        request,
        "facilitation/register.html",
        {"form": form, "areas": areas, "chosen": chosen, "residents": queries.registered_by(request.user)[:50]},
        status=status,
    )


@login_required
def resident_card(request, pk: int):
    resident = queries.resident_for_page(pk)
    refusal = permissions.why_not(request.user, facilitation_rules.read_resident_papers, resident)
    if refusal:
        return refused(request, refusal)
    rounds = []
    if permissions.can(request.user, facilitation_rules.act_for, resident):
        rounds = vote_queries.open_rounds_for_resident(resident.area)
    return render(request, "facilitation/resident.html", {"resident": resident, "rounds": rounds})


@login_required
def consent_form(request, pk: int):
    """The photo of a signed consent form: checked, logged, never cached, never by a public URL."""
    resident = queries.resident_for_page(pk)
    refusal = permissions.why_not(request.user, facilitation_rules.read_resident_papers, resident)
    if refusal:
        return refused(request, refusal)
    try:
        opened = actions.open_consent_form(actor=request.user, resident=resident)
    except PermissionDenied as error:
        return refused(request, str(error), status=404)
    content_type = mimetypes.guess_type(resident.consent_form.name)[0] or "application/octet-stream"
    response = FileResponse(opened, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Batch entry ------------------------------------------------------------------------------


def _entry_context(request, form) -> dict:
    return {"form": form, "entries": queries.recent_entries(request.user)}


def _entry_page(request, form) -> dict:
    """The whole page: the form, the latest entries and the rounds open in the facilitator's areas."""
    paths = permissions.roles(request.user).facilitator_paths
    return {**_entry_context(request, form), "rounds": vote_queries.open_rounds_near(list(paths))}


def _sticky_form(method: str, source: str) -> EntryForm:
    """A blank form for the next paper, keeping how and from where (the stack is the same)."""
    return EntryForm(initial={"method": method or "paper_form", "source": source})


@login_required
def batch_entry(request):
    """One paper form after another: participant code, issue number, support and/or comment.
    With htmx only the form and the list of entries change; without, the page reloads."""
    permissions.check(request.user, facilitation_rules.record_entries)
    if request.method != "POST":
        form = _sticky_form(request.GET.get("method", ""), request.GET.get("source", ""))
        return render(request, "facilitation/entry.html", _entry_page(request, form))
    form = EntryForm(request.POST)
    recorded = _record_entry(request, form) if form.is_valid() else None
    if recorded is None:
        if request.htmx:  # htmx swaps only 2xx answers: the refused form comes back as 200
            return render(request, "facilitation/entry.html#entry-form", _entry_context(request, form))
        return render(request, "facilitation/entry.html", _entry_page(request, form), status=400)
    data = form.cleaned_data
    if request.htmx:
        context = _entry_context(request, _sticky_form(data["method"], data["source"]))
        context["recorded"] = recorded
        return render(request, "facilitation/entry.html#entry-recorded", context)
    messages.success(request, _("Recorded: %(what)s.") % {"what": ", ".join(str(r) for r in recorded)})
    query = urlencode({"method": data["method"], "source": data["source"]})
    return redirect(f"{reverse('facilitation_entry')}?{query}")


def _record_entry(request, form) -> list | None:
    """Record what one paper form says (all of it, or nothing); errors go beside the fields."""
    data = form.cleaned_data
    resident = queries.resident_by_code(data["code"])
    if resident is None:
        form.add_error("code", _("No resident has this participant code. Check the paper."))
    issue = Issue.objects.select_related("area").filter(pk=data["issue"]).first()
    if issue is None or issue.hidden:
        form.add_error("issue", _("There is no issue with this number."))
    if form.errors:
        return None
    how = actions.Recording(method=data["method"], source=data["source"])
    done = []
    try:
        with transaction.atomic():
            if data["support"]:
                actions.record_support(actor=request.user, resident=resident, issue=issue, how=how)
                done.append(_("support for #%(n)d") % {"n": issue.pk})
            if data["comment"].strip():
                actions.record_comment(
                    actor=request.user,
                    resident=resident,
                    issue=issue,
                    body=data["comment"],
                    how=how,
                    submission_token=data["submission_token"],
                )
                done.append(_("comment on #%(n)d") % {"n": issue.pk})
    except (PermissionDenied, ValidationError) as error:
        _errors_into(form, error)
        return None
    return [f"{resident.code}: {what}" for what in done]


# --- Round points -----------------------------------------------------------------------------


def _points_form(round_, resident=None, data=None, initial=None) -> RoundPointsForm:
    """The paper ballot of ``round_``: its open issues, prefilled with ``resident``'s points if known."""
    lines = vote_queries.ballot_lines(round_, resident.user if resident else None)
    return RoundPointsForm(data, round_=round_, lines=lines, initial=initial)


def _points_context(request, round_, form, recorded: str = "") -> dict:
    return {"round": round_, "form": form, "recorded": recorded, "entries": queries.recent_entries(request.user)}


@login_required
def round_points(request, pk: int):
    """One paper ballot of a priority round after another: participant code, then the points on
    each open issue. The allocation replaces what was recorded for the resident before, so a
    second submit of the same paper changes nothing. With htmx only the form and the list change."""
    permissions.check(request.user, facilitation_rules.record_entries)
    round_ = vote_queries.round_for_page(pk)
    if request.method != "POST":
        code = request.GET.get("code", "")
        resident = queries.resident_by_code(code) if code else None
        if resident is not None and not permissions.can(request.user, facilitation_rules.act_for, resident):
            resident = None  # a ballot is shown only to whoever may record it
        initial = {
            "code": code,
            "method": request.GET.get("method") or "paper_form",
            "source": request.GET.get("source", ""),
        }
        form = _points_form(round_, resident, initial=initial)
        return render(request, "facilitation/round_points.html", _points_context(request, round_, form))
    form = _points_form(round_, data=request.POST)
    recorded = _record_points(request, round_, form) if form.is_valid() else None
    if recorded is None:
        if request.htmx:  # htmx swaps only 2xx answers: the refused form comes back as 200
            return render(request, "facilitation/round_points.html#points-form", _points_context(request, round_, form))
        return render(request, "facilitation/round_points.html", _points_context(request, round_, form), status=400)
    data = form.cleaned_data
    if request.htmx:
        fresh = _points_form(round_, initial={"method": data["method"], "source": data["source"]})
        return render(
            request, "facilitation/round_points.html#points-recorded", _points_context(request, round_, fresh, recorded)
        )
    messages.success(request, _("Recorded: %(what)s.") % {"what": recorded})
    query = urlencode({"method": data["method"], "source": data["source"]})
    return redirect(f"{reverse('facilitation_round_points', args=[round_.pk])}?{query}")


def _record_points(request, round_, form) -> str | None:
    """Record one paper ballot; a refusal goes beside the field it is about (the code: the resident)."""
    data = form.cleaned_data
    resident = queries.resident_by_code(data["code"])
    if resident is None:
        form.add_error("code", _("No resident has this participant code. Check the paper."))
        return None
    how = actions.Recording(method=data["method"], source=data["source"])
    points = form.points()
    try:
        actions.record_allocation(actor=request.user, resident=resident, round_=round_, points=points, how=how)
    except PermissionDenied as error:
        form.add_error("code" if round_.is_open else None, str(error))
        return None
    except ValidationError as error:
        _errors_into(form, error)
        return None
    given = sum(points.values())
    return ngettext("%(code)s: %(points)d point in %(round)s", "%(code)s: %(points)d points in %(round)s", given) % {
        "code": resident.code,
        "points": given,
        "round": round_.title,
    }


# --- The facilitator's public contact ---------------------------------------------------------


@require_POST
@login_required
def contact(request):
    """How residents reach the facilitator (on the notice-board sheets), from their profile page."""
    permissions.check(request.user, facilitation_rules.record_entries)
    form = ContactForm(request.POST)
    if form.is_valid():
        try:
            account_actions.set_facilitator_contact(
                actor=request.user, role=request.user.facilitator_role, contact=form.cleaned_data["public_contact"]
            )
        except (PermissionDenied, ValidationError) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, _("Saved: the notice-board sheets of your areas print it beside your name."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(f"{reverse('profile')}#facilitation")


# --- Claims -----------------------------------------------------------------------------------


@login_required
def claim(request):
    form = ClaimForm(request.POST or None)
    refusal = permissions.why_not(request.user, facilitation_rules.claim_record)
    if request.method == "POST" and not refusal and form.is_valid():
        try:
            actions.claim_record(actor=request.user, code=form.cleaned_data["code"])
        except (PermissionDenied, ValidationError) as error:
            _errors_into(form, error)
        else:
            messages.success(
                request, _("Your claim is sent. A moderator or official of the area will confirm it with you.")
            )
            return redirect("facilitation_claim")
    mine = Claim.objects.filter(claimant=request.user).select_related("resident__area").order_by("-created_at")[:10]
    status = 400 if form.is_bound else 200
    return render(request, "facilitation/claim.html", {"form": form, "refusal": refusal, "claims": mine}, status=status)


@login_required
def review(request):
    """Reviewers' page: claims to confirm, and the latest entries of their areas to void."""
    permissions.check(request.user, facilitation_rules.review_any_entries)
    return render(
        request,
        "facilitation/review.html",
        {
            "claims": queries.claims_to_decide(request.user),
            "entries": queries.entries_to_review(request.user),
            "sample": queries.callback_sample(request.user, settings.FACILITATION_CALLBACK_PERCENT),
            "percent": settings.FACILITATION_CALLBACK_PERCENT,
            "form": ReasonForm(),
        },
    )


@require_POST
@login_required
def decide_claim(request, pk: int):
    claim_ = get_object_or_404(Claim.objects.select_related("resident__area"), pk=pk)
    try:
        if request.POST.get("decision") == "confirm":
            actions.confirm_claim(actor=request.user, claim=claim_)
            messages.success(request, _("Claim confirmed: the record is theirs."))
        else:
            actions.decline_claim(actor=request.user, claim=claim_, reason=request.POST.get("reason", ""))
            messages.success(request, _("Claim declined."))
    except PermissionDenied as error:
        return refused(request, str(error), back_url=reverse("facilitation_review"))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("facilitation_review")


@require_POST
@login_required
def void(request, pk: int):
    record = get_object_or_404(AssistedRecord.objects.select_related("area"), pk=pk)
    try:
        actions.void_entry(actor=request.user, record=record, reason=request.POST.get("reason", ""))
    except PermissionDenied as error:
        return refused(request, str(error), back_url=reverse("facilitation_review"))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Entry voided, on the public log."))
    return redirect("facilitation_review")


# --- Public -----------------------------------------------------------------------------------


def figures(request):
    return render(request, "facilitation/figures.html", {"people": queries.facilitator_figures()})


def log(request):
    voided, claims = queries.public_log()
    return render(request, "facilitation/log.html", {"voided": voided, "claims": claims})
