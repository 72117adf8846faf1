"""Moderation pages. Every write is a plain POST with CSRF that redirects (no JavaScript
needed); a refused or invalid form comes back with the reason beside what was typed.
Views stay thin: parse, call moderation.actions, render or redirect."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import permissions
from accounts import queries as area_queries
from comments.models import Comment
from core import params
from core.ratelimit import RateLimited
from core.views import refused
from issues.models import Issue
from moderation import actions, forms, queries
from moderation.models import Reason, Suspension
from moderation import rules as moderation_rules


def _item_url(item) -> str:
    if isinstance(item, Comment):
        return f"{item.issue.get_absolute_url()}#comment-{item.pk}"
    return item.get_absolute_url()


def _failed(form, error) -> int:
    """Put a refusal or validation error on the form; the status to answer with."""
    if isinstance(error, ValidationError):
        form.add_error(None, error)
        return 400
    form.add_error(None, str(error))
    return 429 if isinstance(error, RateLimited) else 403


# --- The public log ----------------------------------------------------------------------


@require_GET
def log(request):
    tree = area_queries.area_tree()
    moderators = queries.moderators_for_filter()
    form = forms.LogFilterForm(request.GET, areas=tree, moderators=moderators)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    filters = queries.LogFilters(
        area=next((a for a in tree if a.slug == data.get("area")), None),
        actor=int(data["moderator"]) if data.get("moderator") else None,
        kind=data.get("kind") or "",
        page=params.page_number(request.GET.get("page")),
    )
    page = queries.log_page(filters)
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode(), "current_area": filters.area}
    if getattr(request, "htmx", False) and request.htmx.target == "moderation-log-results":
        return render(request, "moderation/log.html#results", context)
    return render(request, "moderation/log.html", context)


@require_GET
def entry(request, pk):
    action = queries.action_for_page(pk)
    suspension = queries.suspension_of(action)
    may_lift = suspension is not None and permissions.can(request.user, moderation_rules.lift_suspension, suspension)
    context = {
        "action": action,
        "suspension": suspension,
        "may_lift": may_lift,
        "lift_form": forms.NoteForm(),
        "current_area": action.area,
    }
    return render(request, "moderation/entry.html", context)


# --- Moderators: the queue and one item -------------------------------------------------------


@login_required
@require_GET
def queue(request):
    refusal = permissions.why_not(request.user, moderation_rules.view_moderation_queue)
    if refusal:
        return render(request, "moderation/queue.html", {"refusal": refusal}, status=403)
    number = params.page_number(request.GET.get("page"))
    rows, has_next = queries.queue(request.user, number)
    context = {
        "rows": rows,
        "has_next": has_next,
        "number": number,
        "appeals": queries.appeals_to_decide(request.user),
        "reads_hidden": True,
    }  # the queue holds only the viewer's own areas
    return render(request, "moderation/queue.html", context)


def _may_open_item_page(user, item) -> bool:
    area = queries.area_of(item)
    return permissions.moderates(user, area) or (isinstance(item, Issue) and permissions.is_official_for(user, area))


def _item_context(request, item, **bound) -> dict:
    issue = item if isinstance(item, Issue) else item.issue
    area = queries.area_of(item)
    context = {
        "item": item,
        "kind": queries.kind_of(item),
        "issue": issue,
        "current_area": area,
        # None (and no section on the page) for anyone who may not read reports, e.g. an official.
        "reports": queries.reports_for(request.user, item),
        "acts": queries.acts_on(item),
        # One form per act, each with its own prefix: field ids stay unique on the page.
        "forms": {verb: form_class(prefix=verb) for verb, (form_class, _run, _done) in ACTS.items()},
        "moderates": permissions.moderates(request.user, area),
        "body_class": "moderates-here" if permissions.moderates(request.user, area) else "",
    }
    context["reads_hidden"] = context["moderates"]
    context["forms"].update(bound)
    return context


@login_required
@require_GET
def item(request, kind, pk):
    """An item in context, with its reports, its record and the moderator's forms."""
    target = queries.item_for(kind, pk)
    if not _may_open_item_page(request.user, target):
        raise PermissionDenied(_("Only moderators of this area moderate here."))
    return render(request, "moderation/item.html", _item_context(request, target))


