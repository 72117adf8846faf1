"""Reses pages: council members' public records, recording a meeting and its aspirations,
pokir, the private attendance sheet, and an area's printable notice-board sheet (HTML and PDF).
Small views: they read through reses.queries and write through reses.actions."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts import permissions
from accounts.models import Area
from core.forms import attach_errors
from facilitation import queries as facilitation_queries
from reses import actions, pdf, pokir, queries, sheets
from reses import rules as reses_rules
from reses.forms import AttendeeSupportForm, JoinIssueForm, MeetingForm, OpenIssueForm, PokirForm


def _attempt(form, write):
    """``write()`` an action; a refusal or an invalid value goes beside the form's fields (None)."""
    try:
        return write()
    except ValidationError as error:
        attach_errors(form, error)
    except PermissionDenied as refusal:
        form.add_error(None, str(refusal))
    return None


# --- Council members' public records -----------------------------------------------------


@require_GET
def member_index(request):
    return render(request, "reses/member_index.html", {"roles": queries.council_members()})


@require_GET
def member_detail(request, user_id):
    record = queries.member_record(user_id)
    may_record = permissions.acts_for_member(request.user, record.member.pk)
    return render(request, "reses/member_detail.html", {"record": record, "may_record": may_record})


@require_GET
def pokir_csv(request, user_id):
    member = queries.member_role(user_id)  # 404 for anyone who is not a council member
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="pokir-{member.user_id}.csv"'
    pokir.write_csv(response, queries.pokir_of(member.user_id))
    return response


# --- Recording a meeting and what it raised ------------------------------------------------


@login_required
def meeting_new(request):
    permissions.check(request.user, reses_rules.record_meeting)
    member = reses_rules.member_recorded_for(request.user)
    areas = queries.district_areas(member)
    form = MeetingForm(request.POST or None, request.FILES or None, areas=areas)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        meeting = _attempt(
            form,
            lambda: actions.record_meeting(
                actor=request.user,
                held_on=data["held_on"],
                place=data["place"],
                areas=list(data["areas"]),
                attendance=data["attendance"],
                attendance_sheet=data["attendance_sheet"],
                submission_token=data["submission_token"],
            ),
        )
        if meeting is not None:
            messages.success(request, _("The meeting is on the record. Now add what it raised."))
            return redirect("reses_meeting", pk=meeting.pk)
    return render(request, "reses/meeting_form.html", {"form": form})


def _meeting_context(request, meeting, *, support_form=None, focus=None) -> dict:
    """The meeting page: an attendee's-support form under each aspiration the viewer may add
    supports to (``support_form``: the one sent back with its errors; ``focus``: the aspiration
    whose code field takes the cursor after a support was recorded without JS)."""
    context = {
        "meeting": meeting,
        "may_sheet": permissions.can(request.user, reses_rules.open_attendance_sheet, meeting),
    }
    for aspiration in meeting.aspirations.all():
        if support_form is not None and support_form.aspiration.pk == aspiration.pk:
            aspiration.support_form = support_form
        elif permissions.can(request.user, reses_rules.record_attendee_support, aspiration):
            aspiration.support_form = AttendeeSupportForm(aspiration=aspiration, focus=focus == aspiration.pk)
    if permissions.can(request.user, reses_rules.record_aspiration, meeting):
        context["join_form"] = JoinIssueForm()
        context["open_form"] = OpenIssueForm(areas=queries.areas_within_meeting(meeting))
    return context


@require_GET
def meeting_detail(request, pk):
    meeting = queries.meeting_for_page(pk)
    focus = request.GET.get("next_attendee", "")
    context = _meeting_context(request, meeting, focus=int(focus) if focus.isdigit() else None)
    return render(request, "reses/meeting_detail.html", context)


@login_required
@require_POST
def aspiration_join(request, pk):
    meeting = queries.meeting_for_page(pk)
    form = JoinIssueForm(request.POST)
    if form.is_valid():
        issue = queries.issue_to_join(form.cleaned_data["issue"])
        if issue is None:
            form.add_error("issue", _("There is no issue with this number."))
        else:
            try:
                actions.join_issue(
                    actor=request.user, meeting=meeting, issue=issue, summary=form.cleaned_data["summary"]
                )
            except PermissionDenied as refusal:
                form.add_error("issue", str(refusal))
            else:
                messages.success(request, _("The aspiration joined issue #%(n)d.") % {"n": issue.pk})
                return redirect("reses_meeting", pk=meeting.pk)
    permissions.check(request.user, reses_rules.record_aspiration, meeting)
    open_form = OpenIssueForm(areas=queries.areas_within_meeting(meeting))
    return render(
        request,
        "reses/meeting_detail.html",
        {"meeting": meeting, "join_form": form, "open_form": open_form},
        status=400,
    )


