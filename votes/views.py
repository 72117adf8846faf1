"""Support buttons and priority rounds. Small views: permission and form, then an action.

Every write works as a plain form POST (then a redirect) and, with htmx, returns the
same partial the page shows.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts import permissions
from core import views as core_views
from accounts.models import Area
from issues.models import Issue
from votes import actions, queries
from votes import rules as vote_rules
from votes.forms import BallotForm, RoundForm

# --- Support -------------------------------------------------------------------------


def _support_response(request, issue: Issue, *, supported: bool | None = None, done: str = "", refused: str = ""):
    if request.htmx:
        panel = queries.support_panel(request, issue, supported)
        panel.update(done=done, refused=refused)
        return render(request, "votes/issue_support.html#support-panel", {"panel": panel})
    if refused:
        messages.error(request, refused)
    elif done:
        messages.success(request, done)
    return redirect(issue.get_absolute_url() + f"#issue-{issue.pk}-support")


@require_POST
def support(request, pk: int):
    issue = get_object_or_404(Issue.objects.select_related("area"), pk=pk)
    try:
        actions.cast_vote(actor=request.user, issue=issue)
    except PermissionDenied as refusal:
        return _support_response(request, issue, refused=str(refusal))
    return _support_response(request, issue, supported=True, done=_("Your support is counted."))


@require_POST
def withdraw(request, pk: int):
    issue = get_object_or_404(Issue.objects.select_related("area"), pk=pk)
    try:
        actions.withdraw_support(actor=request.user, issue=issue)
    except PermissionDenied as refusal:
        return _support_response(request, issue, refused=str(refusal))
    return _support_response(request, issue, supported=False, done=_("Your support is withdrawn."))


# --- Rounds --------------------------------------------------------------------------


@login_required
def round_new(request, slug: str):
    area = get_object_or_404(Area, slug=slug)
    permissions.check(request.user, vote_rules.open_round, area)
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            round_ = actions.open_round(
                actor=request.user,
                area=area,
                rules=form.rules(),
                submission_token=form.cleaned_data["submission_token"],
            )
        except ValidationError as error:
            form.add_action_errors(error)
        else:
            messages.success(request, _("The priority round is open."))
            return redirect(round_)
    return render(request, "votes/round_form.html", {"form": form, "area": area, "current_area": area, "round": None})


@login_required
def round_edit(request, pk: int):
    round_ = queries.round_for_page(pk)
    refusal = permissions.why_not(request.user, vote_rules.change_round, round_)
    if refusal:  # e.g. the rules froze at the first ballot: say so, with the way back to the round
        return core_views.refused(request, refusal, back_url=round_.get_absolute_url())
    initial = {
        "title": round_.title,
        "budget": round_.budget,
        "standing": round_.standing,
        "closes_at": round_.closes_at,
    }
    form = RoundForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.change_round(actor=request.user, round_=round_, rules=form.rules())
        except ValidationError as error:
            form.add_action_errors(error)
        else:
            messages.success(request, _("The round's rules are saved."))
            return redirect(round_)
    context = {"form": form, "area": round_.area, "current_area": round_.area, "round": round_}
    return render(request, "votes/round_form.html", context)


def _round_context(request, round_, form=None) -> dict:
    lines = queries.ballot_lines(round_, request.user)
    eligibility = queries.eligibility(
        request.user, vote_rules.allocate_points, round_, next_path=request.get_full_path()
    )
    return {
        "round": round_,
        "area": round_.area,
        "current_area": round_.area,
        "standing": queries.round_standing(round_) if round_.standing_visible else None,
        "ballots": queries.ballot_count(round_),
        "eligibility": eligibility,
        "form": form or BallotForm(round_=round_, lines=lines),
        "own_ballot": queries.own_ballot(round_, request.user),
        "may_change": permissions.can(request.user, vote_rules.change_round, round_),
    }


@require_GET
def round_detail(request, pk: int):
    """The round page. A GET writes nothing: a round past its date that close_due_rounds has not
    closed yet shows as closing, its standing as the final ranking to come (no ballot changes it)."""
    round_ = queries.round_for_page(pk)
    return render(request, "votes/round_detail.html", _round_context(request, round_))


@require_POST
def round_ballot(request, pk: int):
    round_ = queries.round_for_page(pk)
    form = BallotForm(request.POST, round_=round_, lines=queries.ballot_lines(round_, request.user))
    saved = False
    if form.is_valid():
        try:
            actions.allocate_points(actor=request.user, round_=round_, points=form.points())
            saved = True
        except (PermissionDenied, ValidationError) as error:
            form.add_error(None, error.messages if isinstance(error, ValidationError) else str(error))
    if saved:
        if not request.htmx:
            messages.success(request, _("Your points are saved. You can change them until the round closes."))
            return redirect(round_.get_absolute_url() + "#ballot")
        form = None
    context = _round_context(request, round_, form)
    context["saved"] = saved
    template = "votes/round_detail.html#ballot-response" if request.htmx else "votes/round_detail.html"
    return render(request, template, context, status=200 if saved or request.htmx else 400)


@require_GET
def round_standing(request, pk: int):
    """The standing alone, for the page's periodic refresh (and as a plain page without JavaScript)."""
    round_ = queries.round_for_page(pk)
    if not request.htmx:
        return redirect(round_.get_absolute_url() + "#standing")
    context = {
        "round": round_,
        "standing": queries.round_standing(round_) if round_.standing_visible else None,
        "ballots": queries.ballot_count(round_),
    }
    return render(request, "votes/round_detail.html#standing", context)
