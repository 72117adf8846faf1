"""Telling people: the in-app row and the e-mail's outbox row now (inside the caller's transaction), the live badge after commit."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core import mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from core import live
from core.text import one_line
from notifications import outbox
from notifications.messages import describe
from notifications.models import Kind, Notification, NotificationSetting, OutboxMail

log = logging.getLogger(__name__)


def group(user_id: int) -> str:
    """The channel-layer group of one person's open pages (their unread badge)."""
    return live.group_for("user", user_id)


def _ids(recipients: Iterable) -> list[int]:
    seen: dict[int, None] = {}
    for r in recipients:
        pk = r if isinstance(r, int) else getattr(r, "pk", None)
        if pk is not None:
            seen[pk] = None
    return list(seen)


def choices_of(user_ids: list[int], kind: str) -> dict[int, tuple[bool, bool]]:
    """{user id: (on site, by e-mail)} for one kind; everyone without a setting gets both."""
    stored = {
        user_id: (on_site, by_email)
        for user_id, on_site, by_email in NotificationSetting.objects.filter(
            user_id__in=user_ids, kind=kind
        ).values_list("user_id", "on_site", "by_email")
    }
    return {pk: stored.get(pk, (True, True)) for pk in user_ids}


def notify(
    *, recipients, kind: str, issue=None, actor=None, url: str, context: dict | None = None, quoting: str = ""
) -> list[Notification]:
    """Tell ``recipients`` (users or ids) about something, except the ``actor`` who did it.

    Runs inside the caller's transaction: the in-app rows and the outbox rows of the
    e-mails are part of the write (the worker sends the e-mails, each in its recipient's
    language with a link back to ``url``: notifications.outbox); the live badge updates
    go out after commit. Each kind can be turned off, on the site and by e-mail
    separately, in the profile. Two queries plus two inserts, whatever the number of people.
    """
    if kind not in Kind.values:
        raise ValueError(f"unknown notification kind {kind!r}")
    context = dict(context or {})
    ids = [pk for pk in _ids(recipients) if actor is None or pk != actor.pk]
    if not ids:
        return []
    choices = choices_of(ids, kind)
    # The excerpt goes into the e-mail sent now, not into the stored row: the text it quotes
    # may later be edited, retracted or hidden, and the row would keep it.
    stored = {key: value for key, value in context.items() if key != "excerpt"}
    rows = Notification.objects.bulk_create(
        [
            Notification(recipient_id=pk, kind=kind, issue=issue, actor=actor, url=url, context=stored)
            for pk in ids
            if choices[pk][0]
        ]
    )
    for row in rows:
        live.publish_on_commit(group(row.recipient_id), lambda: {"unread": True})
    mailed = [pk for pk in ids if choices[pk][1]]
    if mailed:
        queued = outbox.enqueue(user_ids=mailed, kind=kind, url=url, context=context, issue=issue, subject=quoting)
        outbox.deliver_on_commit(queued)
    return rows


def absolute(url: str) -> str:
    return url if url.startswith(("http://", "https://")) else settings.SITE_URL + url


def message_for(user, kind: str, url: str, context: dict, issue=None) -> mail.EmailMessage:
    """The e-mail to one recipient, in their language (their profile's, else the site's); the
    issue's title as it is now (a hidden issue's is withheld)."""
    profile = getattr(user, "profile", None)
    language = (profile.language if profile else "") or settings.LANGUAGE_CODE
    with translation.override(language):
        if issue is not None and "issue" in context:
            context = {**context, "issue": issue.public_title}
        ctx = {
            "name": profile.display_name if profile else user.email,
            "text": describe(kind, context),
            "link": absolute(url),
            "settings_link": absolute("/profile/#notification-settings"),
            "SITE_NAME": settings.SITE_NAME,
            "context": context,
            "kind": kind,
        }
        # The subject carries people's text (an issue title, a name): one clean line, or the
        # mail library refuses the header (BadHeaderError on a CR or LF).
        subject = one_line(render_to_string("notifications/email/subject.txt", ctx))
        body = render_to_string("notifications/email/body.txt", ctx)
    return mail.EmailMessage(
        subject, body, settings.DEFAULT_FROM_EMAIL, [user.email], headers={"Content-Language": language}
    )


def mark_read(*, actor, notification: Notification | None = None) -> int:
    """Mark one of ``actor``'s notifications read, or all of them; the badge follows on every open page."""
    unread = Notification.objects.filter(recipient=actor, read_at__isnull=True)
    if notification is not None:
        unread = unread.filter(pk=notification.pk)
    with transaction.atomic():
        changed = unread.update(read_at=timezone.now())
        if changed:
            live.publish_on_commit(group(actor.pk), lambda: {"unread": True})
    return changed


def save_settings(*, actor, choices: dict[str, tuple[bool, bool]]) -> None:
    """Store ``actor``'s choices per kind: {kind: (on site, by e-mail)}."""
    with transaction.atomic():
        for kind, (on_site, by_email) in choices.items():
            if kind not in Kind.values:
                continue
            NotificationSetting.objects.update_or_create(
                user=actor, kind=kind, defaults={"on_site": on_site, "by_email": by_email}
            )


