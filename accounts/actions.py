"""Writes on accounts, areas and roles. Views, admin and commands call these."""

from __future__ import annotations


from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts import names, permissions
from accounts import rules as account_rules
from accounts.models import (
    Agency,
    Area,
    CouncilMemberRole,
    FacilitatorRole,
    ModeratorRole,
    OfficialRole,
    Profile,
    RoleChange,
)


def ensure_profile(user) -> Profile:
    """Give ``user`` their profile if they have none; returns it. A write: called where users are
    made (sign-up, the admin's "add user", ``createsuperuser``, the demo) and by the actions that
    change a profile. Reads never call it (``accounts.queries.profile_for_page``)."""
    try:
        return user.profile  # the cached instance, so callers see their own updates
    except Profile.DoesNotExist:
        profile, _created = Profile.objects.get_or_create(
            user=user, defaults={"display_name": names.default_display_name(user)}
        )
        user.profile = profile
        return profile


def role_badge_of(user_id: int) -> tuple[str, str]:
    """The badge a person's roles give, in the order names show them (core.templatetags.balai.badge)."""
    official = OfficialRole.objects.filter(user_id=user_id).select_related("agency").first()
    if official is not None:
        return "official", str(official.agency)[:200]
    if ModeratorRole.objects.filter(user_id=user_id).exists():
        return "moderator", ""
    council_member = CouncilMemberRole.objects.filter(user_id=user_id).first()
    if council_member is not None:
        return "council", council_member.district[:200]
    facilitator = FacilitatorRole.objects.filter(user_id=user_id).first()
    if facilitator is not None:
        if facilitator.for_member_id is not None and facilitator.badge_member:
            return "staff", facilitator.badge_member
        return "facilitator", facilitator.badge_place
    return "", ""


def refresh_role_badge(user) -> None:
    """Set the profile's badge to what ``user``'s roles say now: every role change calls this
    (``_roles_changed``), as do a rename of a council member (their staff's badges name them)
    and of an agency (its officials')."""
    badge = role_badge_of(user.pk)
    profile = ensure_profile(user)
    if (profile.role_badge, profile.role_badge_detail) != badge:
        Profile.objects.filter(pk=profile.pk).update(role_badge=badge[0], role_badge_detail=badge[1])
        profile.role_badge, profile.role_badge_detail = badge


def agency_renamed(agency: Agency) -> None:
    for role in OfficialRole.objects.filter(agency=agency).select_related("user"):
        refresh_role_badge(role.user)


def _roles_changed(user) -> None:
    refresh_role_badge(user)
    permissions.forget_roles(user)


def create_offline_identity(
    *, recorded_by, username: str, public_name: str | None, anonymous_name: str, home_area: Area, language: str
):
    """A voter identity for a resident without an account (facilitation.actions.register_offline_resident):
    a user without e-mail, with an unusable password (it never signs in), and its profile, which
    names the facilitator who registered it. The profile shows ``public_name`` (checked like any
    display name) if the person agreed to be named, else ``anonymous_name`` ("Warga K7M-4QX",
    made by the site). Call inside the caller's transaction."""
    display_name = names.clean_display_name(public_name) if public_name else anonymous_name
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username=username, email="", password=None)
    user.profile = Profile.objects.create(
        user=user,
        display_name=display_name,
        home_area=home_area,
        language=language,
        recorded_by=recorded_by,
    )
    return user


def retire_offline_identity(*, user) -> None:
    """The resident claimed their record with their own account (facilitation.actions.confirm_claim):
    the offline identity stays on the record for what still points at it, and can no longer act."""
    type(user).objects.filter(pk=user.pk).update(is_active=False)
    user.is_active = False


