"""The one place that answers "may this user do this (to that)?".

Each rule returns ``None`` when the action is allowed, or a translated sentence
saying why not, so the same rule both guards actions and explains a refusal
beside the button. Rules are duck-typed: they read ``obj.area``, ``obj.author_id``
and the like, so this module imports no app above ``accounts``.

Add a rule with ``@rule("verb_noun")``; call ``can``, ``why_not`` or ``check``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

Rule = Callable[[Any, Any], "str | None"]
RULES: dict[str, Rule] = {}


def rule(action: str) -> Callable[[Rule], Rule]:
    def register(func: Rule) -> Rule:
        if action in RULES:
            raise ValueError(f"permission rule {action!r} is defined twice")
        RULES[action] = func
        return func

    return register


def why_not(user, action: str, obj=None) -> str | None:
    """None if ``user`` may do ``action`` to ``obj``; otherwise the reason, for people."""
    try:
        decide = RULES[action]
    except KeyError:
        raise LookupError(f"no permission rule named {action!r}") from None
    return decide(user, obj)


def can(user, action: str, obj=None) -> bool:
    return why_not(user, action, obj) is None


def check(user, action: str, obj=None) -> None:
    """Raise PermissionDenied (carrying the reason) unless the user may act."""
    reason = why_not(user, action, obj)
    if reason is not None:
        raise PermissionDenied(reason)


# --- Facts about a user, computed once per request object -------------------


class _Roles:
    """What a user is, loaded with at most three queries and kept on the user object."""

    def __init__(self, user):
        from allauth.account.models import EmailAddress

        from accounts.models import ModeratorRole, OfficialRole

        self.email_verified = EmailAddress.objects.filter(user=user, verified=True).exists()
        official = OfficialRole.objects.filter(user=user).select_related("agency").first()
        self.agency_id = official.agency_id if official else None
        self.is_supervisor = bool(official and official.is_supervisor)
        self.official_paths = [a.path for a in official.areas.all()] if official else []
        moderator = ModeratorRole.objects.filter(user=user).prefetch_related("areas").first()
        self.moderates_all = bool(moderator and moderator.all_areas)
        self.moderator_paths = [a.path for a in moderator.areas.all()] if moderator else []
        # The name badge ({% person user %}) reads these too: keep what was loaded (None = has none).
        user._state.fields_cache.setdefault("official_role", official)
        user._state.fields_cache.setdefault("moderator_role", moderator)


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
    for name in ("official_role", "moderator_role"):
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


def is_official(user) -> bool:
    r = roles(user)
    return bool(r and r.agency_id)


def is_moderator(user) -> bool:
    r = roles(user)
    return bool(r and (r.moderates_all or r.moderator_paths))


def home_area(user):
    profile = getattr(user, "profile", None) if getattr(user, "is_authenticated", False) else None
    return profile.home_area if profile else None


# --- Base rules -----------------------------------------------------------------


@rule("take_part")
def _take_part(user, obj=None) -> str | None:
    """Writing anything at all: a signed-in, active account with a verified e-mail."""
    if not getattr(user, "is_authenticated", False):
        return _("Sign in to take part.")
    if not user.is_active:
        return _("This account is disabled.")
    if not roles(user).email_verified:
        return _("Confirm your e-mail address to take part.")
    return suspension_refusal(user)


def suspension_refusal(user) -> str | None:
    """Why a suspended account may not write (moderation sets Profile.suspended_until)."""
    from django.utils import formats, timezone

    try:
        until = user.profile.suspended_until
    except Exception:  # no profile yet (accounts made outside sign-up)
        return None
    if until is None or until <= timezone.now():
        return None
    return _("Your account is suspended until %(until)s: you can read and appeal, nothing else.") % {
        "until": formats.date_format(timezone.localtime(until), "DATETIME_FORMAT")
    }


@rule("change_public_profile")
def _change_public_profile(user, obj=None) -> str | None:
    """Renaming oneself, or anything else others see of a profile (the home area, hence the
    residency badge). A suspended person may not: they read and appeal, nothing else.
    The language (only the person sees it) stays theirs to change."""
    if not getattr(user, "is_authenticated", False):
        return _("Sign in to take part.")
    return suspension_refusal(user)


@rule("export_personal_data")
def _export_personal_data(user, obj=None) -> str | None:
    """Anyone signed in downloads what the site holds about them, suspended or not."""
    if not getattr(user, "is_authenticated", False):
        return _("Sign in to download your data.")
    return None


@rule("erase_account")
def _erase_account(user, target) -> str | None:
    """A person erases their own account (even while suspended: leaving is a right);
    administrators erase anyone's (the admin's delete goes through the same action)."""
    if not getattr(user, "is_authenticated", False):
        return _("Sign in to delete your account.")
    if getattr(target, "pk", None) != user.pk and not _is_admin(user):
        return _("Only administrators delete someone else's account.")
    return None


@rule("grant_roles")
def _grant_roles(user, obj=None) -> str | None:
    if getattr(user, "is_superuser", False):
        return None
    return _("Only administrators grant roles.")


@rule("open_issue")
def _open_issue(user, area=None) -> str | None:
    """Any resident with a confirmed e-mail opens issues, in their home area or any area above it."""
    refusal = _take_part(user)
    if refusal:
        return refusal
    home = home_area(user)
    if area is not None and home is not None and not area.contains(home):
        return _("You can open issues only for your home area or an area that contains it.")
    if area is not None and home is None:
        return _("Choose your home area in your profile before opening an issue.")
    return None


# --- votes ---
# One verified resident, one equal vote, in their own area. Roles add no weight:
# officials and moderators vote as residents of their home area, like everyone.
# Issue states are compared as strings so this module imports nothing from issues.

CLOSED_ISSUE_STATES = ("resolved", "declined")


def _profile(user):
    try:
        return user.profile
    except Exception:  # no profile yet (accounts made outside sign-up)
        return None


def _residency_refusal(user, area) -> str | None:
    refusal = _take_part(user)
    if refusal:
        return refusal
    profile = _profile(user)
    home = profile.home_area if profile else None
    if home is None:
        return _("Only verified residents vote. Choose your home area on your profile, then ask to be verified.")
    if profile.residency != "verified" or profile.verified_area_id != home.pk:
        if profile.residency == "pending":
            return _("Your residency verification is waiting for a moderator or official of your area; you can vote once it is approved.")
        return _("Only verified residents vote. Ask on your profile to be verified as a resident of %(home)s.") % {
            "home": home.name
        }
    if area is not None and not area.contains(home):
        return _("Only residents of %(area)s vote here; you are a verified resident of %(home)s.") % {
            "area": area.name,
            "home": home.name,
        }
    return None


@rule("support_issue")
def _support_issue(user, issue) -> str | None:
    """Verified residents of the issue's area (or an area within it), while the issue is open."""
    if issue.status in CLOSED_ISSUE_STATES:
        return _("This issue is %(status)s: support is closed and its tally is frozen.") % {
            "status": issue.get_status_display().lower()
        }
    if issue.merged_into_id:
        return _("This issue was merged into another one: support that issue instead.")
    if issue.hidden:
        return _("This issue is hidden by moderation: support is paused.")
    return _residency_refusal(user, issue.area) or _earlier_account_refusal(
        user, lambda: issue.votes.filter(withdrawn_at__isnull=True),
        _("You already support this issue with an account you deleted; that support still counts."),
    )


