"""Acts of moderation. Each checks permission, writes in one transaction, writes exactly
one public ModerationAction (plus the line on the issue's timeline when it concerns an
issue or a comment) and records the live event for every viewer of the issue.

Items are issues or comments (``item`` is either). Their moderation state lives on
them (hidden, hidden_reason, locked …): a hide stores its Reason code, the moderator's
note and whether the report threshold hid it, so templates phrase it in the reader's
language (moderation.templatetags.moderation).

The person an act is about is told (notifications: in the site now, by e-mail after commit)
with the public reason and the link to appeal, or to the appeal's outcome; never the hidden text.

A report is private (reporters are not exposed); it writes a log entry only when it
makes the threshold hide the item, and then the entry is the automatic hide.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import permissions
from accounts.models import Area, Profile
from comments import fragments as comment_fragments
from comments.models import Comment, CommentRevision
from core import live as core_live
from core import ratelimit
from issues import fragments as issue_fragments
from issues import live
from issues import queries as issue_queries
from issues.locks import lock_issue
from issues.models import Follow, Issue, IssueRevision, TimelineEntry
from moderation import fragments
from moderation import rules as moderation_rules
from moderation.models import Appeal, ModerationAction, ModerationPolicy, Reason, Report, Suspension
from notifications import actions as tell

Kind = ModerationAction.Kind
NOTE_MAX = 500


# --- Items -----------------------------------------------------------------------------


def issue_of(item) -> Issue:
    return item if isinstance(item, Issue) else item.issue


def comment_of(item) -> Comment | None:
    return item if isinstance(item, Comment) else None


# The moderation state of an item (what the rules read), refreshed under its row lock.
HIDDEN_STATE = ("hidden", "hidden_reason", "hidden_note", "hidden_automatically")
ISSUE_STATE = (*HIDDEN_STATE, "locked", "locked_reason", "merged_into")
COMMENT_STATE = (*HIDDEN_STATE, "retracted_at")


def _lock_item(item):
    """Lock the item's row and refresh its moderation state (what the rules read)."""
    if isinstance(item, Issue):
        return lock_issue(item, fields=ISSUE_STATE)
    fresh = type(item).objects.select_for_update().only(*COMMENT_STATE).get(pk=item.pk)
    for name in COMMENT_STATE:
        setattr(item, name, getattr(fresh, name))
    return item


def _open_reports(item):
    issue, comment = issue_of(item), comment_of(item)
    reports = Report.objects.filter(issue=issue, resolved_by__isnull=True)
    return reports.filter(comment=comment) if comment else reports.filter(comment__isnull=True)


def _clean(reason: str, note: str, *, reason_required: bool = True) -> tuple[str, str]:
    note = (note or "").strip()
    if reason_required and reason not in Reason.values:
        raise ValidationError({"reason": _("Choose a reason.")})
    if reason == Reason.OTHER and not note:
        raise ValidationError({"note": _("Say in a few words what the reason is.")})
    if len(note) > NOTE_MAX:
        raise ValidationError({"note": _("At most %(max)d characters.") % {"max": NOTE_MAX}})
    return reason, note


def report_threshold(area: Area) -> int:
    """The area's threshold, else its nearest ancestor's, else MODERATION_REPORT_THRESHOLD."""
    slugs = area.path.strip("/").split("/")
    policies = ModerationPolicy.objects.filter(area__slug__in=slugs, report_threshold__isnull=False).select_related(
        "area"
    )
    nearest = max(policies, key=lambda p: p.area.depth, default=None)
    return nearest.report_threshold if nearest else settings.MODERATION_REPORT_THRESHOLD


# --- The record --------------------------------------------------------------------------


