"""Staff open the administration only with a second factor (STAFF_REQUIRE_MFA).

The administration can change anyone's roles and read every hidden text: a
guessed or reused password must not be enough. A staff member without an
authenticator app who asks for an admin page is sent to set one up first, with a
sentence saying why; once they have one, allauth asks for its code at every
sign-in (the admin signs in through allauth, see deliberation/urls.py).
"""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _


def needs_second_factor(user) -> bool:
    """Is ``user`` staff without an authenticator app while the setting requires one?"""
    if not settings.STAFF_REQUIRE_MFA or not getattr(user, "is_authenticated", False) or not user.is_staff:
        return False
    return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class StaffMFAMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(reverse("admin:index")) and needs_second_factor(request.user):
            messages.warning(
                request,
                _(
                    "Staff accounts need two-factor authentication. Set up an authenticator app to open the administration."
                ),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)
