"""The notice-board sheet of an area: what a kelurahan office or an RW post pins up for people
without the app, and the paper form a facilitator transcribes.

One ``Sheet`` (read in a fixed number of queries) feeds both the print-ready HTML page and the
PDF (reses.pdf). A sheet is numbered by its area's code and its date ("MANGGARAI-RW-04-2026-12-03"),
computed, never stored, so a transcription can cite the sheet its paper form came from.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.utils.safestring import mark_safe

from accounts.models import Area, FacilitatorRole
from accounts.queries import person_related
from issues.models import Issue, Status
from responses import calendar
from responses import queries as response_queries
from responses.models import ResponseClock

ISSUES_ON_SHEET = 12
OPEN_STATES = (Status.OPEN, Status.ACKNOWLEDGED, Status.IN_PROGRESS)


def area_code(area: Area) -> str:
    """The code printed on a sheet and its paper form: the area's slug, as capitals."""
    return area.slug.upper()


def issue_url(issue: Issue) -> str:
    """The short, permanent address a QR code carries (it redirects to the titled one)."""
    return f"{settings.SITE_URL}/issues/{issue.pk}/"


def _qr(url: str) -> qrcode.QRCode:
    # A fixed mask: choosing the best of eight costs ~40 ms a code in pure Python, and any mask
    # is a valid code that phones read.
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2, mask_pattern=2)
    code.add_data(url)
    code.make(fit=True)
    return code


def qr_matrix(url: str) -> list[list[bool]]:
    return _qr(url).get_matrix()


def qr_svg(url: str) -> str:
    """An inline SVG of the QR code (no image file, no network)."""
    svg = _qr(url).make_image(image_factory=qrcode.image.svg.SvgPathImage).to_string(encoding="unicode")
    # Many codes on one page: no repeated ids; the code is decoration beside the printed address.
    return svg.replace(' id="qr-path"', "").replace("<svg ", '<svg role="img" aria-hidden="true" focusable="false" ', 1)


@dataclass
class SheetLine:
    rank: int
    issue: Issue
    clock: ResponseClock | None
    answer: response_queries.AnswerLine | None
    url: str

    @property
    def qr_svg(self) -> str:
        return mark_safe(qr_svg(self.url))  # noqa: S308 - generated here from our own URL


@dataclass
class Sheet:
    area: Area
    date: dt.date
    lines: list[SheetLine]
    facilitators: list[FacilitatorRole] = field(default_factory=list)

    @property
    def code(self) -> str:
        return area_code(self.area)

    @property
    def number(self) -> str:
        return f"{self.code}-{self.date:%Y-%m-%d}"


def notice_sheet(area: Area, today: dt.date | None = None) -> Sheet:
    """The area's open issues by priority (most support, then waiting longest), each with its
    clock, the latest answer in a line and its address; the facilitators of the area and the
    areas above it. Five queries."""
    issues = list(
        Issue.objects.filter(
            area__path__startswith=area.path, status__in=OPEN_STATES, hidden=False, merged_into__isnull=True
        )
        .select_related("area")
        .order_by("-support_count", "created_at", "pk")[:ISSUES_ON_SHEET]
    )
    clocks = response_queries.clocks_of_issues(issues)
    answers = response_queries.latest_answer_lines(i.pk for i in issues)
    lines = [
        SheetLine(rank=n, issue=i, clock=clocks.get(i.pk), answer=answers.get(i.pk), url=issue_url(i))
        for n, i in enumerate(issues, start=1)
    ]
    above = [p for p in _prefixes(area.path)]
    facilitators = list(
        FacilitatorRole.objects.filter(areas__path__in=above)
        .select_related(*person_related("user"))
        .distinct()
        .order_by("user__profile__display_name", "pk")
    )
    return Sheet(area=area, date=today or calendar.today(), lines=lines, facilitators=facilitators)


def _prefixes(path: str) -> list[str]:
    parts = path.strip("/").split("/")
    return ["/".join(parts[: i + 1]) + "/" for i in range(len(parts))]
