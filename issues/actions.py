"""Writes on issues. Each action checks permission, writes in one transaction,
records the public timeline entry and the live event, and publishes after commit."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import timedelta
from decimal import Decimal
from typing import NamedTuple

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts import permissions
from accounts.models import Area
from core import ratelimit
from issues import fragments, live, queries
from issues import photos as photo_checks
from issues import rules as issue_rules
from issues.models import AssistedRecord, Channel, Follow, Issue, IssuePhoto, IssueRevision, StagedPhoto, TimelineEntry

STAGING_LIFETIME = timedelta(days=1)


def open_issue(
    *,
    actor,
    title: str,
    description: str,
    category: str,
    area: Area,
    latitude=None,
    longitude=None,
    address: str = "",
    photos=(),
    submission_token: uuid.UUID | None = None,
    channel: Channel = Channel.ONLINE,
    channel_detail: str = "",
    assisted: AssistedRecord | None = None,
    by_system: bool = False,
) -> Issue:
    """Open an issue as ``actor``; the author follows it. ``channel`` says how it reached the
    record when not typed in by its author (``channel_detail``: by which client, at which meeting).
    ``assisted``: a facilitator recorded it for ``actor`` (facilitation.actions.record_issue).

    ``by_system`` is for the system acting (``seed_demo``, commands), never for a request: the
    issue is written in ``actor``'s name without asking their account's permission (a demo
    author a moderator suspended) or counting abuse limits (counters an earlier database left
    in a shared Redis).

    ``photos`` are uploaded files (checked and cleaned here: JPEG, PNG or WebP,
    size and pixel limits, metadata stripped) or already prepared photos; a bad
    one raises ValidationError before anything is written. A repeated
    ``submission_token`` (a double click, a retried POST) returns the issue the
    first submission created instead of a second one, and staged photos of that
    token are moved onto the issue's record and removed from staging.
    """
    via_reses = channel == Channel.RESES
    if not by_system:
        permissions.check(actor, issue_rules.open_issue_via_reses if via_reses else issue_rules.open_issue, area)
    if submission_token is not None:
        existing = Issue.objects.filter(author=actor, submission_token=submission_token).first()
        if existing:
            return existing
    prepared = [photo_checks.prepare(p) for p in photos]
    photo_checks.check_count(len(prepared))
    # A meeting's aspirations are typed in one after another by its council member, on the record.
    if not by_system and not via_reses:
        ratelimit.check("issue", actor)  # RateLimited is a PermissionDenied: the form keeps what was typed
    try:
        with transaction.atomic():
            issue = Issue(
                title=title.strip(),
                category=category,
                area=area,
                author=actor,
                latitude=latitude,
                longitude=longitude,
                address=address.strip(),
                submission_token=submission_token,
                channel=channel,
                channel_detail=channel_detail[:160],
                assisted=assisted,
            )
            issue.set_description(description.strip())
            issue.save(force_insert=True)
            _store_photos(issue, prepared, start=0)
            TimelineEntry.objects.create(issue=issue, kind=TimelineEntry.Kind.OPENED, actor=actor)
            Follow.objects.create(user=actor, issue=issue)
            if submission_token is not None:
                _discard_staged(actor, submission_token)
    except IntegrityError:
        # Two concurrent submissions with one token: the other one won.
        existing = Issue.objects.filter(author=actor, submission_token=submission_token).first()
        if existing is None:
            raise
        return existing
    return issue


class Place(NamedTuple):
    """Where an issue is said to be: an address line and an optional point."""

    address: str
    latitude: Decimal | None
    longitude: Decimal | None


def edit_issue(
    *,
    actor,
    issue: Issue,
    title: str,
    description: str,
    keep_photo_ids: Iterable[int] | None = None,
    new_photos=(),
    place: Place | None = None,
    submission_token: uuid.UUID | None = None,
) -> Issue:
    """The author changes the title, description, place or photos, until an official has responded.

    ``place`` is the new address line and point (None: unchanged).

    The previous text and photo list are stored as an IssueRevision that anyone may
    read; a timeline entry says the issue was edited and a live event replaces the
    header, description and photos on open pages. ``keep_photo_ids`` (None: all)
    are the current photos to keep; the others are marked removed, not deleted.
    An edit that changes nothing stores nothing; a repeated token stores nothing more.
    """
    permissions.check(actor, issue_rules.edit_issue, issue)
    prepared = [photo_checks.prepare(p) for p in new_photos]
    with transaction.atomic():
        locked = Issue.objects.select_for_update().get(pk=issue.pk)
        if submission_token and locked.revisions.filter(submission_token=submission_token).exists():
            return locked
        permissions.check(actor, issue_rules.edit_issue, locked)  # again, now that a response cannot slip in
        current = list(locked.photos.filter(removed_at__isnull=True))
        keep = {p.pk for p in current} if keep_photo_ids is None else {int(pk) for pk in keep_photo_ids}
        dropped = [p for p in current if p.pk not in keep]
        photo_checks.check_count(len(current) - len(dropped) + len(prepared))
        title, description = title.strip(), description.strip()
        before = Place(locked.address, locked.latitude, locked.longitude)
        after = before if place is None else Place(place.address.strip(), place.latitude, place.longitude)
        if (title, description, after) == (locked.title, locked.description, before) and not dropped and not prepared:
            return locked
        revision = IssueRevision.objects.create(
            issue=locked,
            number=locked.revisions.count() + 1,
            title=locked.title,
            description=locked.description,
            photo_ids=[p.pk for p in current],
            address=before.address,
            latitude=before.latitude,
            longitude=before.longitude,
            edited_by=actor,
            submission_token=submission_token,
        )
        now = timezone.now()
        IssuePhoto.objects.filter(pk__in=[p.pk for p in dropped]).update(removed_at=now)
        _store_photos(locked, prepared, start=max((p.position for p in current), default=-1) + 1)
        locked.title, locked.edited_at = title, now
        locked.address, locked.latitude, locked.longitude = after
        locked.set_description(description)
        locked.save(
            update_fields=[
                "title",
                "description",
                "description_html",
                "description_html_version",
                "address",
                "latitude",
                "longitude",
                "edited_at",
            ]
        )
        entry = TimelineEntry.objects.create(
            issue=locked, kind=TimelineEntry.Kind.EDITED, actor=actor, data={"revision": revision.number}
        )
        if submission_token is not None:
            _discard_staged(actor, submission_token)
        fresh = queries.issue_for_page(None, locked.pk)
        fresh_entry = next(e for e in fresh.timeline.all() if e.pk == entry.pk)
        live.record_event(
            issue=locked,
            kind="issue_edited",
            render=lambda: fragments.edited(fresh, fresh_entry),
            subject=live.issue_subject(locked.pk),
            restate=lambda: fragments.for_issue(fresh),
        )
    return locked


def _store_photos(issue: Issue, prepared: list[photo_checks.PreparedPhoto], *, start: int) -> None:
    for offset, photo in enumerate(prepared):
        IssuePhoto.objects.create(issue=issue, image=photo.as_file(), position=start + offset)


def follow_issue(*, actor, issue: Issue) -> bool:
    """Follow ``issue``; returns False if ``actor`` already did."""
    permissions.check(actor, issue_rules.follow_issue, issue)
    with transaction.atomic():
        _follow, created = Follow.objects.get_or_create(user=actor, issue=issue)
    return created


def unfollow_issue(*, actor, issue: Issue) -> bool:
    """Stop following ``issue`` (a private preference: nothing public to keep)."""
    permissions.check(actor, issue_rules.follow_issue, issue)
    with transaction.atomic():
        deleted, _ = Follow.objects.filter(user=actor, issue=issue).delete()
    return bool(deleted)


def stage_photos(*, actor, token: uuid.UUID, photos: Iterable[photo_checks.PreparedPhoto]) -> list[StagedPhoto]:
    """Keep checked photos of a form that came back with errors, under its one-time token.

    Also clears staging left behind by forms nobody submitted again.
    """
    permissions.check(actor, permissions.take_part)
    with transaction.atomic():
        _discard_stale_staging()
        staged = []
        for photo in photos:
            staged.append(
                StagedPhoto.objects.create(
                    owner=actor, token=token, image=photo.as_file(), original_name=photo.original_name
                )
            )
    return staged


def _discard_staged(actor, token) -> None:
    rows = list(StagedPhoto.objects.filter(owner=actor, token=token))
    _delete_staged(rows)


def _discard_stale_staging(limit: int = 200) -> None:
    cutoff = timezone.now() - STAGING_LIFETIME
    _delete_staged(list(StagedPhoto.objects.filter(created_at__lt=cutoff).order_by("created_at")[:limit]))


def _delete_staged(rows: list[StagedPhoto]) -> None:
    """Staged files were never published: rows go now, files once the transaction commits."""
    if not rows:
        return
    StagedPhoto.objects.filter(pk__in=[r.pk for r in rows]).delete()
    files = [(r.image.storage, r.image.name) for r in rows]
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in files], robust=True)


def touch_activity(issue: Issue) -> None:
    """Mark new activity (a comment, a response) for the "recent activity" sorts."""
    Issue.objects.filter(pk=issue.pk).update(last_activity_at=timezone.now())


def transfer_issues(*, from_user, to_user) -> int:
    """A resident claimed their offline record (facilitation.actions.confirm_claim): the issues
    opened for them become theirs, and they follow what the offline identity followed."""
    with transaction.atomic():
        moved = Issue.objects.filter(author=from_user).update(author=to_user)
        followed = list(Follow.objects.filter(user=from_user).values_list("issue_id", flat=True))
        Follow.objects.bulk_create([Follow(user=to_user, issue_id=i) for i in followed], ignore_conflicts=True)
        Follow.objects.filter(user=from_user).delete()
    return moved


def forget_follows(*, user) -> None:
    """Account erasure (privacy.actions.erase_account): what one followed is a private preference."""
    Follow.objects.filter(user=user).delete()
