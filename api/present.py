"""Domain rows → the API's dictionaries. Hidden means never sent: every text that a hide, a
retraction or an erasure withholds on the pages is withheld here, whoever asks (the API
has no viewer: it answers everyone alike)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from core.templatetags.balai import badge, display_name
from issues.models import Issue, TimelineEntry
from moderation.models import ModerationAction, Reason
from moderation.templatetags.moderation import hidden_notice

TIMELINE_LABELS = dict(TimelineEntry.Kind.choices)
ACT_LABELS = dict(ModerationAction.Kind.choices)
REASON_LABELS = dict(Reason.choices)


def absolute(request, path: str) -> str:
    return request.build_absolute_uri(path)


def person(user) -> dict | None:
    if user is None:
        return None
    return {"name": display_name(user), "badge": badge(user)[1]}


def label(code: str, labels: dict) -> dict:
    return {"code": code, "label": str(labels.get(code, code))}


def area_ref(area) -> dict:
    return {"slug": area.slug, "name": area.name}


def updated_at(issue: Issue):
    return getattr(issue, "updated_at", None) or max(
        filter(None, [issue.created_at, issue.edited_at, issue.last_activity_at])
    )


def issue_row(request, issue: Issue) -> dict:
    from issues.models import CATEGORY_LABELS, STATUS_LABELS

    return {
        "id": issue.pk,
        "title": issue.public_title,
        "url": absolute(request, issue.get_absolute_url()),
        "category": label(issue.category, CATEGORY_LABELS),
        "status": label(issue.status, STATUS_LABELS),
        "area": area_ref(issue.area),
        "support_count": issue.support_count,
        "comment_count": issue.comment_count,
        "latitude": None if issue.hidden or issue.latitude is None else float(issue.latitude),
        "longitude": None if issue.hidden or issue.longitude is None else float(issue.longitude),
        "created_at": issue.created_at,
        "updated_at": updated_at(issue),
        "locked": issue.locked,
        "merged_into": issue.merged_into_id,
    }


def timeline_entry(entry: TimelineEntry) -> dict:
    # Titles copied into an entry (a merge target's, a round's) are not repeated: a later hide
    # of that issue would otherwise still be spelled out here. Ids say which.
    data = {k: v for k, v in (entry.data or {}).items() if not k.endswith("title")}
    return {
        "kind": entry.kind,
        "label": str(TIMELINE_LABELS.get(entry.kind, entry.kind)),
        "at": entry.created_at,
        "actor": person(entry.actor),
        "data": data,
    }


def clock(found) -> dict | None:
    if found is None:
        return None
    return {
        "agency": str(found.agency.name) if found.agency_id else None,
        "state": found.state,
        "due_at": found.due_at,
        "overdue": found.state == found.State.AWAITING and found.due_at <= timezone.now(),
    }


def issue_detail(request, issue: Issue, found_clock) -> dict:
    row = issue_row(request, issue)
    if issue.hidden:
        # Title, text, photos, place, author and history are withheld alike (README, Security).
        return {
            **row,
            "hidden": True,
            "notice": hidden_notice(issue),
            "description": None,
            "description_html": None,
            "address": None,
            "author": None,
            "photos": [],
            "clock": clock(found_clock),
            "timeline": [],
        }
    return {
        **row,
        "hidden": False,
        "notice": None,
        "description": issue.description,
        "description_html": str(issue.rendered_description),
        "address": issue.address,
        "author": person(issue.author),
        "photos": [absolute(request, p.image.url) for p in issue.photos.all()],
        "clock": clock(found_clock),
        "timeline": [timeline_entry(e) for e in issue.timeline.all()],
    }


def comment(item, *, with_replies: bool = False) -> dict:
    if item.retracted_at is not None:  # as the thread shows it: a retraction first
        state, notice = "retracted", _("Retracted by the author.")
    elif item.hidden:
        state, notice = "hidden", hidden_notice(item)
    else:
        state, notice = "visible", None
    shown = state == "visible"
    return {
        "id": item.pk,
        "parent": item.parent_id,
        "state": state,
        "notice": notice,
        "body": item.body if shown else None,
        "body_html": str(item.rendered_body) if shown else None,
        "author": person(item.author),
        "is_official": item.is_official,
        "created_at": item.created_at,
        "edited_at": item.edited_at,
        "reply_count": item.reply_count,
        "replies": [comment(r) for r in item.shown_replies] if with_replies else [],
    }


def official_response(response) -> dict:
    from issues.models import STATUS_LABELS

    versions = [response.current, *response.earlier]
    found = response.commitment_or_none
    return {
        "id": response.pk,
        "issue": response.issue_id,
        "agency": str(response.agency.name),
        "status": label(response.status, STATUS_LABELS),
        "created_at": response.created_at,
        "answers_count": response.answers_count,
        "does_not_count": response.does_not_count,
        "versions": [
            {
                "number": v.number,
                "body": v.body,
                "reason": v.reason,
                "author": person(v.author),
                "created_at": v.created_at,
            }
            for v in versions
        ],
        "commitment": None if found is None else commitment(found),
    }


def commitment(found) -> dict:
    today = timezone.localdate()
    late = bool(found.done_late) or (found.done_at is None and found.due_date < today)
    return {
        "what": found.what,
        "due_date": found.due_date,
        "budget_rupiah": found.budget_rupiah,
        "unit": found.unit,
        "done_at": found.done_at,
        "late": late,
        "updates": [
            {"note": u.note, "done": u.done, "author": person(u.author), "created_at": u.created_at}
            for u in found.updates.all()
        ],
    }


def moderation_act(act: ModerationAction) -> dict:
    return {
        "id": act.pk,
        "kind": label(act.kind, ACT_LABELS),
        "area": area_ref(act.area),
        "issue": act.issue_id,
        "comment": act.comment_id,
        "target_issue": act.target_issue_id,
        "reason": label(act.reason, REASON_LABELS) if act.reason else None,
        "note": act.note,
        "actor": person(act.actor),
        "automatic": act.automatic,
        "created_at": act.created_at,
    }


def figures(item, slug: str | None = None) -> dict:
    return {
        "name": str(item.name),
        "slug": slug,
        "awaiting": item.awaiting,
        "overdue": item.overdue,
        "median_days_to_first_response": item.median_days,
        "judged": item.judged,
        "answering_share": item.answering_share,
        "commitments_kept": item.kept,
        "commitments_late": item.late,
        "commitments_open": item.open,
    }