# One entry per act: the form that parses it, how to call the action with its data, and what the
# moderator is told (lazy: phrased in the language of each request, not of the first import).
ACTS = {
    "hide": (
        forms.HideForm,
        lambda u, i, d: actions.hide_item(actor=u, item=i, reason=d["reason"], note=d["note"]),
        gettext_lazy("The item is hidden; the reason is public."),
    ),
    "restore": (
        forms.NoteForm,
        lambda u, i, d: actions.restore_item(actor=u, item=i, note=d["note"]),
        gettext_lazy("The item is shown again."),
    ),
    "dismiss": (
        forms.NoteForm,
        lambda u, i, d: actions.dismiss_reports(actor=u, item=i, note=d["note"]),
        gettext_lazy("The reports are dismissed."),
    ),
    "lock": (
        forms.LockForm,
        lambda u, i, d: actions.lock_thread(actor=u, issue=i, note=d["note"]),
        gettext_lazy("The discussion is locked."),
    ),
    "unlock": (
        forms.NoteForm,
        lambda u, i, d: actions.unlock_thread(actor=u, issue=i, note=d["note"]),
        gettext_lazy("The discussion is open again."),
    ),
    "suspend": (
        forms.SuspendForm,
        lambda u, i, d: actions.suspend_user(
            actor=u, user=i.author, days=d["days"], reason=d["reason"], note=d["note"], item=i
        ),
        gettext_lazy("The account is suspended."),
    ),
    "merge": (
        forms.MergeForm,
        lambda u, i, d: actions.merge_issues(
            actor=u, duplicate=i, target=get_object_or_404(Issue, pk=d["target"]), note=d["note"]
        ),
        gettext_lazy("The issues are merged."),
    ),
}


@login_required
@require_POST
def act(request, kind, pk, verb):
    target = queries.item_for(kind, pk)
    if verb not in ACTS or (verb in ("lock", "unlock", "merge") and kind != "issue"):
        raise PermissionDenied(_("That cannot be done to this."))
    form_class, run, done = ACTS[verb]
    form = form_class(request.POST, prefix=verb)
    status = 400
    if form.is_valid():
        try:
            run(request.user, target, form.cleaned_data)
        except (PermissionDenied, ValidationError) as error:
            status = _failed(form, error)
        else:
            messages.success(request, str(done))
            return redirect(_item_url(target) if verb != "merge" else target.get_absolute_url())
    context = _item_context(request, target, **{verb: form})
    if not context["moderates"]:  # no forms on their page: say why above the item
        context["refusal"] = " ".join(str(e) for e in form.non_field_errors())
    return render(request, "moderation/item.html", context, status=status)


@login_required
@require_POST
def lift(request, pk):
    suspension = get_object_or_404(Suspension.objects.select_related("area", "user"), pk=pk)
    form = forms.NoteForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("The note is too long."))
        actions.lift_suspension(actor=request.user, suspension=suspension, note=form.cleaned_data["note"])
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, " ".join(error.messages) if isinstance(error, ValidationError) else str(error))
    else:
        messages.success(request, _("The suspension is lifted."))
    return redirect("moderation_entry", suspension.action_id)


# --- Residents: report, appeal, their own record --------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def report(request, kind, pk):
    target = queries.item_for(kind, pk)
    refusal = permissions.why_not(request.user, moderation_rules.report_item, target)
    context = {
        "item": target,
        "kind": kind,
        "issue": getattr(target, "issue", target),
        "current_area": queries.area_of(target),
    }
    if request.method == "GET":
        return render(request, "moderation/report.html", {**context, "form": forms.ReportForm(), "refusal": refusal})
    form = forms.ReportForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            actions.report_item(
                actor=request.user, item=target, reason=form.cleaned_data["reason"], note=form.cleaned_data["note"]
            )
        except (PermissionDenied, ValidationError) as error:
            status = _failed(form, error)
        else:
            messages.success(request, _("Thank you. Moderators of this area will look at your report."))
            return redirect(_item_url(target))
    return render(request, "moderation/report.html", {**context, "form": form}, status=status)


