"""The public accountability figures: per agency and per area, in a fixed number of queries.

Counts are grouped in SQL. The median needs every delay, so it reads one column of the
answered clocks (one query, however many); areas roll up to their ancestors in Python.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Agency, Area
from core import csv_safe
from responses import calendar
from responses.models import Commitment, OfficialResponse, ResponseClock

# Areas shown on the accountability page: down to this depth (0 city, 1 district, 2 sub-district); deeper ones roll up.
AREA_DEPTH = 2
OVERDUE_LIMIT = 200


@dataclass
class Figures:
    name: str
    key: object = None
    depth: int = 0
    awaiting: int = 0
    overdue: int = 0
    delays: list = field(default_factory=list)
    judged: int = 0
    answering: int = 0
    kept: int = 0
    late: int = 0
    open: int = 0

    @property
    def median_days(self) -> float | None:
        return round(statistics.median(self.delays), 1) if self.delays else None

    @property
    def answering_share(self) -> float | None:
        return self.answering / self.judged if self.judged else None

    @property
    def is_empty(self) -> bool:
        return not (self.awaiting or self.delays or self.judged or self.kept or self.late or self.open)

    def merge(self, other: Figures) -> None:
        for kind in ("awaiting", "overdue", "judged", "answering", "kept", "late", "open"):
            self.add(kind, getattr(other, kind))
        self.delays.extend(other.delays)

    def add(self, kind: str, value) -> None:
        if kind == "delay":
            self.delays.append(value)
        else:
            setattr(self, kind, getattr(self, kind) + value)


@dataclass
class Report:
    agencies: list[Figures]
    areas: list[Figures]
    overdue: list[ResponseClock]
    now: object
    # Every agency's figures together (each answer is owed by one agency, or none yet): the headline.
    total: Figures | None = None


def _grouped(now, issue_ids=None) -> list[tuple]:
    """Each figure as (agency id, area path, kind, value) rows, from four grouped queries
    (of the issues ``issue_ids`` only, when given)."""
    rows = []
    of = Q() if issue_ids is None else Q(issue_id__in=issue_ids)
    awaiting = ResponseClock.objects.filter(of, state=ResponseClock.State.AWAITING).values(
        "agency_id", "issue__area__path"
    )
    for r in awaiting.annotate(n=Count("pk"), late=Count("pk", filter=Q(due_at__lte=now))):
        rows += [
            (r["agency_id"], r["issue__area__path"], "awaiting", r["n"]),
            (r["agency_id"], r["issue__area__path"], "overdue", r["late"]),
        ]
    answered = ResponseClock.objects.filter(of, first_response_at__isnull=False)
    for agency_id, path, started, first in answered.values_list(
        "agency_id", "issue__area__path", "first_started_at", "first_response_at"
    ):
        rows.append((agency_id, path, "delay", max(0.0, (first - started).total_seconds() / 86400)))
    judged = (
        OfficialResponse.objects.filter(of).annotate(total=F("answers_count") + F("does_not_count")).filter(total__gt=0)
    )
    for r in judged.values("agency_id", "issue__area__path").annotate(
        n=Count("pk"), yes=Count("pk", filter=Q(answers_count__gt=F("does_not_count")))
    ):
        rows += [
            (r["agency_id"], r["issue__area__path"], "judged", r["n"]),
            (r["agency_id"], r["issue__area__path"], "answering", r["yes"]),
        ]
    today = calendar.today(now)
    for r in (
        Commitment.objects.filter(of)
        .values("agency_id", "issue__area__path")
        .annotate(
            kept=Count("pk", filter=Q(done_at__isnull=False, done_late=False)),
            late=Count("pk", filter=Q(done_late=True) | Q(done_at__isnull=True, due_date__lt=today)),
            open=Count("pk", filter=Q(done_at__isnull=True, due_date__gte=today)),
        )
    ):
        for kind in ("kept", "late", "open"):
            rows.append((r["agency_id"], r["issue__area__path"], kind, r[kind]))
    return rows


def report(now=None, area_depth: int = AREA_DEPTH) -> Report:
    now = now or timezone.now()
    rows = _grouped(now)
    agencies = {a.pk: Figures(name=str(a.name), key=a) for a in Agency.objects.all()}
    unassigned = Figures(name=_("No agency assigned yet"))
    areas = list(Area.objects.filter(depth__lte=area_depth).order_by("path"))
    by_path = {a.path: Figures(name=a.name, key=a, depth=a.depth) for a in areas}
    for agency_id, path, kind, value in rows:
        agencies.get(agency_id, unassigned).add(kind, value)
        for prefix in _prefixes(path):
            if prefix in by_path:
                by_path[prefix].add(kind, value)
    agency_rows = sorted(agencies.values(), key=lambda f: f.name) + ([unassigned] if not unassigned.is_empty else [])
    overdue = list(
        ResponseClock.objects.filter(state=ResponseClock.State.AWAITING, due_at__lte=now)
        .select_related("issue__area", "agency")
        .order_by("due_at", "pk")[:OVERDUE_LIMIT]
    )
    total = Figures(name=_("Everywhere"))
    for agency_figures in agency_rows:
        total.merge(agency_figures)
    areas_shown = [f for f in by_path.values() if not f.is_empty]
    return Report(agencies=agency_rows, areas=areas_shown, overdue=overdue, now=now, total=total)


def figures_of_issues(name: str, issue_ids, now=None) -> Figures:
    """The dashboard's figures over a set of issues (a council member's aspirations, say): the
    same four grouped queries as the dashboard, so both count alike."""
    figures = Figures(name=name)
    for _agency, _path, kind, value in _grouped(now or timezone.now(), issue_ids=issue_ids):
        figures.add(kind, value)
    return figures


def _prefixes(path: str) -> list[str]:
    parts = path.strip("/").split("/") if path else []
    return ["/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def area_counts(area: Area) -> dict:
    """Awaiting and overdue answers in ``area`` and below it (one query), for the area page."""
    now = timezone.now()
    return ResponseClock.objects.filter(
        state=ResponseClock.State.AWAITING, issue__area__path__startswith=area.path
    ).aggregate(awaiting=Count("pk"), overdue=Count("pk", filter=Q(due_at__lte=now)))


SUMMARY_HEADER = [
    "scope",
    "name",
    "awaiting",
    "overdue",
    "median_days_to_first_response",
    "responses_judged",
    "judged_answering_share",
    "commitments_kept",
    "commitments_late",
    "commitments_open",
]


OVERDUE_HEADER = ["overdue_issue", "title", "area", "agency", "due_date", "days_overdue"]


def write_summary_csv(out, data: Report) -> None:
    """The dashboard's summary table as a CSV, one header (the overdue list is a file of its own:
    one table per file, so a spreadsheet reads each). Text cells (names, titles) are neutralised:
    a title starting with "=" is not a formula (core.csv_safe)."""
    writer = csv_safe.writer(out)
    writer.writerow(SUMMARY_HEADER)
    for scope, figures in [("agency", f) for f in data.agencies] + [("area", f) for f in data.areas]:
        share = "" if figures.answering_share is None else f"{figures.answering_share:.2f}"
        median = "" if figures.median_days is None else f"{figures.median_days:.1f}"
        writer.writerow(
            [
                scope,
                figures.name,
                figures.awaiting,
                figures.overdue,
                median,
                figures.judged,
                share,
                figures.kept,
                figures.late,
                figures.open,
            ]
        )


def write_overdue_csv(out, data: Report) -> None:
    """The overdue answers as a CSV of their own, neutralised like the summary."""
    writer = csv_safe.writer(out)
    writer.writerow(OVERDUE_HEADER)
    for clock in data.overdue:
        writer.writerow(
            [
                clock.issue_id,
                clock.issue.public_title,
                clock.issue.area.name,
                clock.agency or "",
                clock.due_date.isoformat(),
                -clock.days_left(data.now),
            ]
        )
