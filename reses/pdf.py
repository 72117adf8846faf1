"""The notice-board sheet as an A4 PDF (reportlab), from the same ``Sheet`` as the HTML page.

Rendered with no network: the font is the Bitstream Vera that reportlab ships, the QR codes are
drawn as squares from the ``qrcode`` matrix. Text is in the active language (the view overrides it).
"""

from __future__ import annotations

import io

from django.utils import formats
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from xml.sax.saxutils import escape

from reses.sheets import Sheet, qr_matrix
from responses.templatetags.responses import clock_status

FONT, BOLD = "Vera", "VeraBd"
QR_SIZE = 24 * mm
_registered = False


def _fonts() -> None:
    global _registered
    if not _registered:
        pdfmetrics.registerFont(TTFont(FONT, "Vera.ttf"))
        pdfmetrics.registerFont(TTFont(BOLD, "VeraBd.ttf"))
        _registered = True


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=FONT, fontSize=9, leading=11.5)
    return {
        "base": base,
        "title": ParagraphStyle("title", parent=base, fontName=BOLD, fontSize=17, leading=21, spaceAfter=2 * mm),
        "heading": ParagraphStyle(
            "heading", parent=base, fontName=BOLD, fontSize=12, leading=15, spaceBefore=4 * mm, spaceAfter=2 * mm
        ),
        "issue": ParagraphStyle("issue", parent=base, fontName=BOLD, fontSize=10, leading=12.5),
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10, textColor=colors.HexColor("#333333")),
    }


class QRCode(Flowable):
    """A QR code drawn straight on the canvas as one filled path (shape objects per module are
    ten times slower)."""

    def __init__(self, url: str, size: float = QR_SIZE):
        super().__init__()
        self.matrix = qr_matrix(url)
        self.width = self.height = size

    def draw(self):
        cell = self.width / len(self.matrix)
        path = self.canv.beginPath()
        for y, row in enumerate(self.matrix):
            for x, dark in enumerate(row):
                if dark:
                    path.rect(x * cell, self.height - (y + 1) * cell, cell, cell)
        self.canv.setFillColor(colors.black)
        self.canv.drawPath(path, stroke=0, fill=1)


def _p(text, style) -> Paragraph:
    return Paragraph(escape(str(text)), style)


def render(sheet: Sheet) -> bytes:
    """The sheet's PDF: the issues with their QR codes, the facilitators, then the paper form."""
    _fonts()
    s = _styles()
    out = io.BytesIO()
    title = _("Notice board: %(area)s") % {"area": sheet.area.name}
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=14 * mm,
        rightMargin=14 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title=title,
        author="Balai Warga",
        subject=sheet.number,
    )
    story = [
        _p(title, s["title"]),
        _p(
            _("Sheet %(number)s · printed %(date)s")
            % {"number": sheet.number, "date": formats.date_format(sheet.date, "j F Y")},
            s["base"],
        ),
        _p(
            _(
                "Open issues of this area, most supported first. Scan a code to read the issue, support it or comment; or fill in the paper form and give it to a facilitator."
            ),
            s["small"],
        ),
        _p(_("Open issues"), s["heading"]),
    ]
    if not sheet.lines:
        story.append(_p(_("No open issues in this area."), s["base"]))
    for line in sheet.lines:
        story.append(_issue_row(line, s))
    story.append(_p(_("Facilitators"), s["heading"]))
    if sheet.facilitators:
        for role in sheet.facilitators:
            story.append(_p(_facilitator_line(role), s["base"]))
    else:
        story.append(_p(_("No facilitator is registered for this area yet: ask the kelurahan office."), s["base"]))
    story += [PageBreak(), *_paper_form(sheet, s)]
    doc.build(story)
    return out.getvalue()


def _facilitator_line(role) -> str:
    """ "Sri Handayani · Facilitator · RW 04 Manggarai · reach them: Pos RW 04, Tuesday evenings"."""
    if role.for_member_id is not None and role.badge_member:
        label = _("Facilitator · staff of %(member)s") % {"member": role.badge_member}
    elif role.badge_place:
        label = _("Facilitator · %(place)s") % {"place": role.badge_place}
    else:
        label = _("Facilitator")
    parts = [role.user.profile.display_name, label]
    if role.public_contact:
        parts.append(_("reach them: %(contact)s") % {"contact": role.public_contact})
    return " · ".join(str(p) for p in parts)


def _issue_row(line, s) -> KeepTogether:
    issue = line.issue
    facts = [_("%(n)d supporters") % {"n": issue.support_count}, str(issue.status_label)]
    if line.clock is not None and line.clock.is_awaiting:
        waiting = (
            _("awaiting %(agency)s") % {"agency": line.clock.agency} if line.clock.agency else _("awaiting a response")
        )
        facts.append(f"{waiting} · {clock_status(line.clock)}")
    text = [
        _p(f"{line.rank}. #{issue.pk} {issue.public_title}", s["issue"]),
        _p(" · ".join(facts), s["base"]),
    ]
    if line.answer:
        text.append(
            _p(
                _("Latest answer (%(agency)s): %(text)s") % {"agency": line.answer.agency, "text": line.answer.text},
                s["small"],
            )
        )
    text.append(_p(line.url, s["small"]))
    table = Table([[text, QRCode(line.url)]], colWidths=[None, QR_SIZE + 4 * mm])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3 * mm),
            ]
        )
    )
    return KeepTogether([table])


def _paper_form(sheet: Sheet, s) -> list:
    box = TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("FONTNAME", (0, 0), (-1, -1), FONT),
        ]
    )
    label = lambda text: _p(text, s["small"])  # noqa: E731
    fields = Table(
        [
            [label(_("Area code")), _p(sheet.code, s["issue"]), label(_("Sheet")), _p(sheet.number, s["base"])],
            [label(_("Participant code (from your card, if you have one)")), "", label(_("Date")), ""],
            [label(_("Name or initials (shown only if you agree)")), "", label(_("RT / RW")), ""],
            [label(_("Issue number (#) you support or comment on")), "", label(_("I support it (tick)")), ""],
        ],
        colWidths=[45 * mm, 50 * mm, 30 * mm, None],
        rowHeights=[10 * mm, 12 * mm, 12 * mm, 12 * mm],
    )
    fields.setStyle(box)
    writing = Table(
        [[label(_("Your comment, or a new problem to raise (what, where, since when)"))], [""]],
        colWidths=[None],
        rowHeights=[7 * mm, 70 * mm],
    )
    writing.setStyle(box)
    consent = Table(
        [[label(_("I agree that a facilitator records this on Balai Warga for me. Signature or thumbprint:")), ""]],
        colWidths=[95 * mm, None],
        rowHeights=[28 * mm],
    )
    consent.setStyle(box)
    return [
        _p(_("Paper form"), s["title"]),
        _p(
            _(
                "Fill in one form per person and give it to a facilitator, who records it on Balai Warga and says so beside it."
            ),
            s["small"],
        ),
        Spacer(1, 3 * mm),
        fields,
        Spacer(1, 4 * mm),
        writing,
        Spacer(1, 4 * mm),
        consent,
        Spacer(1, 3 * mm),
        _p(
            _("For the facilitator: transcribed on ____ by ____ (cite sheet %(number)s).") % {"number": sheet.number},
            s["small"],
        ),
    ]
