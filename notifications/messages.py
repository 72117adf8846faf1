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


def _datetime(iso: str) -> str:
    """A stored ISO date-time in the reader's language and the site's time zone."""
    from django.utils import timezone

    try:
        return formats.date_format(timezone.localtime(dt.datetime.fromisoformat(iso)), "DATETIME_FORMAT")
    except (TypeError, ValueError):
        return iso or ""


def _reason(c: dict) -> str:
    """The public reason of a moderation act: its label (stored untranslated, as in the
    moderation app's ``Reason``, whose catalogue entry translates it here) and the note."""
    label = _(c["reason"]) if c.get("reason") else ""
    note = c.get("note") or ""
    if label and note:
        return f"{label} — “{note}”"
    return label or (f"“{note}”" if note else _("no reason given"))


def _appeal_hint() -> str:
    return _("You can appeal.")


def _moderation(kind: str, c: dict) -> str:
    """Hides, suspensions and appeal outcomes, told to the person concerned. Only the public
    reason is ever phrased, never the text that was hidden (it may be someone's personal data)."""
    if kind == "hidden":
        facts = {"number": c.get("number", ""), "reason": _reason(c)}
        if c.get("automatic"):
            if c.get("item") == "issue":
                text = _(
                    "Your issue #%(number)s is hidden until a moderator reviews it: "
                    "several people reported it (%(reason)s)."
                )
            else:
                text = _(
                    "Your comment on issue #%(number)s is hidden until a moderator reviews it: "
                    "several people reported it (%(reason)s)."
                )
        elif c.get("item") == "issue":
            text = _("Your issue #%(number)s was hidden by a moderator: %(reason)s.")
        else:
            text = _("Your comment on issue #%(number)s was hidden by a moderator: %(reason)s.")
        return f"{text % facts} {_appeal_hint()}"
    if kind == "suspended":
        text = _("Your account is suspended until %(until)s: %(reason)s. You can read and appeal, nothing else.") % {
            "until": _datetime(c.get("until", "")),
            "reason": _reason(c),
        }
        return f"{text} {_appeal_hint()}"
    if kind == "appeal_decided":
        note = {"note": c.get("note", "")}
        if c.get("overturned"):
            if c.get("act") == "suspend":
                return _("Your appeal was accepted: the suspension is lifted. “%(note)s”") % note
            return _("Your appeal was accepted: what you wrote is shown again. “%(note)s”") % note
        return _("Your appeal was rejected: the decision stands. “%(note)s”") % note
    return ""


def describe(kind: str, context: dict) -> str:
    c = {"issue": "", "agency": "", "actor": "", **context}
    if c.get("actor_erased"):
        c["actor"] = _("A former resident")
    if kind in ("hidden", "suspended", "appeal_decided"):
        return _moderation(kind, c)
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
    if kind == "escalation" and c.get("day_kind") == "working":
        return _("Escalated to you: %(agency)s has not answered “%(issue)s”, overdue by %(days)s working days.") % {
            **c,
            "days": c.get("days", ""),
        }
    if kind == "escalation":
        return _("Escalated to you: %(agency)s has not answered “%(issue)s”, overdue by %(days)s days.") % {
            **c,
            "days": c.get("days", ""),
        }
    return _("Something happened on “%(issue)s”.") % c