def update_profile(*, actor, display_name: str, language: str) -> Profile:
    """Change one's own name and language. Moving home is ``residency.actions.move_home``.

    The display name is checked and normalised (``accounts.names``); a name that does not pass
    raises ``ValidationError``, whoever calls. A change others see (the name) is refused while
    suspended ("change_public_profile"); the language alone may still change.
    """
    display_name = names.clean_display_name(display_name)
    profile = ensure_profile(actor)
    if profile.display_name != display_name:
        permissions.check(actor, account_rules.change_public_profile)
    renamed = profile.display_name != display_name
    profile.display_name = display_name
    profile.language = language
    profile.save(update_fields=["display_name", "language"])
    if renamed:  # the badges of a council member's staff name them
        FacilitatorRole.objects.filter(for_member__user=actor).update(badge_member=display_name[:60])
        for role in FacilitatorRole.objects.filter(for_member__user=actor).select_related("user"):
            refresh_role_badge(role.user)
    return profile


def change_home(*, actor, home_area: Area | None) -> Profile:
    """The profile's part of moving home (``residency.actions.move_home`` composes it): a
    verification for the old home no longer applies. Refused while suspended: others see it."""
    profile = ensure_profile(actor)
    if profile.home_area_id == (home_area.pk if home_area else None):
        return profile
    permissions.check(actor, account_rules.change_public_profile)
    fields = ["home_area"]
    if profile.residency != Profile.Residency.UNVERIFIED:
        profile.residency = Profile.Residency.UNVERIFIED
        fields.append("residency")
    profile.home_area = home_area
    profile.save(update_fields=fields)
    return profile


def set_language(*, actor, language: str) -> None:
    """Remember the language one chose (for e-mails and the next sign-in); only the person sees it,
    so it may change even while suspended. An unknown code changes nothing."""
    if language not in dict(Profile._meta.get_field("language").choices):
        return
    profile = ensure_profile(actor)
    if profile.language != language:
        profile.language = language
        profile.save(update_fields=["language"])


def save_area(*, name: str, slug: str, parent: Area | None, official_code: str = "") -> Area:
    """Create or update an area by slug (or by its official code, when given and known), keeping
    the tree's paths right below it."""
    with transaction.atomic():
        area = (official_code and Area.objects.filter(official_code=official_code).first()) or (
            Area.objects.filter(slug=slug).first() or Area(slug=slug)
        )
        old_path = area.path
        area.name, area.parent = name, parent
        if official_code:
            area.official_code = official_code
        area.compute_path()
        area.save()
        if old_path and old_path != area.path:
            for child in area.children.all():
                save_area(name=child.name, slug=child.slug, parent=area)
    return area


def import_official_areas(areas) -> tuple[int, int]:
    """Load Kemendagri areas (``accounts.kemendagri.areas_under``), parents first: an area already
    holding the code is updated in place (its slug, roles and issues stay), a new one gets a slug
    from its name. Returns (created, updated). Running it again changes nothing."""
    from django.utils.text import slugify

    created = updated = 0
    by_code = {a.official_code: a for a in Area.objects.exclude(official_code="")}
    with transaction.atomic():
        for official in areas:
            parent = by_code.get(official.parent_code) if official.parent_code else None
            existing = by_code.get(official.code)
            if existing is not None:
                if existing.name == official.name and existing.parent_id == (parent.pk if parent else None):
                    continue
                slug, updated = existing.slug, updated + 1
            else:
                slug = slugify(official.name.split(" ", 1)[-1])[:60] or "area"
                if Area.objects.filter(slug=slug).exclude(official_code=official.code).exists():
                    slug = f"{slug}-{official.code.replace('.', '')}"
                created += 1
            by_code[official.code] = save_area(
                name=official.name, slug=slug, parent=parent, official_code=official.code
            )
    return created, updated


def grant_official(*, user, agency: Agency, areas: list[Area], is_supervisor: bool = False, by: str) -> OfficialRole:
    with transaction.atomic():
        role, _created = OfficialRole.objects.update_or_create(
            user=user, defaults={"agency": agency, "is_supervisor": is_supervisor}
        )
        role.areas.set(areas)
        RoleChange.objects.create(
            user=user,
            role="official",
            kind=RoleChange.Kind.GRANTED,
            detail=f"{agency.name}: {', '.join(a.slug for a in areas)}",
            by=by,
        )
    _roles_changed(user)
    return role


