"""Deadline arithmetic in the site's time zone (settings.TIME_ZONE, Asia/Jakarta by default).

A window of N days started on some local day ends at the *end* of the local day N days
later: an issue clocked at 23:30 WIB on 1 March with 14 days is due by the end of
15 March WIB, whatever the server's clock or the UTC date says. People count days
on their own calendar, so "N days left" and "overdue by N days" are calendar days too.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def end_of_local_day(day: dt.date) -> dt.datetime:
    """The first instant after ``day`` in the site's time zone (midnight starting the next day)."""
    tz = timezone.get_default_timezone()
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=tz)


def due_after(start: dt.datetime, days: int) -> dt.datetime:
    """The moment a window of ``days`` days begun at ``start`` runs out."""
    local_day = timezone.localtime(start, timezone.get_default_timezone()).date()
    return end_of_local_day(local_day + dt.timedelta(days=days))


def last_day(due_at: dt.datetime) -> dt.date:
    """The last local day that is still on time for a deadline ``due_at``."""
    return (timezone.localtime(due_at, timezone.get_default_timezone()) - dt.timedelta(microseconds=1)).date()


def today(now: dt.datetime | None = None) -> dt.date:
    return timezone.localtime(now or timezone.now(), timezone.get_default_timezone()).date()
