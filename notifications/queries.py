"""Reads of one person's notifications."""

from __future__ import annotations

from notifications.models import Kind, Notification, NotificationSetting


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def recent(user, limit: int = 50) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user).select_related("issue")[:limit])


def settings_of(user) -> list[tuple[str, str, bool, bool]]:
    """(kind, label, on site, by e-mail) for every kind, in one query."""
    stored = {s.kind: s for s in NotificationSetting.objects.filter(user=user)}
    rows = []
    for kind, label in Kind.choices:
        s = stored.get(kind)
        rows.append((kind, label, s.on_site if s else True, s.by_email if s else True))
    return rows