def _earlier_account_refusal(user, rows, refusal: str) -> str | None:
    """One person, one vote, across an erased account too (accounts.fingerprints).
    ``rows`` builds the queryset of votes or ballots to look in; only flagged profiles query."""
    from accounts import fingerprints

    profile = _profile(user)
    if profile is None or not profile.matches_erased_account:
        return None
    return refusal if fingerprints.voted_before(user, rows()) else None


@rule("withdraw_support")
def _withdraw_support(user, issue) -> str | None:
    """Anyone holding a vote may take it back while the issue is open (even after moving home)."""
    refusal = _take_part(user)
    if refusal:
        return refusal
    if issue.status in CLOSED_ISSUE_STATES:
        return _("This issue is %(status)s: support is closed and its tally is frozen.") % {
            "status": issue.get_status_display().lower()
        }
    return None


def _runs_rounds_in(user, area) -> bool:
    return is_moderator_for(user, area) or is_official_for(user, area)


@rule("open_round")
def _open_round(user, area) -> str | None:
    refusal = _take_part(user)
    if refusal:
        return refusal
    if not _runs_rounds_in(user, area):
        return _("Only moderators and officials of this area open priority rounds.")
    return None


@rule("change_round")
def _change_round(user, round_) -> str | None:
    refusal = _open_round(user, round_.area)
    if refusal:
        return refusal
    if round_.closed_at is not None:
        return _("This round is closed.")
    if round_.rules_frozen_at is not None:
        return _("The rules cannot change once the first ballot is cast.")
    return None