@login_required
@require_GET
def appeal_item(request, kind, pk):
    """From a hidden item's notice to the appeal of the hide that keeps it hidden."""
    target = queries.item_for(kind, pk)
    hide = queries.current_hide(target)
    if hide is None:
        messages.info(request, _("This is not hidden (any more)."))
        return redirect(_item_url(target))
    return redirect("moderation_appeal", hide.pk)


@login_required
@require_GET
def own_text(request, kind, pk):
    """A hidden item's text, for its author's own page only (a live hide event carries none)."""
    item = queries.item_for(kind, pk)
    if item.author_id != request.user.pk or not item.hidden or item.hidden_reason == Reason.PERSONAL_DATA:
        raise PermissionDenied(_("Only the author reads a hidden text here."))
    text = item.body if kind == "comment" else item.description
    response = render(request, "moderation/hidden_item.html#own-text", {"text": text})
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def appeal(request, pk):
    action = queries.action_for_page(pk)
    if action.subject_id != request.user.pk:
        raise PermissionDenied(_("Only the person a hide or a suspension is about may appeal it."))
    context = {
        "action": action,
        "item": action.comment or action.issue,
        "current_area": action.area,
        "refusal": permissions.why_not(request.user, moderation_rules.appeal, action, *actions.appeal_facts(action)),
    }
    form = forms.AppealForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                actions.appeal(actor=request.user, action=action, text=form.cleaned_data["text"])
            except (PermissionDenied, ValidationError) as error:
                status = _failed(form, error)
            else:
                messages.success(request, _("Your appeal is sent. The decision will be public in the moderation log."))
                return redirect("moderation_yours")
    return render(request, "moderation/appeal.html", {**context, "form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def decide(request, pk):
    appeal_ = queries.appeal_for_page(pk)
    # The appeal's text and the hidden item are for the appellant and the area's moderators.
    cannot_read = permissions.why_not(request.user, moderation_rules.view_appeal, appeal_)
    if cannot_read:
        return refused(request, cannot_read)
    refusal = permissions.why_not(request.user, moderation_rules.decide_appeal, appeal_)
    context = {
        "appeal": appeal_,
        "action": appeal_.action,
        "item": appeal_.action.comment or appeal_.action.issue,
        "current_area": appeal_.action.area,
        "refusal": refusal,
        "reads_hidden": True,
    }
    form = forms.DecideForm(request.POST or None)
    status = 403 if refusal and request.method == "POST" else 200
    if request.method == "POST" and not refusal:
        status = 400
        if form.is_valid():
            try:
                decision = actions.decide_appeal(
                    actor=request.user,
                    appeal=appeal_,
                    overturn=form.cleaned_data["decision"] == "overturn",
                    note=form.cleaned_data["note"],
                )
            except (PermissionDenied, ValidationError) as error:
                status = _failed(form, error)
            else:
                messages.success(request, _("The appeal is decided; the outcome is public."))
                return redirect("moderation_entry", decision.pk)
    return render(request, "moderation/decide.html", {**context, "form": form}, status=status)


@login_required
@require_GET
def yours(request):
    """What moderation did about you: hides of what you wrote, suspensions, your appeals."""
    acts = queries.acts_about(request.user)
    for act_ in acts:
        act_.may_appeal = permissions.can(
            request.user, moderation_rules.appeal, act_, *actions.appeal_facts(act_, quick=True)
        )
    return render(
        request, "moderation/yours.html", {"acts": acts, "suspensions": queries.active_suspensions(request.user)}
    )