def _log(
    *, kind: str, actor, item=None, area: Area | None = None, reason: str = "", note: str = "", **extra
) -> ModerationAction:
    """Write the one public ModerationAction of an act, and its line on the issue's timeline."""
    issue = issue_of(item) if item is not None else extra.pop("issue", None)
    comment = comment_of(item) if item is not None else extra.pop("comment", None)
    action = ModerationAction.objects.create(
        kind=kind,
        actor=actor,
        area=area or issue.area,
        issue=issue,
        comment=comment,
        reason=reason,
        note=note,
        automatic=actor is None,
        **extra,
    )
    action.timeline_entry = None
    if issue is not None:
        action.timeline_entry = TimelineEntry.objects.create(
            issue=issue,
            kind=TimelineEntry.Kind.MERGED if kind == Kind.MERGE else TimelineEntry.Kind.MODERATION,
            actor=actor,
            data=_timeline_data(action),
        )
    return action


def _timeline_data(action, *, on_target: bool = False) -> dict:
    """The untranslated facts a timeline line phrases (see moderation/timeline_entry.html)."""
    data = {
        "action": action.pk,
        "act": action.kind,
        "what": action.item_kind,
        "reason": action.reason,
        "note": action.note[:200],
        "automatic": action.automatic,
    }
    if action.comment_id:
        data["comment"] = action.comment_id
    if action.data.get("reports"):
        data["reports"] = action.data["reports"]
    if action.target_issue_id:
        data["into"] = action.target_issue_id
        data["into_title"] = action.target_issue.title
    if on_target:
        data.update(act="merged_from", source=action.issue_id, source_title=action.issue.title)
    return data


# --- Live events -------------------------------------------------------------------------


def _publish_item(item, action, *, changed: bool = True) -> None:
    """Record the live event of an act on ``item`` (see fragments.for_act). A changed item's
    earlier events (a comment's post and edits, the issue's own) now replay as it is: hidden."""
    is_comment = isinstance(item, Comment)
    issue = item.issue if is_comment else item
    fresh = issue_queries.issue_for_page(None, issue.pk)  # everything its partials print, read once

    subject, restate = "", None
    if changed and is_comment:
        subject, restate = live.comment_subject(item.pk), lambda: comment_fragments.current(item)
        tell.comment_changed(comment=item)
    elif changed:
        subject, restate = live.issue_subject(issue.pk), lambda: fragments.item_now(issue, fresh)
    live.record_event(
        issue=issue,
        kind=f"moderation.{action.kind}",
        subject=subject,
        restate=restate,
        render=lambda: fragments.for_act(item, action, fresh, changed=changed),
    )


def _publish_timeline(issue, action) -> None:
    """Only a timeline line (an appeal filed)."""
    entry = action.timeline_entry
    live.record_event(
        issue=issue, kind=f"moderation.{action.kind}", render=lambda: issue_fragments.timeline_entry(issue, entry)
    )


def _publish_merge_target(target, entry, duplicate) -> None:
    live.record_event(
        issue=target, kind="moderation.merged_from", render=lambda: fragments.merged_from(target, entry, duplicate)
    )


# --- Reports ---------------------------------------------------------------------------


def report_item(*, actor, item, reason: str, note: str = "") -> Report:
    """Report an issue or a comment, once. Distinct open reports reaching the area's threshold
    hide the item pending review (an automatic ModerationAction). Raises PermissionDenied
    (including RateLimited) or ValidationError; the form keeps what was typed."""
    permissions.check(actor, moderation_rules.report_item, item)
    reason, note = _clean(reason, note)
    issue, comment = issue_of(item), comment_of(item)
    if Report.objects.filter(reporter=actor, issue=issue, comment=comment).exists():
        raise PermissionDenied(_("You already reported this. Moderators will look at it."))
    ratelimit.check("report", actor)
    try:
        with transaction.atomic():
            _lock_item(item)
            permissions.check(actor, moderation_rules.report_item, item)
            report = Report.objects.create(reporter=actor, issue=issue, comment=comment, reason=reason, note=note)
            _maybe_hide_automatically(item)
    except IntegrityError:  # the same person's twin request won
        ratelimit.give_back("report", actor)
        raise PermissionDenied(_("You already reported this. Moderators will look at it.")) from None
    return report