@rule("allocate_points")
def _allocate_points(user, round_) -> str | None:
    if not round_.is_open:
        return _("This round is closed: its ranking is final.")
    return _residency_refusal(user, round_.area) or _earlier_account_refusal(
        user, lambda: round_.ballots.all(),
        _("You already voted in this round with an account you deleted; that ballot still counts."),
    )


@rule("request_verification")
def _request_verification(user, obj=None) -> str | None:
    refusal = _take_part(user)
    if refusal:
        return refusal
    profile = _profile(user)
    if profile is None or profile.home_area_id is None:
        return _("Choose your home area on your profile first.")
    if profile.residency == "verified" and profile.verified_area_id == profile.home_area_id:
        return _("You are already a verified resident of your home area.")
    return None


@rule("decide_verification")
def _decide_verification(user, request) -> str | None:
    """Moderators and officials of the requested area decide; nobody decides their own request."""
    refusal = _take_part(user)
    if refusal:
        return refusal
    if request.user_id == user.pk:
        return _("Nobody decides their own residency request.")
    if not _runs_rounds_in(user, request.area):
        return _("Only moderators and officials of %(area)s decide its residency requests.") % {
            "area": request.area.name
        }
    return None


@rule("verify_residents")
def _verify_residents(user, area=None) -> str | None:
    """Whether to show the residency queue at all (each decision is checked on its own)."""
    if _take_part(user):
        return _("Only moderators and officials verify residents.")
    if area is not None:
        return None if _runs_rounds_in(user, area) else _("Only moderators and officials of this area verify its residents.")
    return None if (is_moderator(user) or is_official(user)) else _("Only moderators and officials verify residents.")


# --- comments ---
# Deliberation under an issue. Read by anyone; written by people who take part.
# Duck-typed: an issue has .locked/.locked_reason/.hidden, a comment has .author_id,
# .created_at, .retracted_at and .issue.


def _thread_closed(issue) -> str | None:
    if issue.locked:
        if issue.locked_reason:
            return _("This discussion is locked: %(reason)s") % {"reason": issue.locked_reason}
        return _("This discussion is locked: no new comments can be added.")
    if issue.hidden:
        return _("This issue is hidden by moderation: its discussion is paused.")
    return None


@rule("post_comment")
def _post_comment(user, issue) -> str | None:
    """Anyone who takes part (signed in, e-mail confirmed) comments on a visible, unlocked issue."""
    return _take_part(user) or _thread_closed(issue)


def comment_edit_window():
    from datetime import timedelta

    from django.conf import settings

    return timedelta(minutes=settings.COMMENT_EDIT_MINUTES)


