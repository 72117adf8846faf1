"""Showing the response clock anywhere: ``{% load responses %}``.

In a list of issues, ``{% clock_badge issue among=issues %}`` shows "N days left" /
"overdue by N days" for each row with one query for the whole list.
"""

from __future__ import annotations

import datetime as dt

from django import template
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from django.utils.functional import LazyObject

from issues.models import Issue, Status
from responses.models import ResponseClock

register = template.Library()


@register.simple_tag
def clock_status(clock, now=None) -> str:
    """ "3 days left", "due today", "overdue by 2 days" (calendar days in the site's time zone)."""
    if clock is None or not clock.is_awaiting:
        return ""
    days = clock.days_left(now)
    if days > 0:
        return ngettext("%(n)d day left", "%(n)d days left", days) % {"n": days}
    if days == 0 and not clock.is_overdue(now):
        return _("due today")
    late = max(1, -days)
    return ngettext("overdue by %(n)d day", "overdue by %(n)d days", late) % {"n": late}


@register.simple_tag(takes_context=True)
def clock_badge(context, issue, among=None) -> str:
    """The clock of ``issue`` for a list row ("N days left", "overdue by N days"), or nothing.

    The first row loads the clocks of every issue listed on the page in one query: those in
    ``among`` if given, else every list of issues in the template's context (``page.issues``,
    ``priority``, ``recent``…). Later rows read that cache, so a page pays one query, not one per row.
    """
    # The render's base layer: an {% include %} of the row gets a fresh top layer, the base stays.
    cache = context.render_context.dicts[0].setdefault("responses_clocks", {})
    if issue.pk not in cache:
        ids = {issue.pk} | _listed_ids(context, among)
        ids -= set(cache)
        found = {c.issue_id: c for c in ResponseClock.objects.filter(issue_id__in=ids).select_related("agency")}
        cache.update({pk: found.get(pk) for pk in ids})
    clock = cache.get(issue.pk)
    if clock is None or not clock.is_awaiting:
        return ""
    return render_to_string("responses/clock_badge.html", {"clock": clock, "issue": issue})


def _issues_in(value) -> list[int]:
    if isinstance(value, (list, tuple)) and value and all(isinstance(x, Issue) for x in value[:100]):
        return [x.pk for x in value]
    return []


def _listed_ids(context, among) -> set[int]:
    if among:
        return set(_issues_in(list(among)))
    ids: set[int] = set()
    for layer in context.dicts:
        for value in layer.values():
            if isinstance(value, LazyObject):
                continue  # never evaluate a lazy value (it may query) just to look inside
            ids.update(_issues_in(value))
            inner = getattr(value, "__dict__", {}).get("issues") if not isinstance(value, (list, tuple)) else None
            ids.update(_issues_in(inner))
    return ids


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