def _maybe_hide_automatically(item) -> ModerationAction | None:
    reasons = list(_open_reports(item).values_list("reason", flat=True))
    if item.hidden or len(reasons) < report_threshold(issue_of(item).area):
        return None
    reason = Counter(reasons).most_common(1)[0][0]
    _set_hidden(item, hidden=True, reason=reason, automatic=True, revisions=reason == Reason.PERSONAL_DATA)
    action = _log(
        kind=Kind.HIDE, actor=None, item=item, reason=reason, subject_id=item.author_id, data={"reports": len(reasons)}
    )
    tell.item_hidden(action=action, item=item, reason_label=Reason(reason).label)
    _publish_item(item, action)
    return action


# --- Hide and restore ------------------------------------------------------------------------


def _set_hidden(
    item, *, hidden: bool, reason: str = "", note: str = "", automatic: bool = False, revisions: bool | None = None
) -> None:
    """Hide (with its reason, note and whether the report threshold did it) or show the item;
    ``revisions`` True/False also hides/shows its earlier versions."""
    item.hidden, item.hidden_reason, item.hidden_note, item.hidden_automatically = hidden, reason, note, automatic
    item.save(update_fields=list(HIDDEN_STATE))
    if revisions is not None:
        if isinstance(item, Issue):
            IssueRevision.objects.filter(issue=item).update(hidden=revisions)
        else:
            CommentRevision.objects.filter(comment=item).update(hidden=revisions)


def hide_item(*, actor, item, reason: str, note: str = "") -> ModerationAction:
    """Hide an issue or comment with a public reason. It stays in place as "Hidden by a moderator:
    <reason>"; its author still sees it. A personal-data hide also hides its earlier versions.
    Confirms an automatic hide. Resolves the item's open reports."""
    permissions.check(actor, moderation_rules.hide_item, item)
    reason, note = _clean(reason, note)
    with transaction.atomic():
        _lock_item(item)
        permissions.check(actor, moderation_rules.hide_item, item)
        personal = reason == Reason.PERSONAL_DATA
        _set_hidden(item, hidden=True, reason=reason, note=note, revisions=True if personal else None)
        action = _log(kind=Kind.HIDE, actor=actor, item=item, reason=reason, note=note, subject_id=item.author_id)
        _open_reports(item).update(resolved_by=action)
        tell.item_hidden(action=action, item=item, reason_label=Reason(reason).label)
        _publish_item(item, action)
    return action


def restore_item(*, actor, item, note: str = "") -> ModerationAction:
    """Show a hidden item again. Earlier versions hidden for personal data stay hidden
    (the data may still be in them); only an accepted appeal shows them again."""
    permissions.check(actor, moderation_rules.restore_item, item)
    _reason, note = _clean("", note, reason_required=False)
    with transaction.atomic():
        _lock_item(item)
        permissions.check(actor, moderation_rules.restore_item, item)
        _set_hidden(item, hidden=False)
        action = _log(kind=Kind.RESTORE, actor=actor, item=item, note=note, subject_id=item.author_id)
        _open_reports(item).update(resolved_by=action)
        _publish_item(item, action)
    return action


def dismiss_reports(*, actor, item, note: str = "") -> ModerationAction:
    """Close the item's open reports as unfounded. An item the threshold hid is shown again."""
    permissions.check(actor, moderation_rules.dismiss_reports, item)
    _reason, note = _clean("", note, reason_required=False)
    with transaction.atomic():
        _lock_item(item)
        open_reports = _open_reports(item)
        count = open_reports.count()
        if not count:
            raise PermissionDenied(_("There are no open reports on this."))
        restored = item.hidden and item.hidden_automatically
        if restored:
            _set_hidden(item, hidden=False)
        action = _log(
            kind=Kind.DISMISS,
            actor=actor,
            item=item,
            note=note,
            subject_id=item.author_id,
            data={"reports": count, "restored": restored},
        )
        open_reports.update(resolved_by=action)
        _publish_item(item, action, changed=restored)
    return action


# --- Locks ------------------------------------------------------------------------------------


