"""How a notification reads, in the active language, from its kind and stored facts."""

from __future__ import annotations

import datetime as dt

from django.utils import formats
from django.utils.translation import gettext as _

from issues.models import Status


def _status(code: str) -> str:
    try:
        return str(Status(code).label)
    except ValueError:
        return code


def _date(iso: str) -> str:
    """A stored ISO date ("2026-03-15") in the reader's language ("15 March 2026", "15 Maret 2026")."""
    try:
        return formats.date_format(dt.date.fromisoformat(iso), "j F Y")
    except (TypeError, ValueError):
        return iso or ""


def describe(kind: str, context: dict) -> str:
    c = {"issue": "", "agency": "", "actor": "", **context}
    if kind == "response":
        event = c.get("event", "response")
        if event == "reopened":
            return _("“%(issue)s” reopened: residents judged the answer does not answer the issue.") % c
        if event == "commitment_done":
            return _("%(agency)s reports a commitment on “%(issue)s” done.") % c
        if event == "status":
            return _("“%(issue)s” is now %(status)s.") % {**c, "status": _status(c.get("status", ""))}
        return _("%(agency)s responded to “%(issue)s”: %(status)s.") % {**c, "status": _status(c.get("status", ""))}
    if kind == "reply":
        return _("%(actor)s replied to your comment on “%(issue)s”.") % c
    if kind == "mention":
        return _("%(actor)s mentioned you on “%(issue)s”.") % c
    if kind == "verification":
        if c.get("approved"):
            return _("You are now a verified resident of %(area)s.") % {"area": c.get("area", "")}
        return _("Your residency verification for %(area)s was not approved.") % {"area": c.get("area", "")}
    if kind == "owed":
        return _("%(agency)s owes an answer on “%(issue)s” by %(due)s.") % {**c, "due": _date(c.get("due", ""))}
    if kind == "escalation":
        return _("Escalated to you: %(agency)s has not answered “%(issue)s”, overdue by %(days)s days.") % {
            **c,
            "days": c.get("days", ""),
        }
    return _("Something happened on “%(issue)s”.") % c