@rule("edit_comment")
def _edit_comment(user, comment) -> str | None:
    """The author, within the edit window, while the comment stands and the thread is open."""
    from django.utils import timezone

    refusal = _take_part(user)
    if refusal:
        return refusal
    if comment.author_id != user.pk:
        return _("Only the author can edit a comment.")
    if comment.retracted_at is not None:
        return _("This comment was retracted; it can no longer be edited.")
    if comment.hidden:
        # An edit would republish, as new text, what a moderator hid: appeal instead.
        return _("A moderator hid this comment, so it cannot be edited. You can appeal the decision.")
    if timezone.now() > comment.created_at + comment_edit_window():
        return _("Comments can be edited for %(minutes)d minutes after posting; you can still retract this one.") % {
            "minutes": int(comment_edit_window().total_seconds() // 60)
        }
    return _thread_closed(comment.issue)


@rule("retract_comment")
def _retract_comment(user, comment) -> str | None:
    """The author may retract at any time, even in a locked thread (the text is kept for moderation).

    Deliberately also while suspended: a suspension means "read and appeal, nothing else",
    but withdrawing one's own words adds nothing for others to read; it is a right we keep
    (like erasing one's account), not a way of taking part.
    """
    if not getattr(user, "is_authenticated", False):
        return _("Sign in to take part.")
    if comment.author_id != user.pk:
        return _("Only the author can retract a comment.")
    if comment.retracted_at is not None:
        return _("This comment is already retracted.")
    return None


# --- issues ---


def _has_official_response(issue) -> bool:
    """Whether an official has responded publicly (a RESPONSE line on the issue's timeline).

    Pages annotate ``has_official_response``; otherwise the timeline is asked.
    """
    known = getattr(issue, "has_official_response", None)
    if known is not None:
        return bool(known)
    return issue.timeline.filter(kind="response").exists()


@rule("edit_issue")
def _edit_issue(user, issue) -> str | None:
    """The author edits title, description and photos until an official has responded."""
    refusal = _take_part(user)
    if refusal:
        return refusal
    if issue.author_id != user.pk:
        return _("Only the person who opened this issue can edit it.")
    if getattr(issue, "locked", False):
        return _("This issue is locked, so it cannot be edited.")
    if issue.hidden:
        return _("A moderator hid this issue, so it cannot be edited. You can appeal the decision.")
    if _has_official_response(issue):
        return _("An official has responded, so the issue can no longer be edited. Add a comment instead.")
    return None


@rule("follow_issue")
def _follow_issue(user, issue=None) -> str | None:
    """Following is private and harmless, but it is still a write: a confirmed account."""
    return _take_part(user)


# --- responses ---
# Duck-typed on what responses passes: a duty (``area``, ``agency_id`` of the agency that
# must answer) or a response/commitment (``area``, ``agency_id``, ``issue_author_id``).


def _official_refusal(user, duty) -> str | None:
    refusal = _take_part(user)
    if refusal:
        return refusal
    if duty.agency_id is None:
        return _("No agency is responsible for this issue yet; an administrator assigns one.")
    r = roles(user)
    if r.agency_id is None:
        return _("Only officials of the responsible agency respond.")
    if r.agency_id != duty.agency_id:
        return _("Another agency is responsible for this issue.")
    if not _within(r.official_paths, duty.area):
        return _("You do not serve the area of this issue.")
    return None


@rule("respond_issue")
def _respond_issue(user, duty) -> str | None:
    """Only officials of the responsible agency who serve the issue's area answer it."""
    return _official_refusal(user, duty)


@rule("edit_response")
def _edit_response(user, response) -> str | None:
    """Officials of the agency that gave the answer, serving the area, revise it (as a new version)."""
    return _official_refusal(user, response)


@rule("update_commitment")
def _update_commitment(user, commitment) -> str | None:
    refusal = _official_refusal(user, commitment)
    if refusal is None and getattr(commitment, "done_at", None) is not None:
        return _("This commitment is already done.")
    return refusal


@rule("judge_response")
def _judge_response(user, response) -> str | None:
    """Verified residents of the issue's area and its author say whether an answer answers.

    Officials of the answering agency do not judge their own agency's answer.
    """
    refusal = _take_part(user)
    if refusal:
        return refusal
    r = roles(user)
    if r.agency_id is not None and r.agency_id == response.agency_id and _within(r.official_paths, response.area):
        return _("Officials of the answering agency do not judge its answer.")
    if response.issue_author_id == user.pk:
        return None
    try:
        profile = user.profile
    except Exception:  # no profile yet (accounts made outside sign-up)
        profile = None
    if profile is None or profile.residency != "verified":
        return _("Only verified residents of the area and the issue's author judge the answer.")
    lives_in = profile.verified_area or profile.home_area
    if not response.area.contains(lives_in):
        return _("Only residents of %(area)s judge this answer.") % {"area": response.area.name}
    return None


@rule("reassign_responsibility")
def _reassign_responsibility(user, issue=None) -> str | None:
    if getattr(user, "is_superuser", False):
        return None
    return _("Only administrators reassign which agency answers an issue.")


@rule("view_respond_queue")
def _view_respond_queue(user, obj=None) -> str | None:
    if not getattr(user, "is_authenticated", False):
        return _("Sign in to take part.")
    if not is_official(user):
        return _("Only officials have a response queue.")
    return None


@rule("view_accountability")
def _view_accountability(user, obj=None) -> str | None:
    """The record of who answered what, and when, is public: no account needed."""
    return None


# --- moderation ---
# Moderators act in their areas (and below), never on their own content; administrators
# act everywhere. Duck-typed: an item is an issue (.area, .author_id, .hidden, .locked) or
# a comment (.issue, .author_id, .hidden, .is_official, .retracted_at); an act is a
# moderation action (.kind, .area, .actor_id, .subject_id, …); nothing is imported from moderation.


def _item_area(item):
    area = getattr(item, "area", None)
    return area if area is not None else item.issue.area


def _is_admin(user) -> bool:
    return bool(getattr(user, "is_superuser", False))


def moderates(user, area) -> bool:
    """A moderator of ``area`` (or an area containing it), or an administrator."""
    return _is_admin(user) or is_moderator_for(user, area)


def _is_official_text(item) -> bool:
    """Officials' public answers (official comments, responses): only administrators hide them."""
    return bool(getattr(item, "is_official", False) or getattr(item, "agency_id", None))


def _moderator_refusal(user, item) -> str | None:
    refusal = _take_part(user)
    if refusal:
        return refusal
    if not moderates(user, _item_area(item)):
        return _("Only moderators of %(area)s moderate here.") % {"area": _item_area(item).name}
    if item.author_id == user.pk:
        return _("Moderators never act on their own content; another moderator will.")
    return None


@rule("report_item")
def _report_item(user, item) -> str | None:
    """Anyone who takes part reports an issue or a comment (once: the action keeps count)."""
    refusal = _take_part(user)
    if refusal:
        return refusal
    if item.author_id == user.pk:
        return _("You cannot report what you wrote yourself.")
    if getattr(item, "retracted_at", None):
        return _("This comment was retracted by its author.")
    if item.hidden:
        return _("This is already hidden while moderators review it.")
    return None


@rule("hide_item")
def _hide_item(user, item) -> str | None:
    refusal = _moderator_refusal(user, item)
    if refusal:
        return refusal
    if _is_official_text(item) and not _is_admin(user):
        return _("Only administrators hide an official's answer.")
    # An automatic hide (hidden_automatically, see moderation) waits for a moderator to confirm it.
    if item.hidden and not item.hidden_automatically:
        return _("This is already hidden.")
    return None


@rule("restore_item")
def _restore_item(user, item) -> str | None:
    refusal = _moderator_refusal(user, item)
    if refusal:
        return refusal
    if _is_official_text(item) and not _is_admin(user):
        return _("Only administrators act on an official's answer.")
    if not item.hidden:
        return _("This is not hidden.")
    return None


@rule("lock_thread")
def _lock_thread(user, issue) -> str | None:
    refusal = _moderator_refusal(user, issue)
    if refusal:
        return refusal
    if issue.locked:
        return _("This discussion is already locked.")
    return None


@rule("unlock_thread")
def _unlock_thread(user, issue) -> str | None:
    refusal = _moderator_refusal(user, issue)
    if refusal:
        return refusal
    if not issue.locked:
        return _("This discussion is not locked.")
    if getattr(issue, "merged_into_id", None):
        return _("A merged issue stays locked: its discussion continues on the issue it was merged into.")
    return None


@rule("dismiss_reports")
def _dismiss_reports(user, item) -> str | None:
    return _moderator_refusal(user, item)


@rule("read_reports")
def _read_reports(user, item) -> str | None:
    """Reports (their reasons, notes and reporters) are read by moderators of the item's area and
    administrators only: the report form promises the reporter's name is shown to no one else.
    Officials who may open a moderation page (to merge) see the public record, not the reports."""
    if moderates(user, _item_area(item)):
        return None
    return _("Only moderators of %(area)s read the reports.") % {"area": _item_area(item).name}


@rule("suspend_user")
def _suspend_user(user, target) -> str | None:
    """``target`` has .user (who) and .area (where the moderator saw the trouble)."""
    refusal = _take_part(user)
    if refusal:
        return refusal
    if target.user.pk == user.pk:
        return _("Nobody suspends themselves.")
    if _is_admin(target.user):
        return _("Administrators cannot be suspended here.")
    if _is_admin(user):
        return None
    if target.area is None or not is_moderator_for(user, target.area):
        return _("Only moderators of the area where it happened suspend an account.")
    if is_moderator(target.user):
        return _("Only administrators suspend a moderator.")
    if is_official(target.user):  # they act for an agency: suspending them silences it
        return _("Only administrators suspend an official.")
    return None


@rule("lift_suspension")
def _lift_suspension(user, suspension) -> str | None:
    refusal = _take_part(user)
    if refusal:
        return refusal
    if suspension.user_id == user.pk:
        return _("Nobody lifts their own suspension; appeal it instead.")
    if not moderates(user, suspension.area):
        return _("Only moderators of %(area)s lift this suspension.") % {"area": suspension.area.name}
    if suspension.lifted_at is not None:
        return _("This suspension was already lifted.")
    return None


@rule("merge_issues")
def _merge_issues(user, issue) -> str | None:
    """Moderators and officials of the issue's area merge it into another (checked for both issues)."""
    refusal = _take_part(user)
    if refusal:
        return refusal
    if not (moderates(user, issue.area) or is_official_for(user, issue.area)):
        return _("Only moderators and officials of %(area)s merge its issues.") % {"area": issue.area.name}
    if issue.author_id == user.pk:
        return _("Nobody merges their own issue; another moderator or official will.")
    return None


@rule("appeal")
def _appeal(user, act) -> str | None:
    """The person a hide or a suspension is about appeals it once, even while suspended."""
    if not getattr(user, "is_authenticated", False):
        return _("Sign in to appeal.")
    if not user.is_active:
        return _("This account is disabled.")
    if act.kind not in ("hide", "suspend") or act.subject_id != user.pk:
        return _("Only the person a hide or a suspension is about may appeal it.")
    if getattr(act, "already_appealed", False):
        return _("This decision was already appealed; each decision is appealed once.")
    if not getattr(act, "in_force", True):
        return _("This decision is no longer in force.")
    return None


@rule("decide_appeal")
def _decide_appeal(user, appeal) -> str | None:
    """Another moderator of the area (not the one who acted, not the appellant) or an administrator."""
    refusal = _take_part(user)
    if refusal:
        return refusal
    act = appeal.action
    if appeal.appellant_id == user.pk:
        return _("Nobody decides their own appeal.")
    if act.actor_id == user.pk:
        return _("The moderator who acted does not decide the appeal; another moderator or an administrator does.")
    if not moderates(user, act.area):
        return _("Only moderators of %(area)s decide this appeal.") % {"area": act.area.name}
    if appeal.state != "pending":
        return _("This appeal was already decided.")
    return None


@rule("view_appeal")
def _view_appeal(user, appeal) -> str | None:
    """An appeal (its text, and the hidden item it is about) is read by the appellant and by
    moderators of the area and administrators, who may decide it; the outcome is public in the log."""
    if not getattr(user, "is_authenticated", False):
        return _("Sign in to take part.")
    if appeal.appellant_id == user.pk or moderates(user, appeal.action.area):
        return None
    return _("Only the appellant and moderators of %(area)s read this appeal; its outcome is public in the moderation log.") % {
        "area": appeal.action.area.name
    }


@rule("view_moderation_queue")
def _view_moderation_queue(user, area=None) -> str | None:
    if not getattr(user, "is_authenticated", False):
        return _("Sign in to take part.")
    if _is_admin(user) or (is_moderator_for(user, area) if area is not None else is_moderator(user)):
        return None
    return _("Only moderators have a moderation queue.")
