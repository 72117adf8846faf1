"""Who may change, take away or erase an account (the base rules are in accounts.permissions)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from accounts import permissions
from accounts.permissions import rule


@rule
def change_public_profile(user) -> str | None:
    """Renaming oneself, or anything else others see of a profile (the home area, hence the
    residency badge). A suspended person may not: they read and appeal, nothing else.
    The language (only the person sees it) stays theirs to change."""
    if not getattr(user, "is_authenticated", False):
        return _("Sign in to take part.")
    return permissions.suspension_refusal(user)


@rule
def export_personal_data(user) -> str | None:
    """Anyone signed in downloads what the site holds about them, suspended or not."""
    if not getattr(user, "is_authenticated", False):
        return _("Sign in to download your data.")
    return None


@rule
def erase_account(user, target) -> str | None:
    """A person erases their own account (even while suspended: leaving is a right);
    administrators erase anyone's (the admin's delete goes through the same action)."""
    if not getattr(user, "is_authenticated", False):
        return _("Sign in to delete your account.")
    if getattr(target, "pk", None) != user.pk and not permissions.is_admin(user):
        return _("Only administrators delete someone else's account.")
    return None


@rule
def edit_facilitator_contact(user, role) -> str | None:
    """The facilitator writes how residents reach them (public on the notice board); an
    administrator may correct it. Not while suspended."""
    if not getattr(user, "is_authenticated", False):
        return _("Sign in to take part.")
    if role.user_id != user.pk and not permissions.is_admin(user):
        return _("Only the facilitator writes how to reach them.")
    return permissions.suspension_refusal(user)
