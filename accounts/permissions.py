"""The one place that answers "may this user do this (to that)?": the registry and the base predicates.

A rule is a function ``rule(user, *objects) -> str | None``: ``None`` when the action is allowed,
or a translated sentence saying why not, so the same rule both guards actions and explains a
refusal beside the button. Each app keeps its rules beside its models (``<app>/rules.py``,
marked with ``@permissions.rule``) and the base predicates here (taking part, roles, serving or
moderating an area, suspension) are what they are built from.

Callers name the rule itself, never a string: ``permissions.check(actor, comment_rules.post_comment, issue)``.
A misspelt rule is an ``AttributeError`` at import; anything that is not a marked rule (a string,
a plain function) raises ``TypeError``. ``manage.py rules`` prints every rule in one table.
"""

from __future__ import annotations

from functools import cached_property

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

Rule = Callable[..., "str | None"]
# Every rule, in the order their modules were imported, for ``manage.py rules`` (the audit
# table). Registration happens when a rules module is imported, and each app's actions and
# views import their own rules, so nothing depends on it: ``why_not`` calls the rule it is given.
RULES: list[Rule] = []


def rule(func: Rule) -> Rule:
    """Mark ``func`` as a permission rule (and list it for the audit table)."""
    func.is_permission_rule = True
    RULES.append(func)
    return func


def _rule_of(decide) -> Rule:
    if not getattr(decide, "is_permission_rule", False):
        raise TypeError(
            f"{decide!r} is not a permission rule: pass the rule function itself (e.g. comment_rules.post_comment)"
        )
    return decide


def why_not(user, decide: Rule, *objects) -> str | None:
    """None if ``user`` may do what ``decide`` guards (to ``objects``); otherwise the reason, for people."""
    return _rule_of(decide)(user, *objects)


def can(user, decide: Rule, *objects) -> bool:
    return why_not(user, decide, *objects) is None


def check(user, decide: Rule, *objects) -> None:
    """Raise PermissionDenied (carrying the reason) unless the user may act."""
    reason = why_not(user, decide, *objects)
    if reason is not None:
        raise PermissionDenied(reason)


# --- Facts about a user, computed once per request object -------------------


class _Roles:
    """What a user is, loaded with two queries (and one more per area-scoped role held) and kept
    on the user object."""

    def __init__(self, user):
        from allauth.account.models import EmailAddress
        from django.contrib.auth import get_user_model

        self._user = user
        self.email_verified = EmailAddress.objects.filter(user=user, verified=True).exists()
        # The profile and every role row in one query; each role held then loads its areas.
        held = (
            get_user_model()
            .objects.select_related(
                "profile",
                "official_role__agency",
                "moderator_role",
                "facilitator_role__for_member__user",
                "council_member_role",
            )
            .get(pk=user.pk)
        )
        official = _held(held, "official_role")
        self.agency_id = official.agency_id if official else None
        self.is_supervisor = bool(official and official.is_supervisor)
        self.official_paths = [a.path for a in official.areas.all()] if official else []
        moderator = _held(held, "moderator_role")
        self.moderates_all = bool(moderator and moderator.all_areas)
        self.moderator_paths = [a.path for a in moderator.areas.all()] if moderator and not moderator.all_areas else []
        self._facilitator = _held(held, "facilitator_role")
        self._council_member = _held(held, "council_member_role")
        # The name badge ({% person user %}) reads these too: keep what was loaded (None = has none).
        for name, row in (
            ("profile", _held(held, "profile")),
            ("official_role", official),
            ("moderator_role", moderator),
            ("facilitator_role", self._facilitator),
            ("council_member_role", self._council_member),
        ):
            user._state.fields_cache.setdefault(name, row)

    # The areas of the rarer roles load only when a rule asks.
    @cached_property
    def facilitator_paths(self) -> list[str]:
        return [a.path for a in self._facilitator.areas.all()] if self._facilitator else []

    @cached_property
    def council_member_paths(self) -> list[str]:
        return [a.path for a in self._council_member.areas.all()] if self._council_member else []


def _held(user, name):
    from django.core.exceptions import ObjectDoesNotExist

    try:
        return getattr(user, name)
    except ObjectDoesNotExist:
        return None