def lock_thread(*, actor, issue: Issue, note: str) -> ModerationAction:
    """Close an issue's discussion to new comments and replies, with a public reason."""
    permissions.check(actor, moderation_rules.lock_thread, issue)
    _reason, note = _clean("", note, reason_required=False)
    if not note:
        raise ValidationError({"note": _("Say why the discussion is locked; everyone will read it.")})
    with transaction.atomic():
        _lock_item(issue)
        permissions.check(actor, moderation_rules.lock_thread, issue)
        issue.locked, issue.locked_reason = True, note[:200]
        issue.save(update_fields=["locked", "locked_reason"])
        action = _log(kind=Kind.LOCK, actor=actor, item=issue, note=note)
        _publish_item(issue, action)
    return action


def unlock_thread(*, actor, issue: Issue, note: str = "") -> ModerationAction:
    permissions.check(actor, moderation_rules.unlock_thread, issue)
    _reason, note = _clean("", note, reason_required=False)
    with transaction.atomic():
        _lock_item(issue)
        permissions.check(actor, moderation_rules.unlock_thread, issue)
        issue.locked, issue.locked_reason = False, ""
        issue.save(update_fields=["locked", "locked_reason"])
        action = _log(kind=Kind.UNLOCK, actor=actor, item=issue, note=note)
        _publish_item(issue, action)
    return action


# --- Suspensions -----------------------------------------------------------------------------------


def suspend_user(
    *, actor, user, days: int, reason: str, note: str = "", item=None, area: Area | None = None
) -> Suspension:
    """Suspend ``user`` for ``days``: they can read and appeal, nothing else. ``item`` (what they
    wrote) or ``area`` says where it happened (default: their home area); moderators of it act.
    Their open live pages are closed once this commits."""
    area = issue_of(item).area if item is not None else area or permissions.home_area(user)
    permissions.check(actor, moderation_rules.suspend_user, user, area)
    reason, note = _clean(reason, note)
    limit = None if actor.is_superuser else settings.MODERATION_MAX_SUSPENSION_DAYS
    if days < 1 or (limit and days > limit):
        raise ValidationError({"days": _("Between 1 and %(max)d days.") % {"max": limit or 36500}})
    now = timezone.now()
    with transaction.atomic():
        profile = Profile.objects.select_for_update().get(user=user)
        ends = now + timedelta(days=days)
        action = _log(
            kind=Kind.SUSPEND,
            actor=actor,
            item=item,
            area=area,
            reason=reason,
            note=note,
            subject=user,
            data={"days": days, "until": ends.isoformat()},
        )
        suspension = Suspension.objects.create(user=user, area=area, starts_at=now, ends_at=ends, action=action)
        _set_suspended_until(profile, user)
        if action.timeline_entry is not None:
            _publish_item(item, action, changed=False)
        core_live.end_sessions_on_commit(user.pk)
        tell.account_suspended(action=action, user=user, reason_label=Reason(reason).label)
    return suspension


def _set_suspended_until(profile: Profile, user) -> None:
    """The profile's cached end of suspension: the latest end among suspensions not lifted."""
    ends = Suspension.objects.filter(user=user, lifted_at__isnull=True, ends_at__gt=timezone.now()).values_list(
        "ends_at", flat=True
    )
    profile.suspended_until = max(ends, default=None)
    profile.save(update_fields=["suspended_until"])
    if hasattr(user, "profile"):
        user.profile.suspended_until = profile.suspended_until


def _lift(suspension: Suspension) -> None:
    suspension.lifted_at = timezone.now()
    suspension.save(update_fields=["lifted_at"])
    _set_suspended_until(Profile.objects.select_for_update().get(user_id=suspension.user_id), suspension.user)


def lift_suspension(*, actor, suspension: Suspension, note: str = "") -> ModerationAction:
    permissions.check(actor, moderation_rules.lift_suspension, suspension)
    _reason, note = _clean("", note, reason_required=False)
    with transaction.atomic():
        locked = Suspension.objects.select_for_update().select_related("area", "user").get(pk=suspension.pk)
        permissions.check(actor, moderation_rules.lift_suspension, locked)
        _lift(locked)
        action = _log(
            kind=Kind.LIFT, actor=actor, area=locked.area, note=note, subject=locked.user, regarding_id=locked.action_id
        )
    suspension.lifted_at = locked.lifted_at
    return action


