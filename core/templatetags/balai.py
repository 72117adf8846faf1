"""Template helpers used on every page (loaded as a builtin)."""

from django import template
from django.core.exceptions import ObjectDoesNotExist
from django.utils.html import format_html
from django.utils.translation import gettext as _

from core import markdown as md

register = template.Library()


def _related(user, name):
    try:
        return getattr(user, name)
    except ObjectDoesNotExist:
        return None


def display_name(user) -> str:
    profile = _related(user, "profile")
    if profile is not None:
        if profile.erased_at is not None:  # the account was erased; what it wrote stays
            return _("A former resident")
        return profile.display_name
    return (user.email or user.get_username()).split("@")[0]


def _role_text(role: str, detail: str) -> str:
    """A role badge's words, in the viewer's language; ``detail`` is a proper name."""
    if role == "official":
        return _("Official · %(agency)s") % {"agency": detail}
    if role == "moderator":
        return _("Moderator")
    if role == "council":
        return _("Council member · %(district)s") % {"district": detail}
    if role == "staff":
        return _("Facilitator · staff of %(member)s") % {"member": detail}
    return _("Facilitator · %(place)s") % {"place": detail} if detail else _("Facilitator")


def badge(user) -> tuple[str, str]:
    """(css class, text) of the role a name carries. Reads only the profile (one join for the
    page's query): the role actions keep its ``role_badge`` equal to the roles."""
    profile = _related(user, "profile")
    role = profile.role_badge if profile is not None else ""
    if role:
        return ("facilitator" if role == "staff" else role), _role_text(role, profile.role_badge_detail)
    if user.is_superuser:
        return "admin", _("Admin")
    if profile is not None and profile.erased_at is not None:
        return "former", _("Account deleted")
    if profile is not None and profile.recorded_by_id is not None:
        if profile.is_verified_resident:
            return "resident verified offline", _("Verified resident without an account")
        return "resident offline", _("Resident without an account")
    if profile is not None and profile.is_verified_resident:
        return "resident verified", _("Verified resident")
    return "resident", _("Resident")


@register.simple_tag
def person(user):
    """A name with its role badge: "<bdi>Rina</bdi> <span>Official · Dinas SDA</span>".

    The name is isolated in ``<bdi>`` so that no character in it (a right-to-left override, an
    Arabic or Hebrew name) can reorder or run into the badge after it.
    """
    if user is None:
        return format_html('<span class="person person-gone">{}</span>', _("former member"))
    css, text = badge(user)
    return format_html(
        '<span class="person"><bdi class="person-name">{}</bdi> <span class="badge badge-{}">{}</span></span>',
        display_name(user),
        css,
        text,
    )


@register.filter
def markdown(text):
    return md.render(text)


@register.filter
def split(text: str):
    return text.split()


# The name alone (the header's account menu prints it without the badge).
register.filter("display_name", display_name)
