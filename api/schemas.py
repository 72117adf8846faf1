"""The shapes the read API answers with (its OpenAPI schema is generated from these)."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Schema
from pydantic import Field


class Person(Schema):
    name: str = Field(description="Display name as the site prints it")
    badge: str = Field(description="Role badge in the requested language, e.g. 'Official · Dinas SDA'")


class AreaRef(Schema):
    slug: str
    name: str


class Area(Schema):
    slug: str
    name: str
    parent: str | None = Field(description="Slug of the area containing this one")
    depth: int
    level: str = Field(description="Administrative level, translated")
    path: str = Field(description="Slugs from the root, '/'-separated")


class Label(Schema):
    code: str
    label: str


class Agency(Schema):
    id: int
    name: str
    short_name: str
    categories: list[Label]


class IssueRow(Schema):
    id: int
    title: str = Field(description="The public title (a hidden issue's title is withheld)")
    url: str
    category: Label
    status: Label
    area: AreaRef
    support_count: int
    comment_count: int
    latitude: float | None
    longitude: float | None
    created_at: datetime
    updated_at: datetime
    locked: bool
    merged_into: int | None


class IssuePage(Schema):
    results: list[IssueRow]
    next: str | None = Field(description="URL of the next page (cursor), or null on the last one")


class TimelineEntry(Schema):
    kind: str
    label: str
    at: datetime
    actor: Person | None
    data: dict


class Clock(Schema):
    agency: str | None
    state: str
    due_at: datetime
    overdue: bool


class Issue(IssueRow):
    hidden: bool
    notice: str | None = Field(description="The public notice shown in place of a hidden issue")
    description: str | None = Field(description="Markdown source; null while hidden")
    description_html: str | None = Field(description="Sanitized HTML; null while hidden")
    address: str | None
    author: Person | None
    photos: list[str]
    clock: Clock | None
    timeline: list[TimelineEntry]


class Comment(Schema):
    id: int
    parent: int | None
    state: str = Field(description="visible, hidden or retracted")
    notice: str | None = Field(description="Shown in place of a hidden or retracted comment")
    body: str | None = Field(description="Markdown source; null unless visible")
    body_html: str | None
    author: Person | None
    is_official: bool
    created_at: datetime
    edited_at: datetime | None
    reply_count: int
    replies: list[Comment] = Field(description="The latest replies, oldest first (top-level comments only)")


class CommentPage(Schema):
    results: list[Comment]
    next: str | None


class ResponseVersion(Schema):
    number: int
    body: str
    reason: str
    author: Person | None
    created_at: datetime


class CommitmentUpdate(Schema):
    note: str
    done: bool
    author: Person | None
    created_at: datetime


class Commitment(Schema):
    what: str
    due_date: date
    budget_rupiah: int | None
    unit: str
    done_at: datetime | None
    late: bool
    updates: list[CommitmentUpdate]


class OfficialResponse(Schema):
    id: int
    issue: int
    agency: str
    status: Label
    created_at: datetime
    answers_count: int = Field(description="Residents' verdicts 'answers the issue'")
    does_not_count: int = Field(description="Residents' verdicts 'does not answer'")
    versions: list[ResponseVersion] = Field(description="Every version, the newest first")
    commitment: Commitment | None


class AgencyResponsePage(Schema):
    results: list[OfficialResponse]
    next: str | None


class Tally(Schema):
    issue: int
    support_count: int
    status: Label


class RoundEntry(Schema):
    rank: int | None
    issue: int
    title: str
    points: int
    voters: int


class Round(Schema):
    id: int
    title: str
    area: AreaRef
    budget: int
    standing: str = Field(description="'live' or shown only 'after close'")
    closes_at: datetime
    closed_at: datetime | None
    voters_count: int | None
    eligible_count: int | None
    results: list[RoundEntry] | None = Field(description="null while a round hides its standing until the close")


class Figures(Schema):
    name: str
    slug: str | None = None
    awaiting: int
    overdue: int
    median_days_to_first_response: float | None
    judged: int
    answering_share: float | None
    commitments_kept: int
    commitments_late: int
    commitments_open: int


class Accountability(Schema):
    agencies: list[Figures]
    areas: list[Figures]


class ModerationAct(Schema):
    id: int
    kind: Label
    area: AreaRef
    issue: int | None
    comment: int | None
    target_issue: int | None
    reason: Label | None
    note: str
    actor: Person | None
    automatic: bool
    created_at: datetime


class ModerationPage(Schema):
    results: list[ModerationAct]
    next: str | None


class Error(Schema):
    detail: str