# --- Merges ---------------------------------------------------------------------------------------


def merge_issues(*, actor, duplicate: Issue, target: Issue, note: str = "") -> ModerationAction:
    """Merge ``duplicate`` into ``target``: the duplicate shows "merged into #N", keeps its comments
    readable and is locked; its followers follow the target; each of its supporters supports the
    target once, if they may (the eligibility rules of votes apply)."""
    permissions.check(actor, moderation_rules.merge_issues, duplicate)
    permissions.check(actor, moderation_rules.merge_issues, target)
    _reason, note = _clean("", note, reason_required=False)
    if duplicate.pk == target.pk:
        raise ValidationError({"target": _("An issue cannot be merged into itself.")})
    with transaction.atomic():
        first, second = sorted([duplicate, target], key=lambda i: i.pk)  # one lock order: no deadlock
        _lock_item(first), _lock_item(second)
        _check_mergeable(duplicate, target)
        duplicate.merged_into = target
        duplicate.locked = True
        duplicate.locked_reason = _("Merged into #%(n)d: the discussion continues there.") % {"n": target.pk}
        duplicate.save(update_fields=["merged_into", "locked", "locked_reason"])
        followers = _move_followers(duplicate, target)
        moved, refused = _move_supporters(duplicate, target)
        action = _log(
            kind=Kind.MERGE,
            actor=actor,
            item=duplicate,
            note=note,
            target_issue=target,
            data={"followers": followers, "supporters": moved, "not_eligible": refused},
        )
        target_entry = TimelineEntry.objects.create(
            issue=target, kind=TimelineEntry.Kind.MERGED, actor=actor, data=_timeline_data(action, on_target=True)
        )
        _publish_item(duplicate, action)
        _publish_merge_target(target, target_entry, duplicate)
    return action


def _check_mergeable(duplicate: Issue, target: Issue) -> None:
    if duplicate.merged_into_id:
        raise ValidationError(
            {"target": _("This issue was already merged into #%(n)d.") % {"n": duplicate.merged_into_id}}
        )
    if target.merged_into_id:
        raise ValidationError(
            {
                "target": _("#%(t)d was itself merged into #%(n)d: merge into that one.")
                % {"t": target.pk, "n": target.merged_into_id}
            }
        )
    if target.hidden:
        raise ValidationError({"target": _("#%(t)d is hidden by moderation.") % {"t": target.pk}})


def _move_followers(duplicate: Issue, target: Issue) -> int:
    # A follow is the follower's private preference, carried over as it is (no permission
    # to check on their behalf); existing follows of the target are left alone.
    users = list(
        Follow.objects.filter(issue=duplicate).exclude(user__follows__issue=target).values_list("user_id", flat=True)
    )
    Follow.objects.bulk_create([Follow(user_id=u, issue=target) for u in users], ignore_conflicts=True)
    return len(users)


def _move_supporters(duplicate: Issue, target: Issue) -> tuple[int, int]:
    """Each active supporter of the duplicate supports the target through votes' own action
    (once each: it is idempotent; refused where the rules refuse them)."""
    if not apps.is_installed("votes"):
        return 0, 0
    from votes.actions import cast_vote
    from votes.models import Vote

    moved = refused = 0
    votes = Vote.objects.filter(issue=duplicate, withdrawn_at__isnull=True).select_related("user__profile")
    with ratelimit.exempt():
        for vote in votes:
            try:
                cast_vote(actor=vote.user, issue=target)
            except PermissionDenied:
                refused += 1
            else:
                moved += 1
    return moved, refused


# --- Appeals ------------------------------------------------------------------------------------------


