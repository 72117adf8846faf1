"""Everything the site holds about one person, as plain data for the JSON export.

It gathers the rows of every app (accounts, residency, issues, comments, votes, responses,
moderation, notifications) through the user's own reverse relations (``user.issues``,
``user.votes`` …). A fixed number of queries however much the person wrote: one per kind of
row, revisions and allocations prefetched.

Only the person's own rows: other people appear only as the ids of public things (an
issue, a comment, an act in the moderation log), never by name.
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils import timezone


def _area(area) -> dict | None:
    return {"slug": area.slug, "name": area.name} if area is not None else None


def _account(user) -> dict:
    from allauth.account.models import EmailAddress

    return {
        "id": user.pk,
        "username": user.get_username(),
        "email": user.email,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "email_addresses": [
            {"email": e.email, "verified": e.verified, "primary": e.primary}
            for e in EmailAddress.objects.filter(user=user).order_by("pk")
        ],
    }


def _profile(user) -> dict:
    from accounts.models import Profile

    p = Profile.objects.select_related("home_area", "verified_area").filter(user=user).first()
    if p is None:
        return {}
    return {
        "display_name": p.display_name,
        "home_area": _area(p.home_area),
        "language": p.language,
        "residency": p.residency,
        "verified_area": _area(p.verified_area),
        "verified_at": p.verified_at,
        "suspended_until": p.suspended_until,
        "created_at": p.created_at,
    }


def _roles(user) -> dict:
    from accounts.models import CouncilMemberRole, FacilitatorRole, ModeratorRole, OfficialRole

    official = OfficialRole.objects.select_related("agency").prefetch_related("areas").filter(user=user).first()
    moderator = ModeratorRole.objects.prefetch_related("areas").filter(user=user).first()
    facilitator = FacilitatorRole.objects.prefetch_related("areas").filter(user=user).first()
    council_member = CouncilMemberRole.objects.prefetch_related("areas").filter(user=user).first()
    return {
        "official": official
        and {
            "agency": official.agency.name,
            "areas": [a.slug for a in official.areas.all()],
            "supervisor": official.is_supervisor,
            "granted_at": official.granted_at,
        },
        "moderator": moderator
        and {
            "all_areas": moderator.all_areas,
            "areas": [a.slug for a in moderator.areas.all()],
            "granted_at": moderator.granted_at,
        },
        "facilitator": facilitator
        and {
            "areas": [a.slug for a in facilitator.areas.all()],
            "staff_of_council_member": facilitator.for_member.user_id if facilitator.for_member_id else None,
            "public_contact": facilitator.public_contact,
            "granted_at": facilitator.granted_at,
        },
        "council_member": council_member
        and {
            "district": council_member.district,
            "areas": [a.slug for a in council_member.areas.all()],
            "granted_at": council_member.granted_at,
        },
        "history": [
            {"role": c.role, "kind": c.kind, "detail": c.detail, "by": c.by, "at": c.at}
            for c in user.role_changes.all()
        ],
    }


def _residency_requests(user) -> list[dict]:
    return [
        {
            "area": _area(r.area),
            "rt": r.rt,
            "rw": r.rw,
            "street": r.street,
            "note": r.note,
            "state": r.state,
            "created_at": r.created_at,
            "decided_at": r.decided_at,
            "decided_via": r.decided_via,
            "reason": r.reason,
        }
        for r in user.residency_requests.select_related("area").order_by("created_at", "pk")
    ]


def _issues(user) -> list[dict]:
    rows = user.issues.select_related("area").prefetch_related("revisions").order_by("created_at", "pk")
    return [
        {
            "id": i.pk,
            "url": i.get_absolute_url(),
            "title": i.title,
            "description": i.description,
            "category": i.category,
            "area": _area(i.area),
            "status": i.status,
            "address": i.address,
            "latitude": i.latitude,
            "longitude": i.longitude,
            "created_at": i.created_at,
            "edited_at": i.edited_at,
            "hidden": i.hidden,
            "hidden_reason": i.hidden_reason,
            "hidden_note": i.hidden_note,
            "revisions": [
                {
                    "number": r.number,
                    "title": r.title,
                    "description": r.description,
                    "created_at": r.created_at,
                    "hidden": r.hidden,
                }
                for r in i.revisions.all()
            ],
        }
        for i in rows
    ]


def _comments(user) -> list[dict]:
    rows = user.comments.prefetch_related("revisions").order_by("created_at", "pk")
    return [
        {
            "id": c.pk,
            "issue": c.issue_id,
            "parent": c.parent_id,
            "body": c.body,
            "is_official": c.is_official,
            "created_at": c.created_at,
            "edited_at": c.edited_at,
            "retracted_at": c.retracted_at,
            "hidden": c.hidden,
            "hidden_reason": c.hidden_reason,
            "hidden_note": c.hidden_note,
            "revisions": [{"body": r.body, "created_at": r.created_at, "hidden": r.hidden} for r in c.revisions.all()],
        }
        for c in rows
    ]


def _votes(user) -> dict:
    ballots = user.round_ballots.select_related("round__area").prefetch_related(
        Prefetch("allocations", to_attr="export_allocations")
    )
    return {
        "issue_support": [
            {"issue": v.issue_id, "supported_at": v.supported_at, "withdrawn_at": v.withdrawn_at}
            for v in user.votes.order_by("created_at", "pk")
        ],
        "round_ballots": [
            {
                "round": b.round_id,
                "area": _area(b.round.area),
                "updated_at": b.updated_at,
                "points": {str(a.issue_id): a.points for a in b.export_allocations},
            }
            for b in ballots.order_by("created_at", "pk")
        ],
        "verdicts": [
            {"response": v.response_id, "answers": v.answers, "updated_at": v.updated_at}
            for v in user.verdicts.order_by("created_at", "pk")
        ],
    }


def _moderation(user) -> dict:
    acts = user.moderation_about.order_by("created_at", "pk")
    return {
        "reports_filed": [
            {
                "issue": r.issue_id,
                "comment": r.comment_id,
                "reason": r.reason,
                "note": r.note,
                "created_at": r.created_at,
                "resolved_by_act": r.resolved_by_id,
            }
            for r in user.reports_made.order_by("created_at", "pk")
        ],
        "appeals": [
            {
                "act": a.action_id,
                "text": a.text,
                "state": a.state,
                "created_at": a.created_at,
                "decided_at": a.decided_at,
                "decision_note": a.decision_note,
            }
            for a in user.appeals.order_by("created_at", "pk")
        ],
        "acts_about_you": [
            {
                "id": a.pk,
                "kind": a.kind,
                "reason": a.reason,
                "note": a.note,
                "issue": a.issue_id,
                "comment": a.comment_id,
                "automatic": a.automatic,
                "data": a.data,
                "created_at": a.created_at,
                "url": f"/moderation/log/{a.pk}/",
            }
            for a in acts
        ],
        "suspensions": [
            {"act": s.action_id, "starts_at": s.starts_at, "ends_at": s.ends_at, "lifted_at": s.lifted_at}
            for s in user.suspensions.order_by("starts_at", "pk")
        ],
    }


def _notifications(user) -> dict:
    return {
        "received": [
            {"kind": n.kind, "url": n.url, "facts": n.context, "created_at": n.created_at, "read_at": n.read_at}
            for n in user.notifications.order_by("created_at", "pk")
        ],
        "settings": [
            {"kind": s.kind, "on_site": s.on_site, "by_email": s.by_email} for s in user.notification_settings.all()
        ],
    }


def export_for(user) -> dict:
    """The whole export of ``user`` (21 queries, whatever they wrote)."""
    return {
        "exported_at": timezone.now(),
        "account": _account(user),
        "profile": _profile(user),
        "roles": _roles(user),
        "residency_requests": _residency_requests(user),
        "issues": _issues(user),
        "comments": _comments(user),
        "votes": _votes(user),
        "moderation": _moderation(user),
        "notifications": _notifications(user),
        "follows": [f.issue_id for f in user.follows.order_by("created_at", "pk")],
    }