# --- What other apps call, one line each (inside their transaction) -------------------------


def _name(user) -> str:
    from core.templatetags.balai import display_name

    return display_name(user) if user is not None else ""


def comment_replied(*, comment) -> list[Notification]:
    """Tell the author of the comment replied to (comments.actions, after a reply is posted)."""
    parent, issue = comment.parent, comment.issue
    return notify(
        recipients=[parent.author_id],
        kind=Kind.REPLY,
        issue=issue,
        actor=comment.author,
        url=f"{issue.get_absolute_url()}#comment-{comment.pk}",
        context={"issue": issue.public_title, "actor": _name(comment.author), "excerpt": comment.body[:300]},
        quoting=f"comment:{comment.pk}",
    )


def users_mentioned(*, comment, user_ids) -> list[Notification]:
    """Tell people newly @mentioned in a comment (comments.actions, when mentions are stored)."""
    issue = comment.issue
    return notify(
        recipients=user_ids,
        kind=Kind.MENTION,
        issue=issue,
        actor=comment.author,
        url=f"{issue.get_absolute_url()}#comment-{comment.pk}",
        context={"issue": issue.public_title, "actor": _name(comment.author), "excerpt": comment.body[:300]},
        quoting=f"comment:{comment.pk}",
    )


def verification_decided(*, request) -> list[Notification]:
    """Tell a resident their residency request was decided (residency.actions.decide_verification)."""
    approved = request.state == "approved"
    return notify(
        recipients=[request.user_id],
        kind=Kind.VERIFICATION,
        actor=request.decided_by,
        url="/profile/",
        context={"approved": approved, "area": request.area.name, "excerpt": request.reason or ""},
    )


def comment_changed(*, comment) -> None:
    """A comment was edited, retracted or hidden (comments.actions, moderation.actions): mail not
    yet sent stops quoting its old text."""
    outbox.withdraw_excerpts(subject=f"comment:{comment.pk}")


# Moderation tells the person an act is about (moderation.actions, inside the act's transaction).
# Only the public reason travels: never the hidden text, which may be someone's personal data;
# the link leads to the appeal page (or to the public outcome), where the author sees their item.


def _untranslated(label) -> str:
    """A lazy label as its msgid: each reader's language phrases it when shown (messages._reason)."""
    with translation.override(None):
        return str(label or "")


def item_hidden(*, action, item, reason_label) -> list[Notification]:
    """Tell the author their issue or comment is hidden (a moderator's hide or the report threshold's)."""
    issue = getattr(item, "issue", None) or item
    is_comment = issue is not item
    return notify(
        recipients=[item.author_id],
        kind=Kind.HIDDEN,
        issue=issue,
        actor=action.actor,
        url=f"/moderation/acts/{action.pk}/appeal/",
        context={
            "item": "comment" if is_comment else "issue",
            "number": issue.pk,
            "automatic": bool(action.automatic),
            "reason": _untranslated(reason_label),
            "note": action.note,
        },
    )


def account_suspended(*, action, user, reason_label) -> list[Notification]:
    """Tell a person they are suspended, until when and why (moderation.actions.suspend_user)."""
    return notify(
        recipients=[user.pk],
        kind=Kind.SUSPENDED,
        actor=action.actor,
        url=f"/moderation/acts/{action.pk}/appeal/",
        context={"until": action.data.get("until", ""), "reason": _untranslated(reason_label), "note": action.note},
    )


def appeal_decided(*, appeal, decision) -> list[Notification]:
    """Tell the appellant the outcome, linking to the decision in the public log (moderation.actions.decide_appeal)."""
    return notify(
        recipients=[appeal.appellant_id],
        kind=Kind.APPEAL_DECIDED,
        actor=decision.actor,
        url=f"/moderation/log/{decision.pk}/",
        context={"overturned": decision.kind == "overturn", "act": appeal.action.kind, "note": decision.note},
    )


def forget_person(*, user) -> None:
    """Account erasure (privacy.actions.erase_account): delete the person's notifications and
    choices, and take their name out of what others were told about them."""
    Notification.objects.filter(recipient=user).delete()
    NotificationSetting.objects.filter(user=user).delete()
    # Mail not yet sent to them is not sent; sent mail keeps no text of theirs anyway.
    OutboxMail.objects.filter(recipient=user).delete()
    # Every kind turned off: nothing is stored for the erased row again (a reply to an old
    # comment, a hide of it), at no cost to notify(), which reads these choices anyway.
    NotificationSetting.objects.bulk_create(
        [NotificationSetting(user=user, kind=kind, on_site=False, by_email=False) for kind in Kind.values]
    )
    told_about = list(Notification.objects.filter(actor=user).only("pk", "context"))
    for row in told_about:
        row.context = {**row.context, "actor": "", "actor_erased": True}
        row.actor = None
    Notification.objects.bulk_update(told_about, ["context", "actor"], batch_size=500)