def roles(user) -> _Roles | None:
    if not getattr(user, "is_authenticated", False):
        return None
    cached = getattr(user, "_balai_roles", None)
    if cached is None:
        cached = user._balai_roles = _Roles(user)
    return cached


def forget_roles(user) -> None:
    """Drop the cached facts (after a grant or revoke on the same object)."""
    if hasattr(user, "_balai_roles"):
        del user._balai_roles
    for name in ("official_role", "moderator_role", "facilitator_role", "council_member_role"):
        user._state.fields_cache.pop(name, None)


def _within(paths: list[str], area) -> bool:
    return area is not None and any(area.path.startswith(p) for p in paths)


def is_official_for(user, area, agency_id=None) -> bool:
    r = roles(user)
    if r is None or r.agency_id is None:
        return False
    return _within(r.official_paths, area) and (agency_id is None or r.agency_id == agency_id)


def is_moderator_for(user, area) -> bool:
    r = roles(user)
    if r is None:
        return False
    return r.moderates_all or _within(r.moderator_paths, area)


def is_facilitator_for(user, area) -> bool:
    """A facilitator of ``area`` or an area above it (one query, once per request object)."""
    r = roles(user)
    return r is not None and _within(r.facilitator_paths, area)


def member_staffed_by(user):
    """The council member (a user) whose staff ``user`` is, as a facilitator for them; or None.
    Read with the roles (no query of its own)."""
    r = roles(user)
    facilitator = r._facilitator if r is not None else None
    if facilitator is None or facilitator.for_member_id is None:
        return None
    return facilitator.for_member.user


def acts_for_member(user, member_id) -> bool:
    """``user`` is the council member ``member_id``, or their staff."""
    if not getattr(user, "is_authenticated", False) or member_id is None:
        return False
    if user.pk == member_id:
        return True
    member = member_staffed_by(user)
    return member is not None and member.pk == member_id


def is_council_member_for(user, area) -> bool:
    """The DPRD member whose district covers ``area`` (one query, once per request object)."""
    r = roles(user)
    return r is not None and _within(r.council_member_paths, area)


def is_official(user) -> bool:
    r = roles(user)
    return bool(r and r.agency_id)


def is_moderator(user) -> bool:
    r = roles(user)
    return bool(r and (r.moderates_all or r.moderator_paths))


def profile_of(user):
    """The user's profile, or None (anonymous, or an account without one: reads never create it)."""
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.profile
    except Exception:  # no profile (accounts made outside sign-up)
        return None


def home_area(user):
    profile = profile_of(user)
    return profile.home_area if profile else None


def is_admin(user) -> bool:
    return bool(getattr(user, "is_superuser", False))


def moderates(user, area) -> bool:
    """A moderator of ``area`` (or an area containing it), or an administrator."""
    return is_admin(user) or is_moderator_for(user, area)


def moderates_or_serves(user, area) -> bool:
    """A moderator or an official of ``area`` (or of an area containing it): they run its rounds
    and verify its residents."""
    return is_moderator_for(user, area) or is_official_for(user, area)


# --- Base rules -----------------------------------------------------------------


@rule
def take_part(user) -> str | None:
    """Writing anything at all: a signed-in, active account with a verified e-mail."""
    if not getattr(user, "is_authenticated", False):
        return _("Sign in to take part.")
    if not user.is_active:
        return _("This account is disabled.")
    if not roles(user).email_verified and not _offline_resident(user):
        return _("Confirm your e-mail address to take part.")
    return suspension_refusal(user)


def _offline_resident(user) -> bool:
    """A resident without an account has no e-mail to confirm: a facilitator vouches for them
    (accounts.Profile.recorded_by), and the residency queue verifies them like anyone."""
    profile = profile_of(user)
    return profile is not None and profile.recorded_by_id is not None


def suspension_refusal(user) -> str | None:
    """Why a suspended account may not write (moderation sets Profile.suspended_until)."""
    from django.utils import formats, timezone

    profile = profile_of(user)
    until = profile.suspended_until if profile else None
    if until is None or until <= timezone.now():
        return None
    return _("Your account is suspended until %(until)s: you can read and appeal, nothing else.") % {
        "until": formats.date_format(timezone.localtime(until), "DATETIME_FORMAT")
    }
