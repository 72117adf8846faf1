"""The profile page: one's own account, composed from every app that keeps something about the
person (accounts: name, language; residency: home and verification; votes: one's own votes;
notifications: what one is told; privacy: taking the data away, leaving)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts import actions as account_actions
from accounts import queries as account_queries
from accounts.forms import ProfileForm
from accounts.models import Profile
from notifications import queries as notification_queries
from residency import actions as residency_actions
from residency.views import residency_context
from votes import queries as vote_queries


@login_required
def profile_edit(request):
    profile = account_queries.profile_for_page(request.user)  # a GET writes nothing
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():  # a refused move keeps the name and language unchanged too
                    account_actions.update_profile(
                        actor=request.user, display_name=data["display_name"], language=data["language"]
                    )
                    residency_actions.move_home(actor=request.user, home_area=data["home_area"])
            except PermissionDenied as refusal:
                form.add_error(None, str(refusal))
                return render(request, "pages/profile.html", _context(request.user, profile, form), status=403)
            messages.success(request, _("Your profile is saved."))
            return redirect("profile")
    else:
        form = ProfileForm(
            initial={"display_name": profile.display_name, "home_area": profile.home_area, "language": profile.language}
        )
    return render(request, "pages/profile.html", _context(request.user, profile, form))


def _context(user, profile, form) -> dict:
    return {
        "form": form,
        "profile": profile,
        "Residency": Profile.Residency,
        "residency": residency_context(user),
        "own_votes": vote_queries.own_votes(user),
        "own_ballots": vote_queries.own_ballots(user),
        "notification_rows": notification_queries.settings_of(user),
    }