def grant_moderator(*, user, areas: list[Area], all_areas: bool = False, by: str) -> ModeratorRole:
    with transaction.atomic():
        role, _created = ModeratorRole.objects.update_or_create(user=user, defaults={"all_areas": all_areas})
        role.areas.set(areas)
        RoleChange.objects.create(
            user=user,
            role="moderator",
            kind=RoleChange.Kind.GRANTED,
            detail="all areas" if all_areas else ", ".join(a.slug for a in areas),
            by=by,
        )
    _roles_changed(user)
    return role


def check_staff_areas(areas: list[Area], member: CouncilMemberRole | None) -> None:
    """Staff of a council member facilitate within the member's district: a ValidationError names
    the areas outside it."""
    if member is None:
        return
    district = list(member.areas.all())
    outside = [a.name for a in areas if not any(d.contains(a) for d in district)]
    if outside:
        raise ValidationError(
            {
                "areas": _("Staff of %(member)s facilitate within their district; outside it: %(areas)s.")
                % {"member": member.district, "areas": ", ".join(outside)}
            }
        )


def _member_name(member: CouncilMemberRole) -> str:
    profile = Profile.objects.filter(user_id=member.user_id).first()
    return (profile.display_name if profile else str(member.user))[:60]


def grant_facilitator(
    *, user, areas: list[Area], by: str, for_member: CouncilMemberRole | None = None
) -> FacilitatorRole:
    """Make ``user`` a facilitator of ``areas``; the badge names the area when there is one.
    ``for_member``: they are that council member's staff (their areas within the member's
    district), and the badge says so. The public contact stays as the facilitator wrote it."""
    check_staff_areas(areas, for_member)
    place = areas[0].name if len(areas) == 1 else ", ".join(a.name for a in areas)[:120]
    staff_of = _member_name(for_member) if for_member is not None else ""
    detail = ", ".join(a.slug for a in areas)
    if for_member is not None:
        detail = f"{detail}; staff of council member {for_member.user_id} ({for_member.district})"
    with transaction.atomic():
        role, _created = FacilitatorRole.objects.update_or_create(
            user=user, defaults={"badge_place": place, "for_member": for_member, "badge_member": staff_of}
        )
        role.areas.set(areas)
        RoleChange.objects.create(
            user=user, role=ROLE_FACILITATOR, kind=RoleChange.Kind.GRANTED, detail=detail[:300], by=by
        )
    _roles_changed(user)
    return role


def set_facilitator_contact(*, actor, role: FacilitatorRole, contact: str) -> FacilitatorRole:
    """How residents reach the facilitator (printed on their areas' notice-board sheets): written
    by the facilitator, public by their choice; an empty text takes it off the sheets."""
    permissions.check(actor, account_rules.edit_facilitator_contact, role)
    contact = " ".join((contact or "").split())
    limit = FacilitatorRole._meta.get_field("public_contact").max_length
    if len(contact) > limit:
        raise ValidationError({"public_contact": _("Keep it under %(n)d characters.") % {"n": limit}})
    role.public_contact = contact
    role.save(update_fields=["public_contact"])
    return role


def grant_council_member(*, user, district: str, areas: list[Area], by: str) -> CouncilMemberRole:
    """Make ``user`` the DPRD member elected in ``district`` (dapil), which covers ``areas``."""
    with transaction.atomic():
        role, _created = CouncilMemberRole.objects.update_or_create(user=user, defaults={"district": district})
        role.areas.set(areas)
        RoleChange.objects.create(
            user=user,
            role=ROLE_COUNCIL_MEMBER,
            kind=RoleChange.Kind.GRANTED,
            detail=f"{district}: {', '.join(a.slug for a in areas)}",
            by=by,
        )
    _roles_changed(user)
    return role


ROLE_FACILITATOR = "facilitator"
ROLE_COUNCIL_MEMBER = "council_member"
ROLE_MODELS = {
    "official": OfficialRole,
    "moderator": ModeratorRole,
    ROLE_FACILITATOR: FacilitatorRole,
    ROLE_COUNCIL_MEMBER: CouncilMemberRole,
}


