"""Deadline arithmetic in the site's time zone (settings.TIME_ZONE, Asia/Jakarta by default).

A window of N days started on some local day ends at the *end* of the local day N days
later: an issue clocked at 23:30 WIB on 1 March with 14 days is due by the end of
15 March WIB, whatever the server's clock or the UTC date says.

An area may count its window in *working days* (hari kerja), as Indonesian complaint
handling does: weekends, national holidays and cuti bersama (the ``holidays`` package,
country ID, both its public and government categories) and the administrators' extra days
off (``responses.models.DayOff``: regional holidays, a newly declared cuti bersama) do not
count. A window of N working days ends at the end of the Nth working day after the start.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Collection

import holidays
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DAYS_OFF_CACHE_KEY = "responses:days-off"
DAYS_OFF_CACHE_SECONDS = 600


class DayKind(models.TextChoices):
    CALENDAR = "calendar", _("calendar days")
    WORKING = "working", _("working days")


def end_of_local_day(day: dt.date) -> dt.datetime:
    """The first instant after ``day`` in the site's time zone (midnight starting the next day)."""
    tz = timezone.get_default_timezone()
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=tz)


def local_day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment, timezone.get_default_timezone()).date()


def due_after(start: dt.datetime, days: int, kind: str = DayKind.CALENDAR) -> dt.datetime:
    """The moment a window of ``days`` days (of ``kind``) begun at ``start`` runs out."""
    day = local_day(start)
    if kind == DayKind.WORKING:
        return end_of_local_day(add_working_days(day, days))
    return end_of_local_day(day + dt.timedelta(days=days))


def last_day(due_at: dt.datetime) -> dt.date:
    """The last local day that is still on time for a deadline ``due_at``."""
    return (timezone.localtime(due_at, timezone.get_default_timezone()) - dt.timedelta(microseconds=1)).date()


def today(now: dt.datetime | None = None) -> dt.date:
    return local_day(now or timezone.now())


def days_between(start: dt.date, end: dt.date, kind: str = DayKind.CALENDAR) -> int:
    """Days of ``kind`` after ``start`` up to and including ``end``; negative when ``end`` is earlier."""
    if kind != DayKind.WORKING:
        return (end - start).days
    if end < start:
        return -days_between(end, start, kind)
    off = extra_days_off()
    return sum(1 for n in range(1, (end - start).days + 1) if is_working_day(start + dt.timedelta(days=n), off))


# --- Working days ------------------------------------------------------------------------


@functools.lru_cache(maxsize=64)
def national_days_off(year: int) -> frozenset[dt.date]:
    """Indonesia's national holidays and cuti bersama of ``year`` (computed by the package, no network)."""
    return frozenset(holidays.country_holidays("ID", years=year, categories=("public", "government")))


def extra_days_off() -> frozenset[dt.date]:
    """The administrators' extra days off, cached (the action that changes them clears the cache)."""
    from django.core.cache import cache

    cached = cache.get(DAYS_OFF_CACHE_KEY)
    if cached is None:
        # Imported here: the models import this module for their date properties.
        from responses.models import DayOff

        cached = frozenset(DayOff.objects.values_list("date", flat=True))
        cache.set(DAYS_OFF_CACHE_KEY, cached, DAYS_OFF_CACHE_SECONDS)
    return cached


def forget_extra_days_off() -> None:
    from django.core.cache import cache

    cache.delete(DAYS_OFF_CACHE_KEY)


def is_working_day(day: dt.date, extra: Collection[dt.date] | None = None) -> bool:
    if day.weekday() >= 5 or day in national_days_off(day.year):
        return False
    return day not in (extra if extra is not None else extra_days_off())


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The ``days``-th working day after ``start`` (``start`` itself when ``days`` is 0)."""
    off = extra_days_off()
    day = start
    while days > 0:
        day += dt.timedelta(days=1)
        days -= is_working_day(day, off)
    return day
