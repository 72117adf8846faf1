"""Reads about people and areas that several pages share."""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.models import Area

# What a page must join to print a person's name with their role badge: the profile carries
# both (Profile.role_badge, kept by the role actions).
PERSON_FIELDS = ("profile",)


def person_with_badge(user):
    """``user`` loaded again with what their name badge shows, in one query (the site frame's
    "signed in as"; read through the user's own relations it cost five)."""
    from django.contrib.auth import get_user_model

    loaded = user._state.fields_cache  # a page's permission checks may have read them already
    if all(path.split("__")[0] in loaded for path in PERSON_FIELDS):
        return user
    return get_user_model().objects.select_related(*PERSON_FIELDS).get(pk=user.pk)


def person_related(prefix: str) -> list[str]:
    """``person_related("author")`` → the select_related paths to badge ``author``."""
    return [f"{prefix}__{field}" for field in PERSON_FIELDS]


def profile_for_page(user):
    """The user's profile to show, or an unsaved default one for an account made without one
    (outside sign-up): a page read never writes; the first change saves it (accounts.actions)."""
    from accounts.models import Profile

    try:
        return user.profile
    except Profile.DoesNotExist:
        from accounts.names import default_display_name

        # By id, not ``user=``: that would cache the unsaved row on ``user.profile`` for the request.
        return Profile(user_id=user.pk, display_name=default_display_name(user))


# The area picker's answers: enough to choose from, never the whole tree (Jakarta has ~30,000 RTs).
AREA_MATCHES = 30
# Without a search the picker page lists the upper levels (city, district, sub-district).
AREA_OVERVIEW_DEPTH = 2
AREA_OVERVIEW_LIMIT = 500


def find_areas(words: str, limit: int = AREA_MATCHES) -> list[Area]:
    """Areas whose name contains every word typed (any case), the larger areas first, each with
    its parent (to tell "RW 04" of one kelurahan from another's), in one query."""
    queryset = Area.objects.select_related("parent")
    for word in words.split()[:5]:
        queryset = queryset.filter(name__icontains=word)
    return list(queryset.order_by("depth", "name", "pk")[:limit])


def area_overview() -> list[Area]:
    """The upper levels of the tree, in tree order, for the picker page without a search."""
    return list(Area.objects.filter(depth__lte=AREA_OVERVIEW_DEPTH).order_by("path")[:AREA_OVERVIEW_LIMIT])


def area_tree() -> list[Area]:
    """Every area in tree order (parents before children), in one query."""
    return list(Area.objects.order_by("path"))


def areas_within(area: Area) -> QuerySet[Area]:
    """The area and everything below it."""
    return Area.objects.filter(path__startswith=area.path)


def areas_above(area: Area) -> list[Area]:
    """The area and all areas containing it, nearest first."""
    slugs = area.path.strip("/").split("/")
    return sorted(Area.objects.filter(slug__in=slugs), key=lambda a: -a.depth)


def person_for_page(pk: int):
    """The person a public page shows (with what their badge needs), or 404 for an erased
    account or one that never took part (no profile)."""
    from django.contrib.auth import get_user_model
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        get_user_model().objects.select_related(*PERSON_FIELDS),
        pk=pk,
        is_active=True,
        profile__isnull=False,
        profile__erased_at__isnull=True,
    )