def revoke_role(*, user, role: str, by: str) -> bool:
    """Take a role away; returns False if the user did not hold it."""
    model = ROLE_MODELS[role]
    with transaction.atomic():
        if role == ROLE_COUNCIL_MEMBER:
            _end_staff_of(user, by)
        deleted, _ = model.objects.filter(user=user).delete()
        if deleted:
            RoleChange.objects.create(user=user, role=role, kind=RoleChange.Kind.REVOKED, by=by)
    _roles_changed(user)
    return bool(deleted)


def _end_staff_of(member, by: str) -> None:
    """A council member's role ends: their staff stay facilitators of their areas, no longer for
    the member (on each one's record), and their badges stop naming the member."""
    staff = list(FacilitatorRole.objects.filter(for_member__user=member).select_related("user"))
    for role in staff:
        RoleChange.objects.create(
            user=role.user,
            role=ROLE_FACILITATOR,
            kind=RoleChange.Kind.REVOKED,
            detail=f"no longer staff of council member {member.pk}: their role was revoked",
            by=by,
        )
    FacilitatorRole.objects.filter(pk__in=[r.pk for r in staff]).update(for_member=None, badge_member="")
    for role in staff:
        _roles_changed(role.user)


# --- leaving ---
# privacy.actions.erase_account composes an erasure: each app forgets its own rows about the
# person, and this is the accounts part. Erasure keeps the user row, anonymised, inactive and
# without a usable password: what they wrote stays on the record attributed to "a former
# resident" (PROTECT keys hold), their votes keep counting and keep the one-vote-per-person
# constraints, and the row's id links them to each other but to nobody (name, e-mail and
# residency details are gone). Reassigning the votes to a placeholder per erased account would
# be exactly as linkable; one shared placeholder would break "one vote per person per issue".


def lock_account(user):
    """The user's row, locked for the rest of the transaction (an erasure runs once)."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.select_for_update().get(pk=user.pk)


def anonymise_account(*, user, by: str) -> None:
    """The accounts part of an erasure, inside the caller's transaction on a locked ``user``:
    the name, e-mail addresses (allauth's rows, their confirmations), social and MFA rows, the
    home and verified area, the roles (revoked on the record), the login; every session and open
    socket of the account ends."""
    from django.utils import timezone

    from core import live

    profile = ensure_profile(user)
    old_names = {user.get_username(), user.email} - {""}
    for role in ROLE_MODELS:
        revoke_role(user=user, role=role, by=by)
    profile.display_name, profile.home_area, profile.language = "", None, ""
    profile.residency = Profile.Residency.UNVERIFIED
    profile.verified_area = profile.verified_by = profile.verified_at = None
    profile.erased_at, profile.matches_erased_account = timezone.now(), False
    profile.save()
    _forget_sign_in(user)
    # Records that name the person by their login ("admin:siti@…") name the row instead.
    RoleChange.objects.filter(by__in=[f"admin:{n}" for n in old_names]).update(by=f"admin:erased-{user.pk}")
    user.username, user.email = f"erased-{user.pk}", ""
    user.first_name = user.last_name = ""
    user.is_active = user.is_staff = user.is_superuser = False
    user.set_unusable_password()  # also invalidates every session (their auth hash changes)
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    live.end_sessions_on_commit(user.pk)
    _roles_changed(user)


def _forget_sign_in(user) -> None:
    """allauth's rows: e-mail addresses with their confirmations, social accounts, authenticators."""
    from allauth.account.models import EmailAddress
    from django.apps import apps

    EmailAddress.objects.filter(user=user).delete()
    if apps.is_installed("allauth.socialaccount"):
        from allauth.socialaccount.models import SocialAccount

        SocialAccount.objects.filter(user=user).delete()
    if apps.is_installed("allauth.mfa"):
        from allauth.mfa.models import Authenticator

        Authenticator.objects.filter(user=user).delete()
