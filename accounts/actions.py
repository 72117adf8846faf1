"""Writes on accounts, areas and roles. Views, admin and commands call these."""

from __future__ import annotations

from django.db import transaction

from accounts import permissions
from accounts.models import Agency, Area, ModeratorRole, OfficialRole, Profile, RoleChange


def default_display_name(user) -> str:
    return (user.email or user.get_username()).split("@")[0][:60]


def ensure_profile(user) -> Profile:
    """Every user gets a profile; accounts made outside sign-up get one on first need."""
    try:
        return user.profile  # the cached instance, so callers see their own updates
    except Profile.DoesNotExist:
        profile, _created = Profile.objects.get_or_create(
            user=user, defaults={"display_name": default_display_name(user)}
        )
        user.profile = profile
        return profile


def update_profile(*, actor, display_name: str, home_area: Area | None, language: str) -> Profile:
    """Change one's own profile. Moving home ends a residency verification for the old area."""
    profile = ensure_profile(actor)
    fields = ["display_name", "home_area", "language"]
    with transaction.atomic():
        if profile.home_area_id != (home_area.pk if home_area else None) and profile.residency != Profile.Residency.UNVERIFIED:
            profile.residency = Profile.Residency.UNVERIFIED
            fields.append("residency")
        profile.display_name = display_name
        profile.home_area = home_area
        profile.language = language
        profile.save(update_fields=fields)
    return profile


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


def revoke_role(*, user, role: str, by: str) -> bool:
    """Take a role away; returns False if the user did not hold it."""
    model = {"official": OfficialRole, "moderator": ModeratorRole}[role]
    with transaction.atomic():
        deleted, _ = model.objects.filter(user=user).delete()
        if deleted:
            RoleChange.objects.create(user=user, role=role, kind=RoleChange.Kind.REVOKED, by=by)
    permissions.forget_roles(user)
    return bool(deleted)
