"""Reads of one person's notifications."""

from __future__ import annotations

from accounts import permissions
from notifications.models import Kind, Notification, NotificationSetting


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def recent(user, limit: int = 50) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user).select_related("issue")[:limit])


def kinds_for(user) -> list[tuple[str, str]]:
    """The kinds ``user`` can receive, (value, label): officials' kinds only for officials
    (escalations for supervising ones), so a resident is not offered settings that never apply."""
    roles = permissions.roles(user)
    official = bool(roles and roles.agency_id)
    supervisor = bool(roles and roles.is_supervisor)
    return [
        (kind, label)
        for kind, label in Kind.choices
        if (kind != Kind.OWED or official) and (kind != Kind.ESCALATION or supervisor)
    ]


def settings_of(user) -> list[tuple[str, str, bool, bool]]:
    """(kind, label, on site, by e-mail) for every kind the user can receive."""
    stored = {s.kind: s for s in NotificationSetting.objects.filter(user=user)}
    rows = []
    for kind, label in kinds_for(user):
        s = stored.get(kind)
        rows.append((kind, label, s.on_site if s else True, s.by_email if s else True))
    return rows
