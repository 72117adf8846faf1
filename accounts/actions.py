"""Writes on accounts, areas and roles. Views, admin and commands call these."""

from __future__ import annotations


from django.db import transaction

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


def update_profile(*, actor, display_name: str, home_area: Area | None, language: str) -> Profile:
    """Change one's own profile. Moving home ends a residency verification for the old area.

    The display name is checked and normalised (``accounts.names``); a name that does not pass
    raises ``ValidationError``, whoever calls. A change others see (the name, the home area)
    is refused while suspended ("change_public_profile"); the language alone may still change.
    """
    display_name = names.clean_display_name(display_name)
    profile = ensure_profile(actor)
    fields = ["display_name", "home_area", "language"]
    if profile.display_name != display_name or profile.home_area_id != (home_area.pk if home_area else None):
        permissions.check(actor, account_rules.change_public_profile)
    with transaction.atomic():
        if (
            profile.home_area_id != (home_area.pk if home_area else None)
            and profile.residency != Profile.Residency.UNVERIFIED
        ):
            profile.residency = Profile.Residency.UNVERIFIED
            fields.append("residency")
            _withdraw_pending_requests(actor)  # a request for the old home no longer applies
        profile.display_name = display_name
        profile.home_area = home_area
        profile.language = language
        profile.save(update_fields=fields)
    return profile


def _withdraw_pending_requests(user) -> int:
    """Moving home ends any pending residency request (residency.actions.withdraw_pending does the
    same). Reached through the user's own relation: accounts sits below residency and imports none
    of it; a profile change that moves home is the one residency write accounts makes."""
    from django.utils import timezone

    return user.residency_requests.filter(state="pending").update(
        state="withdrawn", decided_at=timezone.now(), decided_via="moved home"
    )


def set_language(*, actor, language: str) -> None:
    """Remember the language one chose (for e-mails and the next sign-in); only the person sees it,
    so it may change even while suspended. An unknown code changes nothing."""
    if language not in dict(Profile._meta.get_field("language").choices):
        return
    profile = ensure_profile(actor)
    if profile.language != language:
        profile.language = language
        profile.save(update_fields=["language"])


def save_area(*, name: str, slug: str, parent: Area | None) -> Area:
    """Create or update an area by slug, keeping the tree's paths right below it."""
    with transaction.atomic():
        area = Area.objects.filter(slug=slug).first() or Area(slug=slug)
        old_path = area.path
        area.name, area.parent = name, parent
        area.compute_path()
        area.save()
        if old_path and old_path != area.path:
            for child in area.children.all():
                save_area(name=child.name, slug=child.slug, parent=area)
    return area


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
    permissions.forget_roles(user)
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
    permissions.forget_roles(user)
    return role


def grant_facilitator(*, user, areas: list[Area], by: str) -> FacilitatorRole:
    """Make ``user`` a facilitator of ``areas``; the badge names the area when there is one."""
    place = areas[0].name if len(areas) == 1 else ", ".join(a.name for a in areas)[:120]
    with transaction.atomic():
        role, _created = FacilitatorRole.objects.update_or_create(user=user, defaults={"badge_place": place})
        role.areas.set(areas)
        RoleChange.objects.create(
            user=user,
            role=ROLE_FACILITATOR,
            kind=RoleChange.Kind.GRANTED,
            detail=", ".join(a.slug for a in areas),
            by=by,
        )
    permissions.forget_roles(user)
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
    permissions.forget_roles(user)
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
        deleted, _ = model.objects.filter(user=user).delete()
        if deleted:
            RoleChange.objects.create(user=user, role=role, kind=RoleChange.Kind.REVOKED, by=by)
    permissions.forget_roles(user)
    return bool(deleted)


# --- leaving ---
# A person may take their data away (accounts.personal_data) and erase their account.
# Erasure keeps the user row, anonymised, inactive and without a usable password: what
# they wrote stays on the record attributed to "a former resident" (PROTECT keys hold),
# their votes keep counting and keep the one-vote-per-person constraints, and the row's id
# links them to each other but to nobody (name, e-mail and residency details are gone).
# Reassigning the votes to a placeholder per erased account would be exactly as linkable;
# one shared placeholder would break "one vote per person per issue" and the tallies.


def erase_account(*, actor, user) -> None:
    """Erase ``user``'s account: by the person themselves (after re-authenticating) or an administrator.

    Erased: the name, the e-mail addresses (allauth's rows, their confirmations), the RT/RW,
    street and notes of residency requests, the home and verified area, notifications and
    their settings, follows, mentions, social and MFA rows, roles (revoked on the record).
    Kept: issues, comments, votes, ballots, verdicts, reports and appeals, on the anonymised row.
    A one-way fingerprint of the residency identity stays (accounts.fingerprints) so the
    same person cannot vote twice after signing up again. Every session and open socket
    of the account ends. Erasing an erased account changes nothing.
    """
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from accounts import fingerprints
    from accounts.models import ErasureFingerprint
    from core import live

    permissions.check(actor, account_rules.erase_account, user)
    by = "erase_account" if actor.pk == user.pk else f"admin:{actor.get_username()}"
    with transaction.atomic():
        locked = get_user_model().objects.select_for_update().get(pk=user.pk)
        profile = ensure_profile(locked)
        if profile.erased_at is not None:
            return
        old_names = {locked.get_username(), locked.email} - {""}
        ErasureFingerprint.objects.bulk_create(
            [ErasureFingerprint(user=locked, digest=d) for d in fingerprints.identity_of(locked)], ignore_conflicts=True
        )
        for role in ("official", "moderator"):
            revoke_role(user=locked, role=role, by=by)
        locked.residency_requests.update(
            rt="", rw="", street="", note="", reason=""
        )  # through the relation: residency sits above
        profile.display_name, profile.home_area, profile.language = "", None, ""
        profile.residency = Profile.Residency.UNVERIFIED
        profile.verified_area = profile.verified_by = profile.verified_at = None
        profile.erased_at, profile.matches_erased_account = timezone.now(), False
        profile.save()
        _forget_elsewhere(locked)
        # Records that name the person by their login ("admin:siti@…") name the row instead.
        RoleChange.objects.filter(by__in=[f"admin:{n}" for n in old_names]).update(by=f"admin:erased-{locked.pk}")
        locked.username, locked.email = f"erased-{locked.pk}", ""
        locked.first_name = locked.last_name = ""
        locked.is_active = locked.is_staff = locked.is_superuser = False
        locked.set_unusable_password()  # also invalidates every session (their auth hash changes)
        locked.save()
        locked.groups.clear()
        locked.user_permissions.clear()
        live.end_sessions_on_commit(locked.pk)
    permissions.forget_roles(user)


def _forget_elsewhere(user) -> None:
    """Rows about the person kept by the apps above accounts, reached through the user's own
    relations (and the notifications app's action), so accounts imports none of those apps."""
    from allauth.account.models import EmailAddress
    from django.apps import apps

    from notifications.actions import (
        forget_person,  # above accounts: imported when used
    )

    EmailAddress.objects.filter(user=user).delete()  # with their confirmations
    if apps.is_installed("allauth.socialaccount"):
        from allauth.socialaccount.models import SocialAccount

        SocialAccount.objects.filter(user=user).delete()
    if apps.is_installed("allauth.mfa"):
        from allauth.mfa.models import Authenticator

        Authenticator.objects.filter(user=user).delete()
    user.follows.all().delete()  # private preferences
    user.mentions.all().delete()  # the link from others' comments to this account
    forget_person(user=user)