@login_required
@require_POST
def aspiration_open(request, pk):
    meeting = queries.meeting_for_page(pk)
    permissions.check(request.user, reses_rules.record_aspiration, meeting)
    form = OpenIssueForm(request.POST, areas=queries.areas_within_meeting(meeting))
    if form.is_valid():
        data = form.cleaned_data
        aspiration = _attempt(
            form,
            lambda: actions.open_issue(
                actor=request.user,
                meeting=meeting,
                title=data["title"],
                description=data["description"],
                category=data["category"],
                area=data["area"],
                submission_token=data["submission_token"],
            ),
        )
        if aspiration is not None:
            messages.success(request, _("Issue #%(n)d was opened via reses.") % {"n": aspiration.issue_id})
            return redirect("reses_meeting", pk=meeting.pk)
    return render(
        request,
        "reses/meeting_detail.html",
        {"meeting": meeting, "join_form": JoinIssueForm(), "open_form": form},
        status=400,
    )


@login_required
@require_POST
def attendee_support(request, pk):
    """Add an attendee's support to an aspiration, by participant code: one after another, the
    page staying put (htmx swaps the form back, blank, the cursor in the code field, and the
    aspiration's count); without JS the page reloads at the aspiration. Errors beside the field."""
    aspiration = queries.aspiration_for_support(pk)
    permissions.check(request.user, reses_rules.record_attendee_support, aspiration)
    form = AttendeeSupportForm(request.POST, aspiration=aspiration, focus=True)
    recorded = _record_attendee(request, form) if form.is_valid() else None
    if recorded is None:
        if request.htmx:  # htmx swaps the refused form like a success (static/js/forms.js)
            aspiration.support_form = form
            return render(request, "reses/meeting_detail.html#attendee-form", {"a": aspiration}, status=400)
        meeting = queries.meeting_for_page(aspiration.meeting_id)
        context = _meeting_context(request, meeting, support_form=form)
        return render(request, "reses/meeting_detail.html", context, status=400)
    done = _("Support of %(code)s recorded for #%(n)d.") % {"code": recorded.code, "n": aspiration.issue_id}
    if request.htmx:
        aspiration = queries.aspiration_for_support(pk)
        aspiration.support_form = AttendeeSupportForm(
            aspiration=aspiration, focus=True, initial={"method": form.cleaned_data["method"]}
        )
        return render(request, "reses/meeting_detail.html#attendee-recorded", {"a": aspiration, "done": done})
    messages.success(request, done)
    url = reverse("reses_meeting", args=[aspiration.meeting_id])
    return redirect(f"{url}?next_attendee={aspiration.pk}#aspiration-{aspiration.pk}")


def _record_attendee(request, form):
    """The resident the code names, their support recorded; None with the reason beside the field."""
    resident = facilitation_queries.resident_by_code(form.cleaned_data["code"])
    if resident is None:
        form.add_error("code", _("No resident has this participant code. Check the card."))
        return None
    try:
        actions.record_attendee_support(
            actor=request.user, aspiration=form.aspiration, resident=resident, method=form.cleaned_data["method"]
        )
    except (PermissionDenied, ValidationError) as refusal:
        form.add_error("code", getattr(refusal, "messages", None) or str(refusal))
        return None
    return resident


@login_required
@require_GET
def attendance_sheet(request, pk):
    """The private attendance sheet, to those the rule allows; every opening is logged."""
    meeting = queries.meeting_for_page(pk)
    try:
        actions.open_attendance_sheet(actor=request.user, meeting=meeting)
    except ValidationError:
        raise Http404 from None
    response = FileResponse(meeting.attendance_sheet.open("rb"), as_attachment=False)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    return response


@login_required
@require_POST
def pokir_adopt(request, pk):
    issue = queries.issue_to_join(pk)
    if issue is None:
        raise Http404
    form = PokirForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(issue)
    try:
        actions.adopt_pokir(
            actor=request.user, issue=issue, plan_year=form.cleaned_data["plan_year"], note=form.cleaned_data["note"]
        )
    except (PermissionDenied, ValidationError) as refusal:
        messages.error(request, " ".join(getattr(refusal, "messages", [str(refusal)])))
    else:
        messages.success(
            request, _("Taken up as pokir for the %(year)d plan.") % {"year": form.cleaned_data["plan_year"]}
        )
    return redirect(issue)


# --- The notice board ------------------------------------------------------------------


def _sheet_language(request) -> str:
    chosen = request.GET.get("lang", "")
    codes = [code for code, _name in settings.LANGUAGES]
    return chosen if chosen in codes else translation.get_language()


@require_GET
def notice_sheet(request, slug):
    area = get_object_or_404(Area, slug=slug)
    language = _sheet_language(request)
    with translation.override(language):
        sheet = sheets.notice_sheet(area)
        response = render(request, "reses/notice_sheet.html", {"sheet": sheet, "language": language})
    response["Content-Language"] = language
    return response


@require_GET
def notice_sheet_pdf(request, slug):
    area = get_object_or_404(Area, slug=slug)
    language = _sheet_language(request)
    with translation.override(language):
        sheet = sheets.notice_sheet(area)
        body = pdf.render(sheet)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{sheet.number}.pdf"'
    response["Content-Language"] = language
    return response
