"""Who reports, hides, restores, locks, merges, suspends and decides appeals.

Moderators act in their areas (and below), never on their own content; administrators act
everywhere. An item is an issue or a comment (``issues.models.Issue``, ``comments.models.Comment``).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from accounts import permissions
from accounts.permissions import is_admin, moderates, rule
from moderation.models import Appeal, ModerationAction

APPEALABLE = (ModerationAction.Kind.HIDE, ModerationAction.Kind.SUSPEND)


def _item_area(item):
    area = getattr(item, "area", None)  # an issue has an area; a comment's is its issue's
    return area if area is not None else item.issue.area


def _is_official_text(item) -> bool:
    """Officials' public answers (official comments, responses): only administrators hide them."""
    return bool(getattr(item, "is_official", False) or getattr(item, "agency_id", None))


def _moderator_refusal(user, item) -> str | None:
    refusal = permissions.take_part(user)
    if refusal:
        return refusal
    if not moderates(user, _item_area(item)):
        return _("Only moderators of %(area)s moderate here.") % {"area": _item_area(item).name}
    if item.author_id == user.pk:
        return _("Moderators never act on their own content; another moderator will.")
    return None


@rule
def report_item(user, item) -> str | None:
    """Anyone who takes part reports an issue or a comment (once: the action keeps count)."""
    refusal = permissions.take_part(user)
    if refusal:
        return refusal
    if item.author_id == user.pk:
        return _("You cannot report what you wrote yourself.")
    if getattr(item, "retracted_at", None):  # comments only
        return _("This comment was retracted by its author.")
    if item.hidden:
        return _("This is already hidden while moderators review it.")
    return None


@rule
def hide_item(user, item) -> str | None:
    """Moderators of the item's area hide it (an official's answer: administrators only)."""
    refusal = _moderator_refusal(user, item)
    if refusal:
        return refusal
    if _is_official_text(item) and not is_admin(user):
        return _("Only administrators hide an official's answer.")
    # An automatic hide waits for a moderator to confirm it.
    # An automatic hide (hidden_automatically, see moderation) waits for a moderator to confirm it.
    if item.hidden and not item.hidden_automatically:
        return _("This is already hidden.")
    return None


@rule
def restore_item(user, item) -> str | None:
    """Moderators of the item's area show a hidden item again."""
    refusal = _moderator_refusal(user, item)
    if refusal:
        return refusal
    if _is_official_text(item) and not is_admin(user):
        return _("Only administrators act on an official's answer.")
    if not item.hidden:
        return _("This is not hidden.")
    return None


@rule
def lock_thread(user, issue) -> str | None:
    """Moderators of the issue's area lock its discussion."""
    refusal = _moderator_refusal(user, issue)
    if refusal:
        return refusal
    if issue.locked:
        return _("This discussion is already locked.")
    return None


@rule
def unlock_thread(user, issue) -> str | None:
    """Moderators of the issue's area unlock it, unless it was merged."""
    refusal = _moderator_refusal(user, issue)
    if refusal:
        return refusal
    if not issue.locked:
        return _("This discussion is not locked.")
    if issue.merged_into_id:
        return _("A merged issue stays locked: its discussion continues on the issue it was merged into.")
    return None


@rule
def dismiss_reports(user, item) -> str | None:
    """Moderators of the item's area dismiss its reports."""
    return _moderator_refusal(user, item)


@rule
def read_reports(user, item) -> str | None:
    """Reports (their reasons, notes and reporters) are read by moderators of the item's area and
    administrators only: the report form promises the reporter's name is shown to no one else.
    Officials who may open a moderation page (to merge) see the public record, not the reports."""
    if moderates(user, _item_area(item)):
        return None
    return _("Only moderators of %(area)s read the reports.") % {"area": _item_area(item).name}