def in_force(act: ModerationAction, *, quick: bool = False) -> bool:
    """Whether a hide or a suspension still holds (an appeal of an undone act is moot).

    ``quick`` trusts the item already loaded with the act (lists); otherwise the item
    is read again and the hide must be the latest act that hid or showed it.
    """
    if act.kind == Kind.SUSPEND:
        suspension = getattr(act, "suspension", None)
        return suspension is not None and suspension.lifted_at is None and suspension.ends_at > timezone.now()
    if act.kind != Kind.HIDE:
        return False
    item = act.comment or act.issue
    if quick:
        return item.hidden
    item.refresh_from_db(fields=["hidden"])
    latest = (
        ModerationAction.objects.filter(
            issue=act.issue_id, comment=act.comment_id, kind__in=[Kind.HIDE, Kind.RESTORE, Kind.DISMISS, Kind.OVERTURN]
        )
        .order_by("-created_at", "-pk")
        .values_list("pk", flat=True)
        .first()
    )
    return item.hidden and latest == act.pk


def appeal_facts(act: ModerationAction, *, quick: bool = False) -> tuple[bool, bool]:
    """What the appeal rule asks besides the act: (already appealed, still in force)."""
    try:
        already_appealed = act.appeal is not None
    except Appeal.DoesNotExist:
        already_appealed = False
    return already_appealed, in_force(act, quick=quick)


def appeal(*, actor, action: ModerationAction, text: str) -> Appeal:
    """The person a hide or suspension is about contests it, once, with a text (even while suspended)."""
    permissions.check(actor, moderation_rules.appeal, action, *appeal_facts(action))
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Say why the decision should be reversed.")})
    if len(text) > 2000:
        raise ValidationError({"text": _("At most %(max)d characters.") % {"max": 2000}})
    try:
        with transaction.atomic():
            made = Appeal.objects.create(action=action, appellant=actor, text=text)
            entry = _log(
                kind=Kind.APPEAL,
                actor=actor,
                area=action.area,
                issue=action.issue,
                comment=action.comment,
                subject=actor,
                regarding=action,
            )
            if entry.timeline_entry is not None:
                _publish_timeline(action.issue, entry)
    except IntegrityError:
        raise PermissionDenied(_("This decision was already appealed; each decision is appealed once.")) from None
    return made


def decide_appeal(*, actor, appeal: Appeal, overturn: bool, note: str) -> ModerationAction:
    """Another moderator of the area (not the one who acted) or an administrator decides.
    Overturning reverses the act (shows the item and its earlier versions again, or lifts the
    suspension) as part of this one logged decision."""
    permissions.check(actor, moderation_rules.decide_appeal, appeal)
    _reason, note = _clean("", note, reason_required=False)
    if not note:
        raise ValidationError({"note": _("Explain the decision; it is public.")})
    with transaction.atomic():
        locked = Appeal.objects.select_for_update().select_related("action__area").get(pk=appeal.pk)
        permissions.check(actor, moderation_rules.decide_appeal, locked)
        act = locked.action
        locked.state = Appeal.State.OVERTURNED if overturn else Appeal.State.UPHELD
        locked.decided_by, locked.decided_at, locked.decision_note = actor, timezone.now(), note
        locked.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
        item = (act.comment or act.issue) if act.kind == Kind.HIDE else None
        if overturn:
            _reverse(act, item)
        decision = _log(
            kind=Kind.OVERTURN if overturn else Kind.UPHOLD,
            actor=actor,
            area=act.area,
            issue=act.issue,
            comment=act.comment,
            subject_id=act.subject_id,
            regarding=act,
            note=note,
        )
        tell.appeal_decided(appeal=locked, decision=decision)
        if item is not None:
            _publish_item(item, decision, changed=overturn)
    appeal.__dict__.update({k: getattr(locked, k) for k in ("state", "decided_by_id", "decided_at", "decision_note")})
    return decision


def _reverse(act: ModerationAction, item) -> None:
    if act.kind == Kind.SUSPEND:
        suspension = Suspension.objects.select_for_update().select_related("user").get(action=act)
        if suspension.lifted_at is None:
            _lift(suspension)
    elif item is not None:
        _lock_item(item)
        _set_hidden(item, hidden=False, revisions=False if act.reason == Reason.PERSONAL_DATA else None)
