"""Showing the response clock anywhere: ``{% load responses %}``.

In a list of issues, ``{% clock_badge clocks issue %}`` shows "N days left" /
"overdue by N days" for a row, from the clocks its view read for the whole list.
"""

from __future__ import annotations

import datetime as dt

from django import template
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from issues.models import Status

register = template.Library()


@register.simple_tag
def clock_status(clock, now=None) -> str:
    """ "3 days left", "due today", "overdue by 2 days" (calendar days in the site's time zone), or
    "3 working days left", "overdue by 2 working days" for a clock counted in working days."""
    if clock is None or not clock.is_awaiting:
        return ""
    days = clock.days_left(now)
    working = clock.counts_working_days
    if days > 0:
        if working:
            return ngettext("%(n)d working day left", "%(n)d working days left", days) % {"n": days}
        return ngettext("%(n)d day left", "%(n)d days left", days) % {"n": days}
    if not clock.is_overdue(now):
        return _("due today")
    late = max(1, -days)
    if working:
        return ngettext("overdue by %(n)d working day", "overdue by %(n)d working days", late) % {"n": late}
    return ngettext("overdue by %(n)d day", "overdue by %(n)d days", late) % {"n": late}


@register.simple_tag
def window_phrase(days: int, day_kind: str) -> str:
    """ "14 days" or "10 working days": a window, saying which kind of days it counts."""
    if day_kind == "working":
        return ngettext("%(n)d working day", "%(n)d working days", days) % {"n": days}
    return ngettext("%(n)d day", "%(n)d days", days) % {"n": days}


@register.simple_tag
def clock_badge(clocks, issue) -> str:
    """The clock of ``issue`` for a list row ("N days left", "overdue by N days"), or nothing.

    ``clocks`` maps issue ids to clocks: the page's view reads them for all its rows at once
    (``responses.queries.clocks_of_issues``), so the rows themselves never query.
    """
    clock = (clocks or {}).get(issue.pk)
    if clock is None or not clock.is_awaiting:
        return ""
    return render_to_string("responses/clock_badge.html", {"clock": clock, "issue": issue})


@register.filter
def iso_date(value: str):
    """A date stored as text in a timeline entry ("2026-03-15"), as a date for |date."""
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


@register.filter
def status_label(code: str) -> str:
    try:
        return Status(code).label
    except ValueError:
        return code


@register.filter
def rupiah(amount) -> str:
    """12500000 → "Rp 12.500.000" (Indonesian grouping, whatever the page's language)."""
    if amount in (None, ""):
        return ""
    return "Rp " + f"{int(amount):,}".replace(",", ".")