@rule
def suspend_user(user, target, area) -> str | None:
    """Suspending ``target`` for what happened in ``area`` (None: nowhere known): its moderators
    suspend residents; administrators anyone but administrators."""
    refusal = permissions.take_part(user)
    if refusal:
        return refusal
    if target.pk == user.pk:
        return _("Nobody suspends themselves.")
    if is_admin(target):
        return _("Administrators cannot be suspended here.")
    if is_admin(user):
        return None
    if area is None or not permissions.is_moderator_for(user, area):
        return _("Only moderators of the area where it happened suspend an account.")
    if permissions.is_moderator(target):
        return _("Only administrators suspend a moderator.")
    if permissions.is_official(target):  # they act for an agency: suspending them silences it
        return _("Only administrators suspend an official.")
    return None


@rule
def lift_suspension(user, suspension) -> str | None:
    """Moderators of the suspension's area lift it early (never the suspended person)."""
    refusal = permissions.take_part(user)
    if refusal:
        return refusal
    if suspension.user_id == user.pk:
        return _("Nobody lifts their own suspension; appeal it instead.")
    if not moderates(user, suspension.area):
        return _("Only moderators of %(area)s lift this suspension.") % {"area": suspension.area.name}
    if suspension.lifted_at is not None:
        return _("This suspension was already lifted.")
    return None


@rule
def merge_issues(user, issue) -> str | None:
    """Moderators and officials of the issue's area merge it into another (checked for both issues)."""
    refusal = permissions.take_part(user)
    if refusal:
        return refusal
    if not (moderates(user, issue.area) or permissions.is_official_for(user, issue.area)):
        return _("Only moderators and officials of %(area)s merge its issues.") % {"area": issue.area.name}
    if issue.author_id == user.pk:
        return _("Nobody merges their own issue; another moderator or official will.")
    return None


@rule
def appeal(user, act, already_appealed: bool, in_force: bool) -> str | None:
    """The person a hide or a suspension is about appeals it once, even while suspended, while it
    is in force (``moderation.actions.appeal_facts(act)`` gives the two facts)."""
    if not getattr(user, "is_authenticated", False):
        return _("Sign in to appeal.")
    if not user.is_active:
        return _("This account is disabled.")
    if act.kind not in APPEALABLE or act.subject_id != user.pk:
        return _("Only the person a hide or a suspension is about may appeal it.")
    if already_appealed:
        return _("This decision was already appealed; each decision is appealed once.")
    if not in_force:
        return _("This decision is no longer in force.")
    return None


@rule
def decide_appeal(user, appeal) -> str | None:
    """Another moderator of the area (not the one who acted, not the appellant) or an administrator."""
    refusal = permissions.take_part(user)
    if refusal:
        return refusal
    act = appeal.action
    if appeal.appellant_id == user.pk:
        return _("Nobody decides their own appeal.")
    if act.actor_id == user.pk:
        return _("The moderator who acted does not decide the appeal; another moderator or an administrator does.")
    if not moderates(user, act.area):
        return _("Only moderators of %(area)s decide this appeal.") % {"area": act.area.name}
    if appeal.state != Appeal.State.PENDING:
        return _("This appeal was already decided.")
    return None


@rule
def view_appeal(user, appeal) -> str | None:
    """An appeal (its text, and the hidden item it is about) is read by the appellant and by
    moderators of the area and administrators, who may decide it; the outcome is public in the log."""
    if not getattr(user, "is_authenticated", False):
        return _("Sign in to take part.")
    if appeal.appellant_id == user.pk or moderates(user, appeal.action.area):
        return None
    return _(
        "Only the appellant and moderators of %(area)s read this appeal; its outcome is public in the moderation log."
    ) % {"area": appeal.action.area.name}


@rule
def view_moderation_queue(user, area=None) -> str | None:
    """Moderators (of ``area``, when given) and administrators have a moderation queue."""
    if not getattr(user, "is_authenticated", False):
        return _("Sign in to take part.")
    if is_admin(user) or (
        permissions.is_moderator_for(user, area) if area is not None else permissions.is_moderator(user)
    ):
        return None
    return _("Only moderators have a moderation queue.")
