"""The open-data dump: every public table as CSV and JSON, a data dictionary, the licence and
SHA-256 checksums, written by ``manage.py export_open_data`` (nightly, by the worker) and
served at /open-data/.

Only what a visitor may read leaves: display names (never an e-mail address), no residency
detail, no voter (tallies and round totals only), no report or reporter, no Open311 reporter,
and a hidden or retracted text is blanked as its page blanks it (tests/api/test_open_data.py
scans a dump for every private value of the demo data).
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone

from accounts.models import Agency, Area
from accounts.queries import person_related
from comments.models import Comment
from core import csv_safe
from core.templatetags.balai import display_name
from issues.models import Issue, TimelineEntry
from moderation.models import ModerationAction
from responses.models import AgencyCategory, Commitment, CommitmentUpdate, OfficialResponse, ResponseVersion
from votes.models import PriorityRound, RoundTotal

CHUNK = 2000


@dataclass
class Table:
    name: str
    description: str
    columns: dict[str, str]  # name → what it means
    rows: Callable[[], Iterable[dict]]


def _name(user) -> str | None:
    return None if user is None else display_name(user)


def _issues():
    queryset = Issue.objects.select_related("area", *person_related("author")).order_by("pk")
    for issue in queryset.iterator(chunk_size=CHUNK):
        hidden = issue.hidden
        yield {
            "id": issue.pk,
            "title": None if hidden else issue.title,
            "description": None if hidden else issue.description,
            "category": issue.category,
            "status": issue.status,
            "area": issue.area.slug,
            "author": None if hidden else _name(issue.author),
            "latitude": None if hidden or issue.latitude is None else float(issue.latitude),
            "longitude": None if hidden or issue.longitude is None else float(issue.longitude),
            "address": None if hidden else issue.address,
            "support_count": issue.support_count,
            "comment_count": issue.comment_count,
            "hidden": hidden,
            "hidden_reason": issue.hidden_reason or None,
            "locked": issue.locked,
            "merged_into": issue.merged_into_id,
            "created_at": issue.created_at,
            "edited_at": issue.edited_at,
        }


def _comments():
    queryset = Comment.objects.select_related(*person_related("author")).order_by("pk")
    for comment in queryset.iterator(chunk_size=CHUNK):
        shown = not comment.hidden and comment.retracted_at is None
        state = "hidden" if comment.hidden else ("retracted" if comment.retracted_at else "visible")
        yield {
            "id": comment.pk,
            "issue": comment.issue_id,
            "parent": comment.parent_id,
            "author": _name(comment.author),
            "is_official": comment.is_official,
            "state": state,
            "hidden_reason": comment.hidden_reason or None,
            "body": comment.body if shown else None,
            "created_at": comment.created_at,
            "edited_at": comment.edited_at,
        }


def _timeline():
    queryset = TimelineEntry.objects.select_related(*person_related("actor")).order_by("pk")
    for entry in queryset.iterator(chunk_size=CHUNK):
        data = {k: v for k, v in (entry.data or {}).items() if not k.endswith("title")}
        yield {
            "id": entry.pk,
            "issue": entry.issue_id,
            "kind": entry.kind,
            "actor": _name(entry.actor),
            "data": json.dumps(data, sort_keys=True),
            "created_at": entry.created_at,
        }


def _responses():
    queryset = OfficialResponse.objects.select_related("agency").order_by("pk")
    for response in queryset.iterator(chunk_size=CHUNK):
        yield {
            "id": response.pk,
            "issue": response.issue_id,
            "agency": response.agency_id,
            "status": response.status,
            "answers_count": response.answers_count,
            "does_not_count": response.does_not_count,
            "created_at": response.created_at,
        }


def _response_versions():
    queryset = ResponseVersion.objects.select_related(*person_related("author")).order_by("pk")
    for version in queryset.iterator(chunk_size=CHUNK):
        yield {
            "response": version.response_id,
            "number": version.number,
            "body": version.body,
            "reason": version.reason,
            "author": _name(version.author),
            "created_at": version.created_at,
        }


def _commitments():
    for found in Commitment.objects.order_by("pk").iterator(chunk_size=CHUNK):
        yield {
            "id": found.pk,
            "response": found.response_id,
            "issue": found.issue_id,
            "agency": found.agency_id,
            "what": found.what,
            "due_date": found.due_date,
            "budget_rupiah": found.budget_rupiah,
            "unit": found.unit,
            "done_at": found.done_at,
            "done_late": found.done_late,
        }


def _commitment_updates():
    queryset = CommitmentUpdate.objects.select_related(*person_related("author")).order_by("pk")
    for update in queryset.iterator(chunk_size=CHUNK):
        yield {
            "commitment": update.commitment_id,
            "note": update.note,
            "done": update.done,
            "author": _name(update.author),
            "created_at": update.created_at,
        }


def _areas():
    for area in Area.objects.select_related("parent").order_by("path"):
        yield {
            "slug": area.slug,
            "name": area.name,
            "parent": area.parent.slug if area.parent_id else None,
            "depth": area.depth,
        }


def _agencies():
    categories = Prefetch("categories", queryset=AgencyCategory.objects.order_by("category"))
    for agency in Agency.objects.prefetch_related(categories).order_by("pk"):
        yield {
            "id": agency.pk,
            "name": agency.name,
            "short_name": agency.short_name,
            "categories": " ".join(c.category for c in agency.categories.all()),
        }


def _rounds():
    for round_ in PriorityRound.objects.select_related("area").order_by("pk"):
        yield {
            "id": round_.pk,
            "title": round_.title,
            "area": round_.area.slug,
            "budget": round_.budget,
            "closes_at": round_.closes_at,
            "closed_at": round_.closed_at,
            "voters_count": round_.voters_count,
            "eligible_count": round_.eligible_count,
        }


def _round_results():
    # Only closed rounds, and rounds whose standing is public while open: as their pages show them.
    shown = RoundTotal.objects.filter(points__gt=0).exclude(
        round__closed_at__isnull=True, round__standing=PriorityRound.Standing.AFTER_CLOSE
    )
    for total in shown.order_by("round_id", "rank", "issue_id").iterator(chunk_size=CHUNK):
        yield {
            "round": total.round_id,
            "issue": total.issue_id,
            "rank": total.rank,
            "points": total.points,
            "voters": total.voters,
        }


def _moderation_log():
    queryset = ModerationAction.objects.select_related("area", *person_related("actor")).order_by("pk")
    for act in queryset.iterator(chunk_size=CHUNK):
        yield {
            "id": act.pk,
            "kind": act.kind,
            "area": act.area.slug,
            "issue": act.issue_id,
            "comment": act.comment_id,
            "target_issue": act.target_issue_id,
            "reason": act.reason or None,
            "note": act.note,
            "actor": _name(act.actor),
            "automatic": act.automatic,
            "created_at": act.created_at,
        }


WHEN = "when, ISO 8601 with offset"
TABLES = [
    Table("areas", "The administrative areas, a tree.", {
        "slug": "identifier", "name": "name", "parent": "slug of the containing area", "depth": "0 = city"}, _areas),
    Table("agencies", "Agencies whose officials answer, and the categories they answer for.", {
        "id": "identifier", "name": "name", "short_name": "short name",
        "categories": "category codes, space-separated"}, _agencies),
    Table("issues", "Issues residents opened; a hidden issue keeps only its number, state and dates.", {
        "id": "identifier", "title": "title (empty while hidden)", "description": "Markdown text (empty while hidden)",
        "category": "category code", "status": "open, acknowledged, in_progress, resolved or declined",
        "area": "area slug", "author": "display name", "latitude": "WGS84", "longitude": "WGS84",
        "address": "address line as written", "support_count": "verified residents supporting it",
        "comment_count": "comments", "hidden": "hidden by moderation", "hidden_reason": "public reason code",
        "locked": "discussion locked", "merged_into": "id of the issue it was merged into",
        "created_at": WHEN, "edited_at": WHEN}, _issues),
    Table("comments", "Discussion; hidden and retracted comments keep their place without their text.", {
        "id": "identifier", "issue": "issue id", "parent": "top-level comment replied to",
        "author": "display name", "is_official": "written by an official of a serving agency",
        "state": "visible, hidden or retracted", "hidden_reason": "public reason code",
        "body": "Markdown text (empty unless visible)", "created_at": WHEN, "edited_at": WHEN}, _comments),
    Table("timeline", "Each issue's public record.", {
        "id": "identifier", "issue": "issue id", "kind": "what happened", "actor": "display name",
        "data": "facts, JSON", "created_at": WHEN}, _timeline),
    Table("responses", "Official responses.", {
        "id": "identifier", "issue": "issue id", "agency": "agency id", "status": "status it set",
        "answers_count": "residents' verdicts: answers the issue",
        "does_not_count": "residents' verdicts: does not answer", "created_at": WHEN}, _responses),
    Table("response_versions", "Every version of every response.", {
        "response": "response id", "number": "version number", "body": "text", "reason": "reason for declining",
        "author": "display name", "created_at": WHEN}, _response_versions),
    Table("commitments", "What an agency committed to, by when, for how much.", {
        "id": "identifier", "response": "response id", "issue": "issue id", "agency": "agency id",
        "what": "what will be done", "due_date": "YYYY-MM-DD", "budget_rupiah": "budget in rupiah",
        "unit": "responsible unit", "done_at": WHEN, "done_late": "done after its due date"}, _commitments),
    Table("commitment_updates", "Progress notes on commitments.", {
        "commitment": "commitment id", "note": "progress note", "done": "marks it done",
        "author": "display name", "created_at": WHEN}, _commitment_updates),
    Table("rounds", "Priority rounds.", {
        "id": "identifier", "title": "title", "area": "area slug", "budget": "points per voter",
        "closes_at": WHEN, "closed_at": WHEN, "voters_count": "voters at the close",
        "eligible_count": "verified residents at the close"}, _rounds),
    Table("round_results", "Points per issue in each round (never who gave them).", {
        "round": "round id", "issue": "issue id", "rank": "frozen rank at the close",
        "points": "points", "voters": "voters who gave it points"}, _round_results),
    Table("moderation_log", "The public moderation log.", {
        "id": "identifier", "kind": "act", "area": "area slug", "issue": "issue id", "comment": "comment id",
        "target_issue": "merge target", "reason": "public reason code", "note": "public note",
        "actor": "moderator's display name", "automatic": "done by the report threshold",
        "created_at": WHEN}, _moderation_log),
]  # fmt: skip


def _cell(value):
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def root() -> Path:
    return Path(settings.OPEN_DATA_ROOT)


def export(now: datetime | None = None) -> Path:
    """Write a complete dump into a fresh folder, then make it the current one (readers never
    see a half-written dump). Returns the folder."""
    now = now or timezone.now()
    base = root()
    base.mkdir(parents=True, exist_ok=True)
    building = base / f".building-{now:%Y%m%dT%H%M%S%f}"
    building.mkdir()
    counts = {}
    for table in TABLES:
        counts[table.name] = _write_table(building, table)
    dictionary = {
        "title": "Balai Warga open data",
        "created": timezone.localtime(now).isoformat(),
        "licence": settings.OPEN_DATA_LICENCE,
        "licence_url": settings.OPEN_DATA_LICENCE_URL,
        "tables": [
            {"name": t.name, "description": t.description, "rows": counts[t.name],
             "files": [f"{t.name}.csv", f"{t.name}.json"], "columns": t.columns}
            for t in TABLES
        ],
    }  # fmt: skip
    (building / "data-dictionary.json").write_text(json.dumps(dictionary, indent=2, ensure_ascii=False))
    (building / "LICENCE.txt").write_text(
        f"Balai Warga open data, {timezone.localtime(now):%Y-%m-%d}.\n"
        f"Licensed under {settings.OPEN_DATA_LICENCE}: {settings.OPEN_DATA_LICENCE_URL}\n"
        "Attribute: Balai Warga, and the residents and officials who wrote it.\n"
    )
    sums = [f"{_sha256(p)}  {p.name}" for p in sorted(building.iterdir())]
    (building / "SHA256SUMS").write_text("\n".join(sums) + "\n")
    current = base / "current"
    previous = base / ".previous"
    if previous.exists():
        shutil.rmtree(previous)
    if current.exists():
        current.rename(previous)
    building.rename(current)
    if previous.exists():
        shutil.rmtree(previous)
    return current


def _write_table(folder: Path, table: Table) -> int:
    count = 0
    columns = list(table.columns)
    with (
        (folder / f"{table.name}.csv").open("w", newline="", encoding="utf-8") as csv_file,
        (folder / f"{table.name}.json").open("w", encoding="utf-8") as json_file,
    ):
        writer = csv_safe.writer(csv_file)
        writer.writerow(columns)
        json_file.write("[\n")
        for row in table.rows():
            values = [_cell(row[c]) for c in columns]
            writer.writerow(["" if v is None else v for v in values])
            json_file.write(
                (",\n" if count else "") + json.dumps(dict(zip(columns, values, strict=True)), ensure_ascii=False)
            )
            count += 1
        json_file.write("\n]\n")
    return count


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def current_files() -> list[dict]:
    """The current dump's files with their sizes and checksums (empty before the first export)."""
    folder = root() / "current"
    sums_file = folder / "SHA256SUMS"
    if not sums_file.exists():
        return []
    files = []
    for line in sums_file.read_text().splitlines():
        checksum, name = line.split("  ", 1)
        files.append({"name": name, "sha256": checksum, "size": (folder / name).stat().st_size})
    files.append({"name": "SHA256SUMS", "sha256": "", "size": sums_file.stat().st_size})
    return files
