"""A council member's pokir list as CSV, with the fields a planning office (Bappeda) needs:
the issue, where, what kind, how much support, how many meetings raised it, who must answer,
what they answered, and what they committed (and for how much)."""

from __future__ import annotations

from django.conf import settings

from core import csv_safe
from reses.models import PokirAdoption
from responses import queries as response_queries

HEADER = [
    "plan_year",
    "issue",
    "title",
    "url",
    "area",
    "category",
    "supports",
    "reses_meetings",
    "responsible_agency",
    "issue_status",
    "response_clock",
    "latest_answer",
    "commitment",
    "commitment_due",
    "commitment_budget_rupiah",
    "note",
]


def write_csv(out, adoptions: list[PokirAdoption]) -> None:
    """One row per adoption (reses.queries.pokir_of), three more queries whatever their number.
    Text cells are neutralised (core.csv_safe): a title starting with "=" is no formula."""
    ids = [a.issue_id for a in adoptions]
    clocks = response_queries.clocks_of_issues([a.issue for a in adoptions])
    answers = response_queries.latest_answer_lines(ids)
    commitments = response_queries.latest_commitments(ids)
    writer = csv_safe.writer(out)
    writer.writerow(HEADER)
    for adoption in adoptions:
        issue = adoption.issue
        clock = clocks.get(issue.pk)
        answer = answers.get(issue.pk)
        commitment = commitments.get(issue.pk)
        writer.writerow(
            [
                adoption.plan_year,
                issue.pk,
                issue.public_title,
                settings.SITE_URL + issue.get_absolute_url(),
                issue.area.name,
                issue.category,
                issue.support_count,
                adoption.meetings,
                str(clock.agency) if clock and clock.agency else "",
                issue.status,
                clock.state if clock else "",
                answer.text if answer else "",
                commitment.what if commitment else "",
                commitment.due_date.isoformat() if commitment else "",
                commitment.budget_rupiah if commitment and commitment.budget_rupiah is not None else "",
                adoption.note,
            ]
        )
