from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from accounts import actions
from accounts.forms import ProfileForm
from accounts.models import Profile


@login_required
def profile_edit(request):
    profile = actions.ensure_profile(request.user)
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            actions.update_profile(actor=request.user, **form.cleaned_data)
            messages.success(request, _("Your profile is saved."))
            return redirect("profile")
    else:
        form = ProfileForm(
            initial={"display_name": profile.display_name, "home_area": profile.home_area, "language": profile.language}
        )
    return render(request, "accounts/profile.html", {"form": form, "profile": profile, "Residency": Profile.Residency})


@require_POST
def set_language(request):
    """Django's language switch, remembered on the profile too (for e-mails)."""
    response = django_set_language(request)
    lang = request.POST.get("language", "")
    if request.user.is_authenticated and lang in dict(Profile._meta.get_field("language").choices):
        Profile.objects.filter(user=request.user).update(language=lang)
    return response
